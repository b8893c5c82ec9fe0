//! Plain-text reader: decodes UTF-8 (with or without BOM), UTF-16 LE/BE (with BOM,
//! or without one when the byte pattern leaves no doubt), and falls back to
//! Windows-1252. Line ends become `\n`.

use super::{Extracted, Limits, ReadError};
use encoding_rs::{UTF_16BE, UTF_16LE, WINDOWS_1252};
use std::borrow::Cow;

/// Decodes `bytes` into text with `\n` line ends.
///
/// The text limit ([`Limits::max_text_bytes`]) is checked before any copy of the
/// input is made, so an oversized file costs no more memory than its bytes.
pub fn read_text(bytes: &[u8], limits: &Limits) -> Result<Extracted, ReadError> {
    let mut warnings = Vec::new();
    let decoded: Cow<'_, str> = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Cow::Borrowed(std::str::from_utf8(rest).map_err(|e| {
            ReadError::Binary(format!(
                "invalid UTF-8 after the byte-order mark at byte {}",
                e.valid_up_to() + 3
            ))
        })?)
    } else if bytes.starts_with(b"\xFF\xFE") {
        Cow::Owned(decode_utf16(bytes, true, limits)?)
    } else if bytes.starts_with(b"\xFE\xFF") {
        Cow::Owned(decode_utf16(bytes, false, limits)?)
    } else if let Some(le) = utf16_without_bom(bytes) {
        warnings.push(format!(
            "no byte-order mark: read as UTF-16 {}",
            if le { "LE" } else { "BE" }
        ));
        Cow::Owned(decode_utf16(bytes, le, limits)?)
    } else {
        match std::str::from_utf8(bytes) {
            Ok(s) => Cow::Borrowed(s),
            Err(_) => {
                if looks_binary(bytes) {
                    return Err(ReadError::Binary(
                        "the file contains control bytes that text never has".into(),
                    ));
                }
                // Every Windows-1252 byte decodes to at least one UTF-8 byte.
                check_text_len(bytes.len() - crlf_count(bytes), limits)?;
                warnings.push("not valid UTF-8: read as Windows-1252".into());
                WINDOWS_1252.decode_without_bom_handling(bytes).0
            }
        }
    };
    // CRLF becomes LF; lone CR and form feed become LF: the length after that is known.
    check_text_len(decoded.len() - crlf_count(decoded.as_bytes()), limits)?;
    if decoded.contains('\0') || looks_binary(decoded.as_bytes()) {
        return Err(ReadError::Binary(
            "the file contains control bytes that text never has".into(),
        ));
    }
    let text = normalize_line_ends(&decoded);
    if text.trim().is_empty() {
        return Err(ReadError::NoText("the file holds only white space".into()));
    }
    Ok(Extracted {
        text,
        blocks: None,
        warnings,
    })
}

fn crlf_count(bytes: &[u8]) -> usize {
    if !bytes.contains(&b'\r') {
        return 0;
    }
    bytes.windows(2).filter(|w| w == b"\r\n").count()
}

fn check_text_len(len: usize, limits: &Limits) -> Result<(), ReadError> {
    if len > limits.max_text_bytes {
        return Err(ReadError::Limit {
            what: format!("decoded text ({len} bytes)"),
            limit: format!("{} bytes", limits.max_text_bytes),
            flag: "--max-text-size",
        });
    }
    Ok(())
}

fn decode_utf16(bytes: &[u8], little_endian: bool, limits: &Limits) -> Result<String, ReadError> {
    // Two code units (four bytes, a CRLF at worst) give at least one byte of text:
    // refuse a file that cannot fit before decoding it.
    check_text_len(bytes.len() / 4, limits)?;
    let enc = if little_endian { UTF_16LE } else { UTF_16BE };
    let body = if bytes.len() >= 2 && (bytes[..2] == [0xFF, 0xFE] || bytes[..2] == [0xFE, 0xFF]) {
        &bytes[2..]
    } else {
        bytes
    };
    let (cow, had_errors) = enc.decode_without_bom_handling(body);
    if had_errors {
        return Err(ReadError::Binary(format!(
            "invalid UTF-16 {} text",
            if little_endian { "LE" } else { "BE" }
        )));
    }
    Ok(cow.into_owned())
}

