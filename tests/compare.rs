//! Comparison of a draft with the previous text: alignment and WPS changes, on the
//! sample mandate pair (whose intended changes are listed in corpus/README.md) and
//! on the real UNMIS renewals 1755 -> 1784 -> 1812.

mod common;

use common::{load, parse_text, repo, shared};
use wpslens::analysis::FindingKind;
use wpslens::compare::{compare, Change, CompareOptions, Comparison};
use wpslens::lexicon::Lexicon;
use wpslens::model::Document;

fn lex() -> &'static Lexicon {
    use std::sync::OnceLock;
    static L: OnceLock<Lexicon> = OnceLock::new();
    L.get_or_init(Lexicon::embedded)
}

fn run(prev: &Document, draft: &Document) -> Comparison {
    compare(lex(), prev, draft, &CompareOptions::default())
}

/// (reason, previous label, draft label or "-", area) of every regressed finding.
fn regressions(c: &Comparison, draft: &Document) -> Vec<(String, String, String, String)> {
    let mut v: Vec<_> = c
        .draft
        .findings
        .iter()
        .filter(|f| f.kind == FindingKind::Regressed)
        .map(|f| {
            (
                f.reason.to_string(),
                f.previous.as_ref().unwrap().paragraph.clone(),
                f.paragraph
                    .map_or("-".to_string(), |p| draft.paragraphs[p].label.to_string()),
                lex().areas[f.area].id.clone(),
            )
        })
        .collect();
    v.sort();
    v
}

fn row(reason: &str, prev: &str, draft: &str, area: &str) -> (String, String, String, String) {
    (reason.into(), prev.into(), draft.into(), area.into())
}

#[test]
fn the_sample_renewal_shows_each_hidden_regression_and_nothing_else() {
    let prev = load(&repo("corpus/mandate-previous.txt"));
    let draft = load(&repo("corpus/mandate-draft.txt"));
    let c = run(&prev, &draft);
    let mut expected = vec![
        // a: women's protection advisers cut from the protection task
        row("removed", "OP 9 (a) (i)", "OP 10 (a) (i)", "wpa"),
        // b1: "full, equal and meaningful" truncated to "participation of women"
        row(
            "formula-weakened",
            "OP 9 (b) (ii)",
            "OP 10 (b) (ii)",
            "participation",
        ),
        // b2: superseded formula "full and effective"
        row("formula-weakened", "OP 2", "OP 3", "participation"),
        // c: "Requests" -> "Encourages" (reported once for the clause)
        row("verb-weakened", "OP 12", "OP 13", "participation"),
        // d: "as appropriate" added to the CRSV / MARA task
        row("hedged", "OP 9 (c) (ii)", "OP 10 (c) (ii)", "crsv"),
        // e: DDR loses "gender-responsive" and "women and girls"
        row("removed", "OP 9 (d) (i)", "OP 10 (d) (i)", "ddr"),
        // f: sex-disaggregated data dropped from the reporting request
        row("reporting-dropped", "OP 41", "OP 41", "reporting"),
        // g: the national action plan paragraph moved to the preamble
        row("moved-down", "OP 13", "PP 8", "nap"),
        row("moved-down", "OP 13", "PP 8", "civil-society"),
    ];
    expected.sort();
    assert_eq!(regressions(&c, &draft), expected);
    // Severity follows legal force: losing an operative request is an error, a new
    // hedge a warning.
    for f in &c.draft.findings {
        if f.kind == FindingKind::Regressed {
            let want = if f.reason == "hedged" {
                wpslens::lexicon::Severity::Warning
            } else {
                wpslens::lexicon::Severity::Error
            };
            assert_eq!(f.severity, want, "{}", f.message);
        }
    }
    // The decoys: renumbering, the moved elections paragraph, the troop ceiling.
    let link = |p: &str| {
        c.alignment
            .links
            .iter()
            .find(|l| {
                l.previous
                    .is_some_and(|i| prev.paragraphs[i].label.to_string() == p)
            })
            .unwrap()
    };
    let l = link("OP 6");
    assert_eq!(l.change, Change::Moved);
    assert_eq!(draft.paragraphs[l.draft.unwrap()].label.to_string(), "OP 2");
    assert!(!l.modified);
    let l = link("OP 8");
    assert_eq!(draft.paragraphs[l.draft.unwrap()].label.to_string(), "OP 9");
    assert_eq!(l.change, Change::Modified);
    let l = link("OP 13");
    assert_eq!(draft.paragraphs[l.draft.unwrap()].label.to_string(), "PP 8");
    assert_eq!(l.change, Change::Moved);
    // The new OP 4 is added, nothing was removed outright.
    assert!(c.alignment.links.iter().any(|l| l.change == Change::Added
        && l.draft
            .is_some_and(|d| draft.paragraphs[d].label.to_string() == "OP 4")));
    // Square brackets are new in the draft: reported as a check finding.
    assert!(c
        .draft
        .findings
        .iter()
        .any(|f| f.kind == FindingKind::Weakened && f.reason == "bracketed"));
}

