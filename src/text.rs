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
        Normalized::build_skipping(source, spans, &[])
    }

    /// Source byte range of a normalised range; `source` is the text the
    /// normalisation was built from. The range always lies on character boundaries
    /// of `source`, whatever the characters at its ends (a match may end on a
    /// non-ASCII letter, or inside one when a regex works on bytes).
    pub fn source_range(&self, source: &str, r: Range<usize>) -> Range<usize> {
        let floor = |mut i: usize| {
            i = i.min(source.len());
            while !source.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        let start = floor(self.map[r.start] as usize);
        let end = if r.end == 0 {
            start
        } else {
            // Past the whole source character of the last normalised byte.
            let last = floor(self.map[r.end - 1] as usize);
            source[last..]
                .chars()
                .next()
                .map_or(last, |c| last + c.len_utf8())
        };
        start..end.max(start)
    }
}

/// Words that are never half of a word split by extraction.
const STOP: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "in", "is", "it", "its",
    "of", "on", "or", "the", "to", "was", "with", "all", "any", "not", "per", "who",
];

#[cfg(test)]
impl Normalized {
    /// The two-scan form of [`Normalized::rejoin_split_words`], kept as the
    /// reference the one-pass form is tested against.
    #[cfg(test)]
    fn rejoin_split_words_reference(&mut self, vocab: &std::collections::HashSet<String>) {
        if vocab.is_empty() {
            return;
        }
        let bytes = self.text.as_bytes();
        let mut drop: Vec<usize> = Vec::new();
        let mut joined = String::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] != b' '
                || i == 0
                || !bytes[i - 1].is_ascii_alphabetic()
                || !bytes.get(i + 1).is_some_and(|b| b.is_ascii_alphabetic())
            {
                i += 1;
                continue;
            }
            let a_start = bytes[..i]
                .iter()
                .rposition(|b| !b.is_ascii_alphabetic())
                .map_or(0, |p| p + 1);
            let b_end = bytes[i + 1..]
                .iter()
                .position(|b| !b.is_ascii_alphabetic())
                .map_or(bytes.len(), |p| i + 1 + p);
            let a = &self.text[a_start..i];
            let b = &self.text[i + 1..b_end];
            // Vocabulary words have five letters or more, so the short half is never
            // one of them and a join shorter than five is not looked up.
            if (a.len() <= 3 || b.len() <= 3)
                && a.len() + b.len() >= 5
                && !is_stop(a)
                && !is_stop(b)
            {
                joined.clear();
                joined.push_str(a);
                joined.push_str(b);
                if vocab.contains(&joined) && !vocab.contains(a) && !vocab.contains(b) {
                    drop.push(i);
                }
            }
            i = b_end;
        }
        if drop.is_empty() {
            return;
        }
        let mut text = String::with_capacity(self.text.len());
        let mut map = Vec::with_capacity(self.map.len());
        let mut last = 0;
        for &d in &drop {
            text.push_str(&self.text[last..d]);
            map.extend_from_slice(&self.map[last..d]);
            last = d + 1;
        }
        text.push_str(&self.text[last..]);
        map.extend_from_slice(&self.map[last..]);
        // Shift paragraph ranges by the bytes dropped before them.
        for r in &mut self.ranges {
            let before_start = drop.partition_point(|&d| d < r.start);
            let before_end = drop.partition_point(|&d| d < r.end);
            *r = r.start - before_start..r.end - before_end;
        }
        self.text = text;
        self.map = map;
    }
}

fn is_stop(w: &str) -> bool {
    w.len() <= 4 && STOP.contains(&w)
}

