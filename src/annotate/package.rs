//! Editing a DOCX package: paragraph edits in the parts that hold text, the comments
//! part, its relationship and content type. Every other ZIP entry is copied byte for
//! byte (compressed data included).

use super::para::{self, Ids, Mark, Op, ParaXml, Rev};
use super::{AnnotateError, AnnotateOptions};
use crate::read::docx::{part_names, part_xml, same_part};
use crate::read::{Limits, XmlPart, XmlSource};
use quick_xml::escape::escape;
use std::collections::BTreeMap;
use std::io::{Cursor, Write};
use std::ops::Range;

const COMMENTS_REL: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments";
const COMMENTS_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml";
const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// What to do with one block (one `w:p`, or a chain joined by deleted marks).
#[derive(Debug, Default)]
pub(crate) struct BlockEdit {
    pub source: Option<XmlSource>,
    /// The block's text in the document model whose characters are in the runs
    /// (the automatic label left out), and its offset in `Document::text`.
    pub doc_text: String,
    pub doc_base: usize,
    /// Comment ranges starting / ending in this block: index into the comment list
    /// and the offset in `Document::text` (clamped to the block).
    pub comment_starts: Vec<(usize, usize)>,
    pub comment_ends: Vec<(usize, usize)>,
    /// Tracked change: previous wording of the text from this document offset on.
    pub redline: Option<(usize, String)>,
    /// Previous paragraphs removed after this one, in order.
    pub removed_after: Vec<String>,
}

/// A comment to write: its text (paragraphs separated by `\n`).
#[derive(Debug, Clone)]
pub(crate) struct CommentText {
    pub text: String,
}

