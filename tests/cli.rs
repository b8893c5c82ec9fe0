//! The command line as users and other tools see it: exit codes, the JSON contract,
//! SARIF, and one clear line for bad input.

mod common;
use common::*;
use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

fn wpslens(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wpslens"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run wpslens")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}
fn json_of(args: &[&str]) -> (Value, Output) {
    let o = wpslens(args);
    let v: Value = serde_json::from_str(&stdout(&o))
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(&o)));
    (v, o)
}

#[test]
fn json_contract_on_the_sample_draft() {
    let draft = repo("corpus/mandate-draft.txt");
    let (v, o) = json_of(&[
        "check",
        draft.to_str().unwrap(),
        "--format",
        "json",
        "--fail-on",
        "warning",
    ]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "findings at warning level exit 1 with --fail-on warning"
    );
    assert_eq!(v["version"], 1);
    let d = &v["documents"][0];
    assert_eq!(d["kind"], "draft-resolution");
    assert_eq!(d["symbol"], "S/2026/212");
    assert_eq!(d["profile"], "pko-mandate");
    assert!(v["errors"].as_array().unwrap().is_empty());
    for a in d["areas"].as_array().unwrap() {
        let st = a["status"].as_str().unwrap();
        assert!(["strong", "weak", "missing", "not-expected"].contains(&st));
        for e in a["evidence"].as_array().unwrap() {
            assert!(e["paragraph"].is_string() && e["rule"].is_string() && e["text"].is_string());
        }
    }
    let findings = d["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    for f in findings {
        for k in [
            "rule",
            "area",
            "kind",
            "severity",
            "message",
            "suggestion",
            "source",
        ] {
            assert!(f[k].is_string(), "finding field {k}: {f}");
        }
        assert!(["missing", "weakened", "regressed", "info"].contains(&f["kind"].as_str().unwrap()));
        assert!(["error", "warning", "info"].contains(&f["severity"].as_str().unwrap()));
        assert!(f["paragraph"].is_string() || f["paragraph"].is_null());
        if f["paragraph"].is_string() {
            assert!(f["line"].as_u64().unwrap() >= 1 && f["column"].as_u64().unwrap() >= 1);
            assert!(f["excerpt"].is_string());
        }
    }
    // The DDR task lost its women-and-girls language: DDR is missing, pointed at
    // the DDR task.
    let ddr = d["areas"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["area"] == "ddr")
        .unwrap();
    assert_eq!(ddr["status"], "missing");
    assert!(
        findings.iter().any(|f| f["area"] == "ddr"
            && f["kind"] == "missing"
            && f["paragraph"]
                .as_str()
                .unwrap_or("")
                .starts_with("OP 10 (d)")),
        "{findings:#?}"
    );
    // "Encourages MINUSKE" on gender: weakened at OP 13.
    assert!(
        findings.iter().any(|f| f["paragraph"] == "OP 13"
            && f["kind"] == "weakened"
            && f["reason"] == "weak-verb"),
        "{findings:#?}"
    );
    // "full and effective participation" at OP 3 is a superseded formula.
    assert!(findings
        .iter()
        .any(|f| f["paragraph"] == "OP 3" && f["reason"] == "superseded"));
    // The bracketed phrase in OP 13 is still under negotiation.
    assert!(findings
        .iter()
        .any(|f| f["paragraph"] == "OP 13" && f["reason"] == "bracketed"));
}

#[test]
fn fail_on_controls_the_exit_code() {
    let prev = repo("corpus/mandate-previous.txt");
    let p = prev.to_str().unwrap();
    assert_eq!(
        wpslens(&["check", p, "--fail-on", "never", "--format", "json"])
            .status
            .code(),
        Some(0)
    );
    let (v, o) = json_of(&["check", p, "--format", "json", "--fail-on", "info"]);
    let any = v["documents"][0]["findings"].as_array().unwrap().len();
    assert_eq!(o.status.code(), Some(if any > 0 { 1 } else { 0 }));
}

