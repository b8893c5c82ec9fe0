//! Compiles every lexicon pattern once: one Aho-Corasick automaton for all literal
//! patterns (found overlapping, so no class of pattern hides another), one regex set
//! for all regular expressions, and a small automaton for operative verbs.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};
use std::collections::HashMap;
use std::ops::Range;

/// What a pattern stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PatternKind {
    /// Evidence term `term` of rule `rule`.
    Evidence { rule: usize, term: usize },
    /// A topic that makes rule `rule` expected.
    Trigger { rule: usize },
    /// An exclusion: evidence overlapping it does not count.
    Exclude(usize),
    /// A hedge (index into `Lexicon::hedges`).
    Hedge(usize),
    /// Detector `index` of profile `profile`.
    Detect { profile: usize, index: usize },
    /// A decisive detector of profile `profile`: its match settles the profile.
    Decisive { profile: usize },
}

/// The class a pattern belongs to; overlaps are resolved only within a class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HitClass {
    Terms,
    Trigger,
    Hedge,
    Detect,
}

impl PatternKind {
    pub fn class(self) -> HitClass {
        match self {
            PatternKind::Evidence { .. } | PatternKind::Exclude(_) => HitClass::Terms,
            PatternKind::Trigger { .. } => HitClass::Trigger,
            PatternKind::Hedge(_) => HitClass::Hedge,
            PatternKind::Detect { .. } | PatternKind::Decisive { .. } => HitClass::Detect,
        }
    }
}

/// A pattern ready to compile: literal text already normalised, or a regex.
#[derive(Debug, Clone)]
pub struct Pattern {
    pub regex: bool,
    pub text: String,
    pub kind: PatternKind,
}

/// One match, in byte offsets of the normalised text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    pub kind: PatternKind,
}

/// A verb phrase opening an operative clause.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VerbHit {
    pub start: usize,
    pub end: usize,
    pub strength: u8,
}

#[derive(Debug)]
pub struct Matcher {
    ac: Option<AhoCorasick>,
    /// For each literal automaton pattern, every kind sharing that literal.
    ac_kinds: Vec<Vec<PatternKind>>,
    set: Option<RegexSet>,
    regexes: Vec<Regex>,
    re_kinds: Vec<PatternKind>,
    verbs: Option<AhoCorasick>,
    verb_strength: Vec<u8>,
    adverbs: Vec<String>,
}

impl Matcher {
    pub fn build(
        patterns: Vec<Pattern>,
        levels: &[super::VerbLevel],
        adverbs: &[String],
    ) -> Result<Matcher, String> {
        let mut literal_ix: HashMap<String, usize> = HashMap::new();
        let mut literals: Vec<String> = Vec::new();
        let mut ac_kinds: Vec<Vec<PatternKind>> = Vec::new();
        let mut re_src: Vec<String> = Vec::new();
        let mut re_kinds = Vec::new();
        for p in patterns {
            if p.regex {
                re_src.push(p.text);
                re_kinds.push(p.kind);
            } else {
                let ix = *literal_ix.entry(p.text.clone()).or_insert_with(|| {
                    literals.push(p.text.clone());
                    ac_kinds.push(Vec::new());
                    literals.len() - 1
                });
                if !ac_kinds[ix].contains(&p.kind) {
                    ac_kinds[ix].push(p.kind);
                }
            }
        }
        let ac = if literals.is_empty() {
            None
        } else {
            Some(
                AhoCorasickBuilder::new()
                    .match_kind(MatchKind::Standard)
                    .build(&literals)
                    .map_err(|e| format!("cannot build the term automaton: {e}"))?,
            )
        };
        let (set, regexes) = if re_src.is_empty() {
            (None, Vec::new())
        } else {
            let set = RegexSetBuilder::new(&re_src)
                .size_limit(64 << 20)
                .dfa_size_limit(64 << 20)
                .build()
                .map_err(|e| format!("cannot build the regex set: {e}"))?;
            let mut v = Vec::with_capacity(re_src.len());
            for r in &re_src {
                v.push(
                    RegexBuilder::new(r)
                        .size_limit(1 << 20)
                        .build()
                        .map_err(|e| format!("cannot build regex {r:?}: {e}"))?,
                );
            }
            (Some(set), v)
        };
        let mut verb_phrases = Vec::new();
        let mut verb_strength = Vec::new();
        for l in levels {
            for v in &l.verbs {
                verb_phrases.push(v.clone());
                verb_strength.push(l.strength);
            }
        }
        let verbs = if verb_phrases.is_empty() {
            None
        } else {
            Some(
                AhoCorasickBuilder::new()
                    .match_kind(MatchKind::LeftmostLongest)
                    .build(&verb_phrases)
                    .map_err(|e| format!("cannot build the verb automaton: {e}"))?,
            )
        };
        let mut adverbs = adverbs.to_vec();
        // Longest first, so "once again" is stripped before "again".
        adverbs.sort_by_key(|a| std::cmp::Reverse(a.len()));
        Ok(Matcher {
            ac,
            ac_kinds,
            set,
            regexes,
            re_kinds,
            verbs,
            verb_strength,
            adverbs,
        })
    }

