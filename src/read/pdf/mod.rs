//! PDF reader: the text of a PDF in reading order, one output line per printed line,
//! without the page furniture of the UN document system.
//!
//! Text runs and their positions come from `pdf_oxide` ([`PdfDocument::extract_spans`],
//! one call per page, each inside `super::guard`); everything after that is ours:
//! - `layout` groups runs into lines (paragraph numbers in a hanging indent come
//!   first on their line), keeps the page-1 masthead, removes running heads, page
//!   numbers, "page/total", job numbers and barcode text by position AND pattern or
//!   repetition, and marks indentation and paragraph gaps;
//! - `hyphen` joins words broken over two lines ("peace-" + "keeping") and keeps
//!   compounds whole ("gender-" + "based" → "gender-based").
//!
//! Output: lines end with `\n`; a blank line stands for a paragraph gap (a vertical
//! gap wider than the usual line pitch); a few leading spaces stand for indentation
//! from the text block's left edge (about one space per em); pieces of one printed
//! line that are far apart (the masthead's "United Nations" and its symbol) are
//! separated by four spaces.
//!
//! Errors: not a PDF or broken → [`ReadError::Pdf`] with a short cause; truncated
//! (no `%%EOF` near the end) → [`ReadError::Pdf`] too, before parsing, because
//! pdf_oxide would rebuild the cross-reference table and silently read part of the
//! file; a user password → [`ReadError::Encrypted`] (owner-password-only files open
//! without one and are read; pdf_oxide's `legacy-crypto` feature is on so that RC4
//! and AES-128 files, still the common case, can be decrypted); no text →
//! [`ReadError::NoText`]; more objects than [`Limits::max_pdf_objects`], more pages
//! than [`Limits::max_pdf_pages`] or more text than
//! [`Limits::max_text_bytes`] → [`ReadError::Limit`], checked before the work they
//! bound (the page count before any page is read, the text after each page).
//!
//! Not read: rotated or vertical runs (a sideways "DRAFT" label, a landscape page
//! stored with `/Rotate`); they are counted in a warning. Two-column pages are read
//! across. Footnotes come where they are printed, at the foot of their page.
//!
//! Bounds on hostile files: the page count is checked before any page is read;
//! pdf_oxide itself caps operators per content stream (1,000,000), form XObject depth
//! (10) and decoded XObjects per page (500), decompressed stream size (100 MB) and
//! object nesting; our own passes are linear or n·log n in the number of runs and
//! lines. A panic inside pdf_oxide becomes an error (document level) or a skipped
//! page; a page that fails to parse is skipped with a warning unless no page could be
//! read.

mod hyphen;
mod layout;

use super::{guard, Extracted, Limits, ReadError};
use layout::{PageSpans, Span};
use pdf_oxide::PdfDocument;
use std::panic::AssertUnwindSafe;

/// The message for a PDF without a text layer.
pub const NO_TEXT_LAYER: &str = "the PDF has no text layer (scanned?)";

