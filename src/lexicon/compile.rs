//! Compiles every lexicon pattern once: one Aho-Corasick automaton for all literal
//! patterns and for the literal prefixes (or suffixes) of the regular expressions
//! (found overlapping, so no class of pattern hides another), the regexes themselves
//! (tried only where their literals are found), and a small automaton for operative
//! verbs.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use regex::bytes::{Regex, RegexBuilder};
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use std::collections::HashMap;
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering as AtomicOrdering};
use std::sync::{Arc, OnceLock};

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
    /// A reference cue (index into `RefVocab::cues`).
    Cue(usize),
    /// A word referring back to an earlier reference (`RefVocab::anaphors`).
    Anaphor(usize),
    /// A context word giving a cue its area (`RefVocab::contexts`).
    Context(usize),
    /// A proper name in which cue words are no reference.
    RefExclude(usize),
    /// A citation of the text's own paragraphs ("as requested in paragraph 27").
    CrossRef,
}

/// Where a pattern was written: file, line, column.
pub type Location = (String, usize, usize);

/// A pattern ready to compile: literal text already normalised, or a regex.
#[derive(Debug, Clone)]
pub struct Pattern {
    pub regex: bool,
    pub text: String,
    pub kind: PatternKind,
    /// Where a regex was written, for compile errors.
    pub at: Option<Location>,
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
    /// A participle opening a clause inside the paragraph (", urging all
    /// parties ..."): it governs its own clause with its verb's strength.
    pub participle: bool,
}

#[derive(Debug)]
pub struct Matcher {
    /// One automaton for the literal terms (pattern ids below `ac_kinds.len()`)
    /// and the literal anchors of regexes (the ids after them): one pass.
    ///
    /// Built as a contiguous NFA (about a millisecond) and, once the texts scanned
    /// add up to [`DFA_AFTER_BYTES`], again as a full DFA (several milliseconds to
    /// build, a table lookup a byte to run): a one-file check does not pay for a
    /// DFA it would barely use, an audit or a large text gets one. Both report the
    /// same matches.
    ac: Option<AhoCorasick>,
    ac_dfa: OnceLock<Option<AhoCorasick>>,
    /// The automaton's patterns, kept to build the DFA.
    ac_patterns: Vec<Vec<u8>>,
    scanned: AtomicUsize,
    /// For each literal automaton pattern, every kind sharing that literal.
    ac_kinds: Vec<Vec<PatternKind>>,
    /// Every regex, compiled once: when the matcher is built (a user's lexicon,
    /// so that errors name file, line and column) or on first use (the embedded
    /// lexicon, validated by the test suite: a run compiles only the regexes its
    /// text reaches, which halves the start-up of a one-file check).
    regexes: Vec<LazyRegex>,
    /// For anchored regexes, whether the source began with `\b` (checked by hand,
    /// since the anchored form runs on the text from the anchor on).
    starts_with_boundary: Vec<bool>,
    /// For each anchor literal (literal prefixes that every match of a regex
    /// starts with, found by the same automaton; each hit is tried as the start of
    /// that regex only): the regex, and whether the literal is a prefix
    /// (a match starts there) or a suffix (the paragraph is worth searching).
    anchor_regex: Vec<usize>,
    anchor_is_suffix: Vec<bool>,
    /// Regexes without usable prefixes, run over the whole text (the regex
    /// engine's own literal prefilter keeps this quick).
    free: Vec<usize>,
    re_kinds: Vec<PatternKind>,
    verbs: Option<AhoCorasick>,
    verb_strength: Vec<u8>,
    verb_participle: Vec<bool>,
    adverbs: Vec<String>,
}

