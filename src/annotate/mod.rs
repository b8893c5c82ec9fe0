//! The draft handed back in Word: comments anchored on flagged paragraphs and,
//! optionally, the changes against a previous text as tracked changes.
//!
//! * A DOCX draft is edited in place: its text, numbering and formatting are kept,
//!   every ZIP entry other than the edited parts is copied byte for byte, comments
//!   already in the draft are kept (new comment and revision ids are above every id
//!   in the parts touched). Each document paragraph is found in the XML through the
//!   block the DOCX reader read it from ([`crate::read::Block::source`]).
//! * A TXT or PDF draft becomes a new DOCX ([`fresh`]): one Word paragraph per
//!   document paragraph, its text as in the source, and then the same editing.
//!
//! A paragraph is rewritten (runs split, comment anchored on the exact span, words
//! marked `w:del`/`w:ins`) when its text is in plain runs (`w:r` with `w:rPr`, `w:t`,
//! `w:tab`; bookmarks, fields and other elements between runs are kept in place).
//! A paragraph whose text is also in hyperlinks, content controls, existing tracked
//! changes or text boxes, or which joins paragraphs whose marks are tracked as
//! deleted, is never rewritten: its comments span the whole paragraph, and a
//! [`Redline::Changed`] on it becomes a comment giving the previous wording.

mod fresh;
mod package;
mod para;

use crate::analysis::{Finding, FindingKind};
use crate::lexicon::Lexicon;
use crate::model::{Document, Part};
use crate::read::{self, Format, Limits};
use package::{BlockEdit, CommentText};
use std::ops::Range;

/// A Word comment to anchor in the draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    /// Index into `doc.paragraphs`.
    pub paragraph: usize,
    /// Source span in `doc.text` to anchor on; `None` (or a span outside the
    /// paragraph) anchors on the whole paragraph.
    pub span: Option<Range<usize>>,
    /// The comment's text; `\n` separates its paragraphs.
    pub text: String,
}

/// A change against the previous text, written as tracked changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Redline {
    /// Draft paragraph `paragraph` replaced a previous wording: the word-level
    /// difference is written as tracked changes, so that "accept all" gives the
    /// draft text and "reject all" the previous text. `previous` is the previous
    /// paragraph's text *after its label* (`doc.text[p.body]` of the previous
    /// document): labels follow the draft's numbering and are not compared.
    Changed { paragraph: usize, previous: String },
    /// A previous paragraph was removed entirely: it is inserted as a tracked
    /// deletion (an unnumbered paragraph whose text and mark are deleted) after draft
    /// paragraph `after`, or before the first paragraph of the document when `None`.
    /// `previous` is the removed paragraph's whole text, label included
    /// (`14. Requests ...`), so the reader sees which paragraph it was.
    Removed {
        after: Option<usize>,
        previous: String,
    },
}

/// Author and date of the comments and tracked changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnnotateOptions {
    pub author: String,
    pub initials: String,
    /// ISO 8601 date (`2026-03-01`) or date and time (`2026-03-01T09:30:00Z`), given
    /// by the caller so that outputs are reproducible.
    pub date: String,
}

impl Default for AnnotateOptions {
    fn default() -> Self {
        AnnotateOptions {
            author: "wpslens".into(),
            initials: "WPS".into(),
            date: "1970-01-01T00:00:00Z".into(),
        }
    }
}

/// Why a draft could not be annotated. Display gives one line without the path.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum AnnotateError {
    #[error("{0}")]
    Read(#[from] read::ReadError),
    #[error("the document model does not come from this file (its text differs)")]
    Mismatch,
    #[error("paragraph {0} does not exist in the document")]
    NoParagraph(usize),
    #[error("date {0:?} is not an ISO 8601 date (2026-03-01 or 2026-03-01T09:30:00Z)")]
    BadDate(String),
    #[error("cannot annotate: {0}")]
    Unsupported(String),
    #[error("cannot annotate: {0}")]
    Xml(String),
}

