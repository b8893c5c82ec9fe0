//! Meta-tests over the whole lexicon, in the manner of ruff's registry tests: every
//! rule is documented, and its bad example fires while its good example does not.

mod common;
use common::*;
use wpslens::analysis::{analyze, Options};
use wpslens::lexicon::{Lexicon, Sources};

fn fires(lex: &Lexicon, rule_id: &str, text: &str, profile: Option<&str>) -> Vec<String> {
    let d = parse_text(text);
    let opts = Options {
        profile: profile.map(|p| lex.profile_by_id(p).expect("example profile exists")),
        ..Default::default()
    };
    let a = analyze(&d, lex, &opts);
    a.findings
        .iter()
        .filter(|f| lex.rules[f.rule].id == rule_id)
        .map(|f| format!("{} {}: {}", f.kind.as_str(), f.reason, f.message))
        .collect()
}

#[test]
fn embedded_lexicon_loads_clean() {
    let lex = Lexicon::embedded();
    // Its regexes are compiled on first use in a run; every one must compile.
    lex.matcher
        .compile_all()
        .expect("every embedded regex compiles");
    let warnings: Vec<String> = lex.warnings.iter().map(|w| w.to_string()).collect();
    assert!(
        warnings.is_empty(),
        "lexicon warnings:\n{}",
        warnings.join("\n")
    );
    for area in [
        "participation",
        "crsv",
        "wpa",
        "ddr",
        "nap",
        "gender",
        "sea",
        "civil-society",
        "reporting",
        "justice",
        "early-warning",
        "sanctions",
    ] {
        assert!(lex.area_by_id(area).is_some(), "area {area} missing");
        assert!(
            lex.rules.iter().any(|r| lex.areas[r.area].id == area),
            "area {area} has no rule"
        );
    }
    for p in [
        "pko-mandate",
        "spm-mandate",
        "sanctions",
        "thematic",
        "sg-report",
        "generic",
    ] {
        assert!(lex.profile_by_id(p).is_some(), "profile {p} missing");
    }
}

#[test]
fn every_rule_is_documented() {
    let lex = Lexicon::embedded();
    for r in &lex.rules {
        for (field, v) in [
            ("title", &r.title),
            ("summary", &r.summary),
            ("why", &r.why),
            ("suggestion", &r.suggestion),
            ("source", &r.source),
        ] {
            assert!(
                v.trim().len() >= 8,
                "{}: {field} is missing or too short",
                r.id
            );
        }
        assert!(r.example.is_some(), "{}: no [rule.example]", r.id);
    }
}