/// UTF-16 without a BOM shows as a NUL in every other byte for Latin text. Returns
/// `Some(true)` for little-endian, `Some(false)` for big-endian.
fn utf16_without_bom(bytes: &[u8]) -> Option<bool> {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let sample = &bytes[..bytes.len().min(4096)];
    let pairs = sample.len() / 2;
    let (mut even_nul, mut odd_nul) = (0usize, 0usize);
    for pair in sample.chunks_exact(2) {
        if pair[0] == 0 {
            even_nul += 1;
        }
        if pair[1] == 0 {
            odd_nul += 1;
        }
    }
    // Require a clear majority of NULs on one side and almost none on the other.
    if odd_nul * 10 >= pairs * 7 && even_nul * 20 <= pairs {
        Some(true)
    } else if even_nul * 10 >= pairs * 7 && odd_nul * 20 <= pairs {
        Some(false)
    } else {
        None
    }
}

/// Control bytes other than tab, line feed, carriage return and form feed mean the
/// file is not text. A few stray ones (old word processors) are tolerated.
fn looks_binary(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(64 * 1024)];
    let controls = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C))
        .count();
    controls > 0 && controls * 100 > sample.len().max(1) || sample.contains(&0)
}

/// CRLF and lone CR become LF; form feeds (page breaks in text exports) become LF too.
pub fn normalize_line_ends(s: &str) -> String {
    if !s.contains('\r') && !s.contains('\u{c}') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            '\u{c}' => out.push('\n'),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(bytes: &[u8]) -> Result<Extracted, ReadError> {
        read_text(bytes, &Limits::default())
    }

    #[test]
    fn utf8_with_and_without_bom() {
        let plain = read("Recalling its resolution 1325 (2000),\n".as_bytes()).unwrap();
        let bom = read(b"\xEF\xBB\xBFRecalling its resolution 1325 (2000),\n").unwrap();
        assert_eq!(plain.text, bom.text);
        assert!(plain.warnings.is_empty());
    }

    #[test]
    fn utf16_le_and_be_with_bom() {
        let s = "Women\u{2019}s protection advisers\r\n";
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for u in s.encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(
            read(&le).unwrap().text,
            "Women\u{2019}s protection advisers\n"
        );
        assert_eq!(
            read(&be).unwrap().text,
            "Women\u{2019}s protection advisers\n"
        );
    }

    #[test]
    fn utf16_without_bom_is_detected() {
        let s = "Decides to extend the mandate of UNMISS;\n";
        let le: Vec<u8> = s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        let out = read(&le).unwrap();
        assert_eq!(out.text, s);
        assert_eq!(out.warnings.len(), 1);
    }

    #[test]
    fn windows_1252_fallback_keeps_curly_quotes() {
        // 0x92 is the right single quotation mark in Windows-1252.
        let out = read(b"women\x92s full participation\r").unwrap();
        assert_eq!(out.text, "women\u{2019}s full participation\n");
        assert!(out.warnings[0].contains("Windows-1252"));
    }

    #[test]
    fn crlf_and_cr_become_lf() {
        assert_eq!(normalize_line_ends("a\r\nb\rc\n"), "a\nb\nc\n");
    }

    #[test]
    fn binary_and_empty_are_refused() {
        assert!(matches!(
            read(b"\x00\x01\x02\x03binary\x00\x00"),
            Err(ReadError::Binary(_))
        ));
        assert!(matches!(read(b"  \n\n "), Err(ReadError::NoText(_))));
    }
}