/// Applies `edits` (one per block, in any order) and the comments to the package.
/// `removed_at_start` are removed paragraphs put before the first body paragraph.
pub(crate) fn edit_package(
    source: &[u8],
    limits: &Limits,
    edits: &[BlockEdit],
    removed_at_start: &[String],
    first_body: Option<XmlSource>,
    comments: &[CommentText],
    opts: &AnnotateOptions,
) -> Result<Vec<u8>, AnnotateError> {
    let names = part_names(source, limits)?;
    let main = names.main.clone();
    let (dir, file) = match main.rfind('/') {
        Some(i) => (main[..i].to_string(), main[i + 1..].to_string()),
        None => (String::new(), main.clone()),
    };
    let in_dir = |n: &str| {
        if dir.is_empty() {
            n.to_string()
        } else {
            format!("{dir}/{n}")
        }
    };
    let rels_name = in_dir(&format!("_rels/{file}.rels"));
    let rels = part_xml(source, &rels_name, limits)?;

    // Existing comments part.
    let mut comments_part: Option<(String, String)> = None;
    if let Some(rels) = &rels {
        for (ty, target) in relationships(rels) {
            if ty == COMMENTS_REL {
                let name = resolve(&dir, &target);
                if let Some(x) = part_xml(source, &name, limits)? {
                    comments_part = Some((name, x));
                }
                break;
            }
        }
    }

    // Parts with text to edit.
    let mut parts: BTreeMap<u8, (String, String)> = BTreeMap::new();
    let part_of = |p: XmlPart| match p {
        XmlPart::Main => Some(main.clone()),
        XmlPart::Footnotes => names.footnotes.clone(),
        XmlPart::Endnotes => names.endnotes.clone(),
    };
    let key = |p: XmlPart| p as u8;
    for e in edits {
        let Some(src) = e.source else { continue };
        if let std::collections::btree_map::Entry::Vacant(v) = parts.entry(key(src.part)) {
            let name = part_of(src.part)
                .ok_or_else(|| AnnotateError::Xml("a notes part is missing".into()))?;
            let xml = part_xml(source, &name, limits)?
                .ok_or_else(|| AnnotateError::Xml(format!("{name}: part is missing")))?;
            v.insert((name, xml));
        }
    }
    if let std::collections::btree_map::Entry::Vacant(v) = parts.entry(key(XmlPart::Main)) {
        let xml = part_xml(source, &main, limits)?
            .ok_or_else(|| AnnotateError::Xml(format!("{main}: part is missing")))?;
        v.insert((main.clone(), xml));
    }
    for (_, xml) in parts.values() {
        if xml.contains("http://purl.oclc.org/ooxml/wordprocessingml/main") {
            return Err(AnnotateError::Unsupported(
                "Strict Open XML documents cannot be annotated; save the draft as a \
                 Word Document (.docx) and try again"
                    .into(),
            ));
        }
    }

    // Identifiers: above every w:id in the parts we touch.
    let mut max_id = 0u64;
    for x in parts
        .values()
        .map(|(_, x)| x.as_str())
        .chain(comments_part.as_ref().map(|(_, x)| x.as_str()))
    {
        max_id = max_id.max(max_w_id(x));
    }
    let mut ids = Ids { next: max_id + 1 };
    let mut all_comments: Vec<(u64, String)> = comments
        .iter()
        .map(|c| (ids.take(), c.text.clone()))
        .collect();
    let rev = Rev {
        author: &opts.author,
        date: &opts.date,
    };

    // Paragraph edits, per part.
    let mut part_edits: BTreeMap<u8, Vec<(Range<usize>, String)>> = BTreeMap::new();
    for e in edits {
        let Some(src) = e.source else { continue };
        let xml = &parts[&key(src.part)].1;
        let out = part_edits.entry(key(src.part)).or_default();
        let name = &parts[&key(src.part)].0;
        let first = ParaXml::parse(xml, src.first, name)?;
        let last = if src.last == src.first {
            None
        } else {
            Some(ParaXml::parse(xml, src.last, name)?)
        };
        let runs = first.run_text();
        let map = if last.is_none() && !first.nested && !first.self_closing {
            para::align(&e.doc_text, &runs)
        } else {
            None
        };
        let pfx = first.pfx();
        match map {
            Some(map) => {
                let to_runs = |off: usize| {
                    let rel = off.saturating_sub(e.doc_base).min(e.doc_text.len());
                    map[rel]
                };
                let mut marks = Vec::new();
                for &(ci, off) in &e.comment_starts {
                    let mut s = to_runs(off);
                    // A range that would be empty in this block covers the paragraph.
                    if let Some(&(_, end)) = e.comment_ends.iter().find(|(cj, _)| *cj == ci) {
                        if to_runs(end) <= s {
                            s = 0;
                        }
                    }
                    marks.push((s, Mark::CommentStart(all_comments[ci].0)));
                }
                for &(ci, off) in &e.comment_ends {
                    let mut t = to_runs(off);
                    if let Some(&(_, start)) = e.comment_starts.iter().find(|(cj, _)| *cj == ci) {
                        if t <= to_runs(start) {
                            t = runs.len();
                        }
                    }
                    marks.push((t, Mark::CommentEnd(all_comments[ci].0)));
                }
                let ops = match &e.redline {
                    Some((from, prev)) => para::word_ops(&runs, to_runs(*from), prev),
                    None => vec![Op::Keep(0..runs.len())],
                };
                let content = para::rewrite(xml, &first, &ops, &marks, &rev, &mut ids);
                out.push((first.content_start()..first.content_end, content));
            }
            None => {
                let end_p = last.as_ref().unwrap_or(&first);
                let mut starts: Vec<u64> = e
                    .comment_starts
                    .iter()
                    .map(|(ci, _)| all_comments[*ci].0)
                    .collect();
                let mut ends: Vec<u64> = e
                    .comment_ends
                    .iter()
                    .map(|(ci, _)| all_comments[*ci].0)
                    .collect();
                if let Some((_, prev)) = &e.redline {
                    let id = ids.take();
                    all_comments.push((
                        id,
                        format!(
                            "Previous wording (not marked as tracked changes because the \
                             paragraph holds fields, links or other content that wpslens \
                             keeps as it is):\n{prev}"
                        ),
                    ));
                    starts.push(id);
                    ends.push(id);
                }
                let start_p = if first.self_closing { end_p } else { &first };
                if !starts.is_empty() {
                    let xml: String = starts
                        .iter()
                        .map(|&id| para::comment_start(&pfx, id))
                        .collect();
                    out.push((start_p.content_start()..start_p.content_start(), xml));
                }
                if !ends.is_empty() {
                    let xml: String = ends.iter().map(|&id| para::comment_end(&pfx, id)).collect();
                    out.push((end_p.content_end..end_p.content_end, xml));
                }
            }
        }
        if !e.removed_after.is_empty() {
            let end_p = last.as_ref().unwrap_or(&first);
            let rpr = para::plain_rpr(first.first_rpr());
            let mut s = String::new();
            for prev in &e.removed_after {
                s.push_str(&para::removed_paragraph(
                    &pfx, None, &rpr, prev, &rev, &mut ids,
                ));
            }
            out.push((end_p.end..end_p.end, s));
        }
    }
    if !removed_at_start.is_empty() {
        let src = first_body.ok_or_else(|| {
            AnnotateError::Unsupported("the document has no paragraph to insert before".into())
        })?;
        let xml = &parts[&key(XmlPart::Main)].1;
        let first = ParaXml::parse(xml, src.first, &main)?;
        let pfx = first.pfx();
        let rpr = para::plain_rpr(first.first_rpr());
        let mut s = String::new();
        for prev in removed_at_start {
            s.push_str(&para::removed_paragraph(
                &pfx, None, &rpr, prev, &rev, &mut ids,
            ));
        }
        part_edits
            .entry(key(XmlPart::Main))
            .or_default()
            .push((first.start..first.start, s));
    }

    let mut modified: Vec<(String, Vec<u8>)> = Vec::new();
    for (k, (name, xml)) in &parts {
        let Some(list) = part_edits.get_mut(k) else {
            continue;
        };
        let new = apply(xml, list)?;
        modified.push((name.clone(), utf8_decl(new).into_bytes()));
    }

    // Comments part, relationship, content type.
    let mut added: Vec<(String, Vec<u8>)> = Vec::new();
    if !all_comments.is_empty() {
        match comments_part {
            Some((name, xml)) => {
                let new = append_comments(&xml, &all_comments, opts, &name)?;
                modified.push((name, utf8_decl(new).into_bytes()));
            }
            None => {
                let mut n = 0;
                let name = loop {
                    let cand = if n == 0 {
                        in_dir("comments.xml")
                    } else {
                        in_dir(&format!("comments{n}.xml"))
                    };
                    if !entry_exists(source, &cand)? {
                        break cand;
                    }
                    n += 1;
                };
                let target = name.rsplit('/').next().unwrap_or(&name).to_string();
                let mut body = format!(
                    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:comments xmlns:w=\"{W_NS}\">"
                );
                body.push_str(&comments_xml("w:", &all_comments, opts));
                body.push_str("</w:comments>");
                added.push((name.clone(), body.into_bytes()));
                let rels_new = add_relationship(rels.as_deref(), &target);
                match rels {
                    Some(_) => modified.push((rels_name.clone(), rels_new.into_bytes())),
                    None => added.push((rels_name.clone(), rels_new.into_bytes())),
                }
                let ct = part_xml(source, "[Content_Types].xml", limits)?
                    .ok_or_else(|| AnnotateError::Xml("[Content_Types].xml is missing".into()))?;
                let ct = add_override(&ct, &format!("/{name}"))?;
                modified.push(("[Content_Types].xml".into(), utf8_decl(ct).into_bytes()));
            }
        }
    }
    rezip(source, &modified, &added)
}

