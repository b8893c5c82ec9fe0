//! Accuracy against outside codings: hand codings of real Council texts by WPS
//! readers who never saw wpslens's output (`../shared/ground-truth`, README
//! there). Nothing here is chosen from wpslens's own matches: each coded
//! reference is located in the text by its excerpt alone, and wpslens is scored
//! on what it says at that place.
//!
//! Figures are printed (`cargo test --test accuracy -- --nocapture`); each test
//! fails below a floor. Raise the floors as recognition improves; never lower
//! one to make a change pass.
//!
//! Skips, with a message, when `../shared` is absent.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use wpslens::analysis::{self, Analysis};
use wpslens::lexicon::Lexicon;
use wpslens::model::{Document, Part};

// Floors: the figures this suite must keep (measured figures are printed).
const REFERENCE_RECALL: f64 = 0.97;
const LABEL_AGREEMENT: f64 = 0.98;
const HEDGE_RECALL: f64 = 0.9;
const TIER_A_SEEN: f64 = 0.97;
const TIER_D_SEEN: f64 = 0.95;

fn ground_truth(name: &str) -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/ground-truth")
        .join(name);
    if p.exists() {
        Some(p)
    } else {
        eprintln!(
            "skipped: {} not found (the shared ground truth is not beside the repository)",
            p.display()
        );
        None
    }
}

