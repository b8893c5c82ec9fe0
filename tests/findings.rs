//! Findings that can be forwarded: on every real draft and resolution, no finding
//! contradicts the document's coverage table; suggestions fit the kind of
//! document; sources name real documents only; a text is held to the language of
//! its own date.

mod common;
use common::*;
use serde_json::Value;
use std::path::PathBuf;
use wpslens::analysis::{analyze, Analysis, FindingKind, Options, Reason, Status};
use wpslens::lexicon::Lexicon;
use wpslens::model::Document;

/// The `.txt` files of a folder of the shared corpus, sorted (none when the
/// corpus is absent).
fn shared_txt(folder: &str) -> Vec<PathBuf> {
    let Some(dir) = shared(folder) else {
        return Vec::new();
    };
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    v.sort();
    v
}

/// Whether paragraph `p` belongs to the operative paragraph rooted at `root`.
fn in_root(doc: &Document, p: usize, root: usize) -> bool {
    doc.root_of(p) == root
}

/// The contradictions between `a`'s findings and its coverage table, as messages.
///
/// A finding *contradicts* the coverage table when one of these holds:
///
/// 1. it is `missing` with reason `expected` and its area's status is not
///    `missing` (the table shows evidence of the area somewhere in the text, while
///    the finding says the area's expected language is absent);
/// 2. it is `missing` with reason `triggered`, its rule has no `lacks` (so the
///    message names the area), and the operative paragraph it points at (the root
///    paragraph of the finding's paragraph, with all its sub-paragraphs) holds
///    evidence of that area;
/// 3. it is `missing`, or an `info` finding with reason `expected` (both say "not
///    found"), and its own rule has strong evidence in the text (operative, not
///    weakened), so the element is in fact there;
/// 4. its message makes a claim about the whole text ("the text says nothing",
///    "says nothing of") while its area has evidence anywhere.
fn contradictions(doc: &Document, a: &Analysis, lex: &Lexicon) -> Vec<String> {
    let mut out = Vec::new();
    for f in &a.findings {
        let area = &a.areas[f.area];
        let rule = &lex.rules[f.rule];
        let at = f
            .paragraph
            .map(|p| doc.paragraphs[p].label.to_string())
            .unwrap_or_else(|| "document".into());
        let what = format!(
            "{} {} {} at {at}: {}",
            doc.path, rule.id, f.reason, f.message
        );
        if f.kind == FindingKind::Missing
            && f.reason == Reason::Expected
            && area.status != Status::Missing
        {
            out.push(format!(
                "{what}\n  area {} is {}",
                lex.areas[f.area].id,
                area.status.as_str()
            ));
        }
        if f.kind == FindingKind::Missing && f.reason == Reason::Triggered && rule.lacks.is_none() {
            let root = doc.root_of(f.paragraph.expect("a triggered finding has a place"));
            if let Some(e) = area
                .evidence
                .iter()
                .find(|e| in_root(doc, e.paragraph, root))
            {
                out.push(format!(
                    "{what}\n  its paragraph has {} evidence in {}: {:?}",
                    lex.areas[f.area].id,
                    doc.paragraphs[e.paragraph].label,
                    &doc.text[e.span.clone()]
                ));
            }
        }
        if (f.kind == FindingKind::Missing
            || (f.kind == FindingKind::Info && f.reason == Reason::Expected))
            && area.evidence.iter().any(|e| e.rule == f.rule && e.strong)
        {
            out.push(format!("{what}\n  the rule's own language is there"));
        }
        let m = f.message.to_lowercase();
        if (m.contains("the text says nothing") || m.contains("says nothing of"))
            && !area.evidence.is_empty()
        {
            out.push(format!("{what}\n  a claim about the whole text"));
        }
    }
    out
}