/// Largest number in a `w:id="N"` (any prefix) of `xml`.
fn max_w_id(xml: &str) -> u64 {
    let mut max = 0u64;
    let mut rest = xml;
    while let Some(i) = rest.find(":id=\"") {
        rest = &rest[i + 5..];
        let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
        if let Ok(n) = digits.parse::<u64>() {
            if n < u64::MAX / 4 {
                max = max.max(n);
            }
        }
    }
    max
}

/// Applies non-overlapping edits (insertions are empty ranges), in order of position;
/// insertions at the same place keep the order they were added in.
fn apply(xml: &str, list: &mut [(Range<usize>, String)]) -> Result<String, AnnotateError> {
    list.sort_by_key(|(r, _)| (r.start, r.end));
    let mut out = String::with_capacity(xml.len() + list.iter().map(|e| e.1.len()).sum::<usize>());
    let mut pos = 0;
    for (r, s) in list.iter() {
        if r.start < pos {
            return Err(AnnotateError::Xml(
                "two edits overlap (a paragraph nested in another)".into(),
            ));
        }
        out.push_str(&xml[pos..r.start]);
        out.push_str(s);
        pos = r.end;
    }
    out.push_str(&xml[pos..]);
    Ok(out)
}

/// Parts are rewritten as UTF-8: fix a declaration that says otherwise.
fn utf8_decl(mut xml: String) -> String {
    if xml.starts_with("<?xml") {
        if let Some(end) = xml.find("?>") {
            let decl = xml[..end].to_string();
            let lower = decl.to_ascii_lowercase();
            if let Some(i) = lower.find("encoding=") {
                let q = decl.as_bytes().get(i + 9).copied().unwrap_or(b'"') as char;
                if let Some(j) = decl[i + 10..].find(q) {
                    let new = format!(
                        "{}encoding={q}UTF-8{q}{}",
                        &decl[..i],
                        &decl[i + 10 + j + 1..]
                    );
                    xml.replace_range(..end, &new);
                }
            }
        }
    }
    xml
}

