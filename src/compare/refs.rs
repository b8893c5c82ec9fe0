//! Comparison by reference: every WPS reference of the previous text that is not
//! a rule occurrence (a cue such as "including women, youth and civil society",
//! an anaphor such as "such conduct") is followed into the draft, as
//! [`Ctx::classify`] follows rule occurrences: retained, strengthened, weakened
//! (verb, hedge, operative -> preamble, task list -> general paragraph) or
//! dropped; references new in the draft are added.
//!
//! A reference is the same in the draft when a reference of its area (or its
//! words) stands where the word diff puts its words; else, the best reference of
//! its area in the aligned paragraphs; else its words in much the same clause
//! elsewhere (moved). No finding is raised while its area is still referenced in
//! the aligned paragraphs with equal force.

use super::{
    force_at, new_hedges, norm_words, part_name, snippet, Ctx, Force, ADDED, HEDGED, MOVED_DOWN,
    REMOVED, REPORTING_DROPPED, STRENGTHENED, VERB_WEAKENED,
};
use crate::analysis::{Finding, FindingKind, Reason, Reference, Via};
use crate::lexicon::{Lexicon, RuleId, Severity};
use crate::model::Part;
use std::collections::HashSet;
use std::ops::Range;

/// How far (bytes) the diff's image of a reference's first word may stand from a
/// draft reference for that reference to be its image.
const IMAGE_SLACK: usize = 24;

/// Per reference area, the rule and lexicon area its findings are filed under:
/// the area's best-fitting rule for the profile; topics ("protection",
/// "other") under the general gender area.
pub(super) fn area_rules(lex: &Lexicon, profile: usize) -> Vec<(RuleId, usize)> {
    let general = lex.area_by_id("gender").unwrap_or(0);
    (0..lex.refs.areas.len())
        .map(|i| {
            let area = if i < lex.areas.len() { i } else { general };
            let rule = (0..lex.rules.len())
                .filter(|&r| lex.rules[r].area == area)
                .max_by_key(|&r| {
                    let x = &lex.rules[r];
                    (
                        x.expected_in.contains(&profile),
                        x.expected_in.is_empty() && x.triggers.is_empty(),
                        std::cmp::Reverse(r),
                    )
                })
                .unwrap_or(0);
            (rule, area)
        })
        .collect()
}

impl<'a> Ctx<'a> {
    /// Accounts for the references the rule pass does not follow, and adds
    /// `regressed` and `info` findings to `out`.
    pub(super) fn classify_refs(&self, out: &mut Vec<Finding>) {
        let mut seen: HashSet<(usize, usize, Reason)> = HashSet::new();
        for p in 0..self.prev.paragraphs.len() {
            let kept = matches!(self.al.to_draft[p].as_slice(), [d] if self.unchanged(p, *d));
            if !kept && self.p_refs[p].iter().any(|r| r.via != Via::Rule) {
                self.account_paragraph(p, out, &mut seen);
            }
        }
        self.added_refs(out);
    }

    /// The references of previous paragraph `p`, one by one.
    fn account_paragraph(
        &self,
        p: usize,
        out: &mut Vec<Finding>,
        seen: &mut HashSet<(usize, usize, Reason)>,
    ) {
        let primary = self.primary(p);
        // Per area: the first lost reference, its reason and the phrases lost.
        let mut lost: Vec<(&Reference, Reason, Vec<String>)> = Vec::new();
        for r in self.p_refs[p]
            .iter()
            .copied()
            .filter(|r| r.via != Via::Rule)
        {
            let Some(x) = self.same_ref(p, primary, r) else {
                if self.citation_stands(p, primary, r) {
                    continue;
                }
                let (reason, phrase) = self.loss_of(p, r);
                match lost.iter_mut().find(|l| l.0.area == r.area) {
                    Some(l) => {
                        if reason == REMOVED || reason == REPORTING_DROPPED {
                            l.1 = reason;
                        }
                        if !l.2.contains(&phrase) {
                            l.2.push(phrase);
                        }
                    }
                    None => lost.push((r, reason, vec![phrase])),
                }
                continue;
            };
            let losses = self.losses(r, x);
            if losses.is_empty() {
                self.ref_strengthened(r, x, out);
            } else if !self.equal_in_counterparts(p, r) {
                for reason in losses {
                    if seen.insert((p, r.area, reason)) && !reported(out, p, reason) {
                        let msg = self.loss_message(reason, r, x);
                        out.push(self.ref_regressed(r, Some(x.paragraph), reason, msg));
                    }
                }
            }
        }
        for (r, reason, phrases) in lost {
            if !seen.insert((p, r.area, reason)) || reported(out, p, reason) {
                continue;
            }
            let what = match reason {
                REPORTING_DROPPED => "reporting request weakened",
                _ => "WPS reference removed",
            };
            let msg = format!(
                "{}: {what}: {} ({})",
                self.lex.refs.areas[r.area].name,
                phrases.join("; "),
                self.labels(p, primary)
            );
            out.push(self.ref_regressed(r, primary, reason, msg));
        }
    }