/// The date as `w:date` wants it (xsd:dateTime).
fn word_date(d: &str) -> Result<String, AnnotateError> {
    let bad = || AnnotateError::BadDate(d.to_string());
    let b = d.as_bytes();
    let digits = |r: Range<usize>| b.get(r).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
    let date_ok = b.len() >= 10
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10);
    if !date_ok {
        return Err(bad());
    }
    if b.len() == 10 {
        return Ok(format!("{d}T00:00:00Z"));
    }
    let time_ok = b.len() >= 19
        && b[10] == b'T'
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16)
        && b[16] == b':'
        && digits(17..19);
    let rest = &d[19.min(d.len())..];
    let rest_ok = rest.is_empty()
        || rest == "Z"
        || (rest.len() == 6
            && (rest.starts_with('+') || rest.starts_with('-'))
            && rest.as_bytes()[3] == b':'
            && rest[1..3]
                .bytes()
                .chain(rest[4..6].bytes())
                .all(|c| c.is_ascii_digit()));
    if time_ok && rest_ok {
        Ok(d.to_string())
    } else {
        Err(bad())
    }
}

/// Writes `source` (the draft's bytes, in `format`; `doc` is the document parsed
/// from it) as a DOCX with `comments` and `redlines`.
pub fn annotate(
    source: &[u8],
    format: Format,
    doc: &Document,
    comments: &[Comment],
    redlines: &[Redline],
    opts: &AnnotateOptions,
) -> Result<Vec<u8>, AnnotateError> {
    let opts = AnnotateOptions {
        date: word_date(&opts.date)?,
        ..opts.clone()
    };
    let n = doc.paragraphs.len();
    for c in comments {
        if c.paragraph >= n {
            return Err(AnnotateError::NoParagraph(c.paragraph));
        }
    }
    for r in redlines {
        match r {
            Redline::Changed { paragraph: p, .. } | Redline::Removed { after: Some(p), .. }
                if *p >= n =>
            {
                return Err(AnnotateError::NoParagraph(*p))
            }
            _ => {}
        }
    }
    let limits = Limits::default();
    let fresh;
    let (pkg, ex, by_order) = match format {
        Format::Docx => {
            let ex = read::docx::read_docx(source, &limits)?;
            if ex.text != doc.text {
                return Err(AnnotateError::Mismatch);
            }
            (source, ex, false)
        }
        Format::Text | Format::Pdf => {
            fresh = fresh::package(doc)
                .map_err(|e| AnnotateError::Xml(format!("cannot write the package: {e}")))?;
            let ex = read::docx::read_docx(&fresh, &limits)?;
            (fresh.as_slice(), ex, true)
        }
    };
    let blocks = ex.blocks.as_deref().unwrap_or(&[]);

    // Document paragraph -> block.
    let mut para_block: Vec<Option<usize>> = vec![None; n];
    if by_order {
        let mut b = 0;
        for (i, p) in doc.paragraphs.iter().enumerate() {
            if !fresh::clean(&doc.text[p.span.clone()]).trim().is_empty() && b < blocks.len() {
                para_block[i] = Some(b);
                b += 1;
            }
        }
    } else {
        for (i, p) in doc.paragraphs.iter().enumerate() {
            let k = blocks.partition_point(|b| b.span.start <= p.span.start);
            if k > 0 && blocks[k - 1].span.end >= p.span.start {
                para_block[i] = Some(k - 1);
            }
        }
    }
    let mut edits: Vec<BlockEdit> = blocks
        .iter()
        .map(|b| BlockEdit {
            source: b.source,
            ..BlockEdit::default()
        })
        .collect();
    // Doc text of each block as it is in the runs: the paragraph's text for a new
    // DOCX, the block after its automatic label for a Word draft.
    if by_order {
        for (pi, b) in para_block.iter().enumerate() {
            if let Some(bi) = *b {
                let r = doc.paragraphs[pi].span.clone();
                edits[bi].doc_text = doc.text[r.clone()].to_string();
                edits[bi].doc_base = r.start;
            }
        }
    } else {
        for (e, b) in edits.iter_mut().zip(blocks) {
            let start = b
                .auto_label
                .as_ref()
                .map_or(b.span.start, |l| (l.end + 1).min(b.span.end));
            e.doc_text = doc.text[start..b.span.end].to_string();
            e.doc_base = start;
        }
    }
    // Paragraphs without a block (nothing to anchor on): the nearest one before, or after.
    let nearest = |pi: usize| -> Option<usize> {
        para_block[..=pi]
            .iter()
            .rev()
            .flatten()
            .next()
            .or_else(|| para_block[pi..].iter().flatten().next())
            .copied()
    };
    // The block holding a document offset (`end`: an exclusive end offset).
    let block_at = |off: usize, end: bool| -> Option<usize> {
        if by_order {
            return None;
        }
        let probe = if end { off.saturating_sub(1) } else { off };
        let k = blocks.partition_point(|b| b.span.start <= probe);
        (k > 0 && blocks[k - 1].span.end >= probe).then(|| k - 1)
    };
    let mut texts: Vec<CommentText> = comments
        .iter()
        .map(|c| CommentText {
            text: c.text.clone(),
        })
        .collect();
    for (ci, c) in comments.iter().enumerate() {
        let Some(home) = nearest(c.paragraph) else {
            return Err(AnnotateError::Unsupported(
                "the document has no paragraph".into(),
            ));
        };
        let p = &doc.paragraphs[c.paragraph];
        let (s, t) = match &c.span {
            Some(r)
                if para_block[c.paragraph].is_some()
                    && r.start < r.end
                    && p.span.start <= r.start
                    && r.end <= p.span.end =>
            {
                (r.start, r.end)
            }
            _ => (p.span.start, p.span.end),
        };
        let ((bs, so), (bt, to)) = if para_block[c.paragraph].is_none() {
            // Anchored on a neighbour: the whole of it.
            let e = &edits[home];
            ((home, e.doc_base), (home, e.doc_base + e.doc_text.len()))
        } else {
            (
                (block_at(s, false).unwrap_or(home), s),
                (block_at(t, true).unwrap_or(home), t),
            )
        };
        edits[bs].comment_starts.push((ci, so));
        edits[bt].comment_ends.push((ci, to));
    }
    let mut removed_at_start = Vec::new();
    for r in redlines {
        match r {
            Redline::Changed {
                paragraph,
                previous,
            } => {
                let p = &doc.paragraphs[*paragraph];
                let bi = para_block[*paragraph];
                let fits = bi.is_some_and(|bi| {
                    let e = &edits[bi];
                    e.redline.is_none()
                        && p.body.start >= e.doc_base
                        && p.span.end == e.doc_base + e.doc_text.len()
                });
                match (bi, fits) {
                    (Some(bi), true) => edits[bi].redline = Some((p.body.start, previous.clone())),
                    _ => {
                        // Not a paragraph of its own in the file: say it in a comment.
                        let Some(bi) = nearest(*paragraph) else {
                            continue;
                        };
                        texts.push(CommentText {
                            text: format!("Previous wording of this paragraph:\n{previous}"),
                        });
                        let e = &mut edits[bi];
                        e.comment_starts.push((texts.len() - 1, e.doc_base));
                        e.comment_ends
                            .push((texts.len() - 1, e.doc_base + e.doc_text.len()));
                    }
                }
            }
            Redline::Removed {
                after: Some(a),
                previous,
            } => match nearest(*a) {
                Some(bi) => edits[bi].removed_after.push(previous.clone()),
                None => removed_at_start.push(previous.clone()),
            },
            Redline::Removed {
                after: None,
                previous,
            } => removed_at_start.push(previous.clone()),
        }
    }
    let first_body = blocks.first().and_then(|b| b.source);
    let edits: Vec<BlockEdit> = edits
        .into_iter()
        .filter(|e| {
            !e.comment_starts.is_empty()
                || !e.comment_ends.is_empty()
                || e.redline.is_some()
                || !e.removed_after.is_empty()
        })
        .collect();
    package::edit_package(
        pkg,
        &limits,
        &edits,
        &removed_at_start,
        first_body,
        &texts,
        &opts,
    )
}

