//! Mutation test of `compare` on real drafts (../shared/corpus/drafts): every kind
//! of WPS weakening is applied to WPS paragraphs, one at a time, and the
//! comparison must report it at that paragraph; decoys (renumbering, moves and
//! edits of paragraphs without WPS language) must give no `regressed` finding.
//!
//! WPS paragraphs are chosen by a monitor's plain keyword list (`KEYWORDS`),
//! never by wpslens's own matches, so the test can fail on language the lexicon
//! does not know.
//!
//! Prints recall per kind and false alarms (`cargo test --test mutation -- --nocapture`).

mod common;

use common::{parse_text, shared};
use std::collections::BTreeMap;
use wpslens::analysis::FindingKind;
use wpslens::compare::{compare, CompareOptions};
use wpslens::lexicon::Lexicon;
use wpslens::model::{Document, Label, Part};

/// Mutations of each kind per document (enough to cover the corpus, few enough
/// to keep the test quick).
const PER_DOC: usize = 2;

struct Mutant {
    kind: &'static str,
    text: String,
    /// Label of the mutated paragraph in the original (a regressed finding must
    /// name it, or one of its sub-paragraphs, as the previous paragraph).
    target: Option<String>,
}

fn replace_range(text: &str, r: std::ops::Range<usize>, with: &str) -> String {
    format!("{}{}{}", &text[..r.start], with, &text[r.end..])
}

fn is_top_op(doc: &Document, p: usize) -> bool {
    matches!(doc.paragraphs[p].label, Label::Operative { ref subs, .. } if subs.is_empty())
}

/// A monitor's definition of WPS language, independent of wpslens's lexicon:
/// the plain words a civil-society monitor greps for. A paragraph holding one is
/// a WPS paragraph; mutation targets are chosen by it alone, so language the
/// lexicon misses is weakened too and must be seen.
const KEYWORDS: &[&str] = &[
    "women", "woman", "girls", "gender", "sexual", "rape", "female", "1325",
];

/// Byte ranges (in `body`) of the monitor's keywords, whole words (a plural or
/// possessive ending allowed: "women's", "rapes").
fn keyword_spans(body: &str) -> Vec<std::ops::Range<usize>> {
    let lower = body.to_lowercase();
    if lower.len() != body.len() {
        return Vec::new();
    }
    let b = lower.as_bytes();
    let mut out = Vec::new();
    for k in KEYWORDS {
        for (i, _) in lower.match_indices(k) {
            let before_ok = i == 0 || !b[i - 1].is_ascii_alphanumeric();
            let mut e = i + k.len();
            while e < b.len() && b[e].is_ascii_alphabetic() && e - (i + k.len()) < 3 {
                e += 1;
            }
            let after_ok = e == b.len() || !b[e].is_ascii_alphanumeric();
            if before_ok && after_ok {
                out.push(i..e);
            }
        }
    }
    out.sort_by_key(|r| r.start);
    out
}

/// The clause around `at` in `body`: from the last `,` `;` `:` before it to
/// the next one after it.
fn clause_around(body: &str, at: &std::ops::Range<usize>) -> std::ops::Range<usize> {
    let s = body[..at.start].rfind([',', ';', ':']).map_or(0, |i| i + 1);
    let e = body[at.end..]
        .find([',', ';', ':'])
        .map_or(body.len(), |i| at.end + i);
    s..e
}