impl Matcher {
    pub fn build(
        patterns: Vec<Pattern>,
        levels: &[super::VerbLevel],
        adverbs: &[String],
        lazy: bool,
    ) -> Result<Matcher, super::LexiconError> {
        let mut literal_ix: HashMap<String, usize> = HashMap::new();
        let mut literals: Vec<String> = Vec::new();
        let mut ac_kinds: Vec<Vec<PatternKind>> = Vec::new();
        let mut re_src: Vec<(String, Option<Location>)> = Vec::new();
        let mut re_kinds = Vec::new();
        for p in patterns {
            if p.regex {
                re_src.push((p.text, p.at));
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
        let mut anchor_lits: Vec<Vec<u8>> = Vec::new();
        let mut anchor_regex = Vec::new();
        let mut anchor_is_suffix = Vec::new();
        let mut free = Vec::new();
        let mut regexes: Vec<LazyRegex> = Vec::with_capacity(re_src.len());
        let mut starts_with_boundary = Vec::with_capacity(re_src.len());
        let mut cells: HashMap<String, Arc<OnceLock<Result<Regex, regex::Error>>>> = HashMap::new();
        for (i, (src, at)) in re_src.iter().enumerate() {
            // Each regex is compiled once, in the form it runs in: anchored at
            // the hits of its literal prefixes, or searched.
            // Parsed once for both kinds of literals.
            let hir = regex_syntax::ParserBuilder::new()
                .unicode(!src.is_ascii())
                .utf8(false)
                .build()
                .parse(src)
                .ok();
            let (lits, suffix) = match hir
                .as_ref()
                .and_then(|h| required_literals(h, ExtractKind::Prefix))
            {
                Some(l) => (Some(l), false),
                None => (
                    hir.as_ref()
                        .and_then(|h| required_literals(h, ExtractKind::Suffix)),
                    true,
                ),
            };
            let anchored = lits.is_some() && !suffix;
            let boundary = src.starts_with("\\b");
            let form = if anchored {
                format!("^(?:{})", src.strip_prefix("\\b").unwrap_or(src))
            } else {
                src.clone()
            };
            let cell = cells.entry(form.clone()).or_default().clone();
            let re = LazyRegex { cell, src: form };
            if !lazy {
                re.get().map_err(|e| {
                    let (file, line, column) = at.clone().unwrap_or_default();
                    super::LexiconError {
                        file,
                        line,
                        column,
                        message: format!(
                            "invalid regular expression: {}",
                            last_line(&e.to_string())
                        ),
                    }
                })?;
            }
            regexes.push(re);
            starts_with_boundary.push(boundary && anchored);
            let Some(mut lits) = lits else {
                free.push(i);
                continue;
            };
            lits.sort();
            lits.dedup();
            // A literal that extends another of the same regex adds only repeated
            // work: a prefix hit implies the shorter one's at the same start (so each
            // start is tried once per regex), a suffix hit the shorter one's paragraph.
            let mut kept: Vec<Vec<u8>> = Vec::with_capacity(lits.len());
            if suffix {
                lits.sort_by(|a, b| a.iter().rev().cmp(b.iter().rev()));
            }
            for l in lits {
                let covered = kept.last().is_some_and(|k: &Vec<u8>| {
                    if suffix {
                        l.ends_with(k)
                    } else {
                        l.starts_with(k)
                    }
                });
                if !covered {
                    kept.push(l);
                }
            }
            for l in kept {
                anchor_lits.push(l);
                anchor_regex.push(i);
                anchor_is_suffix.push(suffix);
            }
        }
        let ac_patterns: Vec<Vec<u8>> = literals
            .into_iter()
            .map(String::into_bytes)
            .chain(anchor_lits)
            .collect();
        let ac = overlapping_automaton("term", &ac_patterns, AhoCorasickKind::ContiguousNFA)?;
        let mut verb_phrases = Vec::new();
        let mut verb_strength = Vec::new();
        let mut verb_participle = Vec::new();
        for l in levels {
            for v in &l.verbs {
                verb_phrases.push(v.clone());
                verb_strength.push(l.strength);
                verb_participle.push(false);
            }
        }
        // Their participles ("urges" -> "urging", "calls upon" -> "calling
        // upon") open clauses of their own inside a paragraph.
        for i in 0..verb_phrases.len() {
            let p = participle(&verb_phrases[i]);
            if !verb_phrases.contains(&p) {
                verb_phrases.push(p);
                verb_strength.push(verb_strength[i]);
                verb_participle.push(true);
            }
        }
        let verbs = if verb_phrases.is_empty() {
            None
        } else {
            Some(
                AhoCorasickBuilder::new()
                    .match_kind(MatchKind::LeftmostLongest)
                    .build(&verb_phrases)
                    .map_err(|e| automaton_error("verb", e))?,
            )
        };
        let mut adverbs = adverbs.to_vec();
        // Longest first, so "once again" is stripped before "again".
        adverbs.sort_by_key(|a| std::cmp::Reverse(a.len()));
        Ok(Matcher {
            starts_with_boundary,
            ac,
            ac_dfa: OnceLock::new(),
            ac_patterns,
            scanned: AtomicUsize::new(0),
            ac_kinds,
            regexes,
            anchor_regex,
            anchor_is_suffix,
            free,
            re_kinds,
            verbs,
            verb_strength,
            verb_participle,
            adverbs,
        })
    }

    /// Finds every pattern in each of `ranges` of the normalised text `norm`.
    /// Returns, per range, its hits sorted by start (then longest first).
    pub fn scan(&self, norm: &str, ranges: &[Range<usize>]) -> Vec<Vec<Hit>> {
        let mut out: Vec<Vec<Hit>> = vec![Vec::new(); ranges.len()];
        let bytes = norm.as_bytes();
        let n_lit = self.ac_kinds.len();
        // Regexes with literal anchors: each prefix hit is tried as a match start;
        // a suffix hit marks its paragraph for a search.
        let mut by_suffix: Vec<(usize, usize)> = Vec::new();
        let mut last = 0;
        if let Some(ac) = self.automaton(bytes.len()) {
            for m in ac.find_overlapping_iter(bytes) {
                let (s, e) = (m.start(), m.end());
                let id = m.pattern().as_usize();
                if id < n_lit {
                    if !word_start(bytes, s) {
                        continue;
                    }
                    let Some(end) = word_end(bytes, e) else {
                        continue;
                    };
                    let Some(ri) = range_near(ranges, s, &mut last) else {
                        continue;
                    };
                    if end > ranges[ri].end {
                        continue;
                    }
                    for &kind in &self.ac_kinds[id] {
                        out[ri].push(Hit {
                            start: s,
                            end,
                            kind,
                        });
                    }
                    continue;
                }
                let ai = id - n_lit;
                let ri = self.anchor_regex[ai];
                if self.anchor_is_suffix[ai] {
                    // A literal every match ends with: search its paragraph.
                    if let Some(pi) = range_near(ranges, s, &mut last) {
                        if by_suffix.last() != Some(&(pi, ri)) {
                            by_suffix.push((pi, ri));
                        }
                    }
                    continue;
                }
                if self.starts_with_boundary[ri] && !word_start(bytes, s) {
                    continue;
                }
                let Some(pi) = range_near(ranges, s, &mut last) else {
                    continue;
                };
                let end = ranges[pi].end.min(s + MAX_REGEX_MATCH);
                let found = self.regex(ri).find(&bytes[s..end]).map(|m| s + m.end());
                if let Some(e) = found.filter(|&e| e > s) {
                    out[pi].push(Hit {
                        start: s,
                        end: e,
                        kind: self.re_kinds[ri],
                    });
                }
            }
        }
        by_suffix.sort_unstable();
        by_suffix.dedup();
        for &(pi, ri) in &by_suffix {
            let r = ranges[pi].clone();
            for m in self.regex(ri).find_iter(&bytes[r.clone()]) {
                if m.end() > m.start() {
                    out[pi].push(Hit {
                        start: r.start + m.start(),
                        end: r.start + m.end(),
                        kind: self.re_kinds[ri],
                    });
                }
            }
        }
        // The others, over the whole text; a match may not cross paragraphs.
        for &ri in &self.free {
            for m in self.regex(ri).find_iter(bytes) {
                if m.start() == m.end() {
                    continue;
                }
                let Some(pi) = range_of(ranges, m.start()) else {
                    continue;
                };
                if m.end() <= ranges[pi].end {
                    out[pi].push(Hit {
                        start: m.start(),
                        end: m.end(),
                        kind: self.re_kinds[ri],
                    });
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
            let id = m.pattern().as_usize();
            let participle = self.verb_participle[id];
            // A participle opens a clause only after punctuation inside the
            // paragraph, not as the paragraph's own opening word.
            let opens = if participle {
                m.start() > 0 && opens_after_punctuation(&hay[..m.start()])
            } else {
                self.opens_clause(&hay[..m.start()])
            };
            if opens {
                out.push(VerbHit {
                    start: range.start + m.start(),
                    end: range.start + m.end(),
                    strength: self.verb_strength[id],
                    participle,
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

/// The participle of a third-person verb phrase: "urges" -> "urging",
/// "stresses" -> "stressing", "calls upon" -> "calling upon".
fn participle(phrase: &str) -> String {
    let (verb, rest) = phrase.split_once(' ').unwrap_or((phrase, ""));
    let base = if ["sses", "shes", "ches", "xes", "zzes"]
        .iter()
        .any(|e| verb.ends_with(e))
    {
        &verb[..verb.len() - 2]
    } else {
        verb.strip_suffix('s').unwrap_or(verb)
    };
    let stem = match base.strip_suffix('e') {
        Some(s) if !s.ends_with('e') => s,
        _ => base,
    };
    if rest.is_empty() {
        format!("{stem}ing")
    } else {
        format!("{stem}ing {rest}")
    }
}

/// Whether the text before a participle ends a clause: `,` `;` `:` (after
/// optional "and").
fn opens_after_punctuation(before: &str) -> bool {
    let s = before.trim_end();
    let s = match s.strip_suffix("and") {
        Some(r) if r.is_empty() || r.ends_with([' ', ',']) => r.trim_end(),
        _ => s,
    };
    s.ends_with([',', ';', ':'])
}

/// A regex compiled on first use.
/// Identical sources (the same agreed formula as evidence of several rules)
/// share one cell, so each is compiled once.
#[derive(Debug)]
struct LazyRegex {
    src: String,
    cell: Arc<OnceLock<Result<Regex, regex::Error>>>,
}

impl LazyRegex {
    fn get(&self) -> Result<&Regex, &regex::Error> {
        self.cell.get_or_init(|| compile_one(&self.src)).as_ref()
    }
}

/// Compiles one lexicon regex the way the matcher runs it: on bytes, with ASCII
/// classes (the normalised text is lower-case, and Unicode classes cost far more
/// to compile than they bring here).
/// A pattern with non-ASCII literals is compiled with Unicode on and ASCII
/// classes ([`ascii_classes`]).
pub fn compile_one(src: &str) -> Result<Regex, regex::Error> {
    let build = |src: &str, unicode: bool| {
        RegexBuilder::new(src)
            .unicode(unicode)
            .size_limit(1 << 20)
            .dfa_size_limit(2 << 20)
            .build()
    };
    if src.is_ascii() {
        build(src, false)
    } else {
        build(&ascii_classes(src), true)
    }
}

/// A pattern with non-ASCII literals (`communiqu(?:e|é)`) keeps Unicode on, so
/// that `é` is one character and `\b` sees it as a letter (as the matcher's
/// own word boundaries do), but its Perl classes are written as their ASCII
/// forms (`\w` -> `(?-u:\w)`, `[\w']` -> `[[:word:]']`): the normalised text
/// is lower-case, and a Unicode `\w` made that one pattern cost 4 ms to
/// compile, a quarter of all the regex compilation a large draft needs.
fn ascii_classes(src: &str) -> String {
    let mut out = String::with_capacity(src.len() + 16);
    let (mut escaped, mut class) = (false, 0usize);
    for c in src.chars() {
        if escaped {
            escaped = false;
            let (outside, inside) = match c {
                'w' => ("(?-u:\\w)", "[:word:]"),
                'd' => ("(?-u:\\d)", "0-9"),
                's' => ("(?-u:\\s)", "[:space:]"),
                'W' => ("(?-u:\\W)", "\\W"),
                'D' => ("(?-u:\\D)", "\\D"),
                'S' => ("(?-u:\\S)", "\\S"),
                _ => {
                    out.push('\\');
                    out.push(c);
                    continue;
                }
            };
            out.push_str(if class > 0 { inside } else { outside });
            continue;
        }
        match c {
            '\\' => {
                escaped = true;
                continue;
            }
            '[' => class += 1,
            ']' if class > 0 => class -= 1,
            _ => {}
        }
        out.push(c);
    }
    if escaped {
        out.push('\\');
    }
    out
}

/// Scanned bytes after which the term automaton is rebuilt as a DFA: about where
/// the DFA's quicker scan has paid for its build.
pub const DFA_AFTER_BYTES: usize = 1 << 20;

impl Matcher {
    /// The term automaton for a scan of `len` more bytes: the DFA once the texts
    /// scanned reach [`DFA_AFTER_BYTES`], the NFA before.
    fn automaton(&self, len: usize) -> Option<&AhoCorasick> {
        if let Some(dfa) = self.ac_dfa.get() {
            return dfa.as_ref().or(self.ac.as_ref());
        }
        let total = self.scanned.fetch_add(len, AtomicOrdering::Relaxed) + len;
        if total < DFA_AFTER_BYTES {
            return self.ac.as_ref();
        }
        self.ac_dfa
            .get_or_init(|| {
                // The same patterns built before as an NFA: a failure here would
                // be a size limit, and the NFA still serves.
                overlapping_automaton("term", &self.ac_patterns, AhoCorasickKind::DFA)
                    .ok()
                    .flatten()
            })
            .as_ref()
            .or(self.ac.as_ref())
    }

    /// Whether the term automaton is now a DFA (for tests and benchmarks).
    pub fn uses_dfa(&self) -> bool {
        self.ac_dfa.get().is_some_and(Option::is_some)
    }
}

/// An automaton reporting overlapping matches, or `None` for no patterns.
fn overlapping_automaton<P: AsRef<[u8]>>(
    what: &str,
    patterns: &[P],
    kind: AhoCorasickKind,
) -> Result<Option<AhoCorasick>, super::LexiconError> {
    if patterns.is_empty() {
        return Ok(None);
    }
    AhoCorasickBuilder::new()
        .match_kind(MatchKind::Standard)
        .kind(Some(kind))
        .build(patterns)
        .map(Some)
        .map_err(|e| automaton_error(what, e))
}

fn automaton_error(what: &str, e: aho_corasick::BuildError) -> super::LexiconError {
    super::LexiconError {
        file: "lexicon".into(),
        line: 1,
        column: 1,
        message: format!("cannot build the {what} automaton: {e}"),
    }
}

fn last_line(msg: &str) -> String {
    msg.lines()
        .rfind(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim()
        .to_string()
}

/// Longest text a regex term may match: bounds the work of one anchored try.
const MAX_REGEX_MATCH: usize = 1024;

/// The literal prefixes (or suffixes) every match of `src` starts (or ends) with,
/// when they are few and long enough to be worth an automaton (three bytes or more).
fn required_literals(hir: &regex_syntax::hir::Hir, kind: ExtractKind) -> Option<Vec<Vec<u8>>> {
    let mut ex = Extractor::new();
    ex.kind(kind.clone()).limit_literal_len(16).limit_total(512);
    let mut seq = ex.extract(hir);
    // Too many literals (optional words multiply them): shorter ones, deduplicated,
    // still anchor every match, and are fewer.
    for keep in [12, 8, 6, 4] {
        if seq.len().is_some_and(|n| n <= 256) {
            break;
        }
        match kind {
            ExtractKind::Prefix => seq.keep_first_bytes(keep),
            _ => seq.keep_last_bytes(keep),
        }
        seq.sort();
        seq.dedup();
    }
    let lits = seq.literals()?;
    if lits.is_empty() || lits.len() > 256 || lits.iter().any(|l| l.as_bytes().len() < 3) {
        return None;
    }
    Some(lits.iter().map(|l| l.as_bytes().to_vec()).collect())
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

/// [`range_of`] for positions that mostly come in order (the automaton's hits):
/// the range of the previous position, or the next one, before a binary search.
#[inline]
fn range_near(ranges: &[Range<usize>], pos: usize, last: &mut usize) -> Option<usize> {
    for i in [*last, *last + 1] {
        if let Some(r) = ranges.get(i) {
            if r.start <= pos && pos < r.end {
                *last = i;
                return Some(i);
            }
        }
    }
    let i = range_of(ranges, pos)?;
    *last = i;
    Some(i)
}

impl Matcher {
    /// How the regex terms are run: (anchored by literal prefixes, run over the
    /// whole text, number of prefix literals). For benchmarks and diagnostics.
    pub fn regex_plan(&self) -> (usize, usize, usize) {
        let mut anchored: Vec<usize> = self.anchor_regex.clone();
        anchored.sort_unstable();
        anchored.dedup();
        (anchored.len(), self.free.len(), self.anchor_regex.len())
    }

    /// Compiles every regex not compiled yet; the first error, with the regex.
    /// The test suite runs this on the embedded lexicon, whose regexes are
    /// otherwise compiled on first use.
    pub fn compile_all(&self) -> Result<(), String> {
        for r in &self.regexes {
            r.get()
                .map_err(|e| format!("{}: {}", r.src, last_line(&e.to_string())))?;
        }
        Ok(())
    }

    /// The regex `i`. Regexes of a user's lexicon were compiled when it was
    /// loaded; the embedded lexicon's are checked by the test suite
    /// (`compile_all`), so an error here is a build defect: the regex then
    /// matches nothing rather than stopping the run (debug builds panic).
    fn regex(&self, i: usize) -> &Regex {
        static NEVER: OnceLock<Regex> = OnceLock::new();
        match self.regexes[i].get() {
            Ok(r) => r,
            Err(e) => {
                debug_assert!(false, "embedded regex {} invalid: {e}", self.regexes[i].src);
                NEVER.get_or_init(|| Regex::new(r"[a&&b]").expect("valid"))
            }
        }
    }

    /// The sources of the regexes run over the whole text.
    pub fn free_regexes(&self) -> Vec<&str> {
        self.free
            .iter()
            .map(|&i| self.regexes[i].src.as_str())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_ascii_patterns_keep_unicode_letters_with_ascii_classes() {
        assert_eq!(
            ascii_classes(r"\bcommuniqu(?:e|é)\b(?: \w+){0,8}? [\w'\d]+\.\s"),
            r"\bcommuniqu(?:e|é)\b(?: (?-u:\w)+){0,8}? [[:word:]'0-9]+\.(?-u:\s)"
        );
        let re =
            compile_one(r"\bjoint communiqu(?:e|é)\b(?: \w+){0,3}? sexual violence\b").unwrap();
        for text in [
            "the joint communiqué on sexual violence",
            "the joint communique on sexual violence",
            "joint communiqué of 2019 on sexual violence.",
        ] {
            assert!(re.is_match(text.as_bytes()), "{text}");
        }
        assert!(!re.is_match("joint communiquée on sexual violence".as_bytes()));
        assert!(!re.is_match("joint communiqué on sexual violences".as_bytes()));
    }

    fn matcher(src: &str) -> Matcher {
        let p = Pattern {
            regex: true,
            text: src.into(),
            kind: PatternKind::Hedge(0),
            at: None,
        };
        Matcher::build(vec![p], &[], &[], false).unwrap()
    }

    #[test]
    fn a_regex_whose_optional_words_multiply_its_literals_is_still_anchored() {
        // Digits first (no prefix of three bytes), then optional words: its full
        // suffixes number 276; cut to their last bytes they anchor it.
        let src = r"\b\d+(?:\.\d+)? ?(?:per ?cent|%) (?:of (?:them|whom|the \w+) )?(?:were )?(?:women|girls|female)\b";
        let hir = regex_syntax::ParserBuilder::new()
            .unicode(false)
            .utf8(false)
            .build()
            .parse(src)
            .unwrap();
        let mut ex = Extractor::new();
        ex.kind(ExtractKind::Suffix)
            .limit_literal_len(16)
            .limit_total(512);
        let raw = ex.extract(&hir).len();
        assert!(raw.is_none_or(|n| n > 256), "{raw:?}");
        let m = matcher(src);
        assert_eq!(m.regex_plan().1, 0, "{:?}", m.free_regexes());
        let text = "of the staff, 31 per cent of the observers were women. in 2020, 12 % girls";
        let whole = [Range {
            start: 0,
            end: text.len(),
        }];
        let hits = m.scan(text, &whole);
        let found: Vec<&str> = hits[0].iter().map(|h| &text[h.start..h.end]).collect();
        assert_eq!(
            found,
            ["31 per cent of the observers were women", "12 % girls"]
        );
    }

    #[test]
    fn the_nfa_and_the_dfa_find_the_same_terms() {
        let lex = crate::lexicon::Lexicon::embedded();
        // Text full of lexicon terms: the lexicon's own files, lower-cased.
        let text = crate::embedded::LEXICON_FILES
            .iter()
            .map(|(_, c)| c.to_lowercase())
            .collect::<Vec<_>>()
            .join("\n");
        let mut ranges = Vec::new();
        let mut at = 0;
        for line in text.split('\n') {
            ranges.push(Range {
                start: at,
                end: at + line.len(),
            });
            at += line.len() + 1;
        }
        let m = &lex.matcher;
        assert!(!m.uses_dfa());
        let by_nfa = m.scan(&text, &ranges);
        assert!(!m.uses_dfa(), "{} bytes", text.len());
        let big = "x".repeat(DFA_AFTER_BYTES);
        let _ = m.scan(
            &big,
            &[Range {
                start: 0,
                end: big.len(),
            }],
        );
        assert!(m.uses_dfa());
        let by_dfa = m.scan(&text, &ranges);
        assert_eq!(by_nfa, by_dfa);
        assert!(by_nfa.iter().map(Vec::len).sum::<usize>() > 1000);
    }
}

#[cfg(test)]
mod participle_tests {
    use super::participle;

    #[test]
    fn participles_of_council_verbs() {
        for (verb, ing) in [
            ("urges", "urging"),
            ("stresses", "stressing"),
            ("expresses its intention", "expressing its intention"),
            ("calls upon", "calling upon"),
            ("notes", "noting"),
            ("decides", "deciding"),
            ("requests", "requesting"),
            ("emphasizes", "emphasizing"),
            ("takes note", "taking note"),
            ("sees", "seeing"),
        ] {
            assert_eq!(participle(verb), ing, "{verb}");
        }
    }
}