impl Normalized {
    /// Rejoins words that extraction split in two ("pe acekeeping", "wom en") when
    /// the joined form is a lexicon word and one half is a short fragment. `vocab`
    /// holds the lexicon's words (lower case, five letters or more).
    pub fn rejoin_split_words(&mut self, vocab: &std::collections::HashSet<String>) {
        if vocab.is_empty() {
            return;
        }
        let bytes = self.text.as_bytes();
        let mut drop: Vec<usize> = Vec::new();
        let mut joined = String::new();
        // One pass over the words (runs of ASCII letters); each pair of words
        // separated by exactly one space is a candidate.
        let mut prev: Option<(usize, usize)> = None;
        let mut i = 0;
        while i < bytes.len() {
            if !bytes[i].is_ascii_alphabetic() {
                i += 1;
                continue;
            }
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
                i += 1;
            }
            if let Some((a_start, a_end)) = prev {
                if a_end + 1 == start && bytes[a_end] == b' ' {
                    let a = &self.text[a_start..a_end];
                    let b = &self.text[start..i];
                    // Vocabulary words have five letters or more, so the short half
                    // is never one of them and a join shorter than five is not
                    // looked up.
                    if (a.len() <= 3 || b.len() <= 3)
                        && a.len() + b.len() >= 5
                        && !is_stop(a)
                        && !is_stop(b)
                    {
                        joined.clear();
                        joined.push_str(a);
                        joined.push_str(b);
                        if vocab.contains(&joined) && !vocab.contains(a) && !vocab.contains(b) {
                            drop.push(a_end);
                        }
                    }
                }
            }
            prev = Some((start, i));
        }
        if drop.is_empty() {
            return;
        }
        let mut text = String::with_capacity(self.text.len());
        let mut map = Vec::with_capacity(self.map.len());
        let mut last = 0;
        for &d in &drop {
            text.push_str(&self.text[last..d]);
            map.extend_from_slice(&self.map[last..d]);
            last = d + 1;
        }
        text.push_str(&self.text[last..]);
        map.extend_from_slice(&self.map[last..]);
        // Shift paragraph ranges by the bytes dropped before them.
        for r in &mut self.ranges {
            let before_start = drop.partition_point(|&d| d < r.start);
            let before_end = drop.partition_point(|&d| d < r.end);
            *r = r.start - before_start..r.end - before_end;
        }
        self.text = text;
        self.map = map;
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

/// A byte that normalises to itself lower-cased: ASCII other than white space,
/// hyphens and apostrophes.
fn is_plain(b: u8) -> bool {
    PLAIN[b as usize]
}

/// [`is_plain`] as a table (a `match` compiles to a jump per byte).
static PLAIN: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 0x80 {
        t[b] = !matches!(
            b as u8,
            b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ' | b'-' | b'\'' | b'`'
        );
        b += 1;
    }
    t
};

