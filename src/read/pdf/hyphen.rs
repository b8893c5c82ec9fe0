//! Words broken over two lines with a hyphen.
//!
//! When a line ends in a word and a hyphen ("peace-") and the next line of the same
//! paragraph starts with a word, the second part is moved up to the end of the first
//! line, with or without the hyphen, so the word is whole on one line whatever the
//! structure parser does with line ends. The rule, in order:
//!
//! 1. A soft hyphen (U+00AD) was put there by the typesetter: join ("peacekeeping").
//! 2. A digit or an acronym before the hyphen, or a second part that starts with a
//!    capital, a digit or a sign, is a compound or a range: keep the hyphen
//!    ("Secretary-General", "High-Level", "UN-led", "2017-2021", "30-day").
//!    Typesetters do not hyphenate capitals or numbers.
//! 3. A second part that is "and", "or", "nor", "to" or "as" follows a suspended
//!    hyphen: leave the line break as a space ("troop- and police-contributing").
//! 4. The document itself: the joined form ("peacekeeping") and the hyphenated form
//!    ("peace-keeping") are counted in the rest of the text; the more frequent wins.
//! 5. Known compounds: keep the hyphen when the second part is one that commonly
//!    follows a hyphen in Council texts (based, related, sensitive, responsive,
//!    specific, led, term, level, ...) and the first part has at least three letters
//!    (so "un-related" is not mistaken for a compound), or when the first part is one
//!    of non, self, cross, well, anti, decision, gender, conflict, women.
//! 6. Otherwise the document decides as a whole: typesetters either hyphenate words
//!    automatically or never do. If the breaks settled by rule 4 were more often
//!    compounds than split words, the document was not hyphenated and the hyphen is
//!    kept; otherwise the break is taken for a line-break hyphen and the parts joined
//!    ("interlocu-" + "tors").
//!
//! Words that are closed in UN usage (peacekeeping, peacebuilding, policymaking,
//! nationwide, ongoing) are deliberately absent from the lists of rule 5.

use super::layout::OutLine;
use std::collections::HashMap;

const SUSPENDED: &[&str] = &["and", "or", "nor", "to", "as"];

const SECOND_PARTS: &[&str] = &[
    "based",
    "related",
    "sensitive",
    "responsive",
    "specific",
    "led",
    "term",
    "level",
    "owned",
    "affected",
    "free",
    "bound",
    "oriented",
    "centred",
    "centered",
    "focused",
    "driven",
    "disaggregated",
    "inclusive",
    "transformative",
    "appropriate",
    "friendly",
    "contributing",
    "called",
    "up",
    "off",
    "scale",
    "year",
    "month",
];