#[test]
fn no_finding_contradicts_the_coverage_table_of_a_real_draft_or_resolution() {
    let files: Vec<PathBuf> = shared_txt("drafts")
        .into_iter()
        .chain(shared_txt("resolutions"))
        .collect();
    if files.is_empty() {
        return;
    }
    let lex = Lexicon::embedded();
    let mut bad = Vec::new();
    let mut missing = 0;
    for p in &files {
        let doc = load(p);
        for opts in [
            Options::default(),
            Options {
                expect_current: true,
                ..Default::default()
            },
        ] {
            let a = analyze(&doc, &lex, &opts);
            missing += a
                .findings
                .iter()
                .filter(|f| f.kind == FindingKind::Missing)
                .count();
            bad.extend(contradictions(&doc, &a, &lex));
        }
    }
    assert!(missing > 0, "the drafts still have missing findings");
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

/// The two findings of issue 13 that contradicted the table: on the UNSOM draft of
/// 2019, CRSV-003 said "the text says nothing of Conflict-related sexual violence"
/// while CRSV was strong, and PAR-002 said the text said nothing of women's
/// participation while OP 9 addresses it.
#[test]
fn the_unsom_2019_draft_findings_speak_of_their_paragraph() {
    let Some(p) = shared("drafts/S-2019-266-draft.txt") else {
        return;
    };
    let lex = Lexicon::embedded();
    let doc = load(&p);
    let a = analyze(&doc, &lex, &Options::default());
    for f in &a.findings {
        assert!(
            !f.message.contains("says nothing of"),
            "{}: {}",
            lex.rules[f.rule].id,
            f.message
        );
        if f.reason == Reason::Triggered {
            let label = doc.paragraphs[f.paragraph.unwrap()].label.to_string();
            assert!(
                f.message.contains(&format!("{label} raises")),
                "{}",
                f.message
            );
        }
    }
    let crsv = lex.area_by_id("crsv").unwrap();
    assert_eq!(a.areas[crsv].status, Status::Strong);
    assert!(!a.findings.iter().any(|f| f.area == crsv
        && f.kind == FindingKind::Missing
        && lex.rules[f.rule].lacks.is_none()));
}

/// Sources must name documents a reader can look up: a resolution or other Council
/// document by symbol, or one of the IEG's documents by title.
fn is_real_document(item: &str) -> bool {
    const TITLES: [&str; 2] = [
        "Guidelines for the Informal Expert Group on Women and Peace and Security, annex to the letter dated 22 December 2016 from the Permanent Representatives of Spain and the United Kingdom to the Secretary-General",
        "Security Council Informal Expert Group on Women, Peace and Security, meeting with Women's Protection Advisers, 16 November 2021: Recommendations",
    ];
    let symbol = regex::Regex::new(r"\bS/RES/\d{1,4} \(\d{4}\)|\bS/\d{4}/\d+\b").unwrap();
    TITLES.iter().any(|t| item.contains(t)) || symbol.is_match(item)
}

#[test]
fn every_source_of_every_real_draft_names_a_real_document() {
    let files = shared_txt("drafts");
    if files.is_empty() {
        return;
    }
    let mut args: Vec<String> = vec![
        "check".into(),
        "--format".into(),
        "json".into(),
        "--fail-on".into(),
        "never".into(),
    ];
    args.extend(files.iter().map(|p| p.display().to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = run_wpslens(&args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let mut bad = Vec::new();
    let mut n = 0;
    for d in v["documents"].as_array().unwrap() {
        for f in d["findings"].as_array().unwrap() {
            n += 1;
            let source = f["source"].as_str().unwrap();
            for item in source.split("; ") {
                if !is_real_document(item) {
                    bad.push(format!("{} {}: {item:?}", d["path"], f["rule"]));
                }
            }
            for field in ["source", "suggestion", "message", "title"] {
                let text = f[field].as_str().unwrap_or("");
                if let Some(name) = wpslens::lexicon::internal_name(text) {
                    bad.push(format!("{} {} {field}: {name:?}", d["path"], f["rule"]));
                }
            }
        }
        for ar in d["areas"].as_array().unwrap() {
            let name = ar["name"].as_str().unwrap();
            assert!(wpslens::lexicon::internal_name(name).is_none(), "{name}");
        }
    }
    assert!(n > 0);
    bad.sort();
    bad.dedup();
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn every_rule_source_and_area_guideline_names_real_documents() {
    let lex = Lexicon::embedded();
    for r in &lex.rules {
        for item in r.source.split("; ") {
            assert!(is_real_document(item), "{}: {item:?}", r.id);
        }
    }
    for a in &lex.areas {
        for item in a.guideline.split("; ") {
            assert!(is_real_document(item), "{}: {item:?}", a.id);
        }
    }
}

/// Mandate language for resolutions and drafts, report wording for reports, never
/// both in one suggestion; a rule checked in reports has report wording, and its
/// mandate language is a request, not the report's own figures.
#[test]
fn suggestions_fit_the_kind_of_document() {
    use wpslens::model::DocKind;
    let lex = Lexicon::embedded();
    let report_profiles: Vec<usize> = (0..lex.profiles.len())
        .filter(|&i| lex.profiles[i].kinds.contains(&DocKind::Report))
        .collect();
    for r in &lex.rules {
        for s in std::iter::once(&r.suggestion).chain(r.suggestion_report.iter()) {
            assert!(
                !s.contains("[Report:]") && !s.contains("[Mandate:]"),
                "{}: {s}",
                r.id
            );
        }
        let in_reports = r
            .expected_in
            .iter()
            .chain(r.trigger_profiles.iter())
            .any(|p| report_profiles.contains(p));
        if in_reports {
            assert!(
                r.suggestion_report.is_some(),
                "{}: checked in reports, without suggestion_report",
                r.id
            );
            // Mandate language does not state the report's figures.
            assert!(
                !r.suggestion.contains(" N ") && !r.suggestion.starts_with('['),
                "{}: suggestion looks like report wording: {}",
                r.id,
                r.suggestion
            );
        }
        assert_eq!(r.suggestion_for(DocKind::Resolution), r.suggestion);
        assert_eq!(r.suggestion_for(DocKind::DraftResolution), r.suggestion);
        assert_eq!(
            r.suggestion_for(DocKind::Report),
            r.suggestion_report.as_deref().unwrap_or("")
        );
    }
    let rpt5 = lex.rule_by_id("RPT-005").unwrap();
    assert!(!rpt5.suggestion.contains("per cent of the seats"));
    assert!(rpt5
        .suggestion
        .starts_with("Requests the Secretary-General"));
}

#[test]
fn json_suggestions_follow_the_document_kind() {
    let lex = Lexicon::embedded();
    let draft = repo("corpus/mandate-draft.txt");
    let report = repo("corpus/sg-report.txt");
    let o = run_wpslens(&[
        "check",
        "--format",
        "json",
        "--fail-on",
        "never",
        draft.to_str().unwrap(),
        report.to_str().unwrap(),
    ]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let docs = v["documents"].as_array().unwrap();
    let mut seen = [0, 0];
    for d in docs {
        let report = d["kind"] == "report";
        for f in d["findings"].as_array().unwrap() {
            let rule = lex.rule_by_id(f["rule"].as_str().unwrap()).unwrap();
            let want = if report {
                rule.suggestion_report.clone().unwrap_or_default()
            } else {
                rule.suggestion.clone()
            };
            assert_eq!(
                f["suggestion"],
                want.as_str(),
                "{} in {}",
                rule.id,
                d["path"]
            );
            seen[report as usize] += 1;
        }
    }
    assert!(
        seen[0] > 0 && seen[1] > 0,
        "findings in both kinds: {seen:?}"
    );
}

/// The 1946-1994 archive is held to the language of its day: no finding for a
/// rule whose agreed language is younger than the text, no `missing` finding at
/// all before resolution 1325 (2000), and no participation (PAR) finding; with
/// `expect_current` the old behaviour is back.
#[test]
fn the_archive_is_held_to_the_language_of_its_day() {
    let files = shared_txt("archive");
    if files.is_empty() {
        return;
    }
    let lex = Lexicon::embedded();
    let mut bad = Vec::new();
    let (mut par_current, mut missing_current) = (0, 0);
    for p in &files {
        let doc = load(p);
        let year = doc.meta.year.expect("archive texts have a year");
        assert!(year < 2000);
        let a = analyze(&doc, &lex, &Options::default());
        for f in &a.findings {
            let r = &lex.rules[f.rule];
            if f.kind == FindingKind::Missing || r.since > year || r.id.starts_with("PAR-") {
                bad.push(format!(
                    "{} ({year}): {} {}: {}",
                    doc.path, r.id, f.reason, f.message
                ));
            }
        }
        // Coverage is still given: evidence is kept.
        let now = analyze(
            &doc,
            &lex,
            &Options {
                expect_current: true,
                ..Default::default()
            },
        );
        for (x, y) in a.areas.iter().zip(&now.areas) {
            assert_eq!(x.evidence.len(), y.evidence.len(), "{}", doc.path);
        }
        for f in &now.findings {
            if lex.rules[f.rule].id.starts_with("PAR-") {
                par_current += 1;
            }
            if f.kind == FindingKind::Missing {
                missing_current += 1;
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
    assert!(par_current > 0, "with expect_current PAR rules fire");
    assert!(
        missing_current > 0,
        "with expect_current missing findings return"
    );
}

/// A text that predates a rule's `since` is not told the rule's element is
/// missing, and an older formula is not called superseded; a text of unknown year
/// is held to every rule.
#[test]
fn a_rule_applies_from_its_since_year() {
    let lex = Lexicon::embedded();
    let text = |year: &str| {
        format!(
            "Security Council\nS/{year}/100\n1 March {year}\nThe Security Council,\n1. Decides to extend the mandate of UNMISS until 30 April {year};\n2. Decides that UNMISS shall protect civilians under threat of physical violence, and calls upon all parties to ensure the full and effective participation of women in the peace process;\n"
        )
    };
    let rules_in = |src: &str, current: bool| -> Vec<String> {
        let doc = parse_text(src);
        let a = analyze(
            &doc,
            &lex,
            &Options {
                profile: lex.profile_by_id("pko-mandate"),
                expect_current: current,
            },
        );
        a.findings
            .iter()
            .map(|f| lex.rules[f.rule].id.clone())
            .collect()
    };
    let y2008 = rules_in(&text("2008"), false);
    assert_eq!(parse_text(&text("2008")).meta.year, Some(2008));
    assert!(!y2008.contains(&"WPA-001".to_string()), "{y2008:?}");
    assert!(!y2008.contains(&"PAR-004".to_string()), "{y2008:?}");
    assert!(y2008.contains(&"SEA-001".to_string()), "{y2008:?}");
    let y2020 = rules_in(&text("2020"), false);
    assert!(y2020.contains(&"WPA-001".to_string()), "{y2020:?}");
    assert!(y2020.contains(&"PAR-004".to_string()), "{y2020:?}");
    let current = rules_in(&text("2008"), true);
    assert!(current.contains(&"WPA-001".to_string()), "{current:?}");
    assert!(current.contains(&"PAR-004".to_string()), "{current:?}");
    let y1995 = rules_in(&text("1995"), false);
    assert!(y1995.is_empty(), "{y1995:?}");
}
