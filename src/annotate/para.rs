//! One `w:p` element of a part: its direct children, the text of its plain runs, and
//! rewriting it with comment anchors and tracked changes.

use super::AnnotateError;
use quick_xml::escape::{escape, unescape};
use quick_xml::events::Event;
use quick_xml::Reader;
use std::ops::Range;

/// A direct child of a `w:p` after its `w:pPr`.
#[derive(Debug)]
pub(crate) enum Child {
    /// A run holding only `w:rPr`, `w:t`, `w:tab` and plain `w:br`: its text can be split.
    Run {
        rpr: String,
        /// Text, with `\t` for each `w:tab` and `\n` for each plain `w:br`.
        text: String,
    },
    /// Anything else (bookmarks, fields, links, drawings, notes references,
    /// existing revisions...), copied as it is.
    Opaque(Range<usize>),
}

#[derive(Debug)]
pub(crate) struct ParaXml {
    pub start: usize,
    /// End of the start tag (after `>`).
    pub tag_end: usize,
    pub self_closing: bool,
    /// Start of `</w:p>` (equals `tag_end` for `<w:p/>`).
    pub content_end: usize,
    /// After `</w:p>`.
    pub end: usize,
    /// Namespace prefix of the element (`w`), empty when none.
    pub prefix: String,
    pub ppr: Option<Range<usize>>,
    pub children: Vec<Child>,
    /// A `w:p` nested inside (text box): the paragraph is never rewritten.
    pub nested: bool,
}

fn bad(part: &str, at: usize, what: impl std::fmt::Display) -> AnnotateError {
    AnnotateError::Xml(format!("{part}: malformed XML at byte {at}: {what}"))
}

fn local(qname: &str) -> &str {
    match qname.find(':') {
        Some(i) => &qname[i + 1..],
        None => qname,
    }
}

impl ParaXml {
    /// Parses the `w:p` whose start tag is at `start` in `xml`.
    pub fn parse(xml: &str, start: usize, part: &str) -> Result<ParaXml, AnnotateError> {
        let src = xml
            .get(start..)
            .ok_or_else(|| bad(part, start, "paragraph offset out of range"))?;
        let mut r = Reader::from_str(src);
        let pos = |r: &Reader<&[u8]>| start + r.buffer_position() as usize;
        let first = r.read_event().map_err(|e| bad(part, start, e))?;
        let (qname, self_closing) = match &first {
            Event::Start(e) => (e.name().as_ref().to_string(), false),
            Event::Empty(e) => (e.name().as_ref().to_string(), true),
            _ => return Err(bad(part, start, "no paragraph here")),
        };
        if local(&qname) != "p" {
            return Err(bad(part, start, "no paragraph here"));
        }
        let prefix = match qname.find(':') {
            Some(i) => qname[..i].to_string(),
            None => String::new(),
        };
        let tag_end = pos(&r);
        let mut p = ParaXml {
            start,
            tag_end,
            self_closing,
            content_end: tag_end,
            end: tag_end,
            prefix,
            ppr: None,
            children: Vec::new(),
            nested: false,
        };
        if self_closing {
            return Ok(p);
        }
        let mut depth = 1usize;
        let mut child_start = 0usize;
        let mut child_name = String::new();
        loop {
            let before = pos(&r);
            let ev = r.read_event().map_err(|e| bad(part, before, e))?;
            match ev {
                Event::Start(e) => {
                    if depth == 1 {
                        child_start = before;
                        child_name = local(e.name().as_ref()).to_string();
                    } else if local(e.name().as_ref()) == "p" {
                        p.nested = true;
                    }
                    depth += 1;
                }
                Event::Empty(e) => {
                    if depth == 1 {
                        let name = local(e.name().as_ref()).to_string();
                        p.push_child(xml, &name, before..pos(&r), part)?;
                    } else if local(e.name().as_ref()) == "p" {
                        p.nested = true;
                    }
                }
                Event::End(_) => {
                    depth -= 1;
                    if depth == 0 {
                        p.content_end = before;
                        p.end = pos(&r);
                        return Ok(p);
                    }
                    if depth == 1 {
                        let name = std::mem::take(&mut child_name);
                        p.push_child(xml, &name, child_start..pos(&r), part)?;
                    }
                }
                Event::Eof => return Err(bad(part, before, "unclosed paragraph")),
                _ => {}
            }
        }
    }