/// (Type, Target) of each relationship.
fn relationships(rels: &str) -> Vec<(String, String)> {
    use quick_xml::events::Event;
    let mut r = quick_xml::Reader::from_str(rels);
    let mut out = Vec::new();
    loop {
        match r.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e))
                if e.local_name().as_ref() == "Relationship" =>
            {
                let mut ty = String::new();
                let mut target = String::new();
                let mut external = false;
                for a in e.attributes().flatten() {
                    let v = a
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .map(|c| c.into_owned())
                        .unwrap_or_default();
                    match a.key.as_ref() {
                        "Type" => ty = v,
                        "Target" => target = v,
                        "TargetMode" => external = v == "External",
                        _ => {}
                    }
                }
                if !external {
                    out.push((ty, target));
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    out
}

fn resolve(dir: &str, target: &str) -> String {
    if let Some(abs) = target.strip_prefix('/') {
        return abs.to_string();
    }
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    for seg in target.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

fn entry_exists(source: &[u8], name: &str) -> Result<bool, AnnotateError> {
    let zip = zip::ZipArchive::new(Cursor::new(source)).map_err(zip_err)?;
    let found = zip
        .file_names_raw()
        .any(|n| same_part(&String::from_utf8_lossy(n), name));
    Ok(found)
}

fn zip_err(e: zip::result::ZipError) -> AnnotateError {
    AnnotateError::Xml(format!("the ZIP archive cannot be rewritten: {e}"))
}

/// `w:comment` elements for `comments`, with prefix `pfx` (`w:`).
fn comments_xml(pfx: &str, comments: &[(u64, String)], opts: &AnnotateOptions) -> String {
    let mut s = String::new();
    for (id, text) in comments {
        s.push_str(&format!(
            "<{pfx}comment {pfx}id=\"{id}\" {pfx}author=\"{}\" {pfx}date=\"{}\" {pfx}initials=\"{}\">",
            escape(opts.author.as_str()),
            escape(opts.date.as_str()),
            escape(opts.initials.as_str())
        ));
        for (k, line) in text.split('\n').enumerate() {
            s.push_str(&format!("<{pfx}p>"));
            if k == 0 {
                s.push_str(&format!("<{pfx}r><{pfx}annotationRef/></{pfx}r>"));
            }
            let line: String = line.chars().filter(|&c| c >= ' ' || c == '\t').collect();
            if !line.is_empty() {
                s.push_str(&format!(
                    "<{pfx}r><{pfx}t xml:space=\"preserve\">{}</{pfx}t></{pfx}r>",
                    escape(line.as_str())
                ));
            }
            s.push_str(&format!("</{pfx}p>"));
        }
        s.push_str(&format!("</{pfx}comment>"));
    }
    s
}

/// Adds comments to an existing comments part (before its end tag).
fn append_comments(
    xml: &str,
    comments: &[(u64, String)],
    opts: &AnnotateOptions,
    name: &str,
) -> Result<String, AnnotateError> {
    use quick_xml::events::Event;
    let mut r = quick_xml::Reader::from_str(xml);
    loop {
        let before = r.buffer_position() as usize;
        match r.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => {
                let qn = e.name().as_ref().to_string();
                let pfx = match qn.find(':') {
                    Some(i) => format!("{}:", &qn[..i]),
                    None => String::new(),
                };
                let items = comments_xml(&pfx, comments, opts);
                let after = r.buffer_position() as usize;
                if xml[before..after].ends_with("/>") {
                    let open = xml[before..after - 2].trim_end();
                    return Ok(format!(
                        "{}{open}>{items}</{qn}>{}",
                        &xml[..before],
                        &xml[after..]
                    ));
                }
                let close = format!("</{qn}>");
                let at = xml
                    .rfind(&close)
                    .ok_or_else(|| AnnotateError::Xml(format!("{name}: no end tag")))?;
                return Ok(format!("{}{items}{}", &xml[..at], &xml[at..]));
            }
            Ok(Event::Eof) | Err(_) => {
                return Err(AnnotateError::Xml(format!("{name}: not a comments part")))
            }
            _ => {}
        }
    }
}

fn add_relationship(rels: Option<&str>, target: &str) -> String {
    const NS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
    let rel_for = |id: &str| {
        format!(
            "<Relationship Id=\"{id}\" Type=\"{COMMENTS_REL}\" Target=\"{}\"/>",
            escape(target)
        )
    };
    match rels {
        None => format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"{NS}\">{}</Relationships>",
            rel_for("rId1")
        ),
        Some(x) => {
            let mut n = 1;
            let id = loop {
                let id = format!("rIdWpslens{n}");
                if !x.contains(&format!("\"{id}\"")) {
                    break id;
                }
                n += 1;
            };
            match x.rfind("</Relationships>") {
                Some(at) => format!("{}{}{}", &x[..at], rel_for(&id), &x[at..]),
                None => match x.rfind("/>") {
                    // <Relationships .../>: no relationship yet.
                    Some(at) if x[..at].trim_end().ends_with("Relationships") || x.contains("<Relationships") => {
                        format!("{}>{}</Relationships>{}", &x[..at], rel_for(&id), &x[at + 2..])
                    }
                    _ => x.to_string(),
                },
            }
        }
    }
}

