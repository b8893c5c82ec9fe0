//! The reference layer: every WPS reference of a paragraph, not only the
//! phrases the rules enumerate. A reference is a rule's occurrence, a cue of
//! `references.toml` ("women", "rape", "gender advisers", "resolution 1325")
//! with its area from its clause, or a word referring back to one ("in cases of
//! such conduct"). Each carries the force that governs it (verb and hedges, from
//! [`super::clause`]). References are evidence; rules still grade them.

use super::clause::Clauses;
use crate::lexicon::{CueArea, Hit, Lexicon, PatternKind, RefAreaId, RuleId};
use crate::model::{Document, Label};
use serde::Serialize;
use std::collections::HashMap;
use std::ops::Range;

/// How a reference was recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Via {
    /// A rule's term (the rule is named).
    Rule,
    /// A word of the reference vocabulary.
    Cue,
    /// A word referring back to an earlier reference of the paragraph.
    Anaphor,
    /// A citation of one of the text's own paragraphs that holds a reference
    /// ("as requested in paragraph 27").
    CrossReference,
}

impl Via {
    pub fn as_str(self) -> &'static str {
        match self {
            Via::Rule => "rule",
            Via::Cue => "cue",
            Via::Anaphor => "anaphor",
            Via::CrossReference => "cross-reference",
        }
    }
}

/// One WPS reference.
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    /// Index into `Lexicon::refs.areas` (a lexicon area or a topic).
    pub area: RefAreaId,
    pub paragraph: usize,
    /// Source byte span of the words that make it a reference.
    pub span: Range<usize>,
    pub via: Via,
    /// The rule whose term it is, for `Via::Rule`.
    pub rule: Option<RuleId>,
    /// Strength of the governing verb, where one governs it (operative text).
    pub verb: Option<u8>,
    /// That verb as written (normalised), e.g. "calls upon", "urging".
    pub verb_text: Option<String>,
    /// True when the verb is the lead-in's of a task list, not the paragraph's.
    pub verb_from_lead_in: bool,
    /// Hedges that soften its clause (non-routine), as written (normalised).
    pub hedges: Vec<String>,
    /// Inside square brackets (under negotiation).
    pub bracketed: bool,
}

/// A reference in the making, in normalised offsets.
#[derive(Debug, Clone)]
pub(super) struct Found {
    pub area: RefAreaId,
    pub span: Range<usize>,
    pub via: Via,
    pub rule: Option<RuleId>,
}

/// Words of a clause at most this far from a context cue give it their area.
const CONTEXT_WINDOW: usize = 100;
/// Two cues of one area at most this far apart in one clause are one reference
/// ("women and girls", "women, youth and civil society").
const MERGE_GAP: usize = 40;

/// Rule evidence and cues are at most this long (literals are short and regex
/// matches are capped), so overlaps are looked for this far back only: a
/// hostile paragraph with a million matches stays linear.
const LOOK_BACK: usize = 1024;

/// The references of one paragraph from its hits (sorted by start, longest
/// first) and the rule evidence kept there (`evidence`: normalised span, area,
/// rule; sorted by start). `clauses` splits anaphors' clauses when the paragraph
/// is operative.
pub(super) fn find(
    lex: &Lexicon,
    norm: &str,
    hits: &[Hit],
    evidence: &[(Range<usize>, usize, RuleId)],
    clauses: Option<&Clauses>,
) -> Vec<Found> {
    let mut out: Vec<Found> = evidence
        .iter()
        .map(|(span, area, rule)| Found {
            area: *area,
            span: span.clone(),
            via: Via::Rule,
            rule: Some(*rule),
        })
        .collect();
    let mut cues = cues(lex, norm, hits, evidence);
    merge_near(norm, &mut cues, clauses);
    out.extend(cues);
    out.sort_by_key(|f| (f.span.start, f.span.end, f.area));
    // Two rules sharing a term make one reference.
    out.dedup_by(|b, a| a.span == b.span && a.area == b.area);
    let anaphors = anaphors(lex, hits, &out, clauses);
    out.extend(anaphors);
    out.sort_by_key(|f| (f.span.start, f.span.end, f.area));
    out
}

/// Whether some span of `sorted` (by start) overlaps `at`.
fn any_overlap<T>(sorted: &[T], span: impl Fn(&T) -> &Range<usize>, at: &Range<usize>) -> bool {
    let k = sorted.partition_point(|x| span(x).start < at.end);
    sorted[..k]
        .iter()
        .rev()
        .take_while(|x| span(x).start + LOOK_BACK > at.start)
        .any(|x| at.start < span(x).end)
}