/// The paragraph a document-level finding (one without a place, such as an expected
/// element that is `missing`) is anchored on: the first operative paragraph of a
/// resolution (where the missing request belongs), else the first paragraph of a
/// report's body, else the first paragraph that is not a heading, else the first.
pub fn document_anchor(doc: &Document) -> usize {
    let find = |part: Part| {
        doc.paragraphs
            .iter()
            .position(|p| p.part == part && !p.is_heading)
    };
    find(Part::Operative)
        .or_else(|| find(Part::Body))
        .or_else(|| doc.paragraphs.iter().position(|p| !p.is_heading))
        .unwrap_or(0)
}

/// The comment for a finding: rule id and title, what is missing, weakened or
/// changed, the agreed language to propose or restore and its source.
pub fn comment_for(finding: &Finding, doc: &Document, lex: &Lexicon) -> Comment {
    let rule = &lex.rules[finding.rule];
    let what = match finding.kind {
        FindingKind::Missing => "Missing",
        FindingKind::Weakened => "Weakened",
        FindingKind::Regressed => "Regressed",
        FindingKind::Info => "Note",
    };
    // Messages usually open with the rule's title: say it once.
    let message = finding.message.trim();
    let rest = message
        .strip_prefix(rule.title.trim())
        .map(|r| r.trim_start_matches([':', ' ', '.', '\u{2014}', '-']))
        .unwrap_or(message);
    let mut text = format!(
        "{} \u{b7} {}\n{what} ({}, {})",
        rule.id,
        rule.title.trim(),
        finding.reason,
        finding.severity.as_str()
    );
    if !rest.is_empty() {
        text.push_str(": ");
        text.push_str(rest);
    }
    if finding.paragraph.is_none() {
        text.push_str(" (this concerns the document as a whole)");
    }
    if let Some(prev) = &finding.previous {
        text.push_str(&format!(
            "\nPrevious text, {}: {}",
            prev.paragraph, prev.excerpt
        ));
    }
    let verb = match finding.kind {
        FindingKind::Regressed => "Restore",
        _ => "Proposed language",
    };
    let suggestion = rule.suggestion_for(doc.kind).trim();
    if !suggestion.is_empty() {
        text.push_str(&format!("\n{verb}: {suggestion}"));
    }
    if !rule.source.trim().is_empty() {
        text.push_str(&format!("\nSource: {}", rule.source.trim()));
    }
    let paragraph = finding
        .paragraph
        .filter(|&p| p < doc.paragraphs.len())
        .unwrap_or_else(|| document_anchor(doc));
    let span = finding.span.clone().filter(|s| {
        finding.paragraph == Some(paragraph)
            && doc.paragraphs[paragraph].span.start <= s.start
            && s.end <= doc.paragraphs[paragraph].span.end
    });
    Comment {
        paragraph,
        span,
        text,
    }
}