/// Reads the text of a PDF. See the module documentation.
pub fn read_pdf(bytes: &[u8], limits: &Limits) -> Result<Extracted, ReadError> {
    let crashed = || ReadError::Pdf("the PDF parser failed on this file".into());
    if !has_eof_marker(bytes) {
        // pdf_oxide rebuilds a lost cross-reference table and reads what is left of a
        // cut file without complaint: refuse rather than analyse part of a document.
        return Err(ReadError::Pdf(TRUNCATED.into()));
    }

    let doc = guard(crashed, || {
        PdfDocument::from_bytes(bytes.to_vec()).map_err(pdf_error)
    })?;
    let doc = &doc;

    let locked = guard(
        crashed,
        AssertUnwindSafe(|| Ok(doc.is_encrypted() && !doc.is_authenticated())),
    )?;
    if locked {
        return Err(ReadError::Encrypted);
    }
    let objects = guard(crashed, AssertUnwindSafe(|| Ok(doc.all_object_ids().len())))?;
    if objects > limits.max_pdf_objects {
        return Err(ReadError::Limit {
            what: format!("PDF object count ({objects})"),
            limit: format!("{} objects", limits.max_pdf_objects),
            flag: "--max-pdf-objects",
        });
    }
    let n_pages = guard(
        crashed,
        AssertUnwindSafe(|| doc.page_count().map_err(pdf_error)),
    )?;
    if n_pages == 0 {
        return Err(ReadError::Pdf("the document has no pages".into()));
    }
    if n_pages > limits.max_pdf_pages {
        return Err(ReadError::Limit {
            what: format!("PDF page count ({n_pages})"),
            limit: format!("{} pages", limits.max_pdf_pages),
            flag: "--max-pdf-pages",
        });
    }

    let mut warnings = Vec::new();
    let mut pages = Vec::with_capacity(n_pages);
    let mut failed: Vec<usize> = Vec::new();
    let mut first_error: Option<ReadError> = None;
    let mut rotated = 0usize;
    let mut text_bytes = 0usize;
    for index in 0..n_pages {
        let page = guard(
            || ReadError::Pdf(format!("the PDF parser failed on page {}", index + 1)),
            AssertUnwindSafe(|| read_page(doc, index)),
        );
        match page {
            Ok((page, skipped)) => {
                rotated += skipped;
                text_bytes += page.spans.iter().map(|s| s.text.len()).sum::<usize>();
                if text_bytes > limits.max_text_bytes {
                    return Err(text_limit(limits));
                }
                pages.push(page);
            }
            Err(ReadError::Encrypted) => return Err(ReadError::Encrypted),
            Err(e) => {
                failed.push(index + 1);
                first_error.get_or_insert(e);
                pages.push(PageSpans::default());
            }
        }
    }
    if failed.len() == n_pages {
        return Err(first_error.unwrap_or_else(crashed));
    }
    if let Some(ReadError::Pdf(cause)) = &first_error {
        let list: Vec<String> = failed.iter().take(10).map(|p| p.to_string()).collect();
        let more = if failed.len() > 10 { ", ..." } else { "" };
        warnings.push(format!(
            "{} of {n_pages} pages could not be read and were skipped (page {}{more}): {cause}",
            failed.len(),
            list.join(", "),
        ));
    }
    if rotated > 0 {
        warnings.push(format!(
            "{rotated} runs of rotated or vertical text skipped (sideways pages and labels are not read)"
        ));
    }

    let has_text = pages.iter().any(|p| {
        p.spans
            .iter()
            .any(|s| s.text.chars().any(char::is_alphanumeric))
    });
    if !has_text && rotated > 0 {
        return Err(ReadError::NoText(
            "all the text of the PDF is rotated or vertical, which is not read".into(),
        ));
    }
    if !has_text {
        return Err(ReadError::NoText(NO_TEXT_LAYER.into()));
    }

    let mut lines = layout::assemble(&pages).lines;
    hyphen::join_breaks(&mut lines);

    let mut text = String::with_capacity(text_bytes + text_bytes / 8);
    for line in &lines {
        if line.gap_before && !text.is_empty() {
            text.push('\n');
        }
        text.extend(std::iter::repeat_n(' ', line.indent));
        text.push_str(&line.text);
        text.push('\n');
    }
    if !text.chars().any(char::is_alphanumeric) {
        return Err(ReadError::NoText(NO_TEXT_LAYER.into()));
    }
    if text.len() > limits.max_text_bytes {
        return Err(text_limit(limits));
    }
    Ok(Extracted {
        text,
        blocks: None,
        warnings,
    })
}

