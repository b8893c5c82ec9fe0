//! The draft handed back in Word (`wpslens::annotate`): comments land on the right
//! paragraphs, the annotated file reads back as the same document, tracked changes
//! accept to the draft and reject to the previous text, other parts are untouched.

mod common;

use common::{load, repo, shared};
use quick_xml::events::Event;
use std::collections::{BTreeMap, HashMap};
use std::io::{Cursor, Read};
use std::path::Path;
use wpslens::analysis::{self, Options};
use wpslens::annotate::{annotate, check_comments, AnnotateOptions, Comment, Redline};
use wpslens::lexicon::Lexicon;
use wpslens::model::Document;
use wpslens::read::{docx::read_docx, Format, Limits};

fn opts() -> AnnotateOptions {
    AnnotateOptions {
        author: "wpslens".into(),
        initials: "WPS".into(),
        date: "2026-03-01T09:30:00Z".into(),
    }
}

fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every entry of a ZIP, decompressed.
fn entries(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut out = BTreeMap::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let mut v = Vec::new();
        f.read_to_end(&mut v).unwrap();
        out.insert(f.name().unwrap().to_string(), v);
    }
    out
}

/// Parses every XML part completely (end tags checked): panics when one is malformed.
fn assert_well_formed(bytes: &[u8]) {
    for (name, data) in entries(bytes) {
        if !(name.ends_with(".xml") || name.ends_with(".rels")) {
            continue;
        }
        let s = std::str::from_utf8(&data).unwrap_or_else(|_| panic!("{name}: not UTF-8"));
        let mut r = quick_xml::Reader::from_str(s);
        r.config_mut().check_end_names = true;
        let mut depth = 0i64;
        loop {
            match r.read_event() {
                Ok(Event::Start(_)) => depth += 1,
                Ok(Event::End(_)) => depth -= 1,
                Ok(Event::Eof) => break,
                Ok(_) => {}
                Err(e) => panic!("{name}: malformed XML at {}: {e}", r.error_position()),
            }
        }
        assert_eq!(depth, 0, "{name}: unclosed elements");
    }
}

fn part(bytes: &[u8], name: &str) -> String {
    String::from_utf8(
        entries(bytes)
            .remove(name)
            .unwrap_or_else(|| panic!("no {name}")),
    )
    .unwrap()
}

/// One `w:p` of a part as Word shows it.
#[derive(Debug, Default, Clone)]
struct Wp {
    /// Text after "accept all" (insertions kept, deletions dropped).
    accepted: String,
    /// Text after "reject all" (deletions kept, insertions dropped).
    rejected: String,
    comment_starts: Vec<u64>,
}