/// Appends the normalised form of `s` (which starts at source offset `base`).
/// Runs of plain ASCII (most of any English text) are copied and lower-cased in
/// bulk; everything else goes character by character.
fn push_normalized(s: &str, base: usize, out: &mut String, map: &mut Vec<u32>) {
    let bytes = s.as_bytes();
    out.reserve(s.len());
    map.reserve(s.len());
    let push_space = |out: &mut String, map: &mut Vec<u32>, at: usize| {
        if !out.is_empty() && !out.ends_with([' ', '\n']) {
            out.push(' ');
            map.push(at as u32);
        }
    };
    let mut i = 0;
    while i < bytes.len() {
        if is_plain(bytes[i]) {
            let run = i;
            while i < bytes.len() && is_plain(bytes[i]) {
                i += 1;
            }
            let from = out.len();
            out.push_str(&s[run..i]);
            out[from..].make_ascii_lowercase();
            map.extend((base + run..base + i).map(|x| x as u32));
            continue;
        }
        let Some(c) = s[i..].chars().next() else {
            break;
        };
        let at = base + i;
        i += c.len_utf8();
        if is_space(c) || is_dash(c) {
            push_space(out, map, at);
            continue;
        }
        match c {
            '\u{ad}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' => continue,
            _ if is_apostrophe(c) => {
                // "women ’s" and "women’ s" become "women's".
                let rest = &s[i..];
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
                    i += rest.len() - rest.trim_start_matches(is_space).len();
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

/// The character-by-character form of [`push_normalized`], kept as the reference
/// its fast path is tested against.
#[cfg(test)]
fn push_normalized_reference(s: &str, base: usize, out: &mut String, map: &mut Vec<u32>) {
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

    proptest::proptest! {
        /// The one-pass rejoining drops the same spaces as the two-scan one.
        #[test]
        fn one_pass_rejoin_equals_reference(
            words in proptest::collection::vec(
                proptest::sample::select(vec![
                    "pe", "acekeeping", "peace", "keeping", "wom", "en", "women", "the", "of",
                    "a", "prot", "ection", "protection", "x", "ab", "abcde", "cde", "1325", "é",
                ]),
                0..30,
            ),
            seps in proptest::collection::vec(
                proptest::sample::select(vec![" ", " ", " ", "  ", ", ", "\n", "'", ""]),
                30,
            ),
        ) {
            let vocab: std::collections::HashSet<String> =
                ["peacekeeping", "women", "protection", "abcde", "abcdecde"]
                    .iter()
                    .map(|s| s.to_string())
                    .collect();
            let src: String = words.iter().zip(&seps).flat_map(|(w, s)| [*w, *s]).collect();
            let span = 0..src.len();
            let mut a = Normalized::build(&src, std::slice::from_ref(&span));
            let mut b = a.clone();
            a.rejoin_split_words(&vocab);
            b.rejoin_split_words_reference(&vocab);
            proptest::prop_assert_eq!(&a.text, &b.text);
            proptest::prop_assert_eq!(&a.map, &b.map);
            proptest::prop_assert_eq!(&a.ranges, &b.ranges);
        }

        /// The bulk ASCII path gives the same text and map as the character loop.
        #[test]
        fn fast_path_equals_reference(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "Women", "PEACE", " ", "  ", "\t", "\n", "\u{b}", "-", "\u{2013}", "'", "`",
                    "\u{2019}", "s", "S ", "\u{ad}", "\u{a0}", "\u{201c}", "É", "İ", "ß", "\u{200b}",
                    "1325", "(a)", ";", "\u{feff}", "\u{1c}", "ǅ", "\"",
                ]),
                0..40,
            ),
            base in 0usize..1000,
            prefix in proptest::sample::select(vec!["", "x", "x ", "\n"]),
        ) {
            let s: String = parts.concat();
            let (mut a, mut am) = (prefix.to_string(), vec![0; prefix.len()]);
            let (mut b, mut bm) = (a.clone(), am.clone());
            push_normalized(&s, base, &mut a, &mut am);
            push_normalized_reference(&s, base, &mut b, &mut bm);
            proptest::prop_assert_eq!(a, b);
            proptest::prop_assert_eq!(am, bm);
        }
    }

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
    fn split_words_are_rejoined_when_the_lexicon_knows_the_word() {
        let vocab: std::collections::HashSet<String> = ["peacekeeping", "women", "protection"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let src = "the pe acekeeping mission and wom en of the unit y";
        let span = 0..src.len();
        let mut n = Normalized::build(src, std::slice::from_ref(&span));
        n.rejoin_split_words(&vocab);
        assert_eq!(
            &n.text[n.ranges[0].clone()],
            "the peacekeeping mission and women of the unit y"
        );
        let at = n.text.find("women").unwrap();
        assert_eq!(&src[n.source_range(src, at..at + 5)], "wom en");
    }

    #[test]
    fn map_points_back_to_source() {
        let src = "Intro line\nRecalling women ’s full participation,\n";
        let span = 11..src.len() - 1;
        let n = Normalized::build(src, std::slice::from_ref(&span));
        let text = &n.text[n.ranges[0].clone()];
        assert_eq!(text, "recalling women's full participation,");
        let at = text.find("women's").unwrap() + n.ranges[0].start;
        let r = n.source_range(src, at..at + "women's full".len());
        assert_eq!(&src[r], "women ’s full");
    }

    #[test]
    fn ranges_ending_on_non_ascii_characters_cover_them_whole() {
        // Found by tests/properties.rs: a range ending on a character of several
        // bytes (in the source, the normalised text or both) ended inside it.
        let src = "final communiqué and “full, equal and meaningful”";
        let span = 0..src.len();
        let n = Normalized::build(src, std::slice::from_ref(&span));
        let t = &n.text[n.ranges[0].clone()];
        assert_eq!(t, "final communiqué and \"full, equal and meaningful\"");
        let at = t.find("communiqué").unwrap();
        let r = n.source_range(src, at..at + "communiqué".len());
        assert_eq!(&src[r], "communiqué");
        let at = t.find('"').unwrap();
        let r = n.source_range(src, at..t.len());
        assert_eq!(&src[r], "“full, equal and meaningful”");
        // A byte-level regex may end inside a character: the range takes all of it.
        let r = n.source_range(src, at - 7..at - 6);
        assert_eq!(&src[r], "é");
    }
}