fn rows(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let headers = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            headers
                .iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// The text in a comparable form, with the source byte offset of each character
/// kept: lower case, one kind of dash and quote, no space around a hyphen, white
/// space collapsed. Written here, independently of wpslens's normaliser.
struct Comparable {
    text: String,
    at: Vec<usize>,
}

fn comparable(s: &str) -> Comparable {
    let mut text = String::new();
    let mut at = Vec::new();
    let mut pending_space: Option<usize> = None;
    for (i, c) in s.char_indices() {
        let c = match c {
            '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2212}' => '-',
            '\u{2018}' | '\u{2019}' | '\u{02bc}' | '`' => '\'',
            '\u{201c}' | '\u{201d}' => '"',
            '\u{00ad}' | '\u{200b}' => continue,
            c if c.is_whitespace() => {
                if !text.is_empty() && pending_space.is_none() {
                    pending_space = Some(i);
                }
                continue;
            }
            c => c,
        };
        if let Some(sp) = pending_space.take() {
            // No space next to a hyphen or before an apostrophe ("gender - based",
            // "women 's").
            if !(c == '-' || c == '\'' || text.ends_with('-')) {
                text.push(' ');
                at.push(sp);
            }
        }
        for l in c.to_lowercase() {
            text.push(l);
            at.push(i);
        }
    }
    Comparable { text, at }
}

/// Source byte spans of every place `excerpt` stands in `doc`.
fn locate(doc_cmp: &Comparable, excerpt: &str) -> Vec<std::ops::Range<usize>> {
    let needle = comparable(excerpt).text;
    if needle.is_empty() {
        return Vec::new();
    }
    let idx: Vec<usize> = doc_cmp.text.char_indices().map(|(i, _)| i).collect();
    let mut out = Vec::new();
    for (bi, _) in doc_cmp.text.match_indices(needle.as_str()) {
        let first = idx.partition_point(|&x| x < bi);
        let last = idx.partition_point(|&x| x < bi + needle.len()) - 1;
        out.push(doc_cmp.at[first]..doc_cmp.at[last] + 1);
    }
    out
}

/// Whether paragraph `p` carries the coded label. Coders cite an item of a
/// bulleted list by its paragraph ("OP 33"); wpslens adds the bullet ("OP 33,
/// bullet 4"), which is the same place, cited more finely.
fn same_label(doc: &Document, p: usize, coded: &str) -> bool {
    let ours = doc.paragraphs[p].label.to_string();
    ours == coded
        || ours
            .split_once(", bullet ")
            .is_some_and(|(head, _)| head == coded)
}

fn analyse(doc: &Document, lex: &Lexicon) -> Analysis {
    analysis::analyze(doc, lex, &analysis::Options::default())
}

fn ratio(n: usize, d: usize) -> f64 {
    if d == 0 {
        1.0
    } else {
        n as f64 / d as f64
    }
}

/// "further calls upon" -> "calls upon": adverbs are not part of the verb.
fn bare_verb(v: &str) -> String {
    let mut s = v.trim().to_lowercase();
    for adv in ["further ", "also ", "strongly ", "again ", "once again "] {
        while let Some(rest) = s.strip_prefix(adv) {
            s = rest.to_string();
        }
    }
    s
}

#[derive(Default)]
struct Tally {
    rows: usize,
    located: usize,
    recalled: usize,
    area_agrees: usize,
    label_agrees: usize,
    verb_coded: usize,
    verb_agrees: usize,
    hedged: usize,
    hedge_found: usize,
    unhedged: usize,
    hedge_false: usize,
}

#[test]
fn references_against_hand_coding() {
    let Some(gt) = ground_truth("references-dev.csv") else {
        return;
    };
    let lex = Lexicon::embedded();
    let mut by_file: BTreeMap<String, Vec<BTreeMap<String, String>>> = BTreeMap::new();
    for r in rows(&gt) {
        by_file.entry(r["file"].clone()).or_default().push(r);
    }
    let mut total = Tally::default();
    let mut per_area: BTreeMap<String, Tally> = BTreeMap::new();
    let mut misses = Vec::new();
    for (file, coded) in &by_file {
        let Some(path) = common::shared(&format!("drafts/{file}")) else {
            return;
        };
        let doc = common::load(&path);
        let a = analyse(&doc, &lex);
        let cmp = comparable(&doc.text);
        for row in coded {
            let area_t = per_area.entry(row["area"].clone()).or_default();
            for t in [&mut total, area_t] {
                t.rows += 1;
            }
            let places = locate(&cmp, &row["excerpt"]);
            if places.is_empty() {
                misses.push(format!(
                    "{file} {}: excerpt not found in the text",
                    row["label"]
                ));
                continue;
            }
            let label_ok = places.iter().any(|s| {
                doc.paragraph_at(s.start)
                    .is_some_and(|p| same_label(&doc, p, &row["label"]))
            });
            let refs: Vec<&analysis::Reference> = a
                .references
                .iter()
                .filter(|r| {
                    places
                        .iter()
                        .any(|s| r.span.start < s.end && s.start < r.span.end)
                })
                .collect();
            let area_ok = refs
                .iter()
                .any(|r| lex.refs.areas[r.area].id == row["area"]);
            let coded_verb = bare_verb(&row["governing_verb"]);
            let verb_ok = refs.iter().any(|r| {
                if coded_verb == "preamble" {
                    doc.paragraphs[r.paragraph].part == Part::Preamble
                } else {
                    r.verb_text.as_deref().map(bare_verb).as_deref() == Some(coded_verb.as_str())
                }
            });
            let hedge = row["hedge"].trim().to_lowercase();
            let hedge_ok = !hedge.is_empty()
                && refs
                    .iter()
                    .any(|r| r.hedges.iter().any(|h| h.contains(&hedge)));
            let hedge_false = hedge.is_empty() && refs.iter().any(|r| !r.hedges.is_empty());
            let t_area = per_area.get_mut(&row["area"]).unwrap();
            for t in [&mut total, t_area] {
                t.located += 1;
                t.recalled += usize::from(!refs.is_empty());
                t.area_agrees += usize::from(area_ok);
                t.label_agrees += usize::from(label_ok);
                if !coded_verb.is_empty() {
                    t.verb_coded += 1;
                    t.verb_agrees += usize::from(verb_ok);
                }
                if hedge.is_empty() {
                    t.unhedged += 1;
                    t.hedge_false += usize::from(hedge_false);
                } else {
                    t.hedged += 1;
                    t.hedge_found += usize::from(hedge_ok);
                }
            }
            if !refs.is_empty() && !area_ok {
                let got: Vec<&str> = refs
                    .iter()
                    .map(|r| lex.refs.areas[r.area].id.as_str())
                    .collect();
                misses.push(format!(
                    "{file} {} ({}): seen as {got:?}",
                    row["label"], row["area"]
                ));
            }
            if refs.is_empty() {
                misses.push(format!(
                    "{file} {} ({}): not seen: {:?}",
                    row["label"], row["area"], row["excerpt"]
                ));
            } else if !label_ok {
                let got: Vec<String> = places
                    .iter()
                    .filter_map(|s| doc.paragraph_at(s.start))
                    .map(|p| doc.paragraphs[p].label.to_string())
                    .collect();
                misses.push(format!("{file} {}: labelled {got:?}", row["label"]));
            }
            if !hedge.is_empty() && !hedge_ok {
                misses.push(format!("{file} {}: hedge {hedge:?} not seen", row["label"]));
            }
            if !coded_verb.is_empty() && !verb_ok {
                let got: Vec<Option<&str>> = refs.iter().map(|r| r.verb_text.as_deref()).collect();
                misses.push(format!(
                    "{file} {}: verb {coded_verb:?}, wpslens {got:?}",
                    row["label"]
                ));
            }
        }
    }
    println!("references-dev.csv: {} coded references", total.rows);
    println!(
        "{:<14} {:>5} {:>8} {:>8} {:>8} {:>8}",
        "area", "rows", "recall", "area", "label", "verb"
    );
    for (area, t) in &per_area {
        println!(
            "{area:<14} {:>5} {:>8.2} {:>8.2} {:>8.2} {:>8.2}",
            t.rows,
            ratio(t.recalled, t.rows),
            ratio(t.area_agrees, t.rows),
            ratio(t.label_agrees, t.located),
            ratio(t.verb_agrees, t.verb_coded),
        );
    }
    let recall = ratio(total.recalled, total.rows);
    let labels = ratio(total.label_agrees, total.located);
    let hedges = ratio(total.hedge_found, total.hedged);
    println!(
        "reference recall {recall:.3} ({}/{}), area agreement {:.3}, label agreement {labels:.3} ({}/{}), verb agreement {:.3} ({}/{}), hedge recall {hedges:.3} ({}/{}), hedges where none is coded {}/{}",
        total.recalled,
        total.rows,
        ratio(total.area_agrees, total.rows),
        total.label_agrees,
        total.located,
        ratio(total.verb_agrees, total.verb_coded),
        total.verb_agrees,
        total.verb_coded,
        total.hedge_found,
        total.hedged,
        total.hedge_false,
        total.unhedged,
    );
    for m in &misses {
        println!("  {m}");
    }
    assert!(
        recall >= REFERENCE_RECALL,
        "reference recall {recall:.3} < {REFERENCE_RECALL}"
    );
    assert!(
        labels >= LABEL_AGREEMENT,
        "label agreement {labels:.3} < {LABEL_AGREEMENT}"
    );
    assert!(
        hedges >= HEDGE_RECALL,
        "hedge recall {hedges:.3} < {HEDGE_RECALL}"
    );
}

/// A one-paragraph resolution holding a coded paragraph, with its number.
fn paragraph_document(row: &BTreeMap<String, String>) -> String {
    let text = row["text_verbatim"].trim();
    if row["para_type"] == "preambular" {
        format!("The Security Council,\n\n{text},\n\n1. Decides to remain seized of the matter.\n")
    } else {
        let number: String = row["para_ref"]
            .chars()
            .take_while(|c| c.is_ascii_digit())
            .collect();
        let number = if number.is_empty() {
            "1".into()
        } else {
            number
        };
        format!(
            "The Security Council,\n\nRecalling its previous resolutions,\n\n{number}. {text}\n"
        )
    }
}

#[test]
fn sexual_violence_paragraphs_against_outside_coding() {
    let Some(gt) = ground_truth("crsv-dev.csv") else {
        return;
    };
    let lex = Lexicon::embedded();
    let crsv = ["crsv", "wpa"];
    // Some coded paragraphs were cut short when the dataset was extracted (a
    // mandate's lead-in and first tasks, without the sub-paragraph coded), and
    // some rest on a mention the dataset's own note says is not in the text:
    // their text holds no word a monitor would search for. They cannot be seen
    // in the text given and are counted apart, never silently dropped.
    let monitor_a = regex::Regex::new(
        r"(?i)sexual|\brap(?:e|es|ed|ing)\b|gender.{0,3}based|violence against wom[ae]n|protection advis|monitoring, analysis and reporting",
    )
    .unwrap();
    let monitor_d =
        regex::Regex::new(r"(?i)\b(?:wom[ae]n|girls?|gender|female|sexual|1325)").unwrap();
    let mut unscorable = Vec::new();
    let mut seen: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut misses = Vec::new();
    for row in rows(&gt) {
        let tier = match row["tier"].as_str() {
            "A" | "A+SEA" => "A",
            t => t,
        }
        .to_string();
        let monitor = if tier == "A" { &monitor_a } else { &monitor_d };
        if matches!(tier.as_str(), "A" | "D") && !monitor.is_match(&row["text_verbatim"]) {
            unscorable.push(format!(
                "{} OP {} (tier {tier})",
                row["symbol"], row["para_ref"]
            ));
            continue;
        }
        let doc = common::parse_text(&paragraph_document(&row));
        let a = analyse(&doc, &lex);
        let body: Vec<usize> = (0..doc.paragraphs.len())
            .filter(|&p| matches!(doc.paragraphs[p].part, Part::Operative | Part::Preamble))
            .filter(|&p| !doc.para_text(p).starts_with("Recalling its previous"))
            .filter(|&p| !doc.para_text(p).starts_with("1. Decides to remain seized"))
            .collect();
        let areas: Vec<&str> = a
            .references
            .iter()
            .filter(|r| body.contains(&r.paragraph))
            .map(|r| lex.refs.areas[r.area].id.as_str())
            .collect();
        let ok = match tier.as_str() {
            "A" => areas.iter().any(|x| crsv.contains(x)),
            "SEA" => areas.contains(&"sea"),
            _ => !areas.is_empty(),
        };
        let e = seen.entry(tier.clone()).or_default();
        e.0 += 1;
        e.1 += usize::from(ok);
        if !ok && matches!(tier.as_str(), "A" | "D" | "SEA") {
            let short: String = row["text_verbatim"].chars().take(140).collect();
            misses.push(format!(
                "{} OP {} (tier {tier}): seen {areas:?}: {short}",
                row["symbol"], row["para_ref"]
            ));
        }
    }
    for (tier, (n, ok)) in &seen {
        println!("tier {tier:<5} {ok:>4}/{n:<4} {:.3}", ratio(*ok, *n));
    }
    println!(
        "not scorable (the coded text holds no word of the tier): {}",
        unscorable.join(", ")
    );
    assert!(
        unscorable.len() <= 8,
        "too many rows set apart: {unscorable:?}"
    );
    for m in &misses {
        println!("  {m}");
    }
    let a = seen.get("A").map_or(1.0, |(n, ok)| ratio(*ok, *n));
    let d = seen.get("D").map_or(1.0, |(n, ok)| ratio(*ok, *n));
    assert!(
        a >= TIER_A_SEEN,
        "tier A seen as crsv/wpa {a:.3} < {TIER_A_SEEN}"
    );
    assert!(
        d >= TIER_D_SEEN,
        "tier D seen as WPS {d:.3} < {TIER_D_SEEN}"
    );
}

/// The 1946-1994 archive predates resolution 1325, but a few resolutions speak
/// of women or of rape (the former Yugoslavia, 1992-93; Somalia, 1993). Found
/// by a plain search, independent of the lexicon: each such resolution must
/// carry a WPS reference in the paragraph where the word stands.
#[test]
fn archive_resolutions_that_speak_of_women_or_rape_carry_references() {
    let Some(dir) = common::shared("archive") else {
        return;
    };
    let lex = Lexicon::embedded();
    let words =
        regex::Regex::new(r"(?i)\b(?:women|woman|girls?|rape[sd]?|sexual|gender)\b").unwrap();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let mut speaking = 0;
    let mut unseen = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        if !words.is_match(&text) {
            continue;
        }
        speaking += 1;
        let doc = common::load(f);
        let a = analyse(&doc, &lex);
        for m in words.find_iter(&doc.text) {
            let Some(p) = doc.paragraph_at(m.start()) else {
                unseen.push(format!(
                    "{}: {:?} outside any paragraph",
                    f.display(),
                    m.as_str()
                ));
                continue;
            };
            if !a.references.iter().any(|r| r.paragraph == p) {
                unseen.push(format!(
                    "{} {}: {:?} is no reference",
                    f.display(),
                    doc.paragraphs[p].label,
                    m.as_str()
                ));
            }
        }
    }
    println!("archive: {speaking} resolutions speak of women, girls, rape or gender");
    assert!(
        speaking >= 7,
        "the archive should hold at least 7 such resolutions"
    );
    assert!(unseen.is_empty(), "{unseen:#?}");
}