/// The runs of one page, in points from the bottom left of its visible box, and how
/// many rotated runs were left out.
fn read_page(doc: &PdfDocument, index: usize) -> Result<(PageSpans, usize), ReadError> {
    let (llx, lly, urx, ury) = doc
        .get_page_visible_box(index)
        .or_else(|_| doc.get_page_media_box(index))
        .ok()
        .filter(|(x0, y0, x1, y1)| x1 - x0 > 1.0 && y1 - y0 > 1.0)
        // US Letter when the page says nothing usable.
        .unwrap_or((0.0, 0.0, 612.0, 792.0));
    // `extract_spans` post-processes each page for general-purpose reading order:
    // it sorts into columns, marks running heads and parses the page a second time
    // (glyph by glyph) to place each character. The layout here does its own rows
    // and page furniture and needs only runs and their boxes, so an upright page's
    // runs come straight from the content stream (off-page text already dropped),
    // which halves the time of a PDF. A page with /Rotate keeps the full path: its
    // runs must be mapped into the displayed frame first.
    let upright = doc.get_page_rotation(index).unwrap_or(0).rem_euclid(360) == 0;
    let raw = if upright {
        doc.extract_spans_with_reading_order(index, pdf_oxide::ReadingOrder::TopToBottom)
    } else {
        doc.extract_spans(index)
    }
    .map_err(pdf_error)?;
    let mut rotated = 0;
    let mut spans = Vec::with_capacity(raw.len());
    for mut s in raw {
        if s.text.trim().is_empty() {
            continue;
        }
        if upright {
            repair_run_text(&mut s.text, s.char_widths.len());
        }
        if s.rotation_degrees.abs() > 0.5 || s.wmode != 0 {
            rotated += 1;
            continue;
        }
        let b = s.bbox;
        let size = if b.height.is_finite() && b.height > 0.0 {
            b.height
        } else {
            s.font_size
        };
        if !(b.x.is_finite() && b.y.is_finite() && b.width.is_finite() && size.is_finite()) {
            continue;
        }
        // Text drawn off the page is not seen by a reader of the page.
        if b.x > urx || b.x + b.width < llx || b.y > ury || b.y + size < lly {
            continue;
        }
        spans.push(Span {
            text: s.text,
            x: b.x - llx,
            y: b.y - lly,
            w: b.width,
            size,
        });
    }
    let page = PageSpans {
        height: ury - lly,
        spans,
    };
    Ok((page, rotated))
}

/// What `extract_spans` does to a run's text that the direct path must do too:
/// typographic spaces (U+2000-U+200B, U+202F, U+205F) become plain spaces, and two
/// runs fused into one string without a space (more characters than glyph widths:
/// "Resolution2467", "theCouncil") get one at the seam when it falls between a
/// letter and a digit or a lower- and an upper-case letter.
fn repair_run_text(text: &mut String, widths: usize) {
    if text
        .chars()
        .any(|c| matches!(c, '\u{2000}'..='\u{200B}' | '\u{202F}' | '\u{205F}'))
    {
        *text = text
            .chars()
            .filter_map(|c| match c {
                '\u{200B}' => None,
                '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' => Some(' '),
                c => Some(c),
            })
            .collect();
    }
    if widths == 0 {
        return;
    }
    let Some((seam, next)) = text.char_indices().nth(widths) else {
        return;
    };
    let Some(prev) = text[..seam].chars().next_back() else {
        return;
    };
    if next.is_ascii()
        && next != ' '
        && prev != ' '
        && ((prev.is_alphabetic() && next.is_ascii_digit())
            || (prev.is_ascii_lowercase() && next.is_ascii_uppercase()))
    {
        text.insert(seam, ' ');
    }
}

fn text_limit(limits: &Limits) -> ReadError {
    ReadError::Limit {
        what: "text extracted from the PDF".into(),
        limit: format!("{} bytes", limits.max_text_bytes),
        flag: "--max-text-size",
    }
}

const TRUNCATED: &str = "the file is truncated (it does not end with %%EOF)";

