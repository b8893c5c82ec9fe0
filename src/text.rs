//! Text normalisation for matching. Extraction and drafting give many spellings of
//! the same words ("gender - based", "women ’s", non-breaking spaces, line breaks in
//! the middle of a phrase); patterns are matched against one normalised form, with
//! a map back to the source so that every hit can be located in the original.

use std::ops::Range;

/// Normalised text of a document's paragraphs, with a map back to source offsets.
#[derive(Debug, Clone, Default)]
pub struct Normalized {
    /// Lower-case, one space between words, straight quotes, hyphens as spaces.
    /// Paragraphs are separated by `\n`.
    pub text: String,
    /// For every byte of `text` (and one past the end), the source byte offset.
    pub map: Vec<u32>,
    /// Normalised range of each paragraph passed to [`Normalized::build`].
    pub ranges: Vec<Range<usize>>,
}

impl Normalized {
    /// Normalises each `spans` range of `source`, leaving out the parts of it that
    /// fall in `skip` (sorted, non-overlapping: page furniture inside paragraphs).
    pub fn build_skipping(
        source: &str,
        spans: &[Range<usize>],
        skip: &[Range<usize>],
    ) -> Normalized {
        if skip.is_empty() {
            return Normalized::build(source, spans);
        }
        let total: usize = spans.iter().map(|s| s.len() + 1).sum();
        let mut n = Normalized {
            text: String::with_capacity(total),
            map: Vec::with_capacity(total + 1),
            ranges: Vec::with_capacity(spans.len()),
        };
        for span in spans {
            let start = n.text.len();
            let mut at = span.start;
            let first = skip.partition_point(|s| s.end <= span.start);
            for s in &skip[first..] {
                if s.start >= span.end {
                    break;
                }
                if s.start > at {
                    push_normalized(&source[at..s.start], at, &mut n.text, &mut n.map);
                    if !n.text.ends_with(' ') {
                        n.text.push(' ');
                        n.map.push(s.start as u32);
                    }
                }
                at = at.max(s.end);
            }
            if at < span.end {
                push_normalized(&source[at..span.end], at, &mut n.text, &mut n.map);
            }
            while n.text.len() > start && n.text.ends_with(' ') {
                n.text.pop();
                n.map.pop();
            }
            n.ranges.push(start..n.text.len());
            n.text.push('\n');
            n.map.push(span.end as u32);
        }
        n.map.push(spans.last().map_or(0, |s| s.end) as u32);
        n
    }

    /// Normalises each `spans` range of `source`.
    pub fn build(source: &str, spans: &[Range<usize>]) -> Normalized {
        let total: usize = spans.iter().map(|s| s.len() + 1).sum();
        let mut n = Normalized {
            text: String::with_capacity(total),
            map: Vec::with_capacity(total + 1),
            ranges: Vec::with_capacity(spans.len()),
        };
        for span in spans {
            let start = n.text.len();
            push_normalized(&source[span.clone()], span.start, &mut n.text, &mut n.map);
            // Trim a trailing space left by the paragraph's last line break.
            while n.text.ends_with(' ') {
                n.text.pop();
                n.map.pop();
            }
            n.ranges.push(start..n.text.len());
            n.text.push('\n');
            n.map.push(span.end as u32);
        }
        n.map.push(spans.last().map_or(0, |s| s.end) as u32);
        n
    }

    /// Source byte range of a normalised range.
    pub fn source_range(&self, r: Range<usize>) -> Range<usize> {
        let start = self.map[r.start] as usize;
        let end = if r.end == 0 {
            start
        } else {
            // One past the source char of the last normalised byte.
            self.map[r.end - 1] as usize + 1
        };
        start..end.max(start)
    }
}

/// Normalises a lexicon literal the same way as document text.
pub fn normalize_pattern(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut map = Vec::new();
    push_normalized(s, 0, &mut out, &mut map);
    out.trim().to_string()
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{a0}' | '\u{2007}' | '\u{202f}' | '\u{feff}')
}

fn is_dash(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2010}'
            | '\u{2011}'
            | '\u{2012}'
            | '\u{2013}'
            | '\u{2014}'
            | '\u{2015}'
            | '\u{2212}'
            | '\u{fe63}'
            | '\u{ff0d}'
    )
}

fn is_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\'' | '\u{2019}' | '\u{2018}' | '\u{02bc}' | '\u{2032}' | '`' | '\u{b4}'
    )
}

/// Appends the normalised form of `s` (which starts at source offset `base`).
fn push_normalized(s: &str, base: usize, out: &mut String, map: &mut Vec<u32>) {
    let mut iter = s.char_indices().peekable();
    let push_space = |out: &mut String, map: &mut Vec<u32>, at: usize| {
        if !out.is_empty() && !out.ends_with([' ', '\n']) {
            out.push(' ');
            map.push(at as u32);
        }
    };
    while let Some((i, c)) = iter.next() {
        let at = base + i;
        if is_space(c) || is_dash(c) {
            push_space(out, map, at);
            continue;
        }
        match c {
            '\u{ad}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' => continue,
            _ if is_apostrophe(c) => {
                // "women ’s" and "women’ s" become "women's".
                let rest = &s[i + c.len_utf8()..];
                let possessive = {
                    let r = rest.trim_start_matches(is_space);
                    r.starts_with(['s', 'S'])
                        && !r[1..].starts_with(|ch: char| ch.is_alphanumeric())
                };
                if possessive && out.ends_with(' ') {
                    let before_space = out[..out.len() - 1].chars().next_back();
                    if before_space.is_some_and(|b| b.is_alphanumeric()) {
                        out.pop();
                        map.pop();
                    }
                }
                out.push('\'');
                map.push(at as u32);
                if possessive {
                    while let Some(&(_, n)) = iter.peek() {
                        if is_space(n) {
                            iter.next();
                        } else {
                            break;
                        }
                    }
                }
            }
            '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{2033}' | '\u{ab}' | '\u{bb}' => {
                out.push('"');
                map.push(at as u32);
            }
            _ if c.is_ascii() => {
                out.push(c.to_ascii_lowercase());
                map.push(at as u32);
            }
            _ => {
                for l in c.to_lowercase() {
                    let len = l.len_utf8();
                    out.push(l);
                    for _ in 0..len {
                        map.push(at as u32);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_normalise_alike() {
        for s in [
            "gender - based violence",
            "gender -based violence",
            "Gender\u{2010}based  violence",
            "gender-\nbased violence",
        ] {
            assert_eq!(normalize_pattern(s), "gender based violence", "{s:?}");
        }
        for s in [
            "women ’s participation",
            "women’ s participation",
            "Women's\u{a0}participation",
        ] {
            assert_eq!(normalize_pattern(s), "women's participation", "{s:?}");
        }
        assert_eq!(
            normalize_pattern("“full, equal and meaningful”"),
            "\"full, equal and meaningful\""
        );
    }

    #[test]
    fn map_points_back_to_source() {
        let src = "Intro line\nRecalling women ’s full participation,\n";
        let span = 11..src.len() - 1;
        let n = Normalized::build(src, std::slice::from_ref(&span));
        let text = &n.text[n.ranges[0].clone()];
        assert_eq!(text, "recalling women's full participation,");
        let at = text.find("women's").unwrap() + n.ranges[0].start;
        let r = n.source_range(at..at + "women's full".len());
        assert_eq!(&src[r], "women ’s full");
    }
}