/// Cue references: leftmost-longest among themselves, none inside a proper
/// name, none that is already a rule occurrence of its area.
fn cues(
    lex: &Lexicon,
    norm: &str,
    hits: &[Hit],
    evidence: &[(Range<usize>, usize, RuleId)],
) -> Vec<Found> {
    let vocab = &lex.refs;
    let names: Vec<Range<usize>> = hits
        .iter()
        .filter(|x| matches!(x.kind, PatternKind::RefExclude(_)))
        .map(|x| x.start..x.end)
        .collect();
    let mut cues: Vec<Found> = Vec::new();
    let mut last_end = 0;
    for h in hits {
        let PatternKind::Cue(ci) = h.kind else {
            continue;
        };
        let at = h.start..h.end;
        if h.start < last_end || any_overlap(&names, |r| r, &at) {
            continue;
        }
        last_end = h.end;
        let context_cue = matches!(vocab.cues[ci], CueArea::Context { .. });
        let area = match vocab.cues[ci] {
            CueArea::Fixed(a) => a,
            CueArea::Context { default } => context_area(norm, hits, h)
                .map(|g| vocab.contexts[g])
                .unwrap_or(default),
        };
        // A context cue inside a rule occurrence is that occurrence; any cue
        // overlapping an occurrence of its own area is too. A fixed cue of
        // another area stays ("impunity for sexual violence": justice and CRSV).
        let k = evidence.partition_point(|(s, ..)| s.start < h.end);
        let absorbed = evidence[..k]
            .iter()
            .rev()
            .take_while(|(s, ..)| s.start + LOOK_BACK > h.start)
            .any(|(s, a, _)| {
                let inside = s.start <= h.start && h.end <= s.end;
                let overlaps = h.start < s.end;
                (inside && context_cue) || (overlaps && *a == area)
            });
        if !absorbed {
            cues.push(Found {
                area,
                span: at,
                via: Via::Cue,
                rule: None,
            });
        }
    }
    cues
}

/// Anaphors: after a reference of the paragraph, taking its area (or their
/// own); a pronoun, in operative text only, refers to the first reference of
/// the clause before its own. `refs` are sorted by start.
fn anaphors(lex: &Lexicon, hits: &[Hit], refs: &[Found], clauses: Option<&Clauses>) -> Vec<Found> {
    let mut found: Vec<Found> = Vec::new();
    for h in hits {
        let PatternKind::Anaphor(ai) = h.kind else {
            continue;
        };
        let at = h.start..h.end;
        let after_last = found.last().is_none_or(|f| f.span.end <= h.start);
        if !after_last || any_overlap(refs, |f| &f.span, &at) {
            continue;
        }
        let a = lex.refs.anaphors[ai];
        // References wholly before the anaphor.
        let before = &refs[..refs.partition_point(|f| f.span.start < h.start)];
        let antecedent = if a.pronoun {
            let Some(c) = clauses else {
                continue;
            };
            let own = c.verbs.partition_point(|v| v.start <= h.start);
            let prev_start = match own.checked_sub(2) {
                Some(i) => c.verbs[i].start,
                None if own == 1 => c.range.start,
                None => continue,
            };
            let from = before.partition_point(|f| f.span.start < prev_start);
            before[from..].iter().find(|f| f.span.end <= h.start)
        } else {
            // The nearest reference of a graded area ("such acts" after "rape of
            // women" are the rapes), else the nearest.
            // Among the last few only: a hostile paragraph stays linear.
            let nearest = before
                .iter()
                .rev()
                .filter(|f| f.span.end <= h.start)
                .take(16);
            let graded = |f: &&Found| lex.refs.areas[f.area].graded;
            nearest
                .clone()
                .find(graded)
                .or_else(|| nearest.clone().next())
        };
        if let Some(antecedent) = antecedent {
            found.push(Found {
                area: a.area.unwrap_or(antecedent.area),
                span: at,
                via: Via::Anaphor,
                rule: None,
            });
        }
    }
    found
}