fn mutants(doc: &Document) -> Vec<Mutant> {
    let text = &doc.text;
    let mut out = Vec::new();
    let op = |p: usize| doc.paragraphs[p].part == Part::Operative;
    let label = |p: usize| doc.paragraphs[p].label.to_string();
    let body_of = |p: usize| &text[doc.paragraphs[p].body.clone()];
    let wps_paras: Vec<usize> = (0..doc.paragraphs.len())
        .filter(|&p| !keyword_spans(body_of(p)).is_empty())
        .collect();
    let has_wps = |p: usize| wps_paras.contains(&p);
    // Operative WPS paragraphs whose monitor keywords all stand in one clause
    // (so cutting that clause really removes the WPS language).
    let lone: Vec<(usize, std::ops::Range<usize>)> = wps_paras
        .iter()
        .filter(|&&p| op(p))
        .filter_map(|&p| {
            let body = body_of(p);
            let spans = keyword_spans(body);
            let c = clause_around(body, &spans[0]);
            let all_in = spans.iter().all(|s| c.start <= s.start && s.end <= c.end);
            (all_in && c.end - c.start < body.len() * 9 / 10).then_some((p, c))
        })
        .collect();

    // Cut the clause holding the WPS words.
    for (p, c) in lone.iter().take(PER_DOC) {
        let at = doc.paragraphs[*p].body.start;
        out.push(Mutant {
            kind: "removed",
            text: replace_range(text, at + c.start..at + c.end, ""),
            target: Some(label(*p)),
        });
    }
    // Hedge the clause: "as appropriate" right before the WPS words' clause.
    for (p, c) in lone.iter().skip(PER_DOC).chain(lone.iter()).take(PER_DOC) {
        let at = doc.paragraphs[*p].body.start + c.start;
        let body = body_of(*p);
        let lead = body[c.clone()].len() - body[c.clone()].trim_start().len();
        out.push(Mutant {
            kind: "hedged",
            text: replace_range(text, at + lead..at + lead, "as appropriate, "),
            target: Some(label(*p)),
        });
    }
    // "to ensure" -> "to consider" in the WPS words' clause.
    let mut n = 0;
    for &p in wps_paras.iter().filter(|&&p| op(p)) {
        if n == PER_DOC {
            break;
        }
        let body = body_of(p);
        let spans = keyword_spans(body);
        let Some(i) = body.find("to ensure") else {
            continue;
        };
        let governs = spans
            .iter()
            .any(|s| s.start > i && !body[i..s.start].contains([';', '.']) && s.start - i < 200);
        if !governs {
            continue;
        }
        n += 1;
        let at = doc.paragraphs[p].body.start + i;
        out.push(Mutant {
            kind: "ensure-to-consider",
            text: replace_range(text, at..at + "to ensure".len(), "to consider"),
            target: Some(label(p)),
        });
    }
    // Weaken the verb opening a WPS paragraph.
    let mut n = 0;
    for &p in wps_paras.iter().filter(|&&p| op(p) && is_top_op(doc, p)) {
        if n == PER_DOC {
            break;
        }
        let body = body_of(p);
        let first = body.split_whitespace().next().unwrap_or("");
        let strong = [
            "Requests", "Decides", "Demands", "Urges", "Calls", "Directs",
        ];
        if !strong.contains(&first) {
            continue;
        }
        // The WPS words must be governed by that opening verb: no other
        // operative verb opens a clause before them.
        let start = doc.paragraphs[p].body.start + body.find(first).unwrap();
        let kw = keyword_spans(body)[0].start + doc.paragraphs[p].body.start;
        let between = text[start + first.len()..kw].to_lowercase();
        if [
            "requests",
            "decides",
            "urges",
            "calls",
            "demands",
            "encourages",
            "welcomes",
            "notes",
            "stresses",
        ]
        .iter()
        .any(|v| between.contains(v))
        {
            continue;
        }
        n += 1;
        let end = if first == "Calls" {
            let rest = &text[start..];
            match (rest.find(" upon"), rest.find(" on")) {
                (Some(5), _) => start + 10,
                (_, Some(5)) => start + 8,
                _ => start + 5,
            }
        } else {
            start + first.len()
        };
        out.push(Mutant {
            kind: "verb-weakened",
            text: replace_range(text, start..end, "Encourages"),
            target: Some(label(p)),
        });
    }
    // Weaken an agreed formula, where no other monitor keyword is left in the
    // paragraph once it is cut.
    let formulas = [
        ("full, equal and meaningful participation", "participation"),
        ("full and equal participation", "participation"),
        ("women and girls", "civilians"),
        ("conflict-related sexual violence", "violence"),
        ("sexual and gender-based violence", "violence"),
        ("sexual violence", "violence"),
    ];
    let mut n = 0;
    'formula: for &p in wps_paras.iter().filter(|&&p| op(p)) {
        if n == PER_DOC {
            break;
        }
        let r = doc.paragraphs[p].body.clone();
        let body = &text[r.clone()];
        for (strong, weak) in formulas {
            if let Some(i) = body.find(strong) {
                let after = replace_range(body, i..i + strong.len(), weak);
                let keeps_words = weak != "participation" && !keyword_spans(&after).is_empty();
                if keeps_words {
                    continue;
                }
                n += 1;
                out.push(Mutant {
                    kind: "formula-weakened",
                    text: replace_range(text, r.start + i..r.start + i + strong.len(), weak),
                    target: Some(label(p)),
                });
                continue 'formula;
            }
        }
    }
    // Move a WPS operative paragraph (without sub-paragraphs) into the preamble.
    let first_op = (0..doc.paragraphs.len()).find(|&p| op(p));
    let mut n = 0;
    if let Some(fo) = first_op {
        for &p in wps_paras.iter().filter(|&&p| {
            op(p)
                && is_top_op(doc, p)
                && p != fo
                && !doc.paragraphs.iter().any(|q| q.parent == Some(p))
        }) {
            if n == PER_DOC {
                break;
            }
            n += 1;
            let para = &doc.paragraphs[p];
            let body = text[para.body.clone()]
                .trim_end()
                .trim_end_matches([';', '.']);
            let insert_at = doc.paragraphs[fo].span.start;
            let mut t = String::new();
            t.push_str(&text[..insert_at]);
            t.push_str("Stressing that it ");
            t.push_str(body);
            t.push_str(",\n");
            t.push_str(&text[insert_at..para.span.start]);
            t.push_str(&text[para.span.end..]);
            out.push(Mutant {
                kind: "moved-down",
                text: t,
                target: Some(label(p)),
            });
        }
    }

    // Decoys. Renumbering: a new first operative paragraph, the others + 1.
    if let Some(fo) = first_op {
        let mut t = String::new();
        let mut last = 0;
        let mut first = true;
        for (i, p) in doc.paragraphs.iter().enumerate() {
            if !(op(i) && is_top_op(doc, i)) {
                continue;
            }
            let head = &text[p.span.start..p.body.start];
            let digits: String = head
                .trim_start()
                .chars()
                .take_while(|c| c.is_ascii_digit())
                .collect();
            let Ok(n) = digits.parse::<u32>() else {
                continue;
            };
            let at = p.span.start + head.find(&digits).unwrap();
            t.push_str(&text[last..at]);
            if first && i == fo {
                t.push_str("1. Takes note of the letter dated 3 March from the President of the Council;\n");
                first = false;
            }
            t.push_str(&(n + 1).to_string());
            last = at + digits.len();
        }
        t.push_str(&text[last..]);
        out.push(Mutant {
            kind: "decoy-renumber",
            text: citations_updated(&t, |k| Some(k + 1)),
            target: None,
        });
    }
    // Decoys on WPS paragraphs: changes that weaken nothing.
    out.extend(wps_decoys(doc, &wps_paras));
    // Edits of paragraphs without WPS language: a weaker verb, a new date, a cut.
    // (Paragraphs without sub-paragraphs: a lead-in's verb governs its list.)
    let plain: Vec<usize> = (0..doc.paragraphs.len())
        .filter(|&p| {
            op(p)
                && is_top_op(doc, p)
                && !has_wps(p)
                && !doc.paragraphs.iter().any(|q| q.parent == Some(p))
        })
        .collect();
    for &p in plain.iter().take(PER_DOC) {
        let r = doc.paragraphs[p].body.clone();
        let body = &text[r.clone()];
        let first = body.split_whitespace().next().unwrap_or("");
        let i = body.find(first).unwrap_or(0);
        out.push(Mutant {
            kind: "decoy-edit",
            text: replace_range(text, r.start + i..r.start + i + first.len(), "Encourages"),
            target: None,
        });
        let words: Vec<&str> = body.split_whitespace().collect();
        if words.len() > 12 {
            let cut = body.find(words[6]).unwrap()..body.find(words[9]).unwrap();
            out.push(Mutant {
                kind: "decoy-edit",
                text: replace_range(text, r.start + cut.start..r.start + cut.end, ""),
                target: None,
            });
        }
    }
    // Move a paragraph without WPS language to the end of the operative part.
    if let (Some(&p), Some(last)) = (
        plain.first(),
        (0..doc.paragraphs.len()).rev().find(|&q| op(q)),
    ) {
        if p < last {
            let para = doc.paragraphs[p].span.clone();
            let end = doc.paragraphs[last].span.end;
            let mut t = String::new();
            t.push_str(&text[..para.start]);
            t.push_str(&text[para.end..end]);
            t.push('\n');
            t.push_str(&text[para.clone()]);
            t.push_str(&text[end..]);
            out.push(Mutant {
                kind: "decoy-move",
                text: t,
                target: None,
            });
        }
    }
    out
}