fn add_override(ct: &str, part: &str) -> Result<String, AnnotateError> {
    let lower = ct.to_ascii_lowercase();
    if lower.contains(&format!("partname=\"{}\"", part.to_ascii_lowercase())) {
        return Ok(ct.to_string());
    }
    let at = ct
        .rfind("</Types>")
        .ok_or_else(|| AnnotateError::Xml("[Content_Types].xml: no </Types>".into()))?;
    Ok(format!(
        "{}<Override PartName=\"{}\" ContentType=\"{COMMENTS_TYPE}\"/>{}",
        &ct[..at],
        escape(part),
        &ct[at..]
    ))
}

/// Writes the package again: modified parts replaced, added parts appended, every
/// other entry copied raw.
fn rezip(
    source: &[u8],
    modified: &[(String, Vec<u8>)],
    added: &[(String, Vec<u8>)],
) -> Result<Vec<u8>, AnnotateError> {
    use zip::write::SimpleFileOptions;
    let opts = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    let mut zin = zip::ZipArchive::new(Cursor::new(source)).map_err(zip_err)?;
    let mut zw = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(source.len() + 4096)));
    let mut done = vec![false; modified.len()];
    for i in 0..zin.len() {
        let f = zin.by_index_raw(i).map_err(zip_err)?;
        let name = f.name().map_err(zip_err)?.to_string();
        match modified.iter().position(|(n, _)| same_part(n, &name)) {
            Some(k) if !done[k] => {
                drop(f);
                done[k] = true;
                zw.start_file(name, opts).map_err(zip_err)?;
                zw.write_all(&modified[k].1)
                    .map_err(|e| AnnotateError::Xml(format!("cannot write the package: {e}")))?;
            }
            Some(_) => {} // duplicate entry name: the first one is the part
            None => zw.raw_copy_file(f).map_err(zip_err)?,
        }
    }
    for (name, bytes) in added {
        zw.start_file(name.as_str(), opts).map_err(zip_err)?;
        zw.write_all(bytes)
            .map_err(|e| AnnotateError::Xml(format!("cannot write the package: {e}")))?;
    }
    Ok(zw.finish().map_err(zip_err)?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declarations_become_utf8() {
        assert_eq!(
            utf8_decl("<?xml version=\"1.0\" encoding=\"UTF-16\"?><a/>".into()),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><a/>"
        );
        assert_eq!(utf8_decl("<a/>".into()), "<a/>");
    }

    #[test]
    fn relative_targets() {
        assert_eq!(resolve("word", "comments.xml"), "word/comments.xml");
        assert_eq!(resolve("word", "../c.xml"), "c.xml");
        assert_eq!(resolve("word", "/word/c.xml"), "word/c.xml");
    }

    #[test]
    fn ids_above_the_largest() {
        assert_eq!(max_w_id(r#"<w:ins w:id="12"/><w:x w:id="3"/>"#), 12);
    }
}