/// UNMISS 2018: the women protection advisers of OP 7 (a) (i) are evidence. Its
/// "full and effective participation" (OP 4) was the agreed formula in 2018: it is
/// called superseded by S/RES/2493 (2019) only with `--expect-current`.
#[test]
fn unmiss_2018_wpa_is_evidence_and_the_participation_formula_is_of_its_day() {
    let Some(p) = shared("drafts/S-2018-221-draft.txt") else {
        return;
    };
    let (v, _) = json_of(&["check", p.to_str().unwrap(), "--format", "json"]);
    let d = &v["documents"][0];
    assert_eq!(d["year"], 2018);
    let f = d["findings"].as_array().unwrap();
    assert!(!f.iter().any(|f| f["reason"] == "superseded"), "{f:#?}");
    let (v, _) = json_of(&[
        "check",
        p.to_str().unwrap(),
        "--format",
        "json",
        "--expect-current",
    ]);
    let d = &v["documents"][0];
    assert_eq!(d["profile"], "pko-mandate");
    let wpa = d["areas"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["area"] == "wpa")
        .unwrap();
    let ev = wpa["evidence"].as_array().unwrap();
    assert!(
        ev.iter().any(|e| e["paragraph"] == "OP 7 (a) (i)"
            && e["text"]
                .as_str()
                .unwrap()
                .contains("Women Protection Advisers")),
        "{wpa}"
    );
    assert_ne!(wpa["status"], "missing");
    let f = d["findings"].as_array().unwrap();
    assert!(
        f.iter().any(|f| f["paragraph"] == "OP 4"
            && f["area"] == "participation"
            && f["reason"] == "superseded"),
        "{f:#?}"
    );
}

#[test]
fn sarif_is_well_formed() {
    let draft = repo("corpus/mandate-draft.txt");
    let (v, _) = json_of(&["check", draft.to_str().unwrap(), "--format", "sarif"]);
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "wpslens");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    for r in run["results"].as_array().unwrap() {
        let ix = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[ix]["id"], r["ruleId"]);
        assert!(["error", "warning", "note"].contains(&r["level"].as_str().unwrap()));
    }
}

#[test]
fn human_output_marks_the_span_and_gives_the_agreed_language() {
    let draft = repo("corpus/mandate-draft.txt");
    let o = wpslens(&["check", draft.to_str().unwrap()]);
    let s = stdout(&o);
    assert!(s.contains("OP 13"), "{s}");
    assert!(s.contains("help: agreed language:"));
    assert!(s.contains("^^^"));
    assert!(!s.contains("\x1b["), "no colour when not on a terminal");
    // The summary table lists the areas.
    assert!(s.contains("wpa") && s.contains("missing"));
}