    fn push_child(
        &mut self,
        xml: &str,
        name: &str,
        range: Range<usize>,
        part: &str,
    ) -> Result<(), AnnotateError> {
        match name {
            "pPr" if self.ppr.is_none() && self.children.is_empty() => self.ppr = Some(range),
            "r" => {
                let child = match simple_run(xml, range.clone(), part)? {
                    Some((rpr, text)) => Child::Run { rpr, text },
                    None => Child::Opaque(range),
                };
                self.children.push(child);
            }
            _ => self.children.push(Child::Opaque(range)),
        }
        Ok(())
    }

    /// The text of the plain runs, in order (`\t` for tabs).
    pub fn run_text(&self) -> String {
        let mut s = String::new();
        for c in &self.children {
            if let Child::Run { text, .. } = c {
                s.push_str(text);
            }
        }
        s
    }

    /// Where new content may start: after `w:pPr`, or after the start tag.
    pub fn content_start(&self) -> usize {
        self.ppr.as_ref().map_or(self.tag_end, |r| r.end)
    }

    /// The run properties of the first plain run, if any.
    pub fn first_rpr(&self) -> &str {
        self.children
            .iter()
            .find_map(|c| match c {
                Child::Run { rpr, .. } => Some(rpr.as_str()),
                _ => None,
            })
            .unwrap_or("")
    }

    pub fn pfx(&self) -> String {
        if self.prefix.is_empty() {
            String::new()
        } else {
            format!("{}:", self.prefix)
        }
    }
}

/// `(rPr XML, text)` of a run holding only `w:rPr`, `w:t` and `w:tab`, else `None`.
fn simple_run(
    xml: &str,
    range: Range<usize>,
    part: &str,
) -> Result<Option<(String, String)>, AnnotateError> {
    let src = &xml[range.clone()];
    let mut r = Reader::from_str(src);
    let base = range.start;
    let mut depth = 0usize;
    let mut rpr = String::new();
    let mut text = String::new();
    let mut sub_start = 0usize;
    let mut sub_name = String::new();
    let mut t_preserve = false;
    loop {
        let before = r.buffer_position() as usize;
        let ev = r.read_event().map_err(|e| bad(part, base + before, e))?;
        match ev {
            Event::Start(e) => {
                depth += 1;
                if depth == 2 {
                    sub_start = before;
                    sub_name = local(e.name().as_ref()).to_string();
                    match sub_name.as_str() {
                        "rPr" => {}
                        "t" => {
                            t_preserve = e.attributes().flatten().any(|a| {
                                local(a.key.as_ref()) == "space" && a.value.as_ref() == "preserve"
                            })
                        }
                        _ => return Ok(None),
                    }
                }
            }
            Event::Empty(e) if depth == 1 => match local(e.name().as_ref()) {
                "tab" => text.push('\t'),
                // A plain line break (not a page or column break).
                "br" if e.attributes().next().is_none() => text.push('\n'),
                "rPr" | "t" => {}
                _ => return Ok(None),
            },
            Event::End(_) => {
                if depth == 2 {
                    let after = r.buffer_position() as usize;
                    match sub_name.as_str() {
                        "rPr" => rpr = src[sub_start..after].to_string(),
                        "t" => {
                            let open_end = src[sub_start..]
                                .find('>')
                                .map_or(after, |i| sub_start + i + 1);
                            let raw = &src[open_end..before];
                            let t = unescape(raw).map_err(|e| bad(part, base + open_end, e))?;
                            let t: &str = if t_preserve {
                                &t
                            } else {
                                t.trim_matches(|c| matches!(c, ' ' | '\t' | '\r' | '\n'))
                            };
                            for c in t.chars() {
                                match c {
                                    '\r' | '\n' => text.push(' '),
                                    c if c < ' ' && c != '\t' => {}
                                    c => text.push(c),
                                }
                            }
                        }
                        _ => {}
                    }
                }
                depth = depth.saturating_sub(1);
            }
            Event::Eof => return Ok(Some((rpr, text))),
            _ => {}
        }
    }
}