/// The spec wants `%%EOF` on the last line; trailing white space and NUL padding,
/// and up to 2 KB of other junk after it, are tolerated.
fn has_eof_marker(bytes: &[u8]) -> bool {
    let end = bytes
        .iter()
        .rposition(|&b| !(b == 0 || b.is_ascii_whitespace()))
        .map_or(0, |i| i + 1);
    let tail = &bytes[end.saturating_sub(2048)..end];
    tail.windows(5).any(|w| w == b"%%EOF")
}

/// A short cause for a pdf_oxide error.
fn pdf_error(e: pdf_oxide::error::Error) -> ReadError {
    use pdf_oxide::error::Error as E;
    let cause = match e {
        E::EncryptedPdf => return ReadError::Encrypted,
        E::InvalidHeader(_) => "no valid %PDF header".to_owned(),
        E::InvalidXref => "broken cross-reference table".to_owned(),
        E::UnexpectedEof => "the file ends unexpectedly".to_owned(),
        E::UnsupportedVersion(v) => format!("unsupported PDF version {}", shorten(&v, 20)),
        E::CircularReference(_) | E::RecursionLimitExceeded(_) => {
            "objects refer to themselves or nest too deeply".to_owned()
        }
        other => shorten(&other.to_string(), 100),
    };
    ReadError::Pdf(cause)
}

/// The first line of `s`, at most `max` characters.
fn shorten(s: &str, max: usize) -> String {
    let line = s.lines().next().unwrap_or("").trim();
    if line.chars().count() <= max {
        line.to_owned()
    } else {
        let mut out: String = line.chars().take(max).collect();
        out.push('…');
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn run_text_gets_plain_spaces_and_a_space_at_a_fused_seam() {
        let mut t = "women,\u{2009}peace\u{200B} and\u{202F}security".to_string();
        repair_run_text(&mut t, 0);
        assert_eq!(t, "women, peace and security");
        // "resolution" has 10 glyph widths; the "2467" after it came from another run.
        let mut t = "resolution2467".to_string();
        repair_run_text(&mut t, 10);
        assert_eq!(t, "resolution 2467");
        let mut t = "theCouncil".to_string();
        repair_run_text(&mut t, 3);
        assert_eq!(t, "the Council");
        // No seam (one width a character), a space already there, an upper-lower
        // seam (a ligature inside a word) and a non-ASCII seam are left alone.
        for (text, widths) in [
            ("resolution2467", 14),
            ("resolution 2467", 10),
            ("OfficeMax", 1),
            ("Côte", 1),
        ] {
            let mut t = text.to_string();
            repair_run_text(&mut t, widths);
            assert_eq!(t, text);
        }
    }

    #[test]
    fn not_a_pdf_is_a_pdf_error() {
        let e = read_pdf(b"hello, this is not a PDF", &Limits::default()).unwrap_err();
        assert!(matches!(e, ReadError::Pdf(_)), "{e:?}");
    }

    #[test]
    fn header_only_is_a_pdf_error() {
        for bytes in [&b"%PDF-1.7\n"[..], b"%PDF-1.4\n%%EOF\n", b"%PDF-"] {
            let e = read_pdf(bytes, &Limits::default()).unwrap_err();
            assert!(matches!(e, ReadError::Pdf(_)), "{e:?}");
        }
    }

    #[test]
    fn eof_marker() {
        assert!(has_eof_marker(b"%PDF-1.4 ... startxref\n123\n%%EOF\n"));
        assert!(has_eof_marker(b"%PDF-1.4 ... %%EOF\n\0\0\0"));
        let mut padded = b"%PDF-1.4 ... %%EOF".to_vec();
        padded.extend(std::iter::repeat_n(0u8, 10_000));
        assert!(has_eof_marker(&padded));
        assert!(!has_eof_marker(b"%PDF-1.4 ... 1 0 obj << /Type /Pa"));
    }

    #[test]
    fn shorten_keeps_one_short_line() {
        assert_eq!(shorten("a\nb", 10), "a");
        assert_eq!(shorten("abcdef", 3), "abc…");
    }
}