/// `text` with the numbers of its citations of its own paragraphs
/// ("paragraph 36 (b)", "paragraphs 28 and 30", "paragraph 11 of this
/// resolution", not "paragraph 7 of resolution 1960") mapped by `new_number`, as
/// a renumbering updates them.
fn citations_updated(text: &str, new_number: impl Fn(u32) -> Option<u32>) -> String {
    let cite =
        regex::Regex::new(r"(?i)\bparagraphs?(?:(?:\s+|,\s*|\s+and\s+)\d+(?:\s*\([a-z]+\))*)+")
            .unwrap();
    let num = regex::Regex::new(r"\d+").unwrap();
    cite.replace_all(text, |c: &regex::Captures| {
        let m = c.get(0).unwrap();
        let after = text[m.end()..].trim_start();
        let own = ["of this ", "of the present "]
            .iter()
            .any(|o| after.starts_with(o));
        if after.starts_with("of ") && !own {
            return m.as_str().to_string();
        }
        num.replace_all(m.as_str(), |d: &regex::Captures| {
            let n: u32 = d[0].parse().unwrap_or(0);
            new_number(n).map_or(d[0].to_string(), |k| k.to_string())
        })
        .into_owned()
    })
    .into_owned()
}

/// Top-level operative numbers of `doc` rewritten 1, 2, 3, ... in order, and
/// the text's citations of them with them.
fn renumbered(doc: &Document) -> String {
    let text = &doc.text;
    let mut t = String::new();
    let mut last = 0;
    let mut n = 0;
    let mut map: std::collections::HashMap<u32, u32> = Default::default();
    for (i, p) in doc.paragraphs.iter().enumerate() {
        if !(doc.paragraphs[i].part == Part::Operative && is_top_op(doc, i)) {
            continue;
        }
        let head = &text[p.span.start..p.body.start];
        let digits: String = head
            .trim_start()
            .chars()
            .take_while(|c| c.is_ascii_digit())
            .collect();
        if digits.is_empty() {
            continue;
        }
        n += 1;
        if let Ok(old) = digits.parse::<u32>() {
            map.entry(old).or_insert(n);
        }
        let at = p.span.start + head.find(&digits).unwrap();
        t.push_str(&text[last..at]);
        t.push_str(&n.to_string());
        last = at + digits.len();
    }
    t.push_str(&text[last..]);
    citations_updated(&t, |k| map.get(&k).copied())
}