/// The renewals coding names, for each WPS reference of consecutive texts, its
/// excerpt and label in the earlier and the later text: more hand-coded
/// references to find (how each fared between the texts is scored with the
/// comparison).
#[test]
fn renewal_excerpts_are_references_at_their_labels() {
    let Some(gt) = ground_truth("renewals-dev.csv") else {
        return;
    };
    let lex = Lexicon::embedded();
    let mut docs: BTreeMap<String, Option<(Document, Analysis, Comparable)>> = BTreeMap::new();
    let (mut n, mut seen, mut located, mut labelled) = (0, 0, 0, 0);
    let mut misses = Vec::new();
    for row in rows(&gt) {
        for (file, label, excerpt) in [
            (
                &row["previous_file"],
                &row["prev_label"],
                &row["prev_excerpt"],
            ),
            (
                &row["later_file"],
                &row["later_label"],
                &row["later_excerpt"],
            ),
        ] {
            if excerpt.trim().is_empty() {
                continue;
            }
            let entry = docs.entry(file.clone()).or_insert_with(|| {
                let path = common::shared(file)?;
                let doc = common::load(&path);
                let a = analyse(&doc, &lex);
                let cmp = comparable(&doc.text);
                Some((doc, a, cmp))
            });
            let Some((doc, a, cmp)) = entry else {
                return;
            };
            n += 1;
            let places = locate(cmp, excerpt);
            if places.is_empty() {
                misses.push(format!("{file} {label}: excerpt not found"));
                continue;
            }
            located += 1;
            let found = a.references.iter().any(|r| {
                places
                    .iter()
                    .any(|s| r.span.start < s.end && s.start < r.span.end)
            });
            seen += usize::from(found);
            if !found {
                misses.push(format!("{file} {label}: not seen: {excerpt:?}"));
            }
            let ok = places.iter().any(|s| {
                doc.paragraph_at(s.start)
                    .is_some_and(|p| same_label(doc, p, label))
            });
            labelled += usize::from(ok);
            if !ok {
                let got: Vec<String> = places
                    .iter()
                    .filter_map(|s| doc.paragraph_at(s.start))
                    .map(|p| doc.paragraphs[p].label.to_string())
                    .collect();
                misses.push(format!("{file} {label}: labelled {got:?}"));
            }
        }
    }
    let recall = ratio(seen, n);
    let labels = ratio(labelled, located);
    println!(
        "renewals-dev.csv excerpts: reference recall {recall:.3} ({seen}/{n}), label agreement {labels:.3} ({labelled}/{located})"
    );
    for m in &misses {
        println!("  {m}");
    }
    assert!(
        recall >= REFERENCE_RECALL,
        "reference recall {recall:.3} < {REFERENCE_RECALL}"
    );
    assert!(
        labels >= LABEL_AGREEMENT,
        "label agreement {labels:.3} < {LABEL_AGREEMENT}"
    );
}

