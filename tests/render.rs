//! Templates to DOCX and PDF: every default template renders from its sample data;
//! the DOCX XML is checked for structure and guarded by golden files
//! (`UPDATE_GOLDEN=1 cargo test --test render` rewrites them); the PDF text is
//! extracted by wpslens's own reader (and by pdftotext when installed); bad data gives
//! one line naming the template, line and field, exit 2 and no file.

mod common;
use common::*;
use quick_xml::events::Event;
use quick_xml::XmlVersion;
use serde_json::Value;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use wpslens::render::{self, OutputFormat, Paper, RenderOptions, Renderer};

const TEMPLATES: [&str; 3] = ["briefing-request", "meeting-summary", "transmittal"];

fn sample(template: &str) -> Value {
    render::load_data(&repo(&format!("corpus/letters/{template}.toml"))).unwrap()
}

fn zip_entry(docx: &[u8], name: &str) -> String {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut f = z
        .by_name(name)
        .unwrap_or_else(|_| panic!("no {name} in the DOCX"));
    let mut s = String::new();
    f.read_to_string(&mut s).unwrap();
    s
}

/// A DOCX paragraph: its style, whether it is in a numbered list (numId, ilvl), its text.
#[derive(Debug)]
struct Para {
    style: String,
    num: Option<(String, String)>,
    text: String,
}