/// The paragraphs of a part in document order, and the (accepted) text each comment
/// range covers.
fn paragraphs(xml: &str) -> (Vec<Wp>, HashMap<u64, String>) {
    let mut r = quick_xml::Reader::from_str(xml);
    r.config_mut().expand_empty_elements = true;
    let mut paras: Vec<Wp> = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    let mut stack: Vec<String> = Vec::new();
    let mut ranges: HashMap<u64, String> = HashMap::new();
    // Open comment ranges with the text-box depth they started at: a range collects
    // the text of its own story only (a text box inside is another story).
    let mut live: Vec<(u64, usize)> = Vec::new();
    let mut hidden = false;
    let txbx = |stack: &[String]| stack.iter().filter(|s| *s == "w:txbxContent").count();
    let id_of = |e: &quick_xml::events::BytesStart<'_>| -> u64 {
        e.attributes()
            .flatten()
            .find(|a| a.key.as_ref() == "w:id")
            .and_then(|a| a.value.parse().ok())
            .unwrap()
    };
    loop {
        let ev = r.read_event().unwrap();
        match ev {
            Event::Start(e) => {
                let name = e.name().as_ref().to_string();
                match name.as_str() {
                    "w:p" => {
                        paras.push(Wp::default());
                        open.push(paras.len() - 1);
                    }
                    "w:commentRangeStart" => {
                        let id = id_of(&e);
                        if let Some(&p) = open.last() {
                            paras[p].comment_starts.push(id);
                        }
                        ranges.insert(id, String::new());
                        live.push((id, txbx(&stack)));
                    }
                    // Hidden text (a direct w:vanish on the run) is not shown.
                    "w:vanish" if stack.len() >= 2 && stack[stack.len() - 2] == "w:r" => {
                        hidden = true
                    }
                    "w:commentRangeEnd" => {
                        let id = id_of(&e);
                        live.retain(|&(x, _)| x != id);
                    }
                    "w:tab" | "w:br" | "w:cr"
                        if stack.last().map(String::as_str) == Some("w:r") =>
                    {
                        let in_ins = stack.iter().any(|s| s == "w:ins");
                        let in_del = stack.iter().any(|s| s == "w:del");
                        if !in_del {
                            let d = txbx(&stack);
                            for (id, _) in live.iter().filter(|l| l.1 == d) {
                                ranges.get_mut(id).unwrap().push(' ');
                            }
                        }
                        if let Some(&p) = open.last() {
                            if !in_del {
                                paras[p].accepted.push(' ');
                            }
                            if !in_ins {
                                paras[p].rejected.push(' ');
                            }
                        }
                    }
                    _ => {}
                }
                stack.push(name);
            }
            Event::End(_) => {
                let closed = stack.pop();
                if closed.as_deref() == Some("w:r") {
                    hidden = false;
                }
                if closed.as_deref() == Some("w:p") {
                    open.pop();
                    // A range running on into the next paragraph.
                    let d = txbx(&stack);
                    for (id, _) in live.iter().filter(|l| l.1 == d) {
                        ranges.get_mut(id).unwrap().push(' ');
                    }
                }
            }
            Event::Text(_) | Event::GeneralRef(_) => {
                let t = match &ev {
                    Event::Text(t) => t.xml10_content().into_owned(),
                    Event::GeneralRef(g) => match g.resolve_char_ref().unwrap() {
                        Some(c) => c.to_string(),
                        None => match &**g {
                            "amp" => "&",
                            "lt" => "<",
                            "gt" => ">",
                            "quot" => "\"",
                            "apos" => "'",
                            _ => "",
                        }
                        .to_string(),
                    },
                    _ => unreachable!(),
                };
                let Some(&p) = open.last() else { continue };
                if hidden {
                    continue;
                }
                match stack.last().map(String::as_str) {
                    Some("w:t") => {
                        let in_ins = stack.iter().any(|s| s == "w:ins" || s == "w:moveTo");
                        let in_del = stack.iter().any(|s| s == "w:del" || s == "w:moveFrom");
                        if !in_ins {
                            paras[p].rejected.push_str(&t);
                        }
                        if !in_del {
                            paras[p].accepted.push_str(&t);
                            let d = txbx(&stack);
                            for (id, _) in live.iter().filter(|l| l.1 == d) {
                                ranges.get_mut(id).unwrap().push_str(&t);
                            }
                        }
                    }
                    Some("w:delText") => paras[p].rejected.push_str(&t),
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    (paras, ranges)
}

/// (id, text) of each comment of a comments part, in order.
fn comment_ids(xml: &str) -> Vec<u64> {
    let mut r = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    loop {
        match r.read_event().unwrap() {
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "w:comment" => out.push(
                e.attributes()
                    .flatten()
                    .find(|a| a.key.as_ref() == "w:id")
                    .and_then(|a| a.value.parse().ok())
                    .unwrap(),
            ),
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

fn reread(bytes: &[u8]) -> Document {
    let ex = read_docx(bytes, &Limits::default()).expect("the annotated file reads back");
    wpslens::structure::parse("annotated.docx", ex)
}

/// The re-read document has the same paragraphs (labels and text) as the draft.
/// The masthead (front part) is compared as one text: the structure parser joins a
/// Word paragraph that does not end a sentence to the next one ("Distr.: Limited" and
/// the date), which a TXT draft gives as separate lines.
fn assert_same_paragraphs(name: &str, a: &Document, b: &Document) {
    use wpslens::model::Part;
    let front = |d: &Document| {
        norm(
            &d.paragraphs
                .iter()
                .enumerate()
                .filter(|(_, p)| p.part == Part::Front)
                .map(|(i, _)| d.para_text(i))
                .collect::<Vec<_>>()
                .join(" "),
        )
    };
    assert_eq!(front(a), front(b), "{name}: masthead");
    let rest = |d: &Document| -> Vec<(String, String)> {
        d.paragraphs
            .iter()
            .enumerate()
            .filter(|(_, p)| p.part != Part::Front)
            .map(|(i, p)| (p.label.to_string(), norm(d.para_text(i))))
            .collect()
    };
    let (la, lb) = (rest(a), rest(b));
    for (k, (x, y)) in la.iter().zip(&lb).enumerate() {
        assert_eq!(x, y, "{name}: paragraph {k} differs after the round trip");
    }
    assert_eq!(la.len(), lb.len(), "{name}: paragraph count");
}

fn check_findings(doc: &Document) -> Vec<Comment> {
    let lex = Lexicon::embedded();
    let a = analysis::analyze(doc, &lex, &Options::default());
    check_comments(doc, &a.findings, &lex)
}

/// The line of `doc.text` (one DOCX block) holding `offset`.
fn line_at(doc: &Document, offset: usize) -> &str {
    let s = doc.text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let e = doc.text[offset..]
        .find('\n')
        .map_or(doc.text.len(), |i| offset + i);
    &doc.text[s..e]
}

/// Each comment's range starts in the paragraph it was meant for and covers its
/// span (or its paragraph); `exact` asks the range to be exactly the span.
fn assert_comments_placed(
    name: &str,
    doc: &Document,
    comments: &[Comment],
    out: &[u8],
    exact: bool,
    labels: &[std::ops::Range<usize>],
    tight: bool,
) {
    // Text as Word shows it in the runs: automatic labels left out.
    let visible = |r: std::ops::Range<usize>| -> String {
        let mut s = String::new();
        let mut pos = r.start;
        for l in labels
            .iter()
            .filter(|l| l.start >= r.start && l.end <= r.end)
        {
            s.push_str(&doc.text[pos..l.start]);
            pos = l.end;
        }
        s.push_str(&doc.text[pos..r.end]);
        norm(&s)
    };
    let ids = comment_ids(&part(out, "word/comments.xml"));
    let mut ranges = HashMap::new();
    let parts = entries(out);
    for name in [
        "word/document.xml",
        "word/footnotes.xml",
        "word/endnotes.xml",
    ] {
        if let Some(x) = parts.get(name) {
            ranges.extend(paragraphs(std::str::from_utf8(x).unwrap()).1);
        }
    }
    let new_ids = &ids[ids.len() - comments.len()..];
    for (c, id) in comments.iter().zip(new_ids) {
        let covered = norm(&ranges[id]);
        let p = &doc.paragraphs[c.paragraph];
        let want = match &c.span {
            Some(s) => visible(s.clone()),
            None => visible(p.body.clone()),
        };
        let exact_want = match &c.span {
            Some(_) => want.clone(),
            None => visible(p.span.clone()),
        };
        assert!(
            covered.contains(&want),
            "{name}: comment {id} covers {covered:?}, not {want:?}"
        );
        let block = norm(line_at(doc, p.span.start));
        assert!(
            !tight
                || block.contains(&covered)
                || norm(doc.para_text(c.paragraph)).contains(&covered),
            "{name}: comment {id} covers {covered:?}, outside its paragraph {block:?}"
        );
        if exact {
            assert!(
                covered == exact_want || (c.span.is_none() && covered == want),
                "{name}: comment {id} covers {covered:?}, not {exact_want:?}"
            );
        }
    }
}

#[test]
fn txt_draft_becomes_a_docx_with_the_same_paragraphs_and_comments_in_place() {
    let path = repo("corpus/mandate-draft.txt");
    let doc = load(&path);
    let comments = check_findings(&doc);
    assert!(comments.len() >= 5, "the sample draft has findings");
    assert!(comments.iter().any(|c| c.span.is_some()));
    let src = std::fs::read(&path).unwrap();
    let out = annotate(&src, Format::Text, &doc, &comments, &[], &opts()).unwrap();
    assert_well_formed(&out);
    assert_same_paragraphs("mandate-draft.txt", &doc, &reread(&out));
    assert_comments_placed("mandate-draft.txt", &doc, &comments, &out, true, &[], true);
    // Headings bold, Times New Roman.
    assert!(part(&out, "word/styles.xml").contains("Times New Roman"));
    // Reproducible: the same input and options give the same bytes.
    let again = annotate(&src, Format::Text, &doc, &comments, &[], &opts()).unwrap();
    assert_eq!(out, again);
}

#[test]
fn pdf_draft_round_trips() {
    let Some(path) = shared("pdf/S-2018-221-draft.pdf") else {
        return;
    };
    let doc = load(&path);
    let comments = check_findings(&doc);
    let src = std::fs::read(&path).unwrap();
    let out = annotate(&src, Format::Pdf, &doc, &comments, &[], &opts()).unwrap();
    assert_well_formed(&out);
    assert_same_paragraphs("S-2018-221-draft.pdf", &doc, &reread(&out));
    assert_comments_placed(
        "S-2018-221-draft.pdf",
        &doc,
        &comments,
        &out,
        true,
        &[],
        true,
    );
}

/// A comment on every paragraph, anchored on a word in the middle of its body (not
/// in an automatic list label, which is no text in Word).
fn comment_everywhere(doc: &Document, labels: &[std::ops::Range<usize>]) -> Vec<Comment> {
    doc.paragraphs
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let body = &doc.text[p.body.clone()];
            let words: Vec<(usize, &str)> = body
                .split_whitespace()
                .map(|w| (w.as_ptr() as usize - body.as_ptr() as usize, w))
                .filter(|(off, _)| {
                    let at = p.body.start + off;
                    !labels.iter().any(|l| l.contains(&at))
                })
                .collect();
            let span = (words.len() >= 3).then(|| {
                let (off, w) = words[words.len() / 2];
                p.body.start + off..p.body.start + off + w.len()
            });
            Comment {
                paragraph: i,
                span,
                text: format!("Comment on {} & <{}>", p.label, i),
            }
        })
        .collect()
}

fn auto_labels(docx: &[u8]) -> Vec<std::ops::Range<usize>> {
    let ex = read_docx(docx, &Limits::default()).unwrap();
    ex.blocks
        .unwrap()
        .iter()
        .filter_map(|b| b.auto_label.clone())
        .collect()
}

fn docx_round_trip(name: &str, path: &Path, exact: bool) {
    let src = std::fs::read(path).unwrap();
    let doc = load(path);
    let labels = auto_labels(&src);
    let comments = comment_everywhere(&doc, &labels);
    let out = annotate(&src, Format::Docx, &doc, &comments, &[], &opts())
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_well_formed(&out);
    let before = read_docx(&src, &Limits::default()).unwrap();
    let after = read_docx(&out, &Limits::default()).unwrap();
    assert_eq!(before.text, after.text, "{name}: text and numbering kept");
    assert_same_paragraphs(name, &doc, &reread(&out));
    // The field fixture nests a field result in another field's instruction, which
    // the test's reading of the XML does not interpret: only containment is checked.
    let tight = !name.starts_with("fields_");
    assert_comments_placed(name, &doc, &comments, &out, exact, &labels, tight);
    // Every other part is untouched.
    let (old, new) = (entries(&src), entries(&out));
    for (k, v) in &old {
        let edited = matches!(
            k.as_str(),
            "word/document.xml"
                | "word/footnotes.xml"
                | "word/endnotes.xml"
                | "word/comments.xml"
                | "word/_rels/document.xml.rels"
                | "[Content_Types].xml"
        );
        if !edited {
            assert!(Some(v) == new.get(k), "{name}: {k} changed");
        }
    }
    assert!(new.contains_key("word/comments.xml"));
    assert!(part(&out, "[Content_Types].xml").contains("/word/comments.xml"));
    assert!(part(&out, "word/_rels/document.xml.rels").contains("relationships/comments"));
}

#[test]
fn docx_drafts_keep_text_numbering_and_other_parts() {
    for (f, exact) in [
        ("numbering.docx", true),
        ("style_numbering.docx", true),
        ("footnotes_tables.docx", false),
        ("tracked_changes.docx", false),
        ("formats.docx", false),
        ("fields_links_comments.docx", false),
    ] {
        docx_round_trip(f, &repo(&format!("tests/fixtures/docx/{f}")), exact);
    }
}

#[test]
fn real_word_draft_round_trips() {
    if let Some(p) = shared("pdf/S-2018-221-draft.docx") {
        docx_round_trip("S-2018-221-draft.docx", &p, false);
        // And with the findings of a check.
        let doc = load(&p);
        let comments = check_findings(&doc);
        assert!(!comments.is_empty());
        let out = annotate(
            &std::fs::read(&p).unwrap(),
            Format::Docx,
            &doc,
            &comments,
            &[],
            &opts(),
        )
        .unwrap();
        let src = std::fs::read(&p).unwrap();
        assert_comments_placed(
            "S-2018-221-draft.docx (check)",
            &doc,
            &comments,
            &out,
            false,
            &auto_labels(&src),
            true,
        );
    }
}

#[test]
fn existing_comments_are_kept_with_their_ids() {
    let path = repo("tests/fixtures/docx/fields_links_comments.docx");
    let src = std::fs::read(&path).unwrap();
    let old_comments = part(&src, "word/comments.xml");
    let old_ids = comment_ids(&old_comments);
    assert!(!old_ids.is_empty(), "the fixture has comments");
    let doc = load(&path);
    let comments = comment_everywhere(&doc, &auto_labels(&src));
    let out = annotate(&src, Format::Docx, &doc, &comments, &[], &opts()).unwrap();
    let new_comments = part(&out, "word/comments.xml");
    let ids = comment_ids(&new_comments);
    assert_eq!(ids.len(), old_ids.len() + comments.len());
    assert_eq!(
        &ids[..old_ids.len()],
        &old_ids[..],
        "old comments first, ids kept"
    );
    let mut uniq = ids.clone();
    uniq.sort_unstable();
    uniq.dedup();
    assert_eq!(uniq.len(), ids.len(), "comment ids are unique");
    // The old comments' own XML is untouched, and so are their anchors.
    let body =
        |x: &str| x[x.find("<w:comment ").unwrap()..x.rfind("</w:comments>").unwrap()].to_string();
    assert!(new_comments.contains(&body(&old_comments)));
    let doc_xml = part(&out, "word/document.xml");
    for id in old_ids {
        assert!(doc_xml.contains(&format!("<w:commentReference w:id=\"{id}\"/>")));
    }
}

/// A previous wording of `body`: second word replaced, last word dropped, a hedge
/// added after the third word (so the draft both adds and removes words).
fn previous_of(body: &str) -> String {
    let mut w: Vec<&str> = body.split_whitespace().collect();
    w[1] = "encourages";
    w.pop();
    w.insert(3, "as appropriate,");
    w.join(" ")
}

/// Checks a redlined draft: accept-all text is the draft's, reject-all text has the
/// previous wordings and the removed paragraphs where they were.
fn redline_case(name: &str, src: &[u8], format: Format, doc: &Document) {
    let changed: Vec<usize> = doc
        .paragraphs
        .iter()
        .enumerate()
        .filter(|(i, p)| {
            !p.is_heading && doc.text[p.body.clone()].split_whitespace().count() >= 6 && i % 3 == 0
        })
        .map(|(i, _)| i)
        .take(8)
        .collect();
    assert!(changed.len() >= 2, "{name}: paragraphs to change");
    let mut redlines: Vec<Redline> = changed
        .iter()
        .map(|&i| Redline::Changed {
            paragraph: i,
            previous: previous_of(&doc.text[doc.paragraphs[i].body.clone()]),
        })
        .collect();
    let after = changed[1];
    redlines.push(Redline::Removed {
        after: Some(after),
        previous: "99. Requests the mission to deploy women's protection advisers.".into(),
    });
    redlines.push(Redline::Removed {
        after: None,
        previous: "Removed opening & <paragraph>".into(),
    });
    let comments = vec![Comment {
        paragraph: changed[0],
        span: None,
        text: "Changed".into(),
    }];
    let out = annotate(src, format, doc, &comments, &redlines, &opts()).unwrap();
    assert_well_formed(&out);
    // For looking at the result in an office suite.
    if let Some(dir) = std::env::var_os("WPSLENS_ANNOTATE_DUMP") {
        std::fs::write(Path::new(&dir).join(format!("{name}.redline.docx")), &out).unwrap();
    }
    // Accept all = the draft.
    assert_same_paragraphs(name, doc, &reread(&out));
    if format == Format::Docx {
        let before = read_docx(src, &Limits::default()).unwrap();
        assert_eq!(
            before.text,
            read_docx(&out, &Limits::default()).unwrap().text
        );
    }
    // Reject all = the previous text.
    let xml = part(&out, "word/document.xml");
    assert!(xml.contains("w:author=\"wpslens\" w:date=\"2026-03-01T09:30:00Z\""));
    let (wps, _) = paragraphs(&xml);
    for &i in &changed {
        let p = &doc.paragraphs[i];
        let body = norm(&doc.text[p.body.clone()]);
        let k = wps
            .iter()
            .position(|w| norm(&w.accepted).ends_with(&body))
            .unwrap_or_else(|| panic!("{name}: paragraph {i} not found"));
        let accepted = norm(&wps[k].accepted);
        let label_part = &accepted[..accepted.len() - body.len()];
        let want = norm(&format!(
            "{label_part}{}",
            previous_of(&doc.text[p.body.clone()])
        ));
        assert_eq!(
            norm(&wps[k].rejected),
            want,
            "{name}: paragraph {i} rejected"
        );
        assert_ne!(norm(&wps[k].rejected), accepted);
    }
    let removed = wps
        .iter()
        .position(|w| {
            norm(&w.rejected) == "99. Requests the mission to deploy women's protection advisers."
        })
        .expect("removed paragraph present");
    assert_eq!(
        wps[removed].accepted, "",
        "{name}: removed paragraph has no accepted text"
    );
    let before_removed = norm(&wps[removed - 1].accepted);
    assert!(
        norm(&doc.text[doc.paragraphs[after].body.clone()]).ends_with(&before_removed)
            && !before_removed.is_empty(),
        "{name}: removed paragraph follows paragraph {after}, found after {before_removed:?}"
    );
    let first = wps.iter().position(|w| !w.rejected.is_empty()).unwrap();
    assert_eq!(wps[first].rejected, "Removed opening & <paragraph>");
}

#[test]
fn redlines_accept_to_the_draft_and_reject_to_the_previous_text() {
    let path = repo("corpus/mandate-draft.txt");
    redline_case(
        "mandate-draft.txt",
        &std::fs::read(&path).unwrap(),
        Format::Text,
        &load(&path),
    );
    let path = repo("tests/fixtures/docx/numbering.docx");
    redline_case(
        "numbering.docx",
        &std::fs::read(&path).unwrap(),
        Format::Docx,
        &load(&path),
    );
    if let Some(path) = shared("pdf/S-2018-221-draft.docx") {
        redline_case(
            "S-2018-221-draft.docx",
            &std::fs::read(&path).unwrap(),
            Format::Docx,
            &load(&path),
        );
    }
}

#[test]
fn bad_requests_are_refused() {
    let path = repo("corpus/mandate-draft.txt");
    let doc = load(&path);
    let src = std::fs::read(&path).unwrap();
    let c = |p| Comment {
        paragraph: p,
        span: None,
        text: "x".into(),
    };
    let n = doc.paragraphs.len();
    assert!(annotate(&src, Format::Text, &doc, &[c(n)], &[], &opts()).is_err());
    let mut o = opts();
    o.date = "1 March 2026".into();
    assert!(annotate(&src, Format::Text, &doc, &[c(0)], &[], &o).is_err());
    // A document model that does not come from this DOCX.
    let docx = std::fs::read(repo("tests/fixtures/docx/numbering.docx")).unwrap();
    assert!(annotate(&docx, Format::Docx, &doc, &[c(0)], &[], &opts()).is_err());
}

// ---- wpslens check --annotate -------------------------------------------------

fn wpslens(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_wpslens"))
        .args(args)
        .env("SOURCE_DATE_EPOCH", "1772357400")
        .output()
        .unwrap()
}

#[test]
fn check_annotate_writes_comments_for_missing_and_weakened_findings() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("annotated.docx");
    let draft = repo("corpus/mandate-draft.txt");
    let o = wpslens(&[
        "check",
        draft.to_str().unwrap(),
        "--format",
        "json",
        "--annotate",
        out.to_str().unwrap(),
    ]);
    assert!(matches!(o.status.code(), Some(0 | 1)), "{o:?}");
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let flagged = v["documents"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == "missing" || f["kind"] == "weakened")
        .count();
    let bytes = std::fs::read(&out).unwrap();
    assert_well_formed(&bytes);
    let comments = part(&bytes, "word/comments.xml");
    assert_eq!(
        comment_ids(&comments).len(),
        flagged,
        "one comment per finding"
    );
    assert!(
        comments.contains("w:date=\"2026-03-01T09:30:00Z\""),
        "SOURCE_DATE_EPOCH is the date"
    );
    // Same input, same date: same bytes.
    let out2 = dir.path().join("again.docx");
    wpslens(&[
        "check",
        draft.to_str().unwrap(),
        "--annotate",
        out2.to_str().unwrap(),
    ]);
    assert_eq!(bytes, std::fs::read(&out2).unwrap());
}

#[test]
fn check_annotate_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("a.docx");
    let out_s = out.to_str().unwrap();
    let draft = repo("corpus/mandate-draft.txt");
    let d = draft.to_str().unwrap();
    let prev = repo("corpus/mandate-previous.txt");
    // Several inputs.
    let o = wpslens(&["check", d, prev.to_str().unwrap(), "--annotate", out_s]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("exactly one FILE"));
    assert!(!out.exists(), "no output on error");
    // --redline needs --against (and --annotate).
    let o = wpslens(&["check", d, "--annotate", out_s, "--redline"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--against"));
    assert!(!out.exists());
    assert_eq!(wpslens(&["check", d, "--redline"]).status.code(), Some(2));
    // The output may not be the input.
    let copy = dir.path().join("draft.docx");
    std::fs::copy(repo("tests/fixtures/docx/numbering.docx"), &copy).unwrap();
    let before = std::fs::read(&copy).unwrap();
    let o = wpslens(&[
        "check",
        copy.to_str().unwrap(),
        "--annotate",
        copy.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("overwrite an input"));
    assert_eq!(before, std::fs::read(&copy).unwrap(), "input untouched");
    // An unreadable draft: one error line, no output.
    let bad = repo("tests/fixtures/docx/bad_truncated.docx");
    let o = wpslens(&["check", bad.to_str().unwrap(), "--annotate", out_s]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!out.exists());
}

#[test]
fn compare_annotate_redline_marks_the_wps_changes_against_the_previous_text() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("redlined.docx");
    let draft = repo("corpus/mandate-draft.txt");
    let prev = repo("corpus/mandate-previous.txt");
    let o = wpslens(&[
        "compare",
        prev.to_str().unwrap(),
        draft.to_str().unwrap(),
        "--format",
        "json",
        "--annotate",
        out.to_str().unwrap(),
        "--redline",
    ]);
    assert_eq!(o.status.code(), Some(1), "{o:?}");
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let findings = v["documents"][0]["findings"].as_array().unwrap();
    let regressed = findings.iter().filter(|f| f["kind"] == "regressed").count();
    let others = findings
        .iter()
        .filter(|f| f["kind"] == "missing" || f["kind"] == "weakened")
        .count();
    let bytes = std::fs::read(&out).unwrap();
    assert_well_formed(&bytes);
    // One comment per regressed, missing and weakened finding.
    let comments = part(&bytes, "word/comments.xml");
    assert_eq!(comment_ids(&comments).len(), regressed + others);
    assert!(comments.contains("WPA-001"));
    assert!(comments.contains("Restore"));
    // Accepting every change gives the draft ...
    let d = common::load(&draft);
    assert_same_paragraphs("compare --redline", &d, &reread(&bytes));
    // ... rejecting them gives the previous wording of each changed WPS paragraph.
    let xml = part(&bytes, "word/document.xml");
    let (wps, _) = paragraphs(&xml);
    let p = common::load(&prev);
    let rejected: Vec<String> = wps.iter().map(|w| norm(&w.rejected)).collect();
    for needle in [
        "including through the deployment of women’s protection advisers and child protection advisers",
        "to promote the full, equal and meaningful participation of women",
        "including sex-disaggregated data",
        "Requests MINUSKE to take fully into account gender considerations",
    ] {
        assert!(
            rejected.iter().any(|r| r.contains(needle)),
            "rejected text lacks {needle:?}"
        );
        // (and the previous text really had it)
        assert!(norm(&p.text).contains(needle));
    }
    // Paragraphs without WPS changes are not redlined.
    let accepted_only = wps
        .iter()
        .filter(|w| norm(&w.accepted) == norm(&w.rejected))
        .count();
    assert!(accepted_only > 60, "{accepted_only}");
}
