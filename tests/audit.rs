//! `wpslens audit`: a mixed folder with bad files among good ones, rows = inputs,
//! determinism across thread counts and re-runs, shards merged, the real archive.

mod common;

use common::{repo, run_wpslens, shared, stderr};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn csv_rows(path: &Path) -> Vec<std::collections::HashMap<String, String>> {
    let mut rd = csv::Reader::from_path(path).unwrap();
    let h: Vec<String> = rd.headers().unwrap().iter().map(str::to_string).collect();
    rd.records()
        .map(|r| {
            let r = r.unwrap();
            h.iter()
                .cloned()
                .zip(r.iter().map(str::to_string))
                .collect()
        })
        .collect()
}

const OUTPUTS: &[&str] = &[
    "documents.csv",
    "findings.csv",
    "findings.jsonl",
    "trends.csv",
    "series.csv",
    "audit.xlsx",
    "report.html",
    "summary.pdf",
];

/// A folder with the team's samples in three formats, a corrupted DOCX, an
/// unreadable PDF, an empty file, a CSV (skipped) and a nested folder.
fn mixed_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("nested/deeper")).unwrap();
    let copy = |from: &str, to: &str| {
        std::fs::copy(repo(from), d.join(to)).unwrap();
    };
    copy("corpus/mandate-draft.txt", "mandate-draft.txt");
    copy("corpus/mandate-previous.txt", "nested/mandate-previous.txt");
    copy(
        "corpus/sanctions-resolution.txt",
        "nested/deeper/sanctions.txt",
    );
    copy("corpus/sg-report.txt", "sg-report.txt");
    copy(
        "tests/fixtures/sample/mandate-draft.docx",
        "mandate-draft.docx",
    );
    copy(
        "tests/fixtures/sample/mandate-draft.pdf",
        "nested/mandate-draft.pdf",
    );
    copy("tests/fixtures/docx/bad_truncated.docx", "corrupted.docx");
    copy("tests/fixtures/pdf/garbage.pdf", "nested/unreadable.pdf");
    std::fs::write(d.join("empty.txt"), b"").unwrap();
    std::fs::write(d.join("notes.csv"), b"a,b\n1,2\n").unwrap();
    dir
}

fn audit(inputs: &[&Path], out: &Path, extra: &[&str]) -> Output {
    let mut args: Vec<String> = vec!["audit".into()];
    args.extend(inputs.iter().map(|p| p.display().to_string()));
    args.push("--out".into());
    args.push(out.display().to_string());
    args.extend(extra.iter().map(|s| s.to_string()));
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    run_wpslens(&refs)
}

#[test]
fn mixed_folder_every_input_is_a_row_bad_files_are_error_rows() {
    let input = mixed_folder();
    let out = tempfile::tempdir().unwrap();
    let o = audit(&[input.path()], out.path(), &["--jobs", "2"]);
    let err = stderr(&o);
    assert_eq!(
        o.status.code(),
        Some(2),
        "a failed file makes the exit status 2: {err}"
    );
    assert!(
        err.contains("1 file skipped") && err.contains(".csv: 1"),
        "{err}"
    );
    for f in OUTPUTS {
        assert!(out.path().join(f).is_file(), "{f} missing");
    }
    let rows = csv_rows(&out.path().join("documents.csv"));
    // 9 documents (the CSV is not one): rows = inputs.
    assert_eq!(rows.len(), 9, "{rows:#?}");
    let by = |name: &str| {
        rows.iter()
            .find(|r| r["path"].ends_with(name))
            .unwrap_or_else(|| panic!("no row for {name}"))
    };
    for bad in ["corrupted.docx", "nested/unreadable.pdf", "empty.txt"] {
        let r = by(bad);
        assert!(!r["error"].is_empty(), "{bad} should be an error row");
        assert_eq!(r["wps"], "", "an error row has no analysis");
        assert!(
            err.contains(&format!("{bad}: ")),
            "{bad} reported on stderr: {err}"
        );
    }
    assert!(by("corrupted.docx")["error"].contains("DOCX"));
    assert!(by("nested/unreadable.pdf")["error"].contains("PDF"));
    for good in [
        "/mandate-draft.txt",
        "/mandate-draft.docx",
        "nested/mandate-draft.pdf",
        "nested/mandate-previous.txt",
        "deeper/sanctions.txt",
        "sg-report.txt",
    ] {
        let r = by(good);
        assert_eq!(r["error"], "", "{good}: {}", r["error"]);
        assert_eq!(r["wps"], "yes", "{good} carries WPS language");
    }
    assert_eq!(by("/mandate-draft.docx")["format"], "docx");
    assert_eq!(by("nested/mandate-draft.pdf")["format"], "pdf");
    // The same draft in three formats gives the same analysis.
    let cols = [
        "kind",
        "profile",
        "participation",
        "crsv",
        "wpa",
        "missing",
        "weakened",
    ];
    for c in cols {
        assert_eq!(
            by("/mandate-draft.txt")[c],
            by("/mandate-draft.docx")[c],
            "{c}"
        );
        assert_eq!(
            by("/mandate-draft.txt")[c],
            by("nested/mandate-draft.pdf")[c],
            "{c}"
        );
    }
    // Findings: one row per finding of each good document, matching the counts.
    let findings = csv_rows(&out.path().join("findings.csv"));
    for r in &rows {
        let n = findings.iter().filter(|f| f["path"] == r["path"]).count();
        let expected: usize = ["missing", "weakened", "regressed", "info"]
            .iter()
            .map(|k| r[*k].parse::<usize>().unwrap_or(0))
            .sum();
        assert_eq!(n, expected, "{}", r["path"]);
    }
    let jsonl = std::fs::read_to_string(out.path().join("findings.jsonl")).unwrap();
    assert_eq!(jsonl.lines().count(), findings.len());
    for l in jsonl.lines() {
        let v: serde_json::Value = serde_json::from_str(l).unwrap();
        assert!(v["rule"].is_string() && v["path"].is_string());
    }
    // Only complete files: no temporary file left in the output folder.
    let names: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), OUTPUTS.len(), "{names:?}");
    // The workbook is a ZIP with the four sheets.
    let x = std::fs::read(out.path().join("audit.xlsx")).unwrap();
    assert!(x.starts_with(b"PK\x03\x04"));
    let html = std::fs::read_to_string(out.path().join("report.html")).unwrap();
    assert!(html.contains("<svg") && html.contains("sortable") && !html.contains("http"));
}