/// Maps byte offsets of `doc` (the text as the document model has it) to byte offsets
/// of `runs` (the runs' text), matching every non-white-space character in order and
/// white space loosely. `None` when the two texts differ in anything but white space.
pub(crate) fn align(doc: &str, runs: &str) -> Option<Vec<usize>> {
    let mut map = vec![0usize; doc.len() + 1];
    let rb = runs;
    let mut j = 0usize;
    let skip_ws = |j: &mut usize| {
        while let Some(c) = rb[*j..].chars().next() {
            if c.is_whitespace() {
                *j += c.len_utf8();
            } else {
                break;
            }
        }
    };
    skip_ws(&mut j);
    for (i, c) in doc.char_indices() {
        if c.is_whitespace() {
            map[i..i + c.len_utf8()].fill(j);
            continue;
        }
        skip_ws(&mut j);
        let rc = rb[j..].chars().next()?;
        if rc != c {
            return None;
        }
        map[i..i + c.len_utf8()].fill(j);
        j += rc.len_utf8();
    }
    skip_ws(&mut j);
    if j != rb.len() {
        return None;
    }
    map[doc.len()] = rb.len();
    Some(map)
}

/// What goes into a rewritten paragraph at a position of its runs' text.
#[derive(Debug, Clone)]
pub(crate) enum Mark {
    CommentStart(u64),
    CommentEnd(u64),
}

/// Revision attributes shared by every `w:ins` / `w:del`.
pub(crate) struct Rev<'a> {
    pub author: &'a str,
    pub date: &'a str,
}

pub(crate) struct Ids {
    pub next: u64,
}

impl Ids {
    pub fn take(&mut self) -> u64 {
        let n = self.next;
        self.next += 1;
        n
    }
}

/// A text operation of the word diff over the runs' text.
#[derive(Debug, Clone)]
pub(crate) enum Op {
    /// Runs' text kept (`Equal`) or inserted (`Insert`) from `range`.
    Keep(Range<usize>),
    Insert(Range<usize>),
    /// Previous text not in the draft, deleted at this position.
    Delete(usize, String),
}

/// Word-level diff of `previous` against `runs[from..]`; `runs[..from]` is kept.
pub(crate) fn word_ops(runs: &str, from: usize, previous: &str) -> Vec<Op> {
    use similar::{ChangeTag, TextDiff};
    let mut ops = Vec::new();
    if from > 0 {
        ops.push(Op::Keep(0..from));
    }
    let new = &runs[from..];
    let diff = TextDiff::from_words(previous, new);
    let mut pos = from;
    for ch in diff.iter_all_changes() {
        let v = ch.value();
        match ch.tag() {
            ChangeTag::Equal => {
                push_range(&mut ops, pos..pos + v.len(), false);
                pos += v.len();
            }
            ChangeTag::Insert => {
                push_range(&mut ops, pos..pos + v.len(), true);
                pos += v.len();
            }
            ChangeTag::Delete => match ops.last_mut() {
                Some(Op::Delete(at, s)) if *at == pos => s.push_str(v),
                _ => ops.push(Op::Delete(pos, v.to_string())),
            },
        }
    }
    ops
}

fn push_range(ops: &mut Vec<Op>, r: Range<usize>, insert: bool) {
    match (ops.last_mut(), insert) {
        (Some(Op::Keep(last)), false) | (Some(Op::Insert(last)), true) if last.end == r.start => {
            last.end = r.end
        }
        _ => ops.push(if insert { Op::Insert(r) } else { Op::Keep(r) }),
    }
}

/// Writes a run with `text` (tabs as `w:tab`, line breaks as `w:br`) in `t`
/// elements named `tname`.
fn write_run(out: &mut String, pfx: &str, rpr: &str, text: &str, tname: &str) {
    out.push_str(&format!("<{pfx}r>{rpr}"));
    let mut rest = text;
    while !rest.is_empty() {
        let cut = rest.find(['\t', '\n']).unwrap_or(rest.len());
        let piece = &rest[..cut];
        if !piece.is_empty() {
            out.push_str(&format!(
                "<{pfx}{tname} xml:space=\"preserve\">{}</{pfx}{tname}>",
                escape(piece)
            ));
        }
        match rest[cut..].chars().next() {
            Some('\t') => out.push_str(&format!("<{pfx}tab/>")),
            Some('\n') => out.push_str(&format!("<{pfx}br/>")),
            _ => {}
        }
        rest = &rest[(cut + 1).min(rest.len())..];
    }
    out.push_str(&format!("</{pfx}r>"));
}

pub(crate) fn comment_start(pfx: &str, id: u64) -> String {
    format!("<{pfx}commentRangeStart {pfx}id=\"{id}\"/>")
}

pub(crate) fn comment_end(pfx: &str, id: u64) -> String {
    format!(
        "<{pfx}commentRangeEnd {pfx}id=\"{id}\"/><{pfx}r><{pfx}commentReference {pfx}id=\"{id}\"/></{pfx}r>"
    )
}