#[test]
fn a_document_compared_with_itself_gives_no_finding() {
    for f in [
        "corpus/mandate-previous.txt",
        "corpus/mandate-draft.txt",
        "corpus/spm-mandate-draft.txt",
        "corpus/sg-report.txt",
    ] {
        let d = load(&repo(f));
        let c = run(&d, &d);
        assert!(c.draft.findings.is_empty(), "{f}: {:?}", c.draft.findings);
        assert!(c
            .alignment
            .links
            .iter()
            .all(|l| l.change == Change::Unchanged));
        assert!(!c.carried_over.is_empty() || f.contains("previous"));
    }
}

/// The draft with a new operative paragraph inserted first and the rest renumbered.
fn renumbered(text: &str) -> String {
    let mut out = String::new();
    let mut inserted = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        let num: String = trimmed.chars().take_while(|c| c.is_ascii_digit()).collect();
        if !num.is_empty() && trimmed[num.len()..].starts_with(". ") {
            if !inserted {
                out.push_str("1. Takes note of the letter of the President of the Security Council dated 3 March 2026 concerning the composition of the Mission;\n");
                inserted = true;
            }
            let n: u32 = num.parse().unwrap();
            out.push_str(&format!("{}{}\n", n + 1, &trimmed[num.len()..]));
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    assert!(inserted);
    out
}

#[test]
fn a_renumbered_copy_gives_no_finding() {
    let text = std::fs::read_to_string(repo("corpus/mandate-draft.txt")).unwrap();
    let d = parse_text(&text);
    let r = parse_text(&renumbered(&text));
    assert_ne!(d.paragraphs.len(), r.paragraphs.len());
    let c = run(&d, &r);
    assert!(c.draft.findings.is_empty(), "{:?}", c.draft.findings);
    // Every WPS paragraph is found under its new number.
    for rl in &c.relevant {
        let l = &c.alignment.links[rl.link];
        assert!(l.previous.is_some() && l.draft.is_some(), "{l:?}");
        assert!(!l.modified);
    }
}

#[test]
fn a_split_or_merged_wps_paragraph_is_not_a_regression() {
    let text = std::fs::read_to_string(repo("corpus/mandate-draft.txt")).unwrap();
    let d = parse_text(&text);
    // OP 7 (demands on sexual violence) split in two at ", and urges".
    let line = text
        .lines()
        .find(|l| l.starts_with("7. Demands"))
        .expect("OP 7 of the sample draft");
    let (a, b) = line.split_once(", and urges").unwrap();
    let split = text.replace(line, &format!("{a};\n7 bis. Urges{b}"));
    let s = parse_text(&split);
    let c = run(&d, &s);
    let regs: Vec<_> = c
        .draft
        .findings
        .iter()
        .filter(|f| f.kind == FindingKind::Regressed)
        .map(|f| f.message.clone())
        .collect();
    assert!(regs.is_empty(), "{regs:#?}");
    // ... and merged back: comparing the split text with the original.
    let c = run(&s, &d);
    assert!(
        c.draft
            .findings
            .iter()
            .all(|f| f.kind != FindingKind::Regressed),
        "{:#?}",
        c.draft.findings
    );
}

#[test]
fn unmis_renewals_1755_1784_1812() {
    let (Some(a), Some(b), Some(c)) = (
        shared("resolutions/S-RES-1755-2007.txt"),
        shared("resolutions/S-RES-1784-2007.txt"),
        shared("resolutions/S-RES-1812-2008.txt"),
    ) else {
        return;
    };
    let (r1755, r1784, r1812) = (load(&a), load(&b), load(&c));

    // 1755 (a short extension) -> 1784 (the full renewal): WPS language gained
    // ("emphasizing the role of women and civil society" in the reconciliation
    // task); the 1325 recall and the SEA paragraph are kept; the women named
    // among civilians attacked in Darfur (PP 11) are gone with the paragraph, a
    // reference (not a rule phrase) that outside coders count as dropped. Topics
    // of the reference layer are filed under the gender area.
    let c1 = run(&r1755, &r1784);
    assert_eq!(
        regressions(&c1, &r1784),
        vec![row("removed", "PP 11", "-", "gender")],
        "{:#?}",
        c1.draft.findings
    );

    // 1784 -> 1812: the reconciliation paragraph went from "Calls for UNMIS to
    // support reconciliation ... emphasizing the role of women" (OP 11) to
    // "Encourages UNMIS ... emphasizing in particular the role of women ... as
    // recognized in resolution 1325" (OP 16): the verb is weaker, the wording
    // richer. The SEA paragraph and the 1325 recall are unchanged.
    let c2 = run(&r1784, &r1812);
    assert_eq!(
        regressions(&c2, &r1812),
        vec![row("verb-weakened", "OP 11", "OP 16", "participation")]
    );
    let f = c2
        .draft
        .findings
        .iter()
        .find(|f| f.kind == FindingKind::Regressed)
        .unwrap();
    assert!(f.message.contains("\"calls for\""), "{}", f.message);
    assert!(f.message.contains("\"encourages\""), "{}", f.message);
    assert!(c2.draft.findings.iter().any(|f| f.kind == FindingKind::Info
        && f.reason == "added"
        && f.message.contains("resolution 1325")));
}

#[test]
fn the_cli_reports_both_labels_and_a_word_diff() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_wpslens"))
        .args(["compare", "--color", "never", "--fail-on", "never"])
        .arg(repo("corpus/mandate-previous.txt"))
        .arg(repo("corpus/mandate-draft.txt"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(s.contains("(OP 9 (a) (i) in the previous text, OP 10 (a) (i) in the draft)"));
    assert!(s.contains("[-women’s protection advisers and-] child protection advisers"));
    assert!(s.contains("{+and, as appropriate,+}"));

    // JSON: regressed findings carry "previous", and the comparison block lists
    // the WPS paragraphs with both labels.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_wpslens"))
        .args(["check", "--format", "json", "--against"])
        .arg(repo("corpus/mandate-previous.txt"))
        .arg(repo("corpus/mandate-draft.txt"))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "errors at the default --fail-on"
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let doc = &v["documents"][0];
    let f = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["kind"] == "regressed" && f["rule"] == "WPA-001")
        .unwrap();
    assert_eq!(f["paragraph"], "OP 10 (a) (i)");
    assert_eq!(f["previous"]["paragraph"], "OP 9 (a) (i)");
    assert!(f["previous"]["excerpt"]
        .as_str()
        .unwrap()
        .contains("women’s protection advisers"));
    let moved = doc["comparison"]["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["previous"] == "OP 13")
        .unwrap();
    assert_eq!(moved["draft"], "PP 8");
    assert_eq!(moved["change"], "moved");

    // SARIF carries the previous paragraph too.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_wpslens"))
        .args(["compare", "--format", "sarif"])
        .arg(repo("corpus/mandate-previous.txt"))
        .arg(repo("corpus/mandate-draft.txt"))
        .output()
        .unwrap();
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(s.contains("\"previous\""));
}

/// Everything a comparison reports, as text (Comparison has no PartialEq).
fn fingerprint(c: &Comparison) -> String {
    format!(
        "{:?}\n{:?}\n{:?}\n{:?}\n{}",
        c.draft.findings, c.carried_over, c.relevant, c.previous.findings, c.previous.profile
    )
}

#[test]
fn a_comparison_reusing_analyses_equals_one_made_from_scratch() {
    use wpslens::analysis::{analyze, Options};
    use wpslens::compare::compare_analyzed;
    let prev = load(&repo("corpus/mandate-previous.txt"));
    let draft = load(&repo("corpus/mandate-draft.txt"));
    let opts = CompareOptions::default();
    let fresh = run(&prev, &draft);
    assert!(fresh
        .draft
        .findings
        .iter()
        .any(|f| f.kind == FindingKind::Regressed));

    // As an audit series does it: the previous text's analysis is the one made
    // when it was itself the draft (its own profile, detected).
    let p_an = analyze(&prev, lex(), &Options::default());
    let d_an = analyze(&draft, lex(), &Options::default());
    assert_eq!(p_an.profile, d_an.profile);
    let reused = compare_analyzed(lex(), &prev, Some(p_an), &draft, d_an.clone(), &opts);
    assert_eq!(fingerprint(&reused), fingerprint(&fresh));
    assert!(!reused.previous.profile_detected);

    // An analysis of the previous text under another profile is not used as it is.
    let other = (0..lex().profiles.len())
        .find(|&p| p != d_an.profile)
        .expect("the lexicon has several profiles");
    let wrong = analyze(
        &prev,
        lex(),
        &Options {
            profile: Some(other),
            ..Default::default()
        },
    );
    let redone = compare_analyzed(lex(), &prev, Some(wrong), &draft, d_an, &opts);
    assert_eq!(fingerprint(&redone), fingerprint(&fresh));
}

/// A short renewal whose WPS content is list mentions no rule enumerates.
const LIST_MENTIONS: &str = "The Security Council,
Recalling its previous resolutions on the situation in the country,
Welcoming the efforts of the Mission to support the political process,
Acting under Chapter VII of the Charter of the United Nations,
1. Decides to extend the mandate of the Mission until 31 March 2027;
2. Requests the Mission to engage with local authorities and communities, including women and youth, in the reconciliation process;
3. Urges all parties to protect civilians, especially women and children, in areas of displacement;
4. Requests the Secretary-General to report to the Council every 90 days on the implementation of this resolution;
5. Decides to remain seized of the matter.
";

fn regressed_at(prev: &str, draft: &str) -> Vec<(String, String)> {
    let c = run(&parse_text(prev), &parse_text(draft));
    c.draft
        .findings
        .iter()
        .filter(|f| f.kind == FindingKind::Regressed)
        .map(|f| {
            (
                f.reason.to_string(),
                f.previous.as_ref().unwrap().paragraph.clone(),
            )
        })
        .collect()
}

#[test]
fn list_mentions_are_accounted_for_reference_by_reference() {
    let t = LIST_MENTIONS;
    let row = |r: &str, p: &str| (r.to_string(), p.to_string());
    // Cut from the list: removed, at its previous paragraph.
    let cut = t.replace(", including women and youth,", "");
    assert_eq!(regressed_at(t, &cut), vec![row("removed", "OP 2")]);
    // Qualified: hedged.
    let hedged = t.replace(
        "Requests the Mission to engage",
        "Requests the Mission, as appropriate, to engage",
    );
    assert_eq!(regressed_at(t, &hedged), vec![row("hedged", "OP 2")]);
    // A weaker verb: verb-weakened.
    let weaker = t.replace("3. Urges all parties", "3. Encourages all parties");
    assert_eq!(regressed_at(t, &weaker), vec![row("verb-weakened", "OP 3")]);
    // Into the preamble: moved-down.
    let down = t
        .replace("3. Urges all parties to protect civilians, especially women and children, in areas of displacement;\n", "")
        .replace(
            "Acting under Chapter VII",
            "Urging all parties to protect civilians, especially women and children, in areas of displacement,\nActing under Chapter VII",
        );
    assert_eq!(regressed_at(t, &down), vec![row("moved-down", "OP 3")]);
    // Silent: moved with renumbering, a stronger verb, a date changed.
    let moved = t
        .replace("3. Urges all parties to protect civilians, especially women and children, in areas of displacement;\n4. Requests", "3. Requests")
        .replace("5. Decides to remain", "4. Urges all parties to protect civilians, especially women and children, in areas of displacement;\n5. Decides to remain");
    let stronger = t
        .replace("3. Urges all parties", "3. Demands that all parties")
        .replace("parties to protect", "parties protect");
    let date = t.replace("31 March 2027", "31 March 2028");
    for (name, d) in [("moved", moved), ("stronger", stronger), ("date", date)] {
        assert_eq!(regressed_at(t, &d), vec![], "{name}");
    }
    // And the list mention added back is new WPS language.
    let c = run(&parse_text(&cut), &parse_text(t));
    assert!(c
        .draft
        .findings
        .iter()
        .any(|f| f.kind == FindingKind::Info && f.reason == "added"));
}