#[test]
fn every_bad_example_fires_and_every_good_example_does_not() {
    let lex = Lexicon::embedded();
    let mut failures = Vec::new();
    for r in &lex.rules {
        let Some(ex) = &r.example else { continue };
        let profile = ex.profile.as_deref();
        if fires(&lex, &r.id, &ex.bad, profile).is_empty() {
            failures.push(format!("{}: bad example does not fire", r.id));
        }
        let good = fires(&lex, &r.id, &ex.good, profile);
        if !good.is_empty() {
            failures.push(format!("{}: good example fires: {}", r.id, good.join("; ")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn write_lexicon(dir: &std::path::Path, rules: &str) {
    for (rel, content) in wpslens::embedded::LEXICON_FILES {
        if rel.starts_with("rules/") {
            continue;
        }
        let p = dir.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, content).unwrap();
    }
    std::fs::create_dir_all(dir.join("rules")).unwrap();
    std::fs::write(dir.join("rules/custom.toml"), rules).unwrap();
}

const RULE: &str = r#"
[[rule]]
id = "WPA-900"
area = "wpa"
check = "element"
title = "t"
summary = "s"
why = "w"
suggestion = "g"
source = "src"
terms = ["women's protection advisers"]
since = 2009
"#;

fn load_errors(rules: &str) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    write_lexicon(dir.path(), rules);
    let src = Sources::from_dir(dir.path()).unwrap();
    match Lexicon::load(&src) {
        Ok(_) => Vec::new(),
        Err(e) => e
            .iter()
            .map(|e| {
                e.to_string()
                    .replace(&format!("{}/", dir.path().display()), "")
            })
            .collect(),
    }
}

#[test]
fn user_lexicon_errors_point_at_file_line_column() {
    assert!(load_errors(RULE).is_empty());
    let dup = format!("{RULE}{RULE}");
    let e = load_errors(&dup);
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(
        e[0].starts_with("rules/custom.toml:15:6: duplicate rule id \"WPA-900\""),
        "{}",
        e[0]
    );

    let e = load_errors("[[rule]]\nid = \"WPA-1\n");
    assert!(e[0].starts_with("rules/custom.toml:2:"), "{e:?}");

    let e = load_errors(&RULE.replace("area = \"wpa\"", "area = \"wap\""));
    assert!(
        e[0].starts_with("rules/custom.toml:4:8: unknown area \"wap\""),
        "{e:?}"
    );

    let e = load_errors(&RULE.replace(
        "terms = [\"women's protection advisers\"]",
        "terms = [\"re:(unclosed\"]",
    ));
    assert!(
        e[0].starts_with("rules/custom.toml:11:") && e[0].contains("invalid regular expression"),
        "{e:?}"
    );

    let e = load_errors(&RULE.replace(
        "terms = [\"women's protection advisers\"]",
        "terms = [\"re:a*\"]",
    ));
    assert!(e[0].contains("matches the empty string"), "{e:?}");

    // The regex crate is linear-time; a pattern whose automaton would be huge is
    // refused by the size limit instead of being compiled.
    let e = load_errors(&RULE.replace(
        "terms = [\"women's protection advisers\"]",
        "terms = [\"re:(\\\\w{1000}){1000}\"]",
    ));
    assert!(e[0].contains("invalid regular expression"), "{e:?}");

    let e = load_errors(&RULE.replace("check = \"element\"", "check = \"elemnt\"\nfoo = 1"));
    assert!(!e.is_empty());
}

/// What users read cites real documents: internal names (the team's seed files,
/// primer, corpus, file names) are refused in every user-facing field; `since` is
/// required and a year; a suggestion never mixes mandate and report language.
#[test]
fn user_facing_fields_refuse_internal_names_and_rules_need_a_since_year() {
    for (field, old, value) in [
        ("source", "src", "seed 003"),
        ("source", "src", "IEG guidelines (seed 001), section V"),
        ("why", "w", "as the PRIMER says"),
        ("suggestion", "g", "see S-2018-221-draft.txt"),
        (
            "title",
            "t",
            "Council practice (corpus: MINUSCA 2023 draft)",
        ),
    ] {
        let rule = RULE.replace(
            &format!("{field} = \"{old}\""),
            &format!("{field} = {value:?}"),
        );
        let e = load_errors(&rule);
        assert_eq!(e.len(), 1, "{field} = {value:?}: {e:?}");
        assert!(
            e[0].starts_with("rules/custom.toml:3:6: rule WPA-900: ")
                && e[0].contains(field)
                && e[0].contains("internal name"),
            "{e:?}"
        );
    }
    let area = load_errors_in("lexicon.toml", |c| {
        c.replacen(
            "guideline = \"S/RES/1325 (2000)",
            "guideline = \"seed 001; S/RES/1325 (2000)",
            1,
        )
    });
    assert!(
        area.iter()
            .any(|e| e.contains("guideline") && e.contains("internal name")),
        "{area:?}"
    );

    let e = load_errors(&RULE.replace("since = 2009\n", ""));
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(
        e[0].starts_with("rules/custom.toml:3:6:") && e[0].contains("`since` is required"),
        "{e:?}"
    );
    let e = load_errors(&RULE.replace("since = 2009", "since = 209"));
    assert!(e[0].contains("is not a year"), "{e:?}");
    let e = load_errors(&RULE.replace(
        "suggestion = \"g\"",
        "suggestion = \"[Report:] N cases. [Mandate:] Requests\"",
    ));
    assert!(e[0].contains("mixes document kinds"), "{e:?}");
    let e = load_errors(&RULE.replace(
        "suggestion = \"g\"",
        "suggestion = \"g\"\nsuggestion_report = \"[N cases]\"\nlacks = \"advisers\"",
    ));
    assert!(e.is_empty(), "{e:?}");
}

/// Loads the embedded lexicon with one non-rule file changed.
fn load_errors_in(file: &str, change: impl Fn(&str) -> String) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    write_lexicon(dir.path(), RULE);
    let p = dir.path().join(file);
    let c = std::fs::read_to_string(&p).unwrap();
    std::fs::write(&p, change(&c)).unwrap();
    let src = Sources::from_dir(dir.path()).unwrap();
    match Lexicon::load(&src) {
        Ok(_) => Vec::new(),
        Err(e) => e.iter().map(|e| e.to_string()).collect(),
    }
}

/// Every rule has a `since` year no later than today and not before the first
/// resolution on women and peace and security, except where the Council's own
/// texts show the language earlier.
#[test]
fn every_rule_has_a_plausible_since_year() {
    let lex = Lexicon::embedded();
    for r in &lex.rules {
        assert!(
            (2000..=2026).contains(&r.since),
            "{}: since = {}",
            r.id,
            r.since
        );
    }
    let since = |id: &str| lex.rule_by_id(id).unwrap().since;
    assert_eq!(since("WPA-001"), 2009, "S/RES/1888 (2009), OP 12");
    assert_eq!(since("SEA-002"), 2016, "S/RES/2272 (2016)");
    assert_eq!(since("PAR-004"), 2019, "S/RES/2493 (2019)");
}