/// `wpslens check FILE --annotate OUT`: writes the checked draft with a comment for
/// each `missing` and `weakened` finding, through [`crate::output::Outputs`].
/// The error is one line naming the file concerned.
pub fn write_for_check(
    input: &std::path::Path,
    out: &std::path::Path,
    checked: &crate::report::Checked,
    lex: &Lexicon,
    limits: &Limits,
    redline: bool,
) -> Result<(), String> {
    use crate::output::{Naming, Outputs};
    let name = |p: &std::path::Path, e: &dyn std::fmt::Display| format!("{}: {e}", p.display());
    let bytes = std::fs::read(input).map_err(|e| name(input, &read::io_message(&e)))?;
    if bytes.len() as u64 > limits.max_input_bytes {
        return Err(name(input, &"file changed while it was read"));
    }
    let mut comments: Vec<Comment> = structure_comment(&checked.doc).into_iter().collect();
    comments.extend(check_comments(
        &checked.doc,
        &checked.analysis.findings,
        lex,
    ));
    let mut redlines = Vec::new();
    if let Some(ag) = &checked.against {
        let (c, r) = comparison_marks(&checked.doc, ag, &checked.analysis.findings, lex);
        comments.extend(c);
        // Stable: the structure comment stays first on its paragraph.
        comments.sort_by_key(|c| c.paragraph);
        if redline {
            redlines = r;
        }
    }
    let opts = AnnotateOptions {
        date: default_date(),
        ..AnnotateOptions::default()
    };
    let docx = annotate(
        &bytes,
        Format::sniff(&bytes),
        &checked.doc,
        &comments,
        &redlines,
        &opts,
    )
    .map_err(|e| name(input, &e))?;
    Outputs::new([input], false)
        .write(out, Naming::Explicit, &docx)
        .map_err(|e| e.to_string())
}