/// Share of coded dropped/weakened references the comparison reports as
/// `regressed` at their previous paragraph (floor).
const RENEWAL_LOSS_RECALL: f64 = 1.0;
/// `regressed` findings at previous paragraphs coded only retained or
/// strengthened (ceiling).
const RENEWAL_FALSE_LOSSES: usize = 0;

/// Whether paragraph `a` is `b`, or one holds the other (a sub-paragraph).
fn same_or_nested(doc: &Document, a: usize, b: usize) -> bool {
    let holds = |outer: usize, mut inner: usize| loop {
        if inner == outer {
            return true;
        }
        match doc.paragraphs[inner].parent {
            Some(p) => inner = p,
            None => return false,
        }
    };
    holds(a, b) || holds(b, a)
}

#[test]
fn renewals_against_hand_coding() {
    use wpslens::analysis::FindingKind;
    use wpslens::compare::{compare, CompareOptions};
    let Some(gt) = ground_truth("renewals-dev.csv") else {
        return;
    };
    let lex = Lexicon::embedded();
    let mut by_pair: BTreeMap<(String, String), Vec<BTreeMap<String, String>>> = BTreeMap::new();
    for r in rows(&gt) {
        let key = (r["previous_file"].clone(), r["later_file"].clone());
        by_pair.entry(key).or_default().push(r);
    }
    // S/RES/1627 extends the mandate by reference: its "dropped" rows are
    // references carried by reference, not losses (ground-truth README).
    let rollover = |prev: &str, later: &str| prev.contains("1590") && later.contains("1627");
    let (mut losses, mut reported) = (0, 0);
    let (mut kept_paras, mut false_losses) = (0, 0);
    let mut notes: Vec<String> = Vec::new();
    let mut rollover_notes: Vec<String> = Vec::new();
    // Regressed findings at previous paragraphs no row codes (printed to review).
    let mut uncoded: Vec<String> = Vec::new();
    for ((pf, lf), coded) in &by_pair {
        let (Some(pp), Some(lp)) = (common::shared(pf), common::shared(lf)) else {
            return;
        };
        let (prev, later) = (common::load(&pp), common::load(&lp));
        let c = compare(&lex, &prev, &later, &CompareOptions::default());
        let regressed: Vec<usize> = c
            .draft
            .findings
            .iter()
            .filter(|f| f.kind == FindingKind::Regressed)
            .filter_map(|f| f.previous.as_ref().map(|q| q.index))
            .collect();
        let cmp = comparable(&prev.text);
        // Previous paragraphs of each coded row, located by its excerpt.
        let located: Vec<Vec<usize>> = coded
            .iter()
            .map(|row| {
                let mut v: Vec<usize> = locate(&cmp, &row["prev_excerpt"])
                    .iter()
                    .filter_map(|s| prev.paragraph_at(s.start))
                    .collect();
                v.dedup();
                v
            })
            .collect();
        let is_loss = |row: &BTreeMap<String, String>| {
            row["change"] == "dropped" || row["change"] == "weakened"
        };
        for (row, paras) in coded.iter().zip(&located) {
            if !is_loss(row) {
                continue;
            }
            let tag = format!(
                "{pf} {} -> {} {} ({})",
                row["prev_label"], row["later_label"], row["change"], row["area"]
            );
            if paras.is_empty() {
                notes.push(format!("{tag}: excerpt not found in the previous text"));
                continue;
            }
            let hit = regressed
                .iter()
                .any(|&q| paras.iter().any(|&p| same_or_nested(&prev, p, q)));
            if rollover(pf, lf) {
                rollover_notes.push(format!(
                    "{tag}: {}",
                    if hit {
                        "reported as regressed"
                    } else {
                        "not reported"
                    }
                ));
                continue;
            }
            losses += 1;
            reported += usize::from(hit);
            if !hit {
                notes.push(format!("{tag}: not reported"));
            }
        }
        // Previous paragraphs coded only retained or strengthened.
        let mut kept: Vec<usize> = Vec::new();
        for (row, paras) in coded.iter().zip(&located) {
            if row["change"] == "retained" || row["change"] == "strengthened" {
                kept.extend(paras.iter().copied());
            }
        }
        for (row, paras) in coded.iter().zip(&located) {
            if is_loss(row) {
                kept.retain(|&p| !paras.iter().any(|&q| same_or_nested(&prev, p, q)));
            }
        }
        kept.sort_unstable();
        kept.dedup();
        kept_paras += kept.len();
        for f in c
            .draft
            .findings
            .iter()
            .filter(|f| f.kind == FindingKind::Regressed)
        {
            let q = f.previous.as_ref().unwrap().index;
            if kept.iter().any(|&p| same_or_nested(&prev, p, q)) {
                false_losses += 1;
                notes.push(format!(
                    "{pf}: regressed on a kept reference: {}",
                    f.message
                ));
            } else if !located
                .iter()
                .flatten()
                .any(|&p| same_or_nested(&prev, p, q))
            {
                uncoded.push(format!("{pf} -> {lf}: {}", f.message));
            }
        }
    }
    let recall = ratio(reported, losses);
    println!(
        "renewals-dev.csv: dropped/weakened references reported as regressed at their previous paragraph: {recall:.3} ({reported}/{losses}); regressed findings on paragraphs coded retained/strengthened: {false_losses} ({kept_paras} such paragraphs)"
    );
    println!("technical rollover S/RES/1590 -> S/RES/1627 (carried by reference, not counted):");
    for n in &rollover_notes {
        println!("  {n}");
    }
    for n in &notes {
        println!("  {n}");
    }
    println!(
        "regressed findings at previous paragraphs no row codes: {}",
        uncoded.len()
    );
    for n in &uncoded {
        println!("  {n}");
    }
    assert!(
        recall >= RENEWAL_LOSS_RECALL,
        "renewal loss recall {recall:.3} < {RENEWAL_LOSS_RECALL}"
    );
    // (A ceiling; at zero, an equality.)
    assert_eq!(
        false_losses, RENEWAL_FALSE_LOSSES,
        "regressed findings on kept references"
    );
}