fn rev_attrs(pfx: &str, id: u64, rev: &Rev<'_>) -> String {
    format!(
        "{pfx}id=\"{id}\" {pfx}author=\"{}\" {pfx}date=\"{}\"",
        escape(rev.author),
        escape(rev.date)
    )
}

/// A deleted run (inside `w:del`) with `text`.
pub(crate) fn deleted_run(
    pfx: &str,
    rpr: &str,
    text: &str,
    rev: &Rev<'_>,
    ids: &mut Ids,
) -> String {
    let mut out = format!("<{pfx}del {}>", rev_attrs(pfx, ids.take(), rev));
    write_run(&mut out, pfx, rpr, text, "delText");
    out.push_str(&format!("</{pfx}del>"));
    out
}

/// The new content (between `w:pPr` and `</w:p>`) of a paragraph made of its
/// children, with the text operations `ops` over the runs' text applied as tracked
/// changes and `marks` (at runs' text offsets) inserted.
pub(crate) fn rewrite(
    xml: &str,
    p: &ParaXml,
    ops: &[Op],
    marks: &[(usize, Mark)],
    rev: &Rev<'_>,
    ids: &mut Ids,
) -> String {
    let pfx = p.pfx();
    // Pieces of run text with their properties, and opaque children at positions.
    let mut pieces: Vec<(Range<usize>, &str)> = Vec::new();
    let mut opaque: Vec<(usize, Range<usize>)> = Vec::new();
    let mut pos = 0usize;
    for c in &p.children {
        match c {
            Child::Run { rpr, text } => {
                if !text.is_empty() {
                    pieces.push((pos..pos + text.len(), rpr.as_str()));
                    pos += text.len();
                }
            }
            Child::Opaque(r) => opaque.push((pos, r.clone())),
        }
    }
    let total = pos;
    let runs = p.run_text();
    // Cut points.
    let mut cuts: Vec<usize> = vec![0, total];
    for (r, _) in &pieces {
        cuts.push(r.start);
    }
    for op in ops {
        match op {
            Op::Keep(r) | Op::Insert(r) => cuts.push(r.start),
            Op::Delete(at, _) => cuts.push(*at),
        }
    }
    for (at, _) in marks {
        cuts.push(*at);
    }
    for (at, _) in &opaque {
        cuts.push(*at);
    }
    cuts.retain(|&c| c <= total);
    cuts.sort_unstable();
    cuts.dedup();
    let rpr_at = |at: usize| -> &str {
        pieces
            .iter()
            .find(|(r, _)| r.contains(&at))
            .or_else(|| pieces.iter().rev().find(|(r, _)| r.end <= at))
            .or(pieces.first())
            .map_or("", |(_, rpr)| rpr)
    };
    let inserted = |at: usize| {
        ops.iter()
            .any(|op| matches!(op, Op::Insert(r) if r.contains(&at)))
    };
    let mut out = String::new();
    let mut opaque_i = 0;
    for (k, &a) in cuts.iter().enumerate() {
        for (at, m) in marks {
            if *at == a {
                if let Mark::CommentEnd(id) = m {
                    out.push_str(&comment_end(&pfx, *id));
                }
            }
        }
        while opaque_i < opaque.len() && opaque[opaque_i].0 == a {
            out.push_str(&xml[opaque[opaque_i].1.clone()]);
            opaque_i += 1;
        }
        for (at, m) in marks {
            if *at == a {
                if let Mark::CommentStart(id) = m {
                    out.push_str(&comment_start(&pfx, *id));
                }
            }
        }
        for op in ops {
            if let Op::Delete(at, s) = op {
                if *at == a {
                    out.push_str(&deleted_run(&pfx, rpr_at(a), s, rev, ids));
                }
            }
        }
        let Some(&b) = cuts.get(k + 1) else { break };
        if a < b {
            let text = &runs[a..b];
            if inserted(a) {
                out.push_str(&format!("<{pfx}ins {}>", rev_attrs(&pfx, ids.take(), rev)));
                write_run(&mut out, &pfx, rpr_at(a), text, "t");
                out.push_str(&format!("</{pfx}ins>"));
            } else {
                write_run(&mut out, &pfx, rpr_at(a), text, "t");
            }
        }
    }
    while opaque_i < opaque.len() {
        out.push_str(&xml[opaque[opaque_i].1.clone()]);
        opaque_i += 1;
    }
    out
}

