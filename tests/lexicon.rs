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
        e[0].starts_with("rules/custom.toml:14:6: duplicate rule id \"WPA-900\""),
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