#[test]
fn explain_and_lexicon_commands() {
    let o = wpslens(&["explain", "wpa-001"]);
    assert_eq!(o.status.code(), Some(0));
    let s = stdout(&o);
    assert!(
        s.contains("WPA-001") && s.contains("Agreed language to propose") && s.contains("Source")
    );
    assert!(s.contains("Agreed since\n  2009"), "{s}");
    let (v, _) = json_of(&["explain", "RPT-005", "--json"]);
    assert_eq!(v["since"], 2013);
    assert!(v["suggestion"]
        .as_str()
        .unwrap()
        .starts_with("Requests the Secretary-General"));
    assert!(v["suggestion_report"]
        .as_str()
        .unwrap()
        .contains("per cent of the seats"));
    let (v, _) = json_of(&["explain", "WPA-001", "--json"]);
    assert!(v["suggestion_report"].is_null());
    let o = wpslens(&["explain", "NOPE-999"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("NOPE-999"));
    let o = wpslens(&["lexicon", "validate"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = wpslens(&["lexicon", "validate", "/nonexistent/lexicon"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("/nonexistent/lexicon"));
}

fn bad_input(name: &str, bytes: &[u8], expect: &str) {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join(name);
    std::fs::write(&p, bytes).unwrap();
    let o = wpslens(&["check", p.to_str().unwrap(), "--format", "json"]);
    assert_eq!(o.status.code(), Some(2), "{name}: {}", stderr(&o));
    let err = stderr(&o);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 1, "{name}: one line expected: {err}");
    assert!(
        lines[0].contains(name) && lines[0].contains(expect),
        "{name}: {err}"
    );
    assert!(!err.contains("panicked"));
    // The JSON still comes, with the error listed.
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(
        v["errors"][0]["path"].as_str().unwrap(),
        p.to_str().unwrap()
    );
    // Inputs are never modified.
    assert_eq!(std::fs::read(&p).unwrap(), bytes);
}

#[test]
fn bad_inputs_give_one_clear_line_and_exit_2() {
    bad_input("empty.txt", b"", "file is empty");
    bad_input(
        "binary.txt",
        &[0u8, 1, 2, 3, 0, 0, 0xff, 0xfe, 7, 8],
        "not a text file",
    );
    bad_input(
        "truncated.docx",
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00garbage",
        "not a valid DOCX",
    );
    bad_input(
        "notzip.docx",
        b"This is not a zip at all",
        "not a valid DOCX",
    );
    bad_input(
        "broken.pdf",
        b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ngarbage",
        "PDF",
    );
    bad_input(
        "image.xyz",
        &[0x89, b'P', b'N', b'G', 0, 0, 0, 13, 0, 0],
        "unsupported file type",
    );
    // A ZIP that is not a Word document.
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        z.start_file("hello.txt", zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut z, b"hello").unwrap();
        z.finish().unwrap();
    }
    bad_input("archive.docx", buf.get_ref(), "DOCX");
}

#[test]
fn one_bad_file_does_not_stop_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("empty.txt");
    std::fs::write(&bad, b"").unwrap();
    let good = repo("corpus/mandate-previous.txt");
    let (v, o) = json_of(&[
        "check",
        bad.to_str().unwrap(),
        good.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(v["documents"].as_array().unwrap().len(), 1);
    assert_eq!(v["errors"].as_array().unwrap().len(), 1);
}

#[test]
fn missing_file_and_bad_lexicon() {
    let o = wpslens(&["check", "/no/such/draft.txt"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("/no/such/draft.txt: cannot read file: no such file"));
    let dir = tempfile::tempdir().unwrap();
    for (rel, content) in wpslens::embedded::LEXICON_FILES {
        let p = dir.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, content).unwrap();
    }
    std::fs::write(dir.path().join("rules/broken.toml"), "[[rule]\nid = 1\n").unwrap();
    let o = wpslens(&[
        "check",
        "--lexicon",
        dir.path().to_str().unwrap(),
        repo("corpus/mandate-draft.txt").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("rules/broken.toml:1:"),
        "{}",
        stderr(&o)
    );
    let _ = Path::new("");
}

/// A resolution from before resolution 1325 (2000) gets its coverage without
/// `missing` findings; `--expect-current` asks for them (on `check`, `compare` and
/// `audit`).
#[test]
fn expect_current_holds_an_old_text_to_todays_language() {
    let Some(p) = shared("archive/S_RES_0798_1992_EN_GOLD.txt") else {
        return;
    };
    let p = p.to_str().unwrap();
    let kinds = |v: &Value| -> Vec<String> {
        v["documents"][0]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["kind"].as_str().unwrap().to_string())
            .collect()
    };
    let (v, o) = json_of(&["check", p, "--format", "json", "--profile", "pko-mandate"]);
    assert_eq!(o.status.code(), Some(0), "{v:#}");
    assert!(!kinds(&v).contains(&"missing".to_string()), "{v:#}");
    let crsv = v["documents"][0]["areas"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["area"] == "crsv")
        .unwrap()
        .clone();
    assert!(!crsv["evidence"].as_array().unwrap().is_empty());
    let (v, o) = json_of(&[
        "check",
        p,
        "--format",
        "json",
        "--profile",
        "pko-mandate",
        "--expect-current",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(kinds(&v).contains(&"missing".to_string()), "{v:#}");
    let (v, _) = json_of(&[
        "compare",
        p,
        p,
        "--format",
        "json",
        "--expect-current",
        "--include-unchanged",
        "--profile",
        "pko-mandate",
    ]);
    assert!(kinds(&v).contains(&"missing".to_string()), "{v:#}");
    let out = tempfile::tempdir().unwrap();
    let o = wpslens(&[
        "audit",
        p,
        "--out",
        out.path().to_str().unwrap(),
        "--expect-current",
        "--profile",
        "pko-mandate",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
}