/// Run properties without emphasis (bold, italic, underline, caps), for a removed
/// paragraph written with its neighbour's font: a Council paragraph's first run is
/// often its italic opening verb.
pub(crate) fn plain_rpr(rpr: &str) -> String {
    let mut out = String::with_capacity(rpr.len());
    let mut rest = rpr;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let Some(j) = rest[i..].find('>') else {
            break;
        };
        let tag = &rest[i..i + j + 1];
        let name = tag[1..]
            .split(|c: char| c.is_whitespace() || c == '/' || c == '>')
            .next()
            .unwrap_or("");
        let emphasis = matches!(
            name.rsplit(':').next().unwrap_or(""),
            "b" | "bCs" | "i" | "iCs" | "u" | "caps" | "smallCaps"
        );
        if !(emphasis && tag.ends_with("/>")) {
            out.push_str(tag);
        }
        rest = &rest[i + j + 1..];
    }
    out.push_str(rest);
    out
}

/// A whole paragraph deleted as a tracked change: unnumbered, its mark deleted too,
/// so that accepting removes it and rejecting restores `text`.
pub(crate) fn removed_paragraph(
    pfx: &str,
    pstyle: Option<&str>,
    rpr: &str,
    text: &str,
    rev: &Rev<'_>,
    ids: &mut Ids,
) -> String {
    let mut out = format!("<{pfx}p><{pfx}pPr>");
    if let Some(s) = pstyle {
        out.push_str(s);
    }
    out.push_str(&format!(
        "<{pfx}numPr><{pfx}ilvl {pfx}val=\"0\"/><{pfx}numId {pfx}val=\"0\"/></{pfx}numPr>"
    ));
    out.push_str(&format!(
        "<{pfx}rPr><{pfx}del {}/></{pfx}rPr></{pfx}pPr>",
        rev_attrs(pfx, ids.take(), rev)
    ));
    let text: String = text
        .chars()
        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
        .filter(|&c| c >= ' ' || c == '\t')
        .collect();
    out.push_str(&deleted_run(pfx, rpr, text.trim(), rev, ids));
    out.push_str(&format!("</{pfx}p>"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emphasis_is_dropped_from_run_properties() {
        assert_eq!(
            plain_rpr(
                r#"<w:rPr><w:rFonts w:ascii="Times"/><w:i/><w:b w:val="1"/><w:u w:val="single"/><w:sz w:val="24"/></w:rPr>"#
            ),
            r#"<w:rPr><w:rFonts w:ascii="Times"/><w:sz w:val="24"/></w:rPr>"#
        );
    }

    #[test]
    fn align_matches_text_and_white_space_loosely() {
        let m = align("7. Requests  the\nmission", "Requests the mission").is_none();
        assert!(m, "label not in the runs: no alignment");
        let m = align("Requests  the\nmission", "Requests the\tmission").unwrap();
        assert_eq!(m[0], 0);
        assert_eq!(m["Requests  the\n".len()], "Requests the\t".len());
        assert_eq!(
            m["Requests  the\nmission".len()],
            "Requests the\tmission".len()
        );
        assert!(align("abc", "abd").is_none());
    }

    #[test]
    fn parses_children_and_plain_runs() {
        let xml = r#"<w:p w:rsidR="1"><w:pPr><w:pStyle w:val="B"/></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">Requests </w:t></w:r><w:bookmarkStart w:id="0" w:name="x"/><w:r><w:t>the &amp; mission</w:t><w:tab/></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r></w:p>"#;
        let p = ParaXml::parse(xml, 0, "t").unwrap();
        assert_eq!(p.run_text(), "Requests the & mission\t");
        assert_eq!(p.children.len(), 4);
        assert!(matches!(p.children[1], Child::Opaque(_)));
        assert!(matches!(p.children[3], Child::Opaque(_)));
        assert_eq!(p.end, xml.len());
        assert_eq!(&xml[p.content_end..], "</w:p>");
    }

    #[test]
    fn word_ops_keep_the_prefix_and_mark_words() {
        let runs = "7. Requests the mission to ensure";
        let ops = word_ops(runs, 3, "Encourages the mission to ensure");
        let kinds: Vec<String> = ops
            .iter()
            .map(|o| match o {
                Op::Keep(r) => format!("={}", &runs[r.clone()]),
                Op::Insert(r) => format!("+{}", &runs[r.clone()]),
                Op::Delete(_, s) => format!("-{s}"),
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "=7. ",
                "-Encourages",
                "+Requests",
                "= the mission to ensure"
            ]
        );
    }
}