/// A replacement in a paragraph body: byte range and new words.
type Edit = (std::ops::Range<usize>, String);

/// Edits of WPS paragraphs that weaken nothing, which must stay silent: a year
/// changed, a stronger verb, one more WPS resolution cited, the fuller formula,
/// "calls upon" -> "calls on", a WPS paragraph moved (with renumbering).
fn wps_decoys(doc: &Document, wps_paras: &[usize]) -> Vec<Mutant> {
    let text = &doc.text;
    let mut out = Vec::new();
    let op = |p: usize| doc.paragraphs[p].part == Part::Operative;
    let decoy = |kind: &'static str, text: String| Mutant {
        kind,
        text,
        target: None,
    };
    // Each edit: the first WPS paragraphs (up to PER_DOC) where `find` applies.
    let mut edit = |kind: &'static str, find: &dyn Fn(&str) -> Option<Edit>| {
        let mut n = 0;
        for &p in wps_paras {
            if n == PER_DOC {
                break;
            }
            let r = doc.paragraphs[p].body.clone();
            if let Some((at, with)) = find(&text[r.clone()]) {
                n += 1;
                out.push(decoy(
                    kind,
                    replace_range(text, r.start + at.start..r.start + at.end, &with),
                ));
            }
        }
    };
    // A year (not a resolution's, in brackets) one later.
    edit("decoy-year", &|body: &str| {
        let b = body.as_bytes();
        (0..body.len().saturating_sub(4)).find_map(|i| {
            if !b[i..i + 4].iter().all(u8::is_ascii_digit) {
                return None;
            }
            let year = &body[i..i + 4];
            let alone = (i == 0 || !b[i - 1].is_ascii_alphanumeric() && b[i - 1] != b'(')
                && b.get(i + 4)
                    .is_none_or(|c| !c.is_ascii_alphanumeric() && *c != b')');
            let y: u32 = year.parse().ok()?;
            (alone && (1990..2040).contains(&y)).then(|| (i..i + 4, (y + 1).to_string()))
        })
    });
    // A stronger opening verb.
    edit("decoy-stronger-verb", &|body: &str| {
        let first = body.split_whitespace().next()?;
        let i = body.find(first)?;
        (first == "Encourages").then(|| (i..i + first.len(), "Requests".to_string()))
    });
    // One more WPS resolution cited.
    edit("decoy-more-resolutions", &|body: &str| {
        let i = body.find("1325 (2000)")? + "1325 (2000)".len();
        let extra = ["2242 (2015)", "1820 (2008)", "2467 (2019)"]
            .into_iter()
            .find(|r| !body.contains(r))?;
        Some((i..i, format!(", {extra}")))
    });
    // The fuller, current formula.
    edit("decoy-fuller-formula", &|body: &str| {
        [
            "full and effective participation",
            "full and equal participation",
        ]
        .into_iter()
        .find_map(|f| {
            let i = body.find(f)?;
            Some((
                i..i + f.len(),
                "full, equal and meaningful participation".to_string(),
            ))
        })
    });
    // "calls upon" -> "calls on".
    edit("decoy-calls-on", &|body: &str| {
        let i = body.find("alls upon")?;
        Some((i..i + "alls upon".len(), "alls on".to_string()))
    });
    // A WPS operative paragraph (without sub-paragraphs) moved to the end of the
    // operative part, the operative paragraphs renumbered.
    let last = (0..doc.paragraphs.len()).rev().find(|&q| op(q));
    let movable = wps_paras.iter().copied().find(|&p| {
        op(p) && is_top_op(doc, p) && !doc.paragraphs.iter().any(|q| q.parent == Some(p))
    });
    if let (Some(p), Some(last)) = (movable, last) {
        if p < last {
            let para = doc.paragraphs[p].span.clone();
            let end = doc.paragraphs[last].span.end;
            let t = format!(
                "{}{}\n{}{}",
                &text[..para.start],
                &text[para.end..end],
                &text[para.clone()],
                &text[end..]
            );
            out.push(decoy("decoy-wps-move", renumbered(&parse_text(&t))));
        }
    }
    out
}