fn bytes_of(dir: &Path) -> Vec<(String, Vec<u8>)> {
    OUTPUTS
        .iter()
        .map(|f| (f.to_string(), std::fs::read(dir.join(f)).unwrap()))
        .collect()
}

#[test]
fn outputs_are_identical_whatever_the_threads_and_on_a_rerun() {
    let input = mixed_folder();
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    audit(&[input.path()], a.path(), &["--jobs", "1"]);
    let first = bytes_of(a.path());
    audit(&[input.path()], b.path(), &["--jobs", "2"]);
    assert!(first == bytes_of(b.path()), "--jobs 1 and --jobs 2 differ");
    // A re-run refuses to replace without --force, then gives the same bytes.
    let o = audit(&[input.path()], a.path(), &["--jobs", "2"]);
    assert!(stderr(&o).contains("pass --force"), "{}", stderr(&o));
    assert!(first == bytes_of(a.path()), "a refused run changed nothing");
    let o = audit(&[input.path()], a.path(), &["--jobs", "2", "--force"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(first == bytes_of(a.path()), "re-run differs");
}

#[test]
fn shards_merge_into_the_unsharded_audit() {
    let input = mixed_folder();
    let whole = tempfile::tempdir().unwrap();
    audit(&[input.path()], whole.path(), &[]);
    let parts = tempfile::tempdir().unwrap();
    let mut dirs: Vec<PathBuf> = Vec::new();
    for i in 1..=3 {
        let d = parts.path().join(format!("shard{i}"));
        let o = audit(&[input.path()], &d, &["--shard", &format!("{i}/3")]);
        assert!(
            d.join("documents.csv").is_file(),
            "shard {i}/3 wrote no documents.csv: exit {:?}, {}",
            o.status.code(),
            stderr(&o)
        );
        dirs.push(d);
    }
    let total: usize = dirs
        .iter()
        .map(|d| csv_rows(&d.join("documents.csv")).len())
        .sum();
    assert_eq!(total, 9, "the shards partition the inputs");
    let merged = parts.path().join("merged");
    let refs: Vec<&Path> = dirs.iter().map(PathBuf::as_path).collect();
    let o = audit(&refs, &merged, &["--merge"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    for f in [
        "documents.csv",
        "findings.csv",
        "findings.jsonl",
        "trends.csv",
        "series.csv",
    ] {
        assert!(
            std::fs::read(whole.path().join(f)).unwrap() == std::fs::read(merged.join(f)).unwrap(),
            "{f} differs between the merged shards and the whole run"
        );
    }
}

#[test]
fn files_from_stdin_globs_and_missing_inputs() {
    let input = mixed_folder();
    let out = tempfile::tempdir().unwrap();
    let list = format!(
        "{}\n{}\n",
        input.path().join("sg-report.txt").display(),
        input.path().join("gone.txt").display()
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_wpslens"))
        .args(["audit", "--files-from", "-", "--out"])
        .arg(out.path())
        .arg(format!("{}/nested/**/*.txt", input.path().display()))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(list.as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(
        o.status.code(),
        Some(2),
        "a missing listed file is an error"
    );
    let rows = csv_rows(&out.path().join("documents.csv"));
    let paths: Vec<&str> = rows.iter().map(|r| r["path"].as_str()).collect();
    assert_eq!(rows.len(), 4, "{paths:?}");
    let gone = rows
        .iter()
        .find(|r| r["path"].ends_with("gone.txt"))
        .unwrap();
    assert!(gone["error"].contains("no such file"));
}

#[test]
fn an_output_folder_inside_the_input_is_not_audited() {
    let input = mixed_folder();
    let out = input.path().join("audit-out");
    audit(&[input.path()], &out, &[]);
    let o = audit(&[input.path()], &out, &["--force"]);
    let rows = csv_rows(&out.join("documents.csv"));
    assert_eq!(rows.len(), 9, "{}", stderr(&o));
}

#[test]
fn the_archive_shows_crsv_only_in_the_yugoslavia_resolutions() {
    let Some(archive) = shared("archive") else {
        return;
    };
    let out = tempfile::tempdir().unwrap();
    let o = audit(&[&archive], out.path(), &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let rows = csv_rows(&out.path().join("documents.csv"));
    assert_eq!(rows.len(), 900, "900 resolutions (the CSV file is skipped)");
    let with: Vec<&str> = rows
        .iter()
        .filter(|r| r["wps"] == "yes")
        .map(|r| r["symbol"].as_str())
        .collect();
    assert_eq!(
        with,
        ["S/RES/798 (1992)", "S/RES/820 (1993)", "S/RES/827 (1993)"]
    );
    for r in rows.iter().filter(|r| r["wps"] == "yes") {
        assert!(
            matches!(r["crsv"].as_str(), "strong" | "weak"),
            "{}",
            r["symbol"]
        );
    }
    let trends = csv_rows(&out.path().join("trends.csv"));
    let t1993 = trends
        .iter()
        .find(|t| t["year"] == "1993" && t["kind"] == "resolution")
        .unwrap();
    assert_eq!(t1993["with_wps"], "2");
    assert_eq!(t1993["crsv_documents"], "2");
}

#[test]
fn the_unmis_series_is_in_order_with_its_changes() {
    let Some(res) = shared("resolutions") else {
        return;
    };
    let out = tempfile::tempdir().unwrap();
    audit(&[&res], out.path(), &[]);
    let series = csv_rows(&out.path().join("series.csv"));
    let unmis: Vec<&str> = series
        .iter()
        .filter(|r| r["series"] == "resolution:UNMIS")
        .map(|r| r["symbol"].as_str())
        .collect();
    let pos = |s: &str| unmis.iter().position(|x| *x == s).unwrap();
    assert!(pos("S/RES/1755 (2007)") < pos("S/RES/1784 (2007)"));
    assert!(pos("S/RES/1784 (2007)") < pos("S/RES/1812 (2008)"));
    let r1812 = series
        .iter()
        .find(|r| r["symbol"] == "S/RES/1812 (2008)")
        .unwrap();
    assert_eq!(r1812["previous"], "S/RES/1784 (2007)");
    // Compared with its predecessor: the participation language weakened in 1812.
    assert!(r1812["regressed"].parse::<usize>().unwrap() >= 1);
    let findings = csv_rows(&out.path().join("findings.csv"));
    let reg: Vec<_> = findings
        .iter()
        .filter(|f| f["symbol"] == "S/RES/1812 (2008)" && f["source"] == "series")
        .collect();
    assert!(
        reg.iter().any(|f| f["kind"] == "regressed"
            && f["area"] == "participation"
            && f["previous_symbol"] == "S/RES/1784 (2007)"
            && !f["previous_paragraph"].is_empty()),
        "{reg:#?}"
    );
    // The first text of a series is compared with nothing.
    let first = series
        .iter()
        .find(|r| r["series"] == "resolution:UNMIS" && r["position"] == "1")
        .unwrap();
    assert_eq!(first["regressed"], "");
}

/// A long series (more members than one worker compares in a row) with a copy of
/// one member under another name and one renewal that drops the women's protection
/// advisers: only that renewal has a change, against the right predecessor; the
/// copy is counted once (`duplicate_of`), and the result is the one of the merged
/// shards (which compare every pair from scratch).
#[test]
fn a_long_series_with_a_copy_finds_the_one_dropped_reference() {
    let base = std::fs::read_to_string(repo("corpus/mandate-previous.txt")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let n = 20;
    let dropped = 18;
    for i in 1..=n {
        let number = 2800 + i;
        let mut text = base
            .replace("S/RES/2761 (2025)", &format!("S/RES/{number} (2025)"))
            .replace(
                "Resolution 2761 (2025)",
                &format!("Resolution {number} (2025)"),
            );
        if i >= dropped {
            let cut = text.replace(
                ", including through the deployment of women’s protection advisers and child\nprotection advisers;",
                ";",
            );
            assert_ne!(cut, text, "the sample still has the sentence");
            text = cut;
        }
        std::fs::write(dir.path().join(format!("res-{i:02}.txt")), &text).unwrap();
        if i == 5 {
            std::fs::write(dir.path().join("res-05-copy.txt"), &text).unwrap();
        }
    }
    let whole = tempfile::tempdir().unwrap();
    let o = audit(&[dir.path()], whole.path(), &["--jobs", "2"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let series = csv_rows(&whole.path().join("series.csv"));
    // The copy is counted once: the later of the two in path order
    // (`res-05-copy.txt` sorts first) is marked in documents.csv and left out of
    // the series.
    assert_eq!(series.len(), n, "{series:#?}");
    assert!(series.iter().all(|r| !r["path"].ends_with("res-05.txt")));
    let docs = csv_rows(&whole.path().join("documents.csv"));
    let row = |name: &str| docs.iter().find(|r| r["path"].ends_with(name)).unwrap();
    assert!(
        row("/res-05.txt")["duplicate_of"].ends_with("res-05-copy.txt"),
        "{:?}",
        row("/res-05.txt")
    );
    assert_eq!(row("/res-05.txt")["series"], "");
    assert_eq!(row("res-05-copy.txt")["duplicate_of"], "");
    assert_eq!(
        docs.iter()
            .filter(|r| !r["duplicate_of"].is_empty())
            .count(),
        1,
        "renewals that differ only in their symbol are not copies"
    );
    for r in &series {
        let at = r["symbol"].as_str();
        if at == format!("S/RES/{} (2025)", 2800 + dropped) {
            assert_eq!(
                r["previous"],
                format!("S/RES/{} (2025)", 2800 + dropped - 1)
            );
            assert!(r["regressed"].parse::<usize>().unwrap() >= 1, "{r:?}");
        } else if r["position"] != "1" {
            assert_eq!(
                (r["regressed"].as_str(), r["added"].as_str()),
                ("0", "0"),
                "{r:?}"
            );
        }
    }
    let findings = csv_rows(&whole.path().join("findings.csv"));
    let series_rows: Vec<_> = findings
        .iter()
        .filter(|f| f["source"] == "series")
        .collect();
    assert!(
        !series_rows.is_empty()
            && series_rows
                .iter()
                .all(|f| f["symbol"] == format!("S/RES/{} (2025)", 2800 + dropped)),
        "{series_rows:#?}"
    );
    assert!(series_rows
        .iter()
        .any(|f| f["area"] == "wpa" && f["kind"] == "regressed"));

    let parts = tempfile::tempdir().unwrap();
    let mut dirs: Vec<PathBuf> = Vec::new();
    for i in 1..=2 {
        let d = parts.path().join(format!("shard{i}"));
        let o = audit(&[dir.path()], &d, &["--shard", &format!("{i}/2")]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        dirs.push(d);
    }
    let merged = parts.path().join("merged");
    let refs: Vec<&Path> = dirs.iter().map(PathBuf::as_path).collect();
    let o = audit(&refs, &merged, &["--merge"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for f in ["documents.csv", "findings.csv", "series.csv"] {
        assert!(
            std::fs::read(whole.path().join(f)).unwrap() == std::fs::read(merged.join(f)).unwrap(),
            "{f} differs between the merged shards and the whole run"
        );
    }
}

/// On a cluster a shard may own none of the documents: it writes outputs with
/// headers only and exit 0, and merges like the others.
#[test]
fn a_shard_that_owns_nothing_writes_empty_outputs_that_merge() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        repo("corpus/mandate-previous.txt"),
        dir.path().join("only.txt"),
    )
    .unwrap();
    let whole = tempfile::tempdir().unwrap();
    assert_eq!(
        audit(&[dir.path()], whole.path(), &[]).status.code(),
        Some(0)
    );
    let parts = tempfile::tempdir().unwrap();
    let mut dirs: Vec<PathBuf> = Vec::new();
    let mut sizes = Vec::new();
    for i in 1..=2 {
        let d = parts.path().join(format!("shard{i}"));
        let o = audit(&[dir.path()], &d, &["--shard", &format!("{i}/2")]);
        assert_eq!(o.status.code(), Some(0), "shard {i}/2: {}", stderr(&o));
        for f in OUTPUTS {
            assert!(d.join(f).is_file(), "shard {i}/2 wrote no {f}");
        }
        sizes.push(csv_rows(&d.join("documents.csv")).len());
        dirs.push(d);
    }
    sizes.sort();
    assert_eq!(sizes, [0, 1]);
    let merged = parts.path().join("merged");
    let refs: Vec<&Path> = dirs.iter().map(PathBuf::as_path).collect();
    let o = audit(&refs, &merged, &["--merge"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for f in ["documents.csv", "findings.csv", "trends.csv"] {
        assert!(
            std::fs::read(whole.path().join(f)).unwrap() == std::fs::read(merged.join(f)).unwrap(),
            "{f} differs between the merged shards and the whole run"
        );
    }
}

/// The text of a PDF, as wpslens reads it.
fn pdf_text(path: &Path) -> String {
    wpslens::read::read_path(path, &Default::default())
        .unwrap()
        .text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn the_summary_pdf_gives_the_counts_the_tables_give() {
    let input = mixed_folder();
    let out = tempfile::tempdir().unwrap();
    audit(&[input.path()], out.path(), &[]);
    let docs = csv_rows(&out.path().join("documents.csv"));
    let read: Vec<_> = docs.iter().filter(|r| r["error"].is_empty()).collect();
    let failed = docs.len() - read.len();
    let years: Vec<u16> = read.iter().filter_map(|r| r["year"].parse().ok()).collect();
    let (first, last) = (years.iter().min().unwrap(), years.iter().max().unwrap());
    assert_ne!(first, last);
    let text = pdf_text(&out.path().join("summary.pdf"));
    assert!(
        text.contains(&format!(
            "{} files were audited, dated from {first} to {last}. {} were read and checked; {failed} could not be read",
            docs.len(),
            read.len()
        )),
        "{text}"
    );
    // Every unreadable file is listed with its problem.
    assert!(text.contains("Files that could not be read"), "{text}");
    for r in docs.iter().filter(|r| !r["error"].is_empty()) {
        let name = Path::new(&r["path"])
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        assert!(text.contains(&name), "{name} not in {text}");
    }
    // Copies of one text are counted once.
    let distinct: Vec<_> = read
        .iter()
        .filter(|r| r["duplicate_of"].is_empty())
        .collect();
    let copies = read.len() - distinct.len();
    assert!(copies > 0, "the draft in TXT, DOCX and PDF is one text");
    assert!(
        text.contains(&format!(
            "{copies} of the files read hold the same text as another file (in another format or folder) and are counted once: {} distinct texts.",
            distinct.len()
        )),
        "{text}"
    );
    // The area table: one row per area of the lexicon, counted as documents.csv
    // counts (each text once).
    let evidence = |area: &str| {
        distinct
            .iter()
            .filter(|r| matches!(r[area].as_str(), "strong" | "weak"))
            .count()
    };
    let n = evidence("crsv");
    assert!(n > 0);
    assert!(
        text.contains(&format!("Conflict-related sexual violence {n} ")),
        "{text}"
    );
}

#[test]
fn the_summary_template_can_be_replaced_and_a_broken_one_writes_nothing() {
    let input = mixed_folder();
    let tpl = tempfile::tempdir().unwrap();
    std::fs::write(
        tpl.path().join("audit-summary.jinja"),
        "::title\nOur own summary\n\n{{ with_wps }} of {{ audited }} documents carry WPS language.\n",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let o = audit(
        &[input.path()],
        out.path(),
        &["--templates", &tpl.path().display().to_string()],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let text = pdf_text(&out.path().join("summary.pdf"));
    assert!(text.starts_with("Our own summary"), "{text}");
    assert!(text.contains("documents carry WPS language"), "{text}");

    std::fs::write(
        tpl.path().join("audit-summary.jinja"),
        "::title\nBroken\n\n{{ no_such_field }}\n",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let o = audit(
        &[input.path()],
        out.path(),
        &["--templates", &tpl.path().display().to_string()],
    );
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("summary.pdf: template audit-summary, line 4: missing field `no_such_field`"),
        "{err}"
    );
    let left: Vec<_> = std::fs::read_dir(out.path()).unwrap().collect();
    assert!(left.is_empty(), "a template error left {left:?}");

    let o = audit(
        &[input.path()],
        out.path(),
        &["--templates", "/no/such/folder"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("/no/such/folder"), "{}", stderr(&o));
}