const FIRST_PARTS: &[&str] = &[
    "non", "self", "cross", "well", "anti", "decision", "gender", "conflict", "women",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Decision {
    Join,
    KeepHyphen,
    /// A suspended hyphen: the line break stays a space.
    Space,
    /// Not a word broken with a hyphen.
    NotABreak,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Why {
    Evidence,
    Other,
}

/// How often each word (and each part of a hyphenated word) and each hyphenated pair
/// occurs in the text.
#[derive(Default)]
struct Counts {
    words: HashMap<String, usize>,
    pairs: HashMap<String, usize>,
}

impl Counts {
    fn of(lines: &[OutLine]) -> Counts {
        let mut c = Counts::default();
        for line in lines {
            for tok in line.text.split(' ') {
                let tok = norm_token(tok);
                if tok.is_empty() {
                    continue;
                }
                let parts: Vec<&str> = tok.split('-').filter(|p| !p.is_empty()).collect();
                for p in &parts {
                    *c.words.entry((*p).to_owned()).or_default() += 1;
                }
                for w in parts.windows(2) {
                    *c.pairs.entry(format!("{}-{}", w[0], w[1])).or_default() += 1;
                }
            }
        }
        c
    }
}

/// Lower case, hyphen variants as '-', apostrophes straight, without the punctuation
/// around the word.
fn norm_token(tok: &str) -> String {
    let t: String = tok
        .chars()
        .map(|c| match c {
            '\u{2010}' | '\u{2011}' => '-',
            '\u{2019}' => '\'',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect();
    t.trim_matches(|c: char| !(c.is_alphanumeric() || c == '-'))
        .trim_matches('-')
        .to_owned()
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}' | '\u{AD}')
}

/// The decision for "`last`" at a line end followed by "`next`" at the start of the
/// next line (both whole white-space separated tokens).
fn decide(last: &str, next: &str, counts: &Counts, join_by_default: bool) -> (Decision, Why) {
    let Some(h) = last.chars().last().filter(|&c| is_hyphen(c)) else {
        return (Decision::NotABreak, Why::Other);
    };
    let stem = &last[..last.len() - h.len_utf8()];
    let Some(before) = stem.chars().last() else {
        return (Decision::NotABreak, Why::Other);
    };
    if !before.is_alphanumeric() {
        // "gender -" or "--": not a word broken in two.
        return (Decision::NotABreak, Why::Other);
    }
    let Some(first) = next.chars().next() else {
        return (Decision::NotABreak, Why::Other);
    };
    if h == '\u{AD}' {
        return (Decision::Join, Why::Other);
    }
    let stem_part = stem
        .rsplit('-')
        .next()
        .unwrap_or("")
        .trim_matches(|c: char| !c.is_alphanumeric());
    let acronym = stem_part.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && stem_part
            .chars()
            .all(|c| !c.is_alphabetic() || c.is_uppercase());
    if before.is_ascii_digit() || acronym || !first.is_alphabetic() || first.is_uppercase() {
        return (Decision::KeepHyphen, Why::Other);
    }
    let x_full = norm_token(stem);
    let x = x_full.rsplit('-').next().unwrap_or("");
    let y_full = norm_token(next);
    let y = y_full.split('-').next().unwrap_or("");
    if x.is_empty() || y.is_empty() {
        return (Decision::KeepHyphen, Why::Other);
    }
    if SUSPENDED.contains(&y) && y_full == y {
        return (Decision::Space, Why::Other);
    }
    let joined = counts.words.get(&format!("{x}{y}")).copied().unwrap_or(0);
    let hyphenated = counts.pairs.get(&format!("{x}-{y}")).copied().unwrap_or(0);
    if joined > hyphenated {
        return (Decision::Join, Why::Evidence);
    }
    if hyphenated > joined {
        return (Decision::KeepHyphen, Why::Evidence);
    }
    let letters = |s: &str| s.chars().filter(|c| c.is_alphabetic()).count();
    if (SECOND_PARTS.contains(&y) && letters(x) >= 3)
        || (FIRST_PARTS.contains(&x) && letters(y) >= 3)
    {
        return (Decision::KeepHyphen, Why::Other);
    }
    if join_by_default {
        (Decision::Join, Why::Other)
    } else {
        (Decision::KeepHyphen, Why::Other)
    }
}

fn last_token(s: &str) -> &str {
    s.rsplit(' ').next().unwrap_or("")
}

fn first_token(s: &str) -> &str {
    s.split(' ').next().unwrap_or("")
}

/// Joins hyphenated line breaks in `lines` (see the module documentation). Lines
/// separated by a paragraph gap are never joined. Returns how many breaks were joined
/// without their hyphen.
pub(crate) fn join_breaks(lines: &mut Vec<OutLine>) -> usize {
    let counts = Counts::of(lines);
    // First pass: what the document says about itself.
    let (mut compounds, mut split_words) = (0usize, 0usize);
    for w in lines.windows(2) {
        if w[1].gap_before {
            continue;
        }
        match decide(
            last_token(&w[0].text),
            first_token(&w[1].text),
            &counts,
            true,
        ) {
            (Decision::Join, Why::Evidence) => split_words += 1,
            (Decision::KeepHyphen, Why::Evidence) => compounds += 1,
            _ => {}
        }
    }
    let join_by_default = compounds <= split_words;

    // `i` is the line being completed, `j` the next line still there. Lines emptied
    // by a join are only marked, so the whole pass stays linear.
    let mut gone = vec![false; lines.len()];
    let mut joined = 0;
    let (mut i, mut j) = (0, 1);
    while j < lines.len() {
        if lines[j].gap_before {
            (i, j) = (j, j + 1);
            continue;
        }
        let (decision, _) = decide(
            last_token(&lines[i].text),
            first_token(&lines[j].text),
            &counts,
            join_by_default,
        );
        if matches!(decision, Decision::Join | Decision::KeepHyphen) {
            let next = std::mem::take(&mut lines[j].text);
            let (head, rest) = match next.split_once(' ') {
                Some((h, r)) => (h, r),
                None => (next.as_str(), ""),
            };
            let line = &mut lines[i].text;
            if decision == Decision::Join {
                line.pop(); // the hyphen
                joined += 1;
            } else if line.ends_with('\u{AD}') {
                line.pop();
                line.push('-');
            }
            line.push_str(head);
            if rest.is_empty() {
                // The line now ends where the next one ended: look at it again.
                gone[j] = true;
                j += 1;
                continue;
            }
            lines[j].text = rest.to_owned();
        }
        (i, j) = (j, j + 1);
    }
    let mut k = 0;
    lines.retain(|_| {
        k += 1;
        !gone[k - 1]
    });
    joined
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An empty string stands for a paragraph gap before the next line.
    fn lines(texts: &[&str]) -> Vec<OutLine> {
        let mut out = Vec::new();
        let mut gap = false;
        for t in texts {
            if t.is_empty() {
                gap = true;
                continue;
            }
            out.push(OutLine {
                text: (*t).to_owned(),
                indent: 0,
                gap_before: gap,
            });
            gap = false;
        }
        out
    }

    fn joined(texts: &[&str]) -> Vec<String> {
        let mut l = lines(texts);
        join_breaks(&mut l);
        let mut out = Vec::new();
        for line in l {
            if line.gap_before {
                out.push(String::new());
            }
            out.push(line.text);
        }
        out
    }

    #[test]
    fn line_break_hyphen_is_joined_and_word_moved_up() {
        assert_eq!(
            joined(&[
                "commitment to peace-",
                "keeping in the region,",
                "and peacekeeping"
            ]),
            [
                "commitment to peacekeeping",
                "in the region,",
                "and peacekeeping"
            ]
        );
    }

    #[test]
    fn compounds_keep_their_hyphen() {
        assert_eq!(
            joined(&["sexual and gender-", "based violence"]),
            ["sexual and gender-based", "violence"]
        );
        assert_eq!(
            joined(&["the Secretary-", "General to report"]),
            ["the Secretary-General", "to report"]
        );
        assert_eq!(joined(&["for 2017-", "2021;"]), ["for 2017-2021;"]);
        assert_eq!(joined(&["a 30-", "day period"]), ["a 30-day", "period"]);
        assert_eq!(
            joined(&["women-", "led committees"]),
            ["women-led", "committees"]
        );
        assert_eq!(
            joined(&["a cross-", "cutting issue"]),
            ["a cross-cutting", "issue"]
        );
        assert_eq!(
            joined(&["the UN-", "led process"]),
            ["the UN-led", "process"]
        );
    }

    #[test]
    fn short_prefixes_are_not_compounds() {
        // "un-" + "related": "related" is on the list but "un" is too short to be the
        // first part of a compound, so the default (join) applies.
        assert_eq!(
            joined(&["an un-", "related matter"]),
            ["an unrelated", "matter"]
        );
    }

    #[test]
    fn suspended_hyphens_stay_apart() {
        assert_eq!(
            joined(&["troop-", "and police-contributing countries"]),
            ["troop-", "and police-contributing countries"]
        );
        assert_eq!(
            joined(&["sex-", "and age-disaggregated"]),
            ["sex-", "and age-disaggregated"]
        );
    }

    #[test]
    fn not_a_break() {
        assert_eq!(
            joined(&["gender -", "based violence"]),
            ["gender -", "based violence"]
        );
        assert_eq!(joined(&["a list --", "more"]), ["a list --", "more"]);
        assert_eq!(
            joined(&["ends with -", "(a) Something"]),
            ["ends with -", "(a) Something"]
        );
    }

    #[test]
    fn evidence_in_the_document_decides() {
        // "peace-building" is hyphenated elsewhere in this text: keep.
        assert_eq!(
            joined(&["peace-building and peace-", "building"]),
            ["peace-building and peace-building"]
        );
        // "nationwide" is closed elsewhere: join.
        assert_eq!(
            joined(&["a nationwide plan and a nation-", "wide survey"]),
            ["a nationwide plan and a nationwide", "survey"]
        );
    }

    #[test]
    fn document_that_never_hyphenates_keeps_unknown_breaks() {
        // One break settled by evidence as a compound and none as a split word: the
        // document was not hyphenated, so "inter-communal" keeps its hyphen.
        assert_eq!(
            joined(&[
                "conflict-related violence and conflict-",
                "related crimes and inter-",
                "communal violence"
            ]),
            [
                "conflict-related violence and conflict-related",
                "crimes and inter-communal",
                "violence"
            ]
        );
        // Same unknown break in a document that shows hyphenation: joined.
        assert_eq!(
            joined(&[
                "implementation and imple-",
                "mentation and inter-",
                "communal"
            ]),
            ["implementation and implementation", "and intercommunal"]
        );
    }

    #[test]
    fn soft_hyphen_always_joins() {
        assert_eq!(joined(&["peace\u{AD}", "building"]), ["peacebuilding"]);
    }

    #[test]
    fn paragraph_gap_stops_joining() {
        assert_eq!(
            joined(&["a list item -", "", "next"]),
            ["a list item -", "", "next"]
        );
        assert_eq!(
            joined(&["peace-", "", "keeping"]),
            ["peace-", "", "keeping"]
        );
    }

    #[test]
    fn many_joins_stay_linear() {
        let mut l: Vec<OutLine> = (0..200_000)
            .map(|i| OutLine {
                text: if i % 2 == 0 {
                    "imple-".into()
                } else {
                    "mentation".into()
                },
                indent: 0,
                gap_before: false,
            })
            .collect();
        let t = std::time::Instant::now();
        assert_eq!(join_breaks(&mut l), 100_000);
        assert_eq!(l.len(), 100_000);
        assert!(l.iter().all(|l| l.text == "implementation"));
        assert!(
            t.elapsed() < std::time::Duration::from_secs(5),
            "{:?}",
            t.elapsed()
        );
    }

    #[test]
    fn chained_breaks() {
        assert_eq!(
            joined(&[
                "the peace-",
                "keeping-",
                "intelligence unit, peacekeeping and peacekeeping-intelligence"
            ]),
            [
                "the peacekeeping-intelligence",
                "unit, peacekeeping and peacekeeping-intelligence"
            ]
        );
    }
}