fn paragraphs(xml: &str) -> Vec<Para> {
    let mut r = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    let mut cur: Option<Para> = None;
    let mut in_t = false;
    let (mut num_id, mut ilvl) = (None, None);
    loop {
        match r.read_event().unwrap() {
            Event::Start(e) | Event::Empty(e) => {
                let attr = |k: &str| {
                    e.attributes()
                        .flatten()
                        .find(|a| a.key.as_ref() == k)
                        .and_then(|a| a.normalized_value(XmlVersion::Implicit1_0).ok())
                        .map(|v| v.into_owned())
                };
                match e.name().as_ref() {
                    "w:p" => {
                        cur = Some(Para {
                            style: String::new(),
                            num: None,
                            text: String::new(),
                        });
                        num_id = None;
                        ilvl = None;
                    }
                    "w:pStyle" => {
                        if let Some(p) = cur.as_mut() {
                            p.style = attr("w:val").unwrap_or_default();
                        }
                    }
                    "w:numId" => num_id = attr("w:val"),
                    "w:ilvl" => ilvl = attr("w:val"),
                    "w:t" => in_t = true,
                    _ => {}
                }
            }
            Event::Text(t) if in_t => {
                if let Some(p) = cur.as_mut() {
                    p.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(g) if in_t => {
                if let Some(p) = cur.as_mut() {
                    p.text.push_str(match &*g {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "quot" => "\"",
                        _ => "'",
                    });
                }
            }
            Event::End(e) => match e.name().as_ref() {
                "w:t" => in_t = false,
                "w:p" => {
                    if let Some(mut p) = cur.take() {
                        if let (Some(n), Some(l)) = (num_id.take(), ilvl.take()) {
                            p.num = Some((n, l));
                        }
                        out.push(p);
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// Compares `actual` with the golden file, or rewrites it under UPDATE_GOLDEN=1.
fn golden(name: &str, actual: &str) {
    let path = repo(&format!("tests/golden/render/{name}"));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "{} missing: run UPDATE_GOLDEN=1 cargo test --test render",
            path.display()
        )
    });
    if expected != actual {
        let at = expected
            .bytes()
            .zip(actual.bytes())
            .position(|(a, b)| a != b)
            .unwrap_or(expected.len().min(actual.len()));
        let lo = at.saturating_sub(120);
        panic!(
            "{name} differs from its golden file at byte {at} (UPDATE_GOLDEN=1 rewrites it if the change is intended):\n expected …{}…\n   actual …{}…",
            expected.get(lo..(at + 120).min(expected.len())).unwrap_or(""),
            actual.get(lo..(at + 120).min(actual.len())).unwrap_or("")
        );
    }
}

/// The text of a PDF as wpslens's reader extracts it (white space collapsed).
fn pdf_text(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("x.pdf");
    std::fs::write(&p, bytes).unwrap();
    let ex = wpslens::read::read_path(&p, &wpslens::read::Limits::default()).unwrap();
    ex.text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn pdftotext(bytes: &[u8]) -> Option<String> {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("x.pdf");
    std::fs::write(&p, bytes).unwrap();
    match Command::new("pdftotext").arg(&p).arg("-").output() {
        Ok(o) if o.status.success() => Some(String::from_utf8_lossy(&o.stdout).into_owned()),
        _ => {
            eprintln!("skipped: pdftotext not installed");
            None
        }
    }
}

fn in_order(text: &str, needles: &[&str]) {
    let mut at = 0;
    for n in needles {
        match text[at..].find(n) {
            Some(i) => at += i + n.len(),
            None => panic!("{n:?} not found (in this order) in:\n{text}"),
        }
    }
}

#[test]
fn every_default_template_renders_to_docx_with_styles_numbering_and_golden_xml() {
    let r = Renderer::new(None).unwrap();
    let mut names = r.templates();
    names.sort();
    assert_eq!(
        names,
        [
            "audit-summary",
            "briefing-request",
            "meeting-summary",
            "recommendations",
            "transmittal"
        ]
    );
    let opts = RenderOptions::default();
    for t in TEMPLATES {
        let bytes = r.render(t, &sample(t), OutputFormat::Docx, &opts).unwrap();
        let again = r.render(t, &sample(t), OutputFormat::Docx, &opts).unwrap();
        assert_eq!(bytes, again, "{t}: DOCX output is not deterministic");
        let doc = zip_entry(&bytes, "word/document.xml");
        let styles = zip_entry(&bytes, "word/styles.xml");
        let numbering = zip_entry(&bytes, "word/numbering.xml");
        assert!(
            styles.contains("Times New Roman"),
            "{t}: font not in styles"
        );
        for s in ["Heading1", "ListNumber", "Signature", "BodyText", "Title"] {
            assert!(
                styles.contains(&format!("w:styleId=\"{s}\"")),
                "{t}: style {s}"
            );
        }
        // A4 by default.
        assert!(
            doc.contains("w:w=\"11906\"") && doc.contains("w:h=\"16838\""),
            "{t}: not A4"
        );
        let footer = zip_entry(&bytes, "word/footer1.xml");
        assert!(
            footer.contains("PAGE") && footer.contains("NUMPAGES"),
            "{t}: no page X of Y"
        );
        let paras = paragraphs(&doc);
        let numbered: Vec<&Para> = paras.iter().filter(|p| p.num.is_some()).collect();
        for p in &numbered {
            let (id, _) = p.num.as_ref().unwrap();
            assert_ne!(id, "1", "{t}: numbering id 1 is docx-rs's own");
            assert!(
                numbering.contains(&format!("w:numId=\"{id}\"")),
                "{t}: numId {id} undefined"
            );
        }
        let sig: Vec<&Para> = paras.iter().filter(|p| p.style == "Signature").collect();
        assert!(sig.iter().any(|p| p.text.contains("Ines Calloway")) || t == "meeting-summary");
        match t {
            "transmittal" => {
                let header = zip_entry(&bytes, "word/header1.xml");
                assert!(
                    header.contains("S/2026/131"),
                    "running head without the symbol"
                );
                assert!(doc.contains("Security Council") && doc.contains("Distr.: General"));
                assert!(doc.contains("Original: English") && doc.contains("23 February 2026"));
                let title = paras.iter().find(|p| p.style == "Title").unwrap();
                assert!(title.text.starts_with("Letter dated 20 February 2026 from the Permanent Representatives of Ondara and Tavoria"));
                assert!(sig[0].text.starts_with("(Signed) Ines Calloway"));
                let annex = paras.iter().position(|p| p.style == "AnnexLabel").unwrap();
                assert!(paras[annex + 1]
                    .text
                    .starts_with("Annex to the letter dated"));
                // The annex numbers its paragraphs from 1 with its own list.
                let ids: Vec<&str> = numbered
                    .iter()
                    .map(|p| p.num.as_ref().unwrap().0.as_str())
                    .collect();
                assert!(ids.iter().all(|i| *i == ids[0]));
                let letters = numbered
                    .iter()
                    .filter(|p| p.num.as_ref().unwrap().1 == "1")
                    .count();
                assert_eq!(letters, 5, "five lettered recommendations");
            }
            "meeting-summary" => {
                let heads: Vec<&str> = paras
                    .iter()
                    .filter(|p| p.style == "Heading1")
                    .map(|p| p.text.as_str())
                    .collect();
                assert_eq!(
                    heads,
                    [
                        "Overview",
                        "Main points raised by the briefers",
                        "Questions raised by Council members and responses",
                        "Recommendations",
                        "Follow-up"
                    ]
                );
                let last = numbered.last().unwrap();
                assert!(
                    last.text.contains("in August 2026"),
                    "next meeting six months later: {}",
                    last.text
                );
                assert!(paras
                    .iter()
                    .any(|p| p.text.contains("Hélène Dufrêne-Muñoz")));
            }
            _ => {
                let bullets = paras.iter().filter(|p| p.style == "ListBullet").count();
                assert_eq!(bullets, 4);
                assert!(paras.iter().any(|p| p.text == "New York, 19 January 2026"));
                assert!(
                    !doc.contains("(Signed)"),
                    "a letter to be signed is not marked (Signed)"
                );
            }
        }
        golden(&format!("{t}.document.xml"), &doc);
        golden(&format!("{t}.numbering.xml"), &numbering);
        golden(&format!("{t}.styles.xml"), &styles);
    }
}

#[test]
fn every_default_template_renders_to_pdf_with_text_in_reading_order() {
    let r = Renderer::new(None).unwrap();
    let opts = RenderOptions::default();
    for t in TEMPLATES {
        let bytes = r.render(t, &sample(t), OutputFormat::Pdf, &opts).unwrap();
        let again = r.render(t, &sample(t), OutputFormat::Pdf, &opts).unwrap();
        assert_eq!(bytes, again, "{t}: PDF output is not deterministic");
        assert!(bytes.starts_with(b"%PDF-1.7"));
        let raw = String::from_utf8_lossy(&bytes);
        assert!(
            raw.contains("+LiberationSerif"),
            "{t}: font not embedded as a subset"
        );
        assert!(raw.contains("/FontFile2") && raw.contains("/ToUnicode"));
        assert!(raw.contains("/Title <FEFF"), "{t}: no title metadata");
        assert!(
            bytes.len() < 120_000,
            "{t}: {} bytes: fonts not subset?",
            bytes.len()
        );
        let text = pdf_text(&bytes);
        match t {
            "transmittal" => in_order(
                &text,
                &[
                    // The masthead: left and right columns line by line.
                    "United Nations",
                    "S/2026/131",
                    "Distr.: General",
                    "Security Council",
                    "23 February 2026",
                    "Original: English",
                    "Letter dated 20 February 2026",
                    "As Co-Chairs of the Informal Expert Group",
                    "(Signed) Ines Calloway",
                    "(Signed) Rafael Tamsín",
                    "Annex to the letter dated 20 February 2026",
                    "Overview",
                    "1. On 12 February 2026",
                    "Ms. Hélène Dufrêne-Muñoz",
                    "Recommendations",
                    "(a) Retain in the mandate of MINUSKE",
                    "(e) Request the Secretary-General",
                    "Follow-up",
                    "next meeting on Kestria in August 2026",
                ],
            ),
            "meeting-summary" => in_order(
                &text,
                &[
                    "Summary of the meeting",
                    "Main points raised by the briefers",
                    "“regular, structured and funded”",
                    "Questions raised by Council members and responses",
                    "three judgments — all convictions —",
                ],
            ),
            _ => in_order(
                &text,
                &[
                    "New York, 19 January 2026",
                    "Ms. Hélène Dufrêne-Muñoz",
                    "Dear Special Representative,",
                    "Thursday, 12 February 2026 and Tuesday, 17 February 2026",
                    "• How women",
                    "Ms. Ana Ibáñez",
                    "Please accept the assurances of our highest consideration.",
                    "Ines Calloway",
                ],
            ),
        }
        if let Some(pt) = pdftotext(&bytes) {
            let pages = pt.matches('\u{c}').count();
            assert!(
                pt.contains(&format!("Page 1 of {pages}")),
                "{t}: no folio:\n{pt}"
            );
            assert!(pt.contains("Dufrêne-Muñoz"), "{t}: accents lost");
        }
    }
}

#[test]
fn us_letter_on_request() {
    let r = Renderer::new(None).unwrap();
    let opts = RenderOptions {
        paper: Paper::Letter,
        ..RenderOptions::default()
    };
    let d = sample("briefing-request");
    let docx = r
        .render("briefing-request", &d, OutputFormat::Docx, &opts)
        .unwrap();
    let doc = zip_entry(&docx, "word/document.xml");
    assert!(doc.contains("w:w=\"12240\"") && doc.contains("w:h=\"15840\""));
    let pdf = r
        .render("briefing-request", &d, OutputFormat::Pdf, &opts)
        .unwrap();
    assert!(String::from_utf8_lossy(&pdf).contains("/MediaBox [0 0 612 792]"));
}

#[test]
fn data_is_text_never_markup() {
    let r = Renderer::new(None).unwrap();
    let mut d = sample("meeting-summary");
    d["overview"] = serde_json::json!([
        "**not bold** and *not italic* | a\n\n::pagebreak\n::heading Injected \\ end"
    ]);
    let doc = r.document("meeting-summary", &d).unwrap();
    let text = doc.text();
    assert!(
        text.contains("**not bold** and *not italic* | a ::pagebreak ::heading Injected \\ end")
    );
    assert!(!doc
        .blocks
        .iter()
        .any(|b| matches!(b, render::model::Block::PageBreak)));
    let docx = r
        .render(
            "meeting-summary",
            &d,
            OutputFormat::Docx,
            &RenderOptions::default(),
        )
        .unwrap();
    let paras = paragraphs(&zip_entry(&docx, "word/document.xml"));
    assert!(paras
        .iter()
        .any(|p| p.text.contains("**not bold** and *not italic*") && p.style == "ListNumber"));
    // XML special characters survive as text.
    d["country"] = Value::from("<Kestria & \"Varnia\">");
    let docx = r
        .render(
            "meeting-summary",
            &d,
            OutputFormat::Docx,
            &RenderOptions::default(),
        )
        .unwrap();
    let paras = paragraphs(&zip_entry(&docx, "word/document.xml"));
    assert!(paras
        .iter()
        .any(|p| p.text.contains("<Kestria & \"Varnia\">")));
}

fn err_of(template: &str, data: Value) -> String {
    Renderer::new(None)
        .unwrap()
        .document(template, &data)
        .unwrap_err()
        .to_string()
}

#[test]
fn bad_data_names_template_line_and_field() {
    let mut d = sample("briefing-request");
    d.as_object_mut().unwrap().remove("salutation");
    let e = err_of("briefing-request", d);
    assert!(e.starts_with("template briefing-request, line "), "{e}");
    assert!(e.contains("missing field `salutation`"), "{e}");

    let mut d = sample("briefing-request");
    d["recipient"].as_object_mut().unwrap().remove("title");
    let e = err_of("briefing-request", d);
    assert!(e.contains("missing field `recipient.title`"), "{e}");

    // In a shared partial: the partial is named.
    let mut d = sample("transmittal");
    d["signatories"][1]
        .as_object_mut()
        .unwrap()
        .remove("position");
    let e = err_of("transmittal", d);
    assert!(e.starts_with("template _signatures, line "), "{e}");
    assert!(e.contains("s.position"), "{e}");

    // Wrong type: a list where text is expected, text where a list is expected.
    let mut d = sample("briefing-request");
    d["country"] = serde_json::json!(["a", "b"]);
    let e = err_of("briefing-request", d);
    assert!(
        e.contains("line ") && e.contains("a list where text was expected"),
        "{e}"
    );
    let mut d = sample("meeting-summary");
    d["briefers"] = Value::from(3);
    let e = err_of("meeting-summary", d);
    assert!(
        e.contains("_summary_body, line ") && e.contains("briefers"),
        "{e}"
    );

    let e = err_of("no-such-template", serde_json::json!({}));
    assert!(
        e.contains("unknown template `no-such-template`") && e.contains("transmittal"),
        "{e}"
    );
}

#[test]
fn templates_folder_overrides_and_reports_syntax_errors() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("note.jinja"),
        "::heading {{ subject }}\n\n{% for p in paras %}\n::numbered {{ p }}\n\n{% endfor %}\n::table\nA | B\n{{ a }} | {{ b }}\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("broken.jinja"),
        "::title\n{% if x %}\nno end\n",
    )
    .unwrap();
    let r = Renderer::new(Some(dir.path())).unwrap();
    assert!(
        r.has_template("transmittal"),
        "embedded templates stay available"
    );
    let doc = r
        .document(
            "note",
            &serde_json::json!({"subject": "S", "paras": ["one", "two"], "a": "x | y", "b": 2}),
        )
        .unwrap();
    assert_eq!(doc.text(), "S\n1. one\n2. two\nA | B\nx | y | 2\n");
    match &doc.blocks[3] {
        render::model::Block::Table { rows, .. } => assert_eq!(rows[1].len(), 2),
        b => panic!("{b:?}"),
    }
    let e = r
        .document("broken", &serde_json::json!({"x": 1}))
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("template broken, line "), "{e}");
    assert!(e.contains("syntax error"), "{e}");
    // A runaway loop is stopped by the fuel limit.
    std::fs::write(
        dir.path().join("loop.jinja"),
        "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}",
    )
    .unwrap();
    let r = Renderer::new(Some(dir.path())).unwrap();
    let e = r
        .document("loop", &serde_json::json!({}))
        .unwrap_err()
        .to_string();
    assert!(e.contains("steps"), "{e}");
}

#[test]
fn cli_render_one_file_batch_and_errors() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("letter.pdf");
    let data = repo("corpus/letters/briefing-request.toml");
    let o = run_wpslens(&[
        "render",
        "briefing-request",
        "--data",
        data.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(std::fs::read(&out).unwrap().starts_with(b"%PDF"));

    // Bad data: one line naming the data file, template, line and field; exit 2; no file.
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "country = \"Kestria\"\n").unwrap();
    let out2 = dir.path().join("bad.docx");
    let o = run_wpslens(&[
        "render",
        "briefing-request",
        "-d",
        bad.to_str().unwrap(),
        "-o",
        out2.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert_eq!(e.lines().count(), 1, "{e}");
    assert!(
        e.starts_with(&format!(
            "wpslens: error: {}: template briefing-request, line ",
            bad.display()
        )),
        "{e}"
    );
    assert!(e.contains("missing field `place`"), "{e}");
    assert!(!out2.exists());

    let o = run_wpslens(&[
        "render",
        "nope",
        "-d",
        bad.to_str().unwrap(),
        "-o",
        out2.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("unknown template `nope`"));
    let o = run_wpslens(&[
        "render",
        "briefing-request",
        "-d",
        data.to_str().unwrap(),
        "-o",
        dir.path().join("x.odt").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("cannot tell the format"),
        "{}",
        stderr(&o)
    );

    // Batch: derived names in a folder, never replaced without --force.
    let folder = dir.path().join("out");
    let d2 = repo("corpus/letters/meeting-summary.toml");
    let args = |force: bool| {
        let mut v = vec![
            "render".to_string(),
            "meeting-summary".into(),
            "-d".into(),
            d2.display().to_string(),
            repo("corpus/letters/transmittal.toml")
                .display()
                .to_string(),
            "--out-dir".into(),
            folder.display().to_string(),
        ];
        if force {
            v.push("--force".into());
        }
        v
    };
    let run = |force: bool| {
        let a = args(force);
        run_wpslens(&a.iter().map(String::as_str).collect::<Vec<_>>())
    };
    let o = run(false);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut names: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "meeting-summary.docx",
            "meeting-summary.pdf",
            "transmittal.docx",
            "transmittal.pdf"
        ]
    );
    let before = std::fs::read(folder.join("transmittal.pdf")).unwrap();
    let o = run(false);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("pass --force"), "{}", stderr(&o));
    assert_eq!(
        std::fs::read(folder.join("transmittal.pdf")).unwrap(),
        before
    );
    let o = run(true);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn yaml_and_json_data_read_like_toml() {
    let toml = sample("meeting-summary");
    let json =
        render::parse_data(&serde_json::to_string(&toml).unwrap(), Path::new("x.json")).unwrap();
    assert_eq!(json, toml);
    let yaml = render::parse_data(
        "country: Kestria\nco_chairs:\n  - Ondara\n  - Tavoria\nmeeting_date: '2026-02-12'\n",
        Path::new("x.yaml"),
    )
    .unwrap();
    assert_eq!(yaml["co_chairs"][1], "Tavoria");
    assert_eq!(
        toml["meeting_date"], "2026-02-12",
        "TOML dates become ISO text"
    );
    let e = render::parse_data("a = ", Path::new("x.toml"))
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("invalid TOML") && !e.contains('\n'), "{e}");
}

fn real_draft() -> Option<PathBuf> {
    shared("drafts/DRAFT-unbench-t3-08-MINUSMA-2022.txt")
}

#[test]
fn recommendations_from_check_json_on_a_real_draft_list_its_findings() {
    let Some(draft) = real_draft() else { return };
    let o = run_wpslens(&[
        "check",
        "--format",
        "json",
        "--fail-on",
        "never",
        draft.to_str().unwrap(),
    ]);
    let findings: Value = serde_json::from_slice(&o.stdout).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let fpath = dir.path().join("findings.json");
    std::fs::write(&fpath, &o.stdout).unwrap();
    let docx = dir.path().join("rec.docx");
    let o = run_wpslens(&[
        "letter",
        "--findings",
        fpath.to_str().unwrap(),
        "-o",
        docx.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let paras = paragraphs(&zip_entry(
        &std::fs::read(&docx).unwrap(),
        "word/document.xml",
    ));
    let text: String = paras.iter().map(|p| format!("{}\n", p.text)).collect();

    let fs = findings["documents"][0]["findings"].as_array().unwrap();
    let wanted: Vec<&Value> = fs
        .iter()
        .filter(|f| {
            matches!(
                f["kind"].as_str(),
                Some("missing" | "weakened" | "regressed")
            )
        })
        .collect();
    assert!(wanted.len() >= 5, "the draft has findings to recommend on");
    let mut rules: Vec<&str> = wanted.iter().map(|f| f["rule"].as_str().unwrap()).collect();
    rules.sort();
    rules.dedup();
    for f in &wanted {
        let rule = f["rule"].as_str().unwrap();
        assert!(
            text.contains(&format!("[{rule}]")),
            "{rule} not in the note"
        );
        assert!(text.contains(f["title"].as_str().unwrap()), "{rule}: title");
        if let Some(p) = f["paragraph"].as_str() {
            assert!(text.contains(p), "{rule}: paragraph {p} not cited");
        }
        let source = f["source"].as_str().unwrap();
        assert!(text.contains(source), "{rule}: source");
    }
    // One recommendation per rule and kind, numbered.
    let numbered = paras.iter().filter(|p| p.style == "ListNumber").count();
    assert!(
        numbered >= rules.len() && numbered <= wanted.len(),
        "{numbered} items for {} rules",
        rules.len()
    );
    // Grouped under the areas' names, agreed language quoted with the mission filled in.
    assert!(paras
        .iter()
        .any(|p| p.style == "Heading2" && p.text == "Women's participation and leadership"));
    assert!(paras
        .iter()
        .any(|p| p.style == "Quote" && p.text.contains("Requests MINUSMA to support")));
    assert!(!text.contains("[MISSION]"));

    // Straight from the draft gives the same note.
    let docx2 = dir.path().join("rec2.docx");
    let o = run_wpslens(&[
        "letter",
        draft.to_str().unwrap(),
        "-o",
        docx2.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        zip_entry(&std::fs::read(&docx).unwrap(), "word/document.xml"),
        zip_entry(&std::fs::read(&docx2).unwrap(), "word/document.xml")
    );
    // And as PDF.
    let pdf = dir.path().join("rec.pdf");
    let o = run_wpslens(&[
        "letter",
        "--findings",
        fpath.to_str().unwrap(),
        "-o",
        pdf.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let t = pdf_text(&std::fs::read(&pdf).unwrap());
    in_order(
        &t,
        &[
            "RECOMMENDATIONS",
            "Women's participation and leadership",
            "[PAR-001]",
        ],
    );
}

#[test]
fn recommendations_on_the_sample_draft_and_a_bad_findings_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("rec.pdf");
    let o = run_wpslens(&[
        "letter",
        repo("corpus/mandate-draft.txt").to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let t = pdf_text(&std::fs::read(&out).unwrap());
    assert!(t.contains("S/2026/212"), "{t}");
    let bad = dir.path().join("f.json");
    std::fs::write(&bad, "{\"documents\": []}").unwrap();
    let out2 = dir.path().join("rec2.pdf");
    let o = run_wpslens(&[
        "letter",
        "--findings",
        bad.to_str().unwrap(),
        "-o",
        out2.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("version 1 expected"), "{}", stderr(&o));
    assert!(!out2.exists());
}

#[test]
#[cfg(unix)]
fn a_link_back_into_the_templates_folder_is_walked_once() {
    // `loop -> .` used to be walked again and again (loop/loop/loop/...) until the
    // path was too long; now a link back to a folder the walk is in is skipped,
    // and a link to another folder inside (`same -> parts`) is followed.
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("parts")).unwrap();
    std::fs::write(dir.path().join("parts/_p.jinja"), "::para\n{{ x }}\n").unwrap();
    std::fs::write(
        dir.path().join("note.jinja"),
        "{% include \"parts/_p.jinja\" %}\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(".", dir.path().join("loop")).unwrap();
    std::os::unix::fs::symlink("parts", dir.path().join("same")).unwrap();
    let r = Renderer::new(Some(dir.path())).unwrap();
    let doc = r
        .document("note", &serde_json::json!({"x": "hello"}))
        .unwrap();
    assert_eq!(doc.text(), "hello\n");
    std::fs::write(dir.path().join("parts/n2.jinja"), "::para\ntwo\n").unwrap();
    let r = Renderer::new(Some(dir.path())).unwrap();
    let names = r.templates();
    assert!(names.contains(&"same/n2".to_string()), "{names:?}");
    assert!(names.contains(&"parts/n2".to_string()), "{names:?}");
    assert!(!names.iter().any(|t| t.starts_with("loop/")), "{names:?}");
}

#[test]
fn characters_xml_cannot_carry_never_reach_the_docx() {
    // A template's own text with control characters and U+FFFE/U+FFFF: docx-rs
    // wrote them as they were and Word refused the file (found while writing the
    // escaping property in tests/properties.rs).
    let r = Renderer::with_set(render::TemplateSet::with_files([(
        "odd.jinja",
        "::title\nBell\u{7} and \u{1b}escape\u{fffe}\u{ffff}\n\n::para\nTab\tand {{ v }}\n",
    )]));
    let d = serde_json::json!({"v": "nul\u{0} and \u{ffff}"});
    let doc = r.document("odd", &d).unwrap();
    assert_eq!(doc.text(), "Bell and escape\nTab and nul and\n");
    let docx = r
        .render("odd", &d, OutputFormat::Docx, &RenderOptions::default())
        .unwrap();
    let xml = zip_entry(&docx, "word/document.xml");
    assert!(!xml
        .chars()
        .any(|c| (c.is_control() && c != '\n' && c != '\r' && c != '\t')
            || c == '\u{fffe}'
            || c == '\u{ffff}'));
    let paras = paragraphs(&xml);
    assert!(
        paras.iter().any(|p| p.text == "Bell and escape"),
        "{paras:?}"
    );
}