    /// The references of one text by their normalised words, built once.
    fn refs_by_words(&self, previous: bool) -> &RefIndex<'a> {
        let (cell, refs, doc) = if previous {
            (&self.p_words, &self.p_refs, self.prev)
        } else {
            (&self.d_words, &self.d_refs, self.draft)
        };
        cell.get_or_init(|| {
            let mut m: RefIndex<'a> = Default::default();
            for r in refs.iter().flatten() {
                m.entry(norm_words(&doc.text[r.span.clone()]))
                    .or_default()
                    .push(*r);
            }
            m
        })
    }

    /// Whether previous paragraph `p` and draft paragraph `d` hold the same
    /// words in the same part, under unchanged lead-ins: their references are
    /// the same, with the same force.
    fn unchanged(&self, p: usize, d: usize) -> bool {
        let (pp, dp) = (&self.prev.paragraphs[p], &self.draft.paragraphs[d]);
        let same_words = self.pw.para[p].len() == self.dw.para[d].len()
            && self.pw.hashes(p).eq(self.dw.hashes(d));
        same_words
            && pp.part == dp.part
            && match (pp.parent, dp.parent) {
                (None, None) => true,
                (Some(a), Some(b)) => self.unchanged(a, b),
                _ => false,
            }
    }

    /// The draft reference that is `r` (previous paragraph `p`), if any.
    fn same_ref(&self, p: usize, primary: Option<usize>, r: &Reference) -> Option<&'a Reference> {
        let words = norm_words(&self.prev.text[r.span.clone()]);
        let alike = |x: &&Reference| {
            x.area == r.area || norm_words(&self.draft.text[x.span.clone()]) == words
        };
        // Where the word diff puts its first word.
        let image = primary.and_then(|d| {
            let m = self
                .map_offset(p, d, r.span.start)
                .or_else(|| self.map_offset(p, d, r.span.end - 1))?;
            self.d_refs[d]
                .iter()
                .copied()
                .filter(alike)
                .map(|x| (dist(&x.span, m), x))
                .filter(|(k, _)| *k <= IMAGE_SLACK)
                .min_by_key(|(k, _)| *k)
                .map(|(_, x)| x)
        });
        if image.is_some() {
            return image;
        }
        // The strongest of its area in the counterparts.
        let counterparts = &self.al.to_draft[p];
        let best = counterparts
            .iter()
            .flat_map(|&d| self.d_refs[d].iter().copied())
            .filter(alike)
            .max_by_key(|x| self.rank(x));
        if best.is_some() {
            return best;
        }
        // Moved: its words in much the same clause in another paragraph.
        self.refs_by_words(false)
            .get(&words)?
            .iter()
            .copied()
            .filter(|x| {
                !counterparts.contains(&x.paragraph)
                    && super::dice_half(
                        &self.clause_words(true, p, &r.span),
                        &self.clause_words(false, x.paragraph, &x.span),
                    )
            })
            .max_by_key(|x| self.rank(x))
    }

    /// Whether `r` is a citation of the text's own paragraphs ("as requested in
    /// paragraph 27") that still stands where it stood, perhaps with other
    /// numbers after a renumbering: its WPS content is the cited paragraph's,
    /// accounted for on its own.
    fn citation_stands(&self, p: usize, primary: Option<usize>, r: &Reference) -> bool {
        r.via == Via::CrossReference && primary.is_some_and(|d| self.survives(p, d, &r.span))
    }

    /// Why a reference with no counterpart is gone, and the phrase saying so.
    /// (Cut, whatever words took its place: a cue is no formula, and the words
    /// the diff puts in its place are seldom a rewording of it.)
    fn loss_of(&self, p: usize, r: &Reference) -> (Reason, String) {
        let was = snippet(self.prev, &r.span);
        if self.reporting_area == Some(r.area) || self.is_reporting(p) {
            (REPORTING_DROPPED, format!("\"{was}\" dropped"))
        } else {
            (REMOVED, format!("\"{was}\" cut"))
        }
    }

    fn ref_force(&self, previous: bool, r: &Reference) -> Force {
        let doc = if previous { self.prev } else { self.draft };
        force_at(doc, r.paragraph, r.verb)
    }

    /// Strength of a draft reference: committing, verb, fewest hedges.
    fn rank(&self, x: &Reference) -> (bool, u8, std::cmp::Reverse<usize>) {
        let (c, v) = self.ref_force(false, x).rank();
        (c, v, std::cmp::Reverse(x.hedges.len()))
    }

    /// What `r` lost as `x` in the draft (empty: retained or strengthened).
    fn losses(&self, r: &Reference, x: &Reference) -> Vec<Reason> {
        let pf = self.ref_force(true, r);
        let df = self.ref_force(false, x);
        let (ppart, dpart) = (
            self.prev.paragraphs[r.paragraph].part,
            self.draft.paragraphs[x.paragraph].part,
        );
        if pf.committing && !df.committing {
            // Once in the preamble, verbs and hedges no longer weigh anything.
            return vec![MOVED_DOWN];
        }
        let mut out = Vec::new();
        if ppart == Part::Operative
            && dpart == Part::Operative
            && self.in_task_list(self.prev, r.paragraph)
            && !self.in_task_list(self.draft, x.paragraph)
        {
            out.push(MOVED_DOWN);
        }
        if matches!((pf.verb, df.verb), (Some(a), Some(b)) if b < a) {
            out.push(VERB_WEAKENED);
        }
        if df.committing && !self.added_ref_hedges(r, x).is_empty() {
            out.push(HEDGED);
        }
        out
    }

    /// The hedges on a reference's clause, with those written before its
    /// paragraph's opening verb when that verb governs it.
    fn ref_hedges<'r>(&self, previous: bool, r: &'r Reference) -> Vec<&'r str>
    where
        'a: 'r,
    {
        let lead = if r.verb_from_lead_in {
            Vec::new()
        } else {
            self.lead_hedges(previous, r.paragraph, r.verb_text.as_deref())
        };
        r.hedges.iter().map(String::as_str).chain(lead).collect()
    }

    /// Hedges `x` (draft) has beyond those of `r` (previous).
    fn added_ref_hedges<'r>(&self, r: &'r Reference, x: &'r Reference) -> Vec<&'r str>
    where
        'a: 'r,
    {
        new_hedges(&self.ref_hedges(true, r), &self.ref_hedges(false, x))
    }

    /// Hedges `r` (previous) had that `x` (draft) has not.
    fn lost_ref_hedges<'r>(&self, r: &'r Reference, x: &'r Reference) -> Vec<&'r str>
    where
        'a: 'r,
    {
        new_hedges(&self.ref_hedges(false, x), &self.ref_hedges(true, r))
    }

    /// Whether the counterparts still reference `r`'s area with at least its force.
    fn equal_in_counterparts(&self, p: usize, r: &Reference) -> bool {
        self.al.to_draft[p]
            .iter()
            .flat_map(|&d| self.d_refs[d].iter().copied())
            .any(|y| y.area == r.area && self.losses(r, y).is_empty())
    }

    fn loss_message(&self, reason: Reason, r: &Reference, x: &Reference) -> String {
        let name = &self.lex.refs.areas[r.area].name;
        let labels = self.labels(r.paragraph, Some(x.paragraph));
        let was = snippet(self.prev, &r.span);
        match reason {
            MOVED_DOWN if !self.ref_force(false, x).committing => format!(
                "{name}: \"{was}\" moved from the operative part to the {} ({labels}); a preambular paragraph commits no one to act",
                part_name(self.draft.paragraphs[x.paragraph].part)
            ),
            MOVED_DOWN => format!(
                "{name}: \"{was}\" moved out of the mandate's task list into a general paragraph ({labels})"
            ),
            VERB_WEAKENED => format!(
                "{name}: verb governing \"{was}\" weakened from {} to {} ({labels})",
                self.verb_word(r),
                self.verb_word(x)
            ),
            _ => {
                let added = self.added_ref_hedges(r, x);
                format!(
                    "{name}: \"{was}\" qualified by \"{}\", which the previous text did not have ({labels})",
                    added.join("\", \"")
                )
            }
        }
    }

    fn verb_word(&self, r: &Reference) -> String {
        let level = self.lex.level_name(r.verb.unwrap_or(0));
        match &r.verb_text {
            Some(t) if t != level => format!("\"{t}\" ({level} level)"),
            _ => format!("\"{level}\""),
        }
    }

    /// An `info` finding when `x` is stronger than `r` (once per paragraph pair).
    fn ref_strengthened(&self, r: &Reference, x: &Reference, out: &mut Vec<Finding>) {
        let (pf, df) = (self.ref_force(true, r), self.ref_force(false, x));
        let mut gains: Vec<String> = Vec::new();
        if let (Some(a), Some(b)) = (pf.verb, df.verb) {
            if b > a {
                gains.push(format!(
                    "verb strengthened from {} to {}",
                    self.verb_word(r),
                    self.verb_word(x)
                ));
            }
        }
        if !self.lost_ref_hedges(r, x).is_empty() {
            gains.push("qualifier removed".to_string());
        }
        let ppart = self.prev.paragraphs[r.paragraph].part;
        if !pf.committing && df.committing && ppart == Part::Preamble {
            gains.push("moved from the preamble into the operative part".to_string());
        }
        let done = out.iter().any(|f| {
            f.reason == STRENGTHENED
                && f.paragraph == Some(x.paragraph)
                && f.previous.as_ref().is_some_and(|q| q.index == r.paragraph)
        });
        if gains.is_empty() || done {
            return;
        }
        let (rule, area) = self.area_rules[x.area];
        out.push(Finding {
            rule,
            area,
            kind: FindingKind::Info,
            severity: Severity::Info,
            reason: STRENGTHENED,
            paragraph: Some(x.paragraph),
            span: Some(x.span.clone()),
            message: format!(
                "{}: \"{}\": {} ({})",
                self.lex.refs.areas[x.area].name,
                snippet(self.draft, &x.span),
                gains.join("; "),
                self.labels(r.paragraph, Some(x.paragraph))
            ),
            previous: Some(self.prev_ref(r.paragraph, Some(&r.span))),
        });
    }

    fn ref_regressed(
        &self,
        r: &Reference,
        paragraph: Option<usize>,
        reason: Reason,
        message: String,
    ) -> Finding {
        let (rule, area) = self.area_rules[r.area];
        let f = self.ref_force(true, r);
        let severity = if f.committing && f.verb.unwrap_or(0) >= 3 {
            Severity::Error
        } else {
            Severity::Warning
        };
        let severity = if reason == HEDGED {
            Severity::Warning
        } else {
            severity
        };
        Finding {
            rule,
            area,
            kind: FindingKind::Regressed,
            severity,
            reason,
            paragraph,
            span: paragraph.map(|d| self.draft.paragraphs[d].body.clone()),
            message,
            previous: Some(self.prev_ref(r.paragraph, Some(&r.span))),
        }
    }

    /// `info` findings for references new in the draft: no reference of their
    /// area (or words) in the aligned previous paragraphs, and not moved there
    /// from another paragraph.
    fn added_refs(&self, out: &mut Vec<Finding>) {
        let mut seen: HashSet<(usize, usize)> = HashSet::new();
        for (d, refs) in self.d_refs.iter().enumerate() {
            if matches!(self.al.to_previous[d].as_slice(), [q] if self.unchanged(*q, d)) {
                continue;
            }
            for x in refs.iter().copied().filter(|x| x.via != Via::Rule) {
                let words = norm_words(&self.draft.text[x.span.clone()]);
                let prevs = &self.al.to_previous[d];
                let known = prevs.iter().any(|&q| {
                    self.p_refs[q].iter().any(|y| {
                        y.area == x.area || norm_words(&self.prev.text[y.span.clone()]) == words
                    })
                });
                if known
                    || self.moved_here(x, &words)
                    || out
                        .iter()
                        .any(|f| f.paragraph == Some(d) && f.kind == FindingKind::Info)
                    || !seen.insert((d, x.area))
                {
                    continue;
                }
                let (rule, area) = self.area_rules[x.area];
                out.push(Finding {
                    rule,
                    area,
                    kind: FindingKind::Info,
                    severity: Severity::Info,
                    reason: ADDED,
                    paragraph: Some(d),
                    span: Some(x.span.clone()),
                    message: format!(
                        "{}: new WPS reference: \"{}\" ({})",
                        self.lex.refs.areas[x.area].name,
                        snippet(self.draft, &x.span),
                        match prevs.first() {
                            Some(&q) => self.labels(q, Some(d)),
                            None => format!(
                                "{} in the draft, not in the previous text",
                                self.draft.paragraphs[d].label
                            ),
                        }
                    ),
                    previous: prevs.first().map(|&q| self.prev_ref(q, None)),
                });
            }
        }
    }

    /// Whether draft reference `x` (normalised words `words`) stood in much the
    /// same clause in some previous paragraph.
    fn moved_here(&self, x: &Reference, words: &str) -> bool {
        let Some(same) = self.refs_by_words(true).get(words) else {
            return false;
        };
        same.iter().any(|y| {
            y.area == x.area
                && super::dice_half(
                    &self.clause_words(true, y.paragraph, &y.span),
                    &self.clause_words(false, x.paragraph, &x.span),
                )
        })
    }
}

/// References by their normalised words.
pub(super) type RefIndex<'a> = std::collections::HashMap<String, Vec<&'a Reference>>;

/// Distance of offset `m` from a span (0 inside).
fn dist(span: &Range<usize>, m: usize) -> usize {
    if span.contains(&m) {
        0
    } else {
        m.abs_diff(span.start).min(m.abs_diff(span.end))
    }
}

/// Whether `out` already has a `regressed` finding of `reason` at previous paragraph `p`.
fn reported(out: &[Finding], p: usize, reason: Reason) -> bool {
    out.iter().any(|f| {
        f.kind == FindingKind::Regressed
            && f.reason == reason
            && f.previous.as_ref().is_some_and(|q| q.index == p)
    })
}