#[test]
fn every_weakening_is_found_and_no_decoy_raises_an_alarm() {
    let Some(dir) = shared("drafts") else {
        return;
    };
    let lex = Lexicon::embedded();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    // kind -> (applied, found)
    let mut stats: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut false_alarms: Vec<String> = Vec::new();
    let mut misses: Vec<String> = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        let doc = parse_text(&text);
        if !doc.kind.is_resolution_like() {
            continue;
        }
        for m in mutants(&doc) {
            let mdoc = parse_text(&m.text);
            let c = compare(&lex, &doc, &mdoc, &CompareOptions::default());
            let regs: Vec<_> = c
                .draft
                .findings
                .iter()
                .filter(|f| f.kind == FindingKind::Regressed)
                .collect();
            let e = stats.entry(m.kind).or_default();
            e.0 += 1;
            let name = f.file_name().unwrap().to_string_lossy().to_string();
            match &m.target {
                None => {
                    if regs.is_empty() {
                        e.1 += 1;
                    }
                    for r in regs {
                        false_alarms.push(format!("{name} {}: {}", m.kind, r.message));
                    }
                }
                Some(t) => {
                    let at_target = |r: &&&wpslens::analysis::Finding| {
                        let p = &r.previous.as_ref().unwrap().paragraph;
                        p == t || p.starts_with(&format!("{t} ("))
                    };
                    if regs.iter().any(|r| at_target(&r)) {
                        e.1 += 1;
                    } else {
                        misses.push(format!(
                            "{name} {} at {t}: {:?}",
                            m.kind,
                            c.draft
                                .findings
                                .iter()
                                .map(|f| &f.message)
                                .collect::<Vec<_>>()
                        ));
                    }
                    for r in regs.iter().filter(|r| !at_target(r)) {
                        false_alarms.push(format!("{name} {} at {t}: {}", m.kind, r.message));
                    }
                }
            }
        }
    }
    eprintln!("kind                 applied  found  recall");
    for (k, (n, ok)) in &stats {
        eprintln!(
            "{k:<20} {n:>7} {ok:>6}  {:.1}%",
            100.0 * *ok as f64 / (*n).max(1) as f64
        );
    }
    eprintln!("misses: {misses:#?}");
    eprintln!("false alarms: {false_alarms:#?}");
    // Floors per kind, as measured once comparison followed every WPS reference
    // (not only rule occurrences). Before: removed 76%, hedged 63%, verb 87%,
    // formula 95%, moved-down 82.5%. The two hedged misses are artifacts of the
    // monitor's comma clauses: the hedge lands in another clause ("as
    // appropriate, welcomes X and further welcomes <WPS>") or before a run-in
    // paragraph number.
    let floors = [
        ("removed", 1.0),
        ("hedged", 0.94),
        ("ensure-to-consider", 1.0),
        ("verb-weakened", 1.0),
        ("formula-weakened", 1.0),
        ("moved-down", 1.0),
    ];
    for k in [
        "decoy-renumber",
        "decoy-edit",
        "decoy-move",
        "decoy-year",
        "decoy-stronger-verb",
        "decoy-more-resolutions",
        "decoy-fuller-formula",
        "decoy-calls-on",
        "decoy-wps-move",
    ]
    .into_iter()
    .chain(floors.iter().map(|f| f.0))
    {
        assert!(
            stats.get(k).is_some_and(|s| s.0 > 0),
            "no mutation of kind {k}"
        );
    }
    for (k, floor) in floors {
        let (n, ok) = stats[k];
        let recall = ok as f64 / n as f64;
        assert!(recall >= floor, "{k}: recall {recall:.3} below {floor}");
    }
    assert!(false_alarms.is_empty(), "false alarms: {false_alarms:#?}");
}