/// The area of the context word nearest a context cue in its clause (no
/// semicolon between, within [`CONTEXT_WINDOW`] bytes); the earlier context
/// group wins a tie.
fn context_area(norm: &str, hits: &[Hit], cue: &Hit) -> Option<RefAreaId> {
    let lo = cue.start.saturating_sub(CONTEXT_WINDOW);
    let hi = cue.end + CONTEXT_WINDOW;
    let mut best: Option<(usize, usize)> = None; // (distance, context group)
    let from = hits.partition_point(|h| h.start < lo);
    for h in hits[from..].iter().take_while(|h| h.start < hi) {
        let PatternKind::Context(gi) = h.kind else {
            continue;
        };
        if h.start < cue.end && cue.start < h.end {
            continue;
        }
        let between = if h.end <= cue.start {
            h.end..cue.start
        } else {
            cue.end..h.start
        };
        if norm.get(between.clone()).is_none_or(|s| s.contains(';')) {
            continue;
        }
        let d = between.end - between.start;
        if best.is_none_or(|(bd, bg)| (d, gi) < (bd, bg)) {
            best = Some((d, gi));
        }
    }
    best.map(|(_, gi)| gi)
}

/// Merges consecutive cue references of one area that stand close in one clause.
fn merge_near(norm: &str, cues: &mut Vec<Found>, clauses: Option<&Clauses>) {
    let mut merged: Vec<Found> = Vec::with_capacity(cues.len());
    for c in cues.drain(..) {
        if let Some(last) = merged.last_mut() {
            let gap = last.span.end..c.span.start.max(last.span.end);
            let near = last.area == c.area
                && gap.end - gap.start <= MERGE_GAP
                && !norm[gap.clone()].contains([';', '.', ':'])
                && clauses_between(clauses, gap.start, gap.end) == 0;
            if near {
                last.span.end = last.span.end.max(c.span.end);
                continue;
            }
        }
        merged.push(c);
    }
    *cues = merged;
}

/// How many clause verbs open between two positions.
fn clauses_between(clauses: Option<&Clauses>, from: usize, to: usize) -> usize {
    clauses.map_or(0, |c| {
        c.verbs
            .iter()
            .filter(|v| v.start >= from && v.start < to)
            .count()
    })
}

/// For each top-level operative paragraph number, the area of its first
/// reference of a graded area (what a citation of it refers to).
pub(super) fn areas_by_number(
    doc: &Document,
    lex: &Lexicon,
    refs: &[Reference],
) -> HashMap<String, RefAreaId> {
    let mut out = HashMap::new();
    for r in refs.iter().filter(|r| lex.refs.areas[r.area].graded) {
        if let Label::Operative { number, .. } = &doc.paragraphs[doc.root_of(r.paragraph)].label {
            out.entry(number.clone()).or_insert(r.area);
        }
    }
    out
}

/// The area of a citation of the text's own paragraphs (`at`, normalised
/// offsets): that of the first cited operative paragraph holding a reference.
/// `None` for a paragraph of another text ("paragraph 6 of resolution 2242
/// (2015)") or one without WPS references.
pub(super) fn cited_area(
    norm: &str,
    at: &Range<usize>,
    by_number: &HashMap<String, RefAreaId>,
) -> Option<RefAreaId> {
    let after = norm[at.end..].trim_start_matches([' ', ',']);
    if let Some(rest) = after.strip_prefix("of ") {
        if !(rest.starts_with("this resolution") || rest.starts_with("the present resolution")) {
            return None;
        }
    }
    cited_numbers(&norm[at.clone()])
        .into_iter()
        .find_map(|n| by_number.get(&n.to_string()).copied())
}

/// The paragraph numbers of "paragraphs 28 and 30", "paragraph 4 (b)",
/// "paragraphs 3 to 5" (a range of at most 40).
fn cited_numbers(s: &str) -> Vec<u32> {
    let mut out: Vec<u32> = Vec::new();
    let mut range_from: Option<u32> = None;
    let mut in_brackets = false;
    for tok in s.split([' ', ',']) {
        if tok.starts_with('(') {
            in_brackets = !tok.ends_with(')');
            continue;
        }
        if in_brackets {
            in_brackets = !tok.ends_with(')');
            continue;
        }
        if tok == "to" {
            range_from = out.last().copied();
            continue;
        }
        if let Ok(n) = tok.parse::<u32>() {
            match range_from.take() {
                Some(a) if n > a && n - a <= 40 => out.extend(a + 1..=n),
                _ => out.push(n),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::cited_numbers;

    #[test]
    fn numbers_of_a_citation() {
        assert_eq!(cited_numbers("paragraphs 28 and 30"), [28, 30]);
        assert_eq!(cited_numbers("paragraph 27"), [27]);
        assert_eq!(cited_numbers("paragraphs 3 to 5, and 9 (b)"), [3, 4, 5, 9]);
        assert_eq!(cited_numbers("paragraph 4 (a) (ii)"), [4]);
    }
}