/// Comments for the `regressed` findings of a comparison (a paragraph removed
/// outright is commented where it stood), and the WPS changes as redlines: each
/// draft paragraph with a comparison finding against its previous wording, each
/// removed previous paragraph as a tracked deletion where it stood.
pub fn comparison_marks(
    doc: &Document,
    ag: &crate::report::Against,
    findings: &[Finding],
    lex: &Lexicon,
) -> (Vec<Comment>, Vec<Redline>) {
    let mut comments = Vec::new();
    let mut redlines = Vec::new();
    let mut changed: Vec<usize> = Vec::new();
    let mut removed: Vec<usize> = Vec::new();
    for f in findings {
        let Some(prev) = &f.previous else {
            continue;
        };
        if f.kind == FindingKind::Regressed {
            let mut c = comment_for(f, doc, lex);
            if f.paragraph.is_none() {
                if let Some(a) = crate::compare::removed_anchor(&ag.alignment, prev.index) {
                    c.paragraph = a;
                    c.text = c.text.replace(
                        " (this concerns the document as a whole)",
                        " (the paragraph was removed; it stood after this one)",
                    );
                }
            }
            comments.push(c);
        }
        if prev.index >= ag.doc.paragraphs.len() {
            continue;
        }
        match f.paragraph {
            Some(d) if !changed.contains(&d) => {
                changed.push(d);
                redlines.push(Redline::Changed {
                    paragraph: d,
                    previous: ag.doc.text[ag.doc.paragraphs[prev.index].body.clone()].to_string(),
                });
            }
            None if !removed.contains(&prev.index) => {
                removed.push(prev.index);
                redlines.push(Redline::Removed {
                    after: crate::compare::removed_anchor(&ag.alignment, prev.index),
                    previous: ag.doc.para_text(prev.index).to_string(),
                });
            }
            _ => {}
        }
    }
    (comments, redlines)
}

/// The comment at the top of the hand-back that lists what wpslens was unsure of
/// in the draft's structure (paragraphs run together, numbers missing or inferred,
/// text cut short), so that a reader checks those paragraph references before
/// citing them. `None` when there is no doubt. Anchored on the first paragraph.
pub fn structure_comment(doc: &Document) -> Option<Comment> {
    if doc.warnings.is_empty() || doc.paragraphs.is_empty() {
        return None;
    }
    let mut text = String::from(
        "How wpslens read this text \u{b7} check these paragraph references before citing them:",
    );
    for w in &doc.warnings {
        text.push_str("\n\u{2022} ");
        text.push_str(w);
    }
    Some(Comment {
        paragraph: 0,
        span: None,
        text,
    })
}

/// Comments for the `missing` and `weakened` findings of a check, in order.
pub fn check_comments(doc: &Document, findings: &[Finding], lex: &Lexicon) -> Vec<Comment> {
    findings
        .iter()
        .filter(|f| matches!(f.kind, FindingKind::Missing | FindingKind::Weakened))
        .map(|f| comment_for(f, doc, lex))
        .collect()
}

/// The date for comments and revisions: `SOURCE_DATE_EPOCH` (seconds since 1970,
/// the reproducible-builds convention) when set, else the current time, as ISO 8601 UTC.
pub fn default_date() -> String {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        });
    iso_utc(secs)
}

/// Seconds since 1970 as `YYYY-MM-DDTHH:MM:SSZ` (proleptic Gregorian, UTC).
fn iso_utc(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn utc_dates() {
        assert_eq!(iso_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso_utc(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(iso_utc(1_798_761_599), "2026-12-31T23:59:59Z");
    }

    use super::*;

    #[test]
    fn dates() {
        assert_eq!(word_date("2026-03-01").unwrap(), "2026-03-01T00:00:00Z");
        assert_eq!(
            word_date("2026-03-01T09:30:00Z").unwrap(),
            "2026-03-01T09:30:00Z"
        );
        assert_eq!(
            word_date("2026-03-01T09:30:00+01:00").unwrap(),
            "2026-03-01T09:30:00+01:00"
        );
        for bad in [
            "",
            "2026",
            "01-03-2026",
            "2026-03-01 09:30",
            "2026-03-01T09:30:00Q",
            "2026-03-01\"x",
        ] {
            assert!(word_date(bad).is_err(), "{bad}");
        }
    }
}