    /// Finds every pattern in each of `ranges` of the normalised text `norm`.
    /// Returns, per range, its hits sorted by start (then longest first).
    pub fn scan(&self, norm: &str, ranges: &[Range<usize>]) -> Vec<Vec<Hit>> {
        let mut out: Vec<Vec<Hit>> = vec![Vec::new(); ranges.len()];
        let bytes = norm.as_bytes();
        if let Some(ac) = &self.ac {
            for m in ac.find_overlapping_iter(norm) {
                let (s, e) = (m.start(), m.end());
                if !word_start(bytes, s) {
                    continue;
                }
                let Some(end) = word_end(bytes, e) else {
                    continue;
                };
                let Some(ri) = range_of(ranges, s) else {
                    continue;
                };
                if end > ranges[ri].end {
                    continue;
                }
                for &kind in &self.ac_kinds[m.pattern().as_usize()] {
                    out[ri].push(Hit {
                        start: s,
                        end,
                        kind,
                    });
                }
            }
        }
        if let Some(set) = &self.set {
            for (ri, r) in ranges.iter().enumerate() {
                let hay = &norm[r.clone()];
                let matched = set.matches(hay);
                if !matched.matched_any() {
                    continue;
                }
                for pi in matched.iter() {
                    for m in self.regexes[pi].find_iter(hay) {
                        if m.start() == m.end() {
                            continue;
                        }
                        out[ri].push(Hit {
                            start: r.start + m.start(),
                            end: r.start + m.end(),
                            kind: self.re_kinds[pi],
                        });
                    }
                }
            }
        }
        for hits in &mut out {
            hits.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        }
        out
    }

    /// Verb phrases in `norm[range]` that open an operative clause: at the start of
    /// the range, or after `,` `;` `:` or `and`, with adverbs skipped.
    pub fn clause_verbs(&self, norm: &str, range: Range<usize>) -> Vec<VerbHit> {
        let Some(ac) = &self.verbs else {
            return Vec::new();
        };
        let hay = &norm[range.clone()];
        let bytes = hay.as_bytes();
        let mut out = Vec::new();
        for m in ac.find_iter(hay) {
            if !word_start(bytes, m.start()) || word_end(bytes, m.end()) != Some(m.end()) {
                continue;
            }
            if self.opens_clause(&hay[..m.start()]) {
                out.push(VerbHit {
                    start: range.start + m.start(),
                    end: range.start + m.end(),
                    strength: self.verb_strength[m.pattern().as_usize()],
                });
            }
        }
        out
    }

    fn opens_clause(&self, before: &str) -> bool {
        let mut s = before.trim_end();
        loop {
            let mut stripped = false;
            for a in &self.adverbs {
                if let Some(rest) = s.strip_suffix(a.as_str()) {
                    if rest.is_empty() || rest.ends_with([' ', ',', ';', ':']) {
                        s = rest.trim_end();
                        stripped = true;
                        break;
                    }
                }
            }
            if !stripped {
                break;
            }
        }
        if s.is_empty() {
            return true;
        }
        if let Some(rest) = s.strip_suffix("and") {
            if rest.is_empty() || rest.ends_with([' ', ',']) {
                return true;
            }
        }
        // A label like "7." or "(a)" ends just before the verb.
        s.ends_with([',', ';', ':', '.', ')'])
    }
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

fn word_start(bytes: &[u8], s: usize) -> bool {
    s == 0 || !is_word_byte(bytes[s - 1]) || !is_word_byte(bytes[s])
}

/// The end of a literal match if it ends a word; a plural `s` is taken in.
fn word_end(bytes: &[u8], e: usize) -> Option<usize> {
    if e >= bytes.len() || !is_word_byte(bytes[e]) || !is_word_byte(bytes[e - 1]) {
        return Some(e);
    }
    if bytes[e] == b's' && (e + 1 >= bytes.len() || !is_word_byte(bytes[e + 1])) {
        return Some(e + 1);
    }
    None
}

fn range_of(ranges: &[Range<usize>], pos: usize) -> Option<usize> {
    let i = ranges.partition_point(|r| r.start <= pos).checked_sub(1)?;
    (pos < ranges[i].end).then_some(i)
}
