//! Comparison of a draft with the previous text: which WPS language was dropped,
//! watered down, moved down or added, weighed by legal force.
//!
//! Both texts are analysed as `check` does (the previous one under the draft's
//! profile, so both are read with the same expectations), their paragraphs are
//! aligned ([`align`]), and every WPS-relevant paragraph (one carrying lexicon
//! evidence in either version) is classified. Rule occurrences are followed
//! first; every other WPS reference (`Analysis::references`: list mentions such
//! as "including women and youth", anaphors) is then accounted for in `refs`:
//! retained, strengthened, weakened or dropped, or new. Findings of kind
//! `regressed` carry the previous paragraph ([`PreviousRef`]); strengthened or
//! new WPS language is `info`. Changes that touch no WPS language give no finding.
//!
//! Like the rest of `analysis`, this does no I/O and never sees file formats.

pub mod align;
mod refs;

pub use align::{Alignment, Change, Link, LinkKind, Words};

use crate::analysis::{
    self, Analysis, Finding, FindingKind, Occurrence, PreviousRef, Reason, Reference,
};
use crate::lexicon::{Check, Lexicon, Rule, RuleId, Severity};
use crate::model::{Document, Part};
use std::collections::HashSet;
use std::ops::Range;

/// Reasons of `regressed` findings.
pub const REMOVED: Reason = Reason::Removed;
pub const VERB_WEAKENED: Reason = Reason::VerbWeakened;
pub const HEDGED: Reason = Reason::Hedged;
pub const FORMULA_WEAKENED: Reason = Reason::FormulaWeakened;
pub const MOVED_DOWN: Reason = Reason::MovedDown;
pub const REPORTING_DROPPED: Reason = Reason::ReportingDropped;
/// Reasons of `info` findings of a comparison.
pub const STRENGTHENED: Reason = Reason::Strengthened;
pub const ADDED: Reason = Reason::Added;

/// Options of a comparison.
#[derive(Debug, Clone, Default)]
pub struct CompareOptions {
    pub analysis: analysis::Options,
    /// Also report `check` findings the previous text already had (by default a
    /// comparison reports what changed, and counts the rest as carried over).
    pub include_unchanged: bool,
}

/// A paragraph that carries WPS language in either version, with what happened to it.
#[derive(Debug, Clone, PartialEq)]
pub struct RelevantLink {
    /// Index into [`Alignment::links`].
    pub link: usize,
    /// Areas (lexicon indices) with evidence on either side.
    pub areas: Vec<usize>,
}

/// The result of comparing a draft with its previous text.
#[derive(Debug, Clone)]
pub struct Comparison {
    /// Analysis of the previous text.
    pub previous: Analysis,
    /// Analysis of the draft; its `findings` are the comparison's findings: the
    /// changes (`regressed`, `info`) and the draft's `check` findings that are new
    /// (or all of them with `include_unchanged`), in draft order.
    pub draft: Analysis,
    pub alignment: Alignment,
    /// The WPS-relevant links, in draft order.
    pub relevant: Vec<RelevantLink>,
    /// `check` findings of the draft that the previous text had too (not in
    /// `draft.findings` unless `include_unchanged`).
    pub carried_over: Vec<Finding>,
}

/// Compares `draft` with `previous`.
pub fn compare(
    lex: &Lexicon,
    previous: &Document,
    draft: &Document,
    opts: &CompareOptions,
) -> Comparison {
    let d_an = analysis::analyze(draft, lex, &opts.analysis);
    compare_analyzed(lex, previous, None, draft, d_an, opts)
}

/// [`compare`] with analyses the caller already has (an audit comparing a series
/// analyses each member once). `d_an` is the draft's analysis under
/// `opts.analysis`; `p_an`, the previous text's, is used only when it was made
/// under the draft's profile, as [`compare`] analyses the previous text, and is
/// made again otherwise. The result is the same as [`compare`]'s.
pub fn compare_analyzed(
    lex: &Lexicon,
    previous: &Document,
    p_an: Option<Analysis>,
    draft: &Document,
    mut d_an: Analysis,
    opts: &CompareOptions,
) -> Comparison {
    let p_an = match p_an {
        Some(mut a) if a.profile == d_an.profile => {
            a.profile_detected = false;
            a
        }
        _ => analysis::analyze(
            previous,
            lex,
            &analysis::Options {
                profile: Some(d_an.profile),
                ..opts.analysis.clone()
            },
        ),
    };
    let pw = Words::of(previous);
    let dw = Words::of(draft);
    let alignment = align::align(previous, &pw, draft, &dw);

    let ctx = Ctx {
        lex,
        prev: previous,
        draft,
        pw: &pw,
        dw: &dw,
        al: &alignment,
        p_occ: by_paragraph(&p_an.occurrences, previous.paragraphs.len(), |o| {
            o.paragraph
        }),
        d_occ: by_paragraph(&d_an.occurrences, draft.paragraphs.len(), |o| o.paragraph),
        p_refs: by_paragraph(&p_an.references, previous.paragraphs.len(), |r| r.paragraph),
        d_refs: by_paragraph(&d_an.references, draft.paragraphs.len(), |r| r.paragraph),
        area_rules: refs::area_rules(lex, d_an.profile),
        reporting_area: lex.area_by_id("reporting"),
        profile: d_an.profile,
        diffs: Default::default(),
        reporting_cache: Default::default(),
        task_cache: Default::default(),
        clause_cache: Default::default(),
        lead_cache: Default::default(),
        p_words: Default::default(),
        d_words: Default::default(),
    };
    let mut changes = ctx.classify();
    ctx.classify_refs(&mut changes);
    let (mut findings, carried_over) = merge_draft_findings(
        changes,
        std::mem::take(&mut d_an.findings),
        &p_an.findings,
        &alignment,
        opts.include_unchanged,
    );
    sort_in_draft_order(&mut findings, lex, draft, &alignment);
    d_an.findings = findings;
    let relevant = ctx.relevant_links();

    Comparison {
        previous: p_an,
        draft: d_an,
        alignment,
        relevant,
        carried_over,
    }
}

/// The changes, then the draft's own `check` findings: those a change explains
/// better are dropped, those the previous text had too (same rule, kind and
/// reason, at an aligned paragraph) set aside as carried over, and kept as well
/// with `include_unchanged`.
fn merge_draft_findings(
    changes: Vec<Finding>,
    draft_findings: Vec<Finding>,
    previous_findings: &[Finding],
    alignment: &Alignment,
    include_unchanged: bool,
) -> (Vec<Finding>, Vec<Finding>) {
    let mut carried_over = Vec::new();
    let mut findings = changes;
    for f in draft_findings {
        if explained_by_change(&f, &findings) {
            continue;
        }
        let carried = previous_findings.iter().any(|g| {
            g.rule == f.rule
                && g.kind == f.kind
                && g.reason == f.reason
                && match (f.paragraph, g.paragraph) {
                    (None, None) => true,
                    (Some(d), Some(p)) => alignment.to_previous[d].contains(&p),
                    _ => false,
                }
        });
        if carried {
            carried_over.push(f.clone());
            if !include_unchanged {
                continue;
            }
        }
        findings.push(f);
    }
    (findings, carried_over)
}

/// Findings in draft order: by place in the draft (a removed paragraph's where
/// it would have stood), then severity, then rule.
fn sort_in_draft_order(
    findings: &mut [Finding],
    lex: &Lexicon,
    draft: &Document,
    alignment: &Alignment,
) {
    let order = |f: &Finding| -> (usize, usize) {
        match (&f.span, f.paragraph) {
            (Some(s), _) => (s.start, 1),
            (None, Some(p)) => (draft.paragraphs[p].span.start, 1),
            (None, None) => match &f.previous {
                Some(prev) => (
                    removed_anchor(alignment, prev.index)
                        .map_or(0, |d| draft.paragraphs[d].span.end),
                    0,
                ),
                None => (usize::MAX, 1),
            },
        }
    };
    findings.sort_by(|a, b| {
        order(a)
            .cmp(&order(b))
            .then(b.severity.cmp(&a.severity))
            .then(lex.rules[a.rule].id.cmp(&lex.rules[b.rule].id))
    });
}

/// The draft paragraph after which a removed previous paragraph would have stood:
/// the last draft counterpart of its nearest aligned predecessor.
pub fn removed_anchor(al: &Alignment, prev_index: usize) -> Option<usize> {
    (0..prev_index)
        .rev()
        .find_map(|q| al.to_draft.get(q).and_then(|v| v.iter().max().copied()))
}

/// Whether a `check` finding of the draft says less than a change already does.
fn explained_by_change(f: &Finding, changes: &[Finding]) -> bool {
    changes.iter().any(|c| {
        if c.kind != FindingKind::Regressed {
            return false;
        }
        match f.kind {
            FindingKind::Missing => {
                c.rule == f.rule
                    || (c.area == f.area && f.paragraph.is_some() && f.paragraph == c.paragraph)
            }
            // A verb or hedge governs the whole clause: one change explains the
            // weak wording of every area in the paragraph.
            FindingKind::Weakened => {
                c.paragraph == f.paragraph
                    && match f.reason {
                        Reason::WeakVerb => c.reason == VERB_WEAKENED,
                        Reason::Hedged => c.reason == HEDGED,
                        Reason::Superseded | Reason::Truncated => {
                            c.reason == FORMULA_WEAKENED && c.area == f.area
                        }
                        Reason::PreambleOnly => c.reason == MOVED_DOWN && c.area == f.area,
                        _ => false,
                    }
            }
            _ => false,
        }
    })
}

fn by_paragraph<T>(items: &[T], n: usize, para: impl Fn(&T) -> usize) -> Vec<Vec<&T>> {
    let mut v: Vec<Vec<&T>> = vec![Vec::new(); n];
    for o in items {
        v[para(o)].push(o);
    }
    v
}

/// A memo of values computed once per comparison.
type Cache<K, V> = std::cell::RefCell<std::collections::HashMap<K, std::rc::Rc<V>>>;

struct Ctx<'a> {
    lex: &'a Lexicon,
    prev: &'a Document,
    draft: &'a Document,
    pw: &'a Words,
    dw: &'a Words,
    al: &'a Alignment,
    p_occ: Vec<Vec<&'a Occurrence>>,
    d_occ: Vec<Vec<&'a Occurrence>>,
    /// WPS references per paragraph, previous text and draft.
    p_refs: Vec<Vec<&'a Reference>>,
    d_refs: Vec<Vec<&'a Reference>>,
    /// Per reference area: the rule and lexicon area its findings are filed under.
    area_rules: Vec<(RuleId, usize)>,
    reporting_area: Option<usize>,
    profile: usize,
    /// Word diffs of paragraph pairs, computed once.
    diffs: Cache<(usize, usize), Vec<similar::DiffOp>>,
    reporting_cache: std::cell::RefCell<std::collections::HashMap<usize, bool>>,
    task_cache: std::cell::RefCell<std::collections::HashMap<(bool, usize), bool>>,
    clause_cache: Cache<(bool, usize, usize), Vec<u64>>,
    /// Hedges before a paragraph's opening verb, per (previous?, paragraph), per verb.
    lead_cache: LeadCache<'a>,
    /// References by their words, previous text and draft (built when needed).
    p_words: std::cell::OnceCell<refs::RefIndex<'a>>,
    d_words: std::cell::OnceCell<refs::RefIndex<'a>>,
}

/// Bytes of a paragraph read for hedges before its opening verb.
const LEAD_HEAD: usize = 80;

type LeadCache<'a> =
    std::cell::RefCell<std::collections::HashMap<(bool, usize), Vec<(String, Vec<&'a str>)>>>;

/// The force of a piece of WPS language in its place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Force {
    committing: bool,
    verb: Option<u8>,
}

/// What the judgement of the previous text's occurrences has produced so far.
#[derive(Default)]
struct Judged {
    out: Vec<Finding>,
    /// Draft occurrences accounted for by language moved or kept.
    claimed: HashSet<(usize, RuleId)>,
    /// One paragraph-level finding per (previous paragraph, draft paragraph, reason).
    para_seen: HashSet<(usize, Option<usize>, Reason)>,
}

/// How one previous occurrence fared.
struct Verdict {
    /// Judged against other words of the same rule: its span stays open to the
    /// occurrences of other rules inside it.
    reworded: bool,
    /// Gone from its place, or reworded away: a reason and the phrase to report
    /// (`None`: judged, a finding pushed or nothing to report).
    lost: Option<(Reason, String)>,
}

/// The language of one area lost from a previous paragraph.
struct Lost<'o> {
    area: usize,
    /// The best-fitting occurrence lost.
    occurrence: &'o Occurrence,
    reason: Reason,
    phrases: Vec<String>,
}

impl Lost<'_> {
    /// Mixed losses (some words cut, others reworded): a cut weighs more.
    fn add(&mut self, reason: Reason, phrase: String) {
        if self.reason != reason && (reason == REMOVED || reason == REPORTING_DROPPED) {
            self.reason = reason;
        }
        if !self.phrases.contains(&phrase) {
            self.phrases.push(phrase);
        }
    }
}

impl<'a> Ctx<'a> {
    /// Every WPS occurrence of the previous text judged against the draft (kept,
    /// moved, reworded, weakened or removed), then what the draft adds.
    fn classify(&self) -> Vec<Finding> {
        let mut j = Judged::default();
        for p in 0..self.prev.paragraphs.len() {
            if !self.p_occ[p].is_empty() {
                self.judge_paragraph(p, &mut j);
            }
        }
        self.additions(&j.claimed, &mut j.out);
        j.out
    }

    /// The occurrences of previous paragraph `p`, each judged once (the same
    /// words can be evidence for several rules, "women's protection advisers" for
    /// a mission mandate and for a report: judged under the rule that fits this
    /// kind of text best); losses gathered per area, so one cut clause gives one
    /// finding.
    fn judge_paragraph(&self, p: usize, j: &mut Judged) {
        let mut occs: Vec<&Occurrence> = self.p_occ[p].clone();
        occs.sort_by_key(|o| std::cmp::Reverse(self.fit(o)));
        let mut spans_done: Vec<(Range<usize>, usize)> = Vec::new();
        let mut lost: Vec<Lost> = Vec::new();
        for o in &occs {
            // The same words, or words inside longer language of another area
            // ("women and peace and security" in "national action plan on women
            // and peace and security"), were judged with that language.
            let area = self.lex.rules[o.rule].area;
            if spans_done.iter().any(|(s, a)| {
                *s == o.span || (*a != area && s.start <= o.span.start && o.span.end <= s.end)
            }) {
                continue;
            }
            spans_done.push((o.span.clone(), area));
            let verdict = self.judge(p, o, j);
            if verdict.reworded {
                // Other words of the same rule: what this span contains is not
                // necessarily there, judge it on its own.
                spans_done.pop();
            }
            if let Some((reason, phrase)) = verdict.lost {
                match lost.iter_mut().find(|l| l.area == area) {
                    Some(l) => l.add(reason, phrase),
                    None => lost.push(Lost {
                        area,
                        occurrence: o,
                        reason,
                        phrases: vec![phrase],
                    }),
                }
            }
        }
        for l in lost {
            j.out.push(self.lost_finding(p, l));
        }
        self.modal_change(p, occs[0], j);
    }

    /// Judges one occurrence of previous paragraph `p`: a finding pushed (force
    /// changed, formula weakened), nothing to report, or a loss to gather.
    fn judge(&self, p: usize, o: &'a Occurrence, j: &mut Judged) -> Verdict {
        let rule = &self.lex.rules[o.rule];
        let counterparts = &self.al.to_draft[p];
        let words = norm_words(&self.prev.text[o.span.clone()]);
        // A reporting request keeps "gender analysis" but drops "sex-disaggregated
        // data": each item asked for counts.
        let reporting = self.reporting_area == Some(rule.area) || self.is_reporting(p);
        let mut reworded = false;
        let judged = |reworded| Verdict {
            reworded,
            lost: None,
        };
        if let Some((x, same_words)) = self.same_rule_counterpart(p, o, &words) {
            reworded = !same_words;
            if same_words || !reporting {
                j.claimed.insert((x.paragraph, x.rule));
                if !same_words {
                    self.words_cut(o, &mut j.out, &mut j.para_seen);
                }
                self.force_changes(o, x, &mut j.out, &mut j.para_seen);
                return judged(reworded);
            }
        }
        if let Some(x) = self.moved_elsewhere(o, counterparts, &words, &j.claimed) {
            j.claimed.insert((x.paragraph, x.rule));
            self.force_changes(o, x, &mut j.out, &mut j.para_seen);
            return judged(reworded);
        }
        // Same area in a counterpart, in an element where the agreed formula was.
        let area_same = counterparts
            .iter()
            .flat_map(|&d| self.d_occ[d].iter().copied())
            .find(|x| self.lex.rules[x.rule].area == rule.area);
        if let Some(x) = area_same {
            if rule.check == Check::Element && self.lex.rules[x.rule].check == Check::Formula {
                j.claimed.insert((x.paragraph, x.rule));
                j.out.push(self.formula_weakened(p, o, x));
                return judged(reworded);
            }
        }
        // Superseded or truncated wording replaced by other words that still
        // reference the area with its force (the agreed formula, typically): a
        // gain, reported with the draft's language.
        if rule.check == Check::Formula && self.area_kept(o, counterparts) {
            return judged(reworded);
        }
        let primary = self.primary(p);
        // Every word kept, in order, with words inserted between them
        // ("representation of women" -> "representation and participation of
        // women"): a fuller wording, not a loss.
        if primary.is_some_and(|d| self.kept_whole(p, d, &o.span) && !self.gains_hedge(d, o)) {
            return judged(reworded);
        }
        let was = snippet(self.prev, &o.span);
        let lost = match primary {
            Some(d) if self.survives(p, d, &o.span) => (
                FORMULA_WEAKENED,
                format!(
                    "\"{was}\" now reads \"{}\"",
                    self.replacement(p, d, &o.span)
                ),
            ),
            _ if reporting => (REPORTING_DROPPED, format!("\"{was}\" dropped")),
            _ => (REMOVED, format!("\"{was}\" cut")),
        };
        Verdict {
            reworded,
            lost: Some(lost),
        }
    }

    /// The draft occurrence of the same rule in a counterpart of `p`, and whether
    /// it has the same words. Of several, the one where the word diff puts the
    /// words (its first word, else its last: qualifiers cut from the front of a
    /// formula leave no image of the first); only worth a diff when there is a
    /// choice.
    fn same_rule_counterpart(
        &self,
        p: usize,
        o: &Occurrence,
        words: &str,
    ) -> Option<(&'a Occurrence, bool)> {
        let counterparts = &self.al.to_draft[p];
        let candidates = || {
            counterparts
                .iter()
                .flat_map(|&d| self.d_occ[d].iter().copied())
                .filter(|x| x.rule == o.rule)
        };
        let mapped: Option<usize> = if candidates().count() > 1 {
            counterparts
                .iter()
                .find_map(|&d| self.map_offset(p, d, o.span.start))
                .or_else(|| {
                    counterparts
                        .iter()
                        .find_map(|&d| self.map_offset(p, d, o.span.end - 1))
                })
        } else {
            None
        };
        let distance = |x: &Occurrence| {
            mapped.map_or(0, |m| {
                if x.span.contains(&m) {
                    0
                } else {
                    m.abs_diff(x.span.start)
                }
            })
        };
        let same_words = |x: &Occurrence| norm_words(&self.draft.text[x.span.clone()]) == words;
        candidates()
            .max_by_key(|x| {
                (
                    same_words(x),
                    std::cmp::Reverse(distance(x)),
                    self.d_force(x).rank(),
                )
            })
            .map(|x| (x, same_words(x)))
    }

    /// The clause moved to a draft paragraph that did not carry it before, in much
    /// the same words.
    fn moved_elsewhere(
        &self,
        o: &Occurrence,
        counterparts: &[usize],
        words: &str,
        claimed: &HashSet<(usize, RuleId)>,
    ) -> Option<&'a Occurrence> {
        self.d_occ
            .iter()
            .flatten()
            .copied()
            .filter(|x| {
                x.rule == o.rule
                    && !counterparts.contains(&x.paragraph)
                    && !claimed.contains(&(x.paragraph, x.rule))
                    && !self.al.to_previous[x.paragraph]
                        .iter()
                        .any(|&q| self.p_occ[q].iter().any(|y| y.rule == o.rule))
                    && (self.same_clause(o, x)
                        || (self.al.to_previous[x.paragraph].is_empty()
                            && norm_words(&self.draft.text[x.span.clone()]) == words))
            })
            .max_by_key(|x| self.d_force(x).rank())
    }

    /// An agreed formula of previous paragraph `p` replaced by an element of the
    /// same area (`x`).
    fn formula_weakened(&self, p: usize, o: &Occurrence, x: &Occurrence) -> Finding {
        self.regressed(
            o,
            Some(x.paragraph),
            Some(x.span.clone()),
            FORMULA_WEAKENED,
            self.p_severity(o),
            format!(
                "{}: agreed formula weakened: \"{}\" became \"{}\" ({})",
                self.lex.rules[o.rule].title,
                snippet(self.prev, &o.span),
                snippet(self.draft, &x.span),
                self.labels(p, Some(x.paragraph))
            ),
        )
    }

    /// One finding for the language of an area lost from previous paragraph `p`.
    fn lost_finding(&self, p: usize, l: Lost) -> Finding {
        let what = match l.reason {
            FORMULA_WEAKENED => "agreed wording weakened",
            REPORTING_DROPPED => "reporting request weakened",
            _ => "WPS language removed",
        };
        let primary = self.primary(p);
        let o = l.occurrence;
        self.regressed(
            o,
            primary,
            primary.map(|d| self.draft.paragraphs[d].body.clone()),
            l.reason,
            self.p_severity(o),
            format!(
                "{}: {what}: {} ({})",
                self.lex.rules[o.rule].title,
                l.phrases.join("; "),
                self.labels(p, primary)
            ),
        )
    }

    /// Modal verbs weakened inside a WPS paragraph ("shall" -> "should").
    fn modal_change(&self, p: usize, o: &Occurrence, j: &mut Judged) {
        let Some(d) = self.primary(p) else {
            return;
        };
        let Some((strong, weak)) = self.modal_weakened(p, d) else {
            return;
        };
        if j.para_seen.insert((p, Some(d), VERB_WEAKENED)) {
            j.out.push(self.regressed(
                o,
                Some(d),
                Some(self.draft.paragraphs[d].body.clone()),
                VERB_WEAKENED,
                self.p_severity(o),
                format!(
                    "{}: \"{strong}\" became \"{weak}\" ({})",
                    self.lex.rules[o.rule].title,
                    self.labels(p, Some(d))
                ),
            ));
        }
    }

    /// New and strengthened language in the draft: occurrences no previous
    /// counterpart had under the same rule and no judgement above claimed.
    fn additions(&self, claimed: &HashSet<(usize, RuleId)>, out: &mut Vec<Finding>) {
        let mut info_seen: HashSet<(usize, usize)> = HashSet::new();
        for d in 0..self.draft.paragraphs.len() {
            let mut occs: Vec<&Occurrence> = self.d_occ[d].clone();
            occs.sort_by_key(|o| std::cmp::Reverse(self.fit(o)));
            let mut spans_done: Vec<Range<usize>> = Vec::new();
            for x in &occs {
                if claimed.contains(&(d, x.rule))
                    || spans_done
                        .iter()
                        .any(|s| s.start < x.span.end && x.span.start < s.end)
                {
                    continue;
                }
                spans_done.push(x.span.clone());
                let rule = &self.lex.rules[x.rule];
                let prevs = &self.al.to_previous[d];
                let in_previous = |same: &dyn Fn(&Rule) -> bool| {
                    prevs
                        .iter()
                        .any(|&q| self.p_occ[q].iter().any(|y| same(&self.lex.rules[y.rule])))
                };
                if in_previous(&|r| r.id == rule.id) || !info_seen.insert((d, rule.area)) {
                    continue;
                }
                // Weak wording newly added is reported by `check`, not as a gain.
                if rule.check == Check::Formula {
                    continue;
                }
                let upgraded = rule.check == Check::Element
                    && in_previous(&|r| r.area == rule.area && r.check == Check::Formula);
                out.push(self.addition(d, x, upgraded));
            }
        }
    }

    /// The `info` finding for draft occurrence `x` of paragraph `d`.
    fn addition(&self, d: usize, x: &Occurrence, upgraded: bool) -> Finding {
        let rule = &self.lex.rules[x.rule];
        let prevs = &self.al.to_previous[d];
        let (reason, what) = if upgraded {
            (STRENGTHENED, "strengthened to the agreed formula")
        } else {
            (ADDED, "new WPS language")
        };
        Finding {
            rule: x.rule,
            area: rule.area,
            kind: FindingKind::Info,
            severity: Severity::Info,
            reason,
            paragraph: Some(d),
            span: Some(x.span.clone()),
            message: format!(
                "{}: {what}: \"{}\" ({})",
                rule.title,
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
        }
    }

    /// The links that carry WPS language on either side, with its areas.
    fn relevant_links(&self) -> Vec<RelevantLink> {
        let areas_of = |occ: &[&Occurrence]| -> Vec<usize> {
            occ.iter().map(|o| self.lex.rules[o.rule].area).collect()
        };
        self.al
            .links
            .iter()
            .enumerate()
            .filter_map(|(i, l)| {
                let mut areas: Vec<usize> = l
                    .previous
                    .into_iter()
                    .flat_map(|p| areas_of(&self.p_occ[p]))
                    .chain(l.draft.into_iter().flat_map(|d| areas_of(&self.d_occ[d])))
                    .collect();
                areas.sort_unstable();
                areas.dedup();
                (!areas.is_empty()).then_some(RelevantLink { link: i, areas })
            })
            .collect()
    }

    /// Compares the force of the same language in its previous and draft places.
    fn force_changes(
        &self,
        o: &Occurrence,
        x: &Occurrence,
        out: &mut Vec<Finding>,
        seen: &mut HashSet<(usize, Option<usize>, Reason)>,
    ) {
        let (p, d) = (o.paragraph, x.paragraph);
        let rule = &self.lex.rules[o.rule];
        let (pf, df) = (self.p_force(o), self.d_force(x));
        let mut regs: Vec<(Reason, Severity, String)> = Vec::new();
        let mut gains: Vec<String> = Vec::new();
        regs.extend(self.moved_down(o, x, pf, df));
        self.verb_change(o, x, pf, df, &mut regs, &mut gains);
        self.hedge_change(o, x, df, &mut regs, &mut gains);
        if !pf.committing && df.committing && self.prev.paragraphs[p].part == Part::Preamble {
            gains.push("moved from the preamble into the operative part".to_string());
        }
        let moved_down = regs.iter().any(|r| r.0 == MOVED_DOWN) && !df.committing;
        for (reason, severity, message) in regs {
            // Once in the preamble, verbs and hedges no longer weigh anything.
            if moved_down && reason != MOVED_DOWN {
                continue;
            }
            // A move concerns each area of the paragraph; a verb or hedge governs
            // the clause, reported once.
            let key_d = if reason == MOVED_DOWN {
                Some(d + (rule.area + 1) * self.draft.paragraphs.len().max(1))
            } else {
                Some(d)
            };
            if seen.insert((p, key_d, reason)) {
                out.push(self.regressed(
                    o,
                    Some(d),
                    Some(x.span.clone()),
                    reason,
                    severity,
                    message,
                ));
            }
        }
        if !gains.is_empty() {
            self.strengthened(o, x, gains.join("; "), out, seen);
        }
    }

    /// Language moved from the operative part to the preamble, or out of the
    /// mandate's task list into a general paragraph.
    fn moved_down(
        &self,
        o: &Occurrence,
        x: &Occurrence,
        pf: Force,
        df: Force,
    ) -> Option<(Reason, Severity, String)> {
        let (p, d) = (o.paragraph, x.paragraph);
        let title = &self.lex.rules[o.rule].title;
        let labels = self.labels(p, Some(d));
        let dpart = self.draft.paragraphs[d].part;
        let message = if pf.committing && !df.committing {
            format!(
                "{title}: moved from the operative part to the {} ({labels}); a preambular paragraph commits no one to act",
                part_name(dpart)
            )
        } else if self.prev.paragraphs[p].part == Part::Operative
            && dpart == Part::Operative
            && self.in_task_list(self.prev, p)
            && !self.in_task_list(self.draft, d)
        {
            format!(
                "{title}: moved out of the mandate's task list into a general paragraph ({labels})"
            )
        } else {
            return None;
        };
        Some((MOVED_DOWN, self.p_severity(o), message))
    }

    /// The governing verb weakened (a regression: an error when a demand became
    /// an invitation, else a warning) or strengthened (a gain).
    fn verb_change(
        &self,
        o: &Occurrence,
        x: &Occurrence,
        pf: Force,
        df: Force,
        regs: &mut Vec<(Reason, Severity, String)>,
        gains: &mut Vec<String>,
    ) {
        let (Some(a), Some(b)) = (pf.verb, df.verb) else {
            return;
        };
        let word = |occ: &Occurrence, level: u8| match &occ.verb_text {
            Some(t) if t != self.lex.level_name(level) => {
                format!("\"{t}\" ({} level)", self.lex.level_name(level))
            }
            _ => format!("\"{}\"", self.lex.level_name(level)),
        };
        if b < a {
            let severity = if a >= 4 && b < 4 {
                self.p_severity(o)
            } else {
                Severity::Warning
            };
            regs.push((
                VERB_WEAKENED,
                severity,
                format!(
                    "{}: verb weakened from {} to {} ({})",
                    self.lex.rules[o.rule].title,
                    word(o, a),
                    word(x, b),
                    self.labels(o.paragraph, Some(x.paragraph))
                ),
            ));
        } else if b > a {
            gains.push(format!(
                "verb strengthened from {} to {}",
                word(o, a),
                word(x, b)
            ));
        }
    }

    /// Hedges governing the language, its own and those before its paragraph's
    /// verb: one the previous text did not have is a regression, one removed a gain.
    fn hedge_change(
        &self,
        o: &Occurrence,
        x: &Occurrence,
        df: Force,
        regs: &mut Vec<(Reason, Severity, String)>,
        gains: &mut Vec<String>,
    ) {
        let p_lead = self.lead_hedges(true, o.paragraph, o.verb_text.as_deref());
        let d_lead = self.lead_hedges(false, x.paragraph, x.verb_text.as_deref());
        let p_hedges: Vec<&str> = self.hedges(o).into_iter().chain(p_lead).collect();
        let d_hedges: Vec<&str> = self.hedges(x).into_iter().chain(d_lead).collect();
        let added = new_hedges(&p_hedges, &d_hedges);
        if !added.is_empty() && df.committing {
            regs.push((
                HEDGED,
                Severity::Warning,
                format!(
                    "{}: qualified by \"{}\", which the previous text did not have ({})",
                    self.lex.rules[o.rule].title,
                    added.join("\", \""),
                    self.labels(o.paragraph, Some(x.paragraph))
                ),
            ));
        } else if added.is_empty() && p_hedges.iter().any(|h| !d_hedges.contains(h)) {
            gains.push("qualifier removed".to_string());
        }
    }

    /// The same rule in fewer of its words where its words were: qualifiers
    /// cut from the formula ("full, equal and meaningful participation of
    /// women" -> "participation of women").
    fn words_cut(
        &self,
        o: &Occurrence,
        out: &mut Vec<Finding>,
        seen: &mut HashSet<(usize, Option<usize>, Reason)>,
    ) {
        let p = o.paragraph;
        let Some(d) = self.primary(p) else {
            return;
        };
        let now = self.replacement(p, d, &o.span);
        if !is_cut(&self.prev.text[o.span.clone()], &now)
            || !seen.insert((p, Some(d), FORMULA_WEAKENED))
        {
            return;
        }
        let rule = &self.lex.rules[o.rule];
        out.push(self.regressed(
            o,
            Some(d),
            Some(self.draft.paragraphs[d].body.clone()),
            FORMULA_WEAKENED,
            self.p_severity(o),
            format!(
                "{}: agreed wording cut: \"{}\" became \"{now}\" ({})",
                rule.title,
                snippet(self.prev, &o.span),
                self.labels(p, Some(d))
            ),
        ));
    }

    fn strengthened(
        &self,
        o: &Occurrence,
        x: &Occurrence,
        what: String,
        out: &mut Vec<Finding>,
        seen: &mut HashSet<(usize, Option<usize>, Reason)>,
    ) {
        if !seen.insert((o.paragraph, Some(x.paragraph), STRENGTHENED)) {
            return;
        }
        let rule = &self.lex.rules[x.rule];
        out.push(Finding {
            rule: x.rule,
            area: rule.area,
            kind: FindingKind::Info,
            severity: Severity::Info,
            reason: STRENGTHENED,
            paragraph: Some(x.paragraph),
            span: Some(x.span.clone()),
            message: format!(
                "{}: {what} ({})",
                rule.title,
                self.labels(o.paragraph, Some(x.paragraph))
            ),
            previous: Some(self.prev_ref(o.paragraph, Some(&o.span))),
        });
    }

    fn regressed(
        &self,
        o: &Occurrence,
        paragraph: Option<usize>,
        span: Option<Range<usize>>,
        reason: Reason,
        severity: Severity,
        message: String,
    ) -> Finding {
        Finding {
            rule: o.rule,
            area: self.lex.rules[o.rule].area,
            kind: FindingKind::Regressed,
            severity,
            reason,
            paragraph,
            span,
            message,
            previous: Some(self.prev_ref(o.paragraph, Some(&o.span))),
        }
    }

    fn prev_ref(&self, p: usize, span: Option<&Range<usize>>) -> PreviousRef {
        let para = &self.prev.paragraphs[p];
        let span = span.cloned().unwrap_or_else(|| para.body.clone());
        PreviousRef {
            paragraph: para.label.to_string(),
            excerpt: crate::excerpt::excerpt(self.prev, p, &span),
            index: p,
            text: crate::excerpt::collapse(&self.prev.text[para.body.clone()]),
        }
    }

    /// "OP 9 (a) (i) in the previous text, OP 10 (a) (i) in the draft".
    fn labels(&self, p: usize, d: Option<usize>) -> String {
        let pl = &self.prev.paragraphs[p].label;
        match d {
            Some(d) => format!(
                "{pl} in the previous text, {} in the draft",
                self.draft.paragraphs[d].label
            ),
            None => format!("{pl} in the previous text, no counterpart in the draft"),
        }
    }

    /// How well an occurrence's rule fits the draft's profile (expected there,
    /// general, or meant for other kinds of text), the longest words first.
    fn fit(&self, o: &Occurrence) -> (usize, u8, Severity) {
        let r = &self.lex.rules[o.rule];
        let scope = if r.expected_in.contains(&self.profile) {
            2
        } else if r.expected_in.is_empty() && r.triggers.is_empty() {
            1
        } else {
            0
        };
        (o.span.len(), scope, r.severity)
    }

    fn p_force(&self, o: &Occurrence) -> Force {
        force(self.prev, o)
    }

    fn d_force(&self, o: &Occurrence) -> Force {
        force(self.draft, o)
    }

    /// Severity of losing language, by its legal force in the previous text: an
    /// operative paragraph that urges, requests or decides is an error, anything
    /// softer a warning.
    fn p_severity(&self, o: &Occurrence) -> Severity {
        let f = self.p_force(o);
        if f.committing
            && (f.verb.unwrap_or(0) >= 3
                || (f.verb.is_none() && self.lex.rules[o.rule].severity == Severity::Error))
        {
            Severity::Error
        } else {
            Severity::Warning
        }
    }

    /// Non-routine hedges in an occurrence's clause.
    fn hedges<'o>(&self, o: &'o Occurrence) -> Vec<&'o str> {
        o.hedges
            .iter()
            .map(String::as_str)
            .filter(|h| !self.lex.hedges.iter().any(|l| l.phrase == *h && l.routine))
            .collect()
    }

    /// Whether the draft paragraphs `counterparts` still reference the area of
    /// `o`'s rule with at least its force, and its words were not merely cut.
    fn area_kept(&self, o: &Occurrence, counterparts: &[usize]) -> bool {
        if let Some(d) = self.primary(o.paragraph) {
            let now = self.replacement(o.paragraph, d, &o.span);
            if is_cut(&self.prev.text[o.span.clone()], &now) {
                return false;
            }
        }
        let area = self.lex.rules[o.rule].area;
        let was = self.p_force(o).rank();
        counterparts
            .iter()
            .flat_map(|&d| self.d_refs[d].iter())
            .any(|x| x.area == area && force_at(self.draft, x.paragraph, x.verb).rank() >= was)
    }

    /// Non-routine hedges written before a paragraph's opening verb ("As
    /// appropriate, requests ..."), which no clause holds: they govern the clause
    /// of that verb. `verb` is the verb governing a reference; nothing when it is
    /// not the opening one (other words stand before it).
    fn lead_hedges(&self, previous: bool, paragraph: usize, verb: Option<&str>) -> Vec<&'a str> {
        let Some(verb) = verb else {
            return Vec::new();
        };
        let key = (previous, paragraph);
        if let Some(v) = self.lead_cache.borrow().get(&key) {
            if let Some((_, h)) = v.iter().find(|(w, _)| w == verb) {
                return h.clone();
            }
        }
        let h = self.lead_hedges_uncached(previous, paragraph, verb);
        self.lead_cache
            .borrow_mut()
            .entry(key)
            .or_default()
            .push((verb.to_string(), h.clone()));
        h
    }

    fn lead_hedges_uncached(&self, previous: bool, paragraph: usize, verb: &str) -> Vec<&'a str> {
        let doc = if previous { self.prev } else { self.draft };
        // The opening verb stands near the start: only the head is read.
        let body = &doc.text[doc.paragraphs[paragraph].body.clone()];
        let head = (LEAD_HEAD..body.len())
            .find(|&i| body.is_char_boundary(i))
            .map_or(body, |i| &body[..i]);
        let body = norm_words(head);
        let Some(at) = body.find(&norm_words(verb)) else {
            return Vec::new();
        };
        let mut lead = body[..at + 1].to_string();
        let mut found = Vec::new();
        for h in self
            .lex
            .hedges
            .iter()
            .filter(|h| !h.routine && !h.phrase.starts_with("re:"))
        {
            let phrase = norm_words(&h.phrase);
            while let Some(i) = lead.find(&phrase) {
                lead.replace_range(i..i + phrase.len() - 1, "");
                found.push(h.phrase.as_str());
            }
        }
        let rest_is_glue = lead
            .split_whitespace()
            .all(|w| ["and", "also", "further"].contains(&w));
        if rest_is_glue {
            found
        } else {
            Vec::new()
        }
    }

    /// The main draft counterpart of a previous paragraph (the pair, else the
    /// most similar split or merge).
    fn primary(&self, p: usize) -> Option<usize> {
        let c = &self.al.to_draft[p];
        self.al
            .links
            .iter()
            .filter(|l| l.previous == Some(p) && l.draft.is_some())
            .max_by(|a, b| {
                (a.kind == LinkKind::Pair)
                    .cmp(&(b.kind == LinkKind::Pair))
                    .then(a.similarity.total_cmp(&b.similarity))
            })
            .and_then(|l| l.draft)
            .or_else(|| c.first().copied())
    }

    /// Whether two occurrences stand in much the same clause (Dice of their
    /// clauses' words at least one half): language moved, not merely repeated.
    fn same_clause(&self, o: &Occurrence, x: &Occurrence) -> bool {
        let a = self.clause_words(true, o.paragraph, &o.span);
        let b = self.clause_words(false, x.paragraph, &x.span);
        dice_half(&a, &b)
    }

    /// The distinct word hashes of the clause an occurrence stands in (sorted),
    /// computed once per occurrence.
    fn clause_words(
        &self,
        previous: bool,
        paragraph: usize,
        span: &Range<usize>,
    ) -> std::rc::Rc<Vec<u64>> {
        let key = (previous, paragraph, span.start);
        if let Some(v) = self.clause_cache.borrow().get(&key) {
            return v.clone();
        }
        let doc = if previous { self.prev } else { self.draft };
        let clause = crate::excerpt::clause_span(doc, paragraph, span);
        let mut v: Vec<u64> = norm_words(&doc.text[clause])
            .split_whitespace()
            .map(|w| {
                w.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
                    (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)
                })
            })
            .collect();
        v.sort_unstable();
        v.dedup();
        let v = std::rc::Rc::new(v);
        self.clause_cache.borrow_mut().insert(key, v.clone());
        v
    }

    /// The draft offset where the word at previous offset `off` (in paragraph `p`)
    /// is found in draft paragraph `d`, through the word diff.
    fn map_offset(&self, p: usize, d: usize, off: usize) -> Option<usize> {
        if self.pw.para[p].len() == self.dw.para[d].len() && self.pw.hashes(p).eq(self.dw.hashes(d))
        {
            // Same words: the same word index.
            let k = self.pw.words[self.pw.para[p].clone()]
                .iter()
                .position(|w| w.0.end > off)?;
            return Some(self.dw.words[self.dw.para[d].start + k].0.start);
        }
        let k = self.pw.words[self.pw.para[p].clone()]
            .iter()
            .position(|w| w.0.end > off)?;
        let dbase = self.dw.para[d].start;
        self.diff(p, d).iter().find_map(|op| match *op {
            similar::DiffOp::Equal {
                old_index,
                new_index,
                len,
            } if (old_index..old_index + len).contains(&k) => {
                Some(self.dw.words[dbase + new_index + (k - old_index)].0.start)
            }
            similar::DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                ..
            } if (old_index..old_index + old_len).contains(&k) => {
                Some(self.dw.words[dbase + new_index].0.start)
            }
            _ => None,
        })
    }

    /// Word-level diff of previous paragraph `p` and draft paragraph `d`.
    fn diff(&self, p: usize, d: usize) -> std::rc::Rc<Vec<similar::DiffOp>> {
        self.diffs
            .borrow_mut()
            .entry((p, d))
            .or_insert_with(|| {
                let a = &self.pw.words[self.pw.para[p].clone()];
                let b = &self.dw.words[self.dw.para[d].clone()];
                let a: Vec<u64> = a.iter().map(|w| w.1).collect();
                let b: Vec<u64> = b.iter().map(|w| w.1).collect();
                std::rc::Rc::new(similar::capture_diff_slices(
                    similar::Algorithm::Myers,
                    &a,
                    &b,
                ))
            })
            .clone()
    }

    /// Whether some of the words of `span` (previous paragraph `p`) are still in
    /// draft paragraph `d`, or were replaced there by other words (a weakened
    /// wording rather than a cut).
    fn survives(&self, p: usize, d: usize, span: &Range<usize>) -> bool {
        let base = self.pw.para[p].start;
        let inside = |i: usize| {
            let r = &self.pw.words[base + i].0;
            r.start >= span.start && r.end <= span.end
        };
        self.diff(p, d).iter().any(|op| match *op {
            similar::DiffOp::Equal { old_index, len, .. } => {
                (old_index..old_index + len).any(inside)
            }
            similar::DiffOp::Replace {
                old_index, old_len, ..
            } => (old_index..old_index + old_len).any(inside),
            _ => false,
        })
    }

    /// Whether every word of `span` (previous paragraph `p`) is kept in draft
    /// paragraph `d`: the diff deletes or replaces none of them (words may be
    /// inserted between them).
    fn kept_whole(&self, p: usize, d: usize, span: &Range<usize>) -> bool {
        let base = self.pw.para[p].start;
        let inside = |i: usize| {
            let r = &self.pw.words[base + i].0;
            r.start >= span.start && r.end <= span.end
        };
        let mut any_kept = false;
        for op in self.diff(p, d).iter() {
            match *op {
                similar::DiffOp::Equal { old_index, len, .. } => {
                    any_kept |= (old_index..old_index + len).any(inside);
                }
                similar::DiffOp::Delete {
                    old_index, old_len, ..
                }
                | similar::DiffOp::Replace {
                    old_index, old_len, ..
                } => {
                    if (old_index..old_index + old_len).any(inside) {
                        return false;
                    }
                }
                similar::DiffOp::Insert { .. } => {}
            }
        }
        any_kept
    }

    /// Whether a reference of draft paragraph `d` carries a hedge that `o` had
    /// not (inserted words that soften rather than complete the wording).
    fn gains_hedge(&self, d: usize, o: &Occurrence) -> bool {
        let before = self.hedges(o);
        self.d_refs[d].iter().any(|r| {
            let after: Vec<&str> = r.hedges.iter().map(String::as_str).collect();
            !new_hedges(&before, &after).is_empty()
        })
    }

    /// What the draft says where `span` was: the draft words replacing it, or
    /// those kept from it.
    fn replacement(&self, p: usize, d: usize, span: &Range<usize>) -> String {
        let pbase = self.pw.para[p].start;
        let dbase = self.dw.para[d].start;
        let inside = |i: usize| {
            let r = &self.pw.words[pbase + i].0;
            r.start >= span.start && r.end <= span.end
        };
        let mut first: Option<usize> = None;
        let mut last: Option<usize> = None;
        let mut take = |from: usize, to: usize| {
            if from < to {
                first = Some(first.map_or(from, |f: usize| f.min(from)));
                last = Some(last.map_or(to, |l: usize| l.max(to)));
            }
        };
        for op in self.diff(p, d).iter().copied() {
            match op {
                similar::DiffOp::Equal {
                    old_index,
                    new_index,
                    len,
                } => {
                    for k in 0..len {
                        if inside(old_index + k) {
                            take(new_index + k, new_index + k + 1);
                        }
                    }
                }
                similar::DiffOp::Replace {
                    old_index,
                    old_len,
                    new_index,
                    new_len,
                } if (old_index..old_index + old_len).any(inside) => {
                    take(new_index, new_index + new_len);
                }
                _ => {}
            }
        }
        match (first, last) {
            (Some(f), Some(l)) => {
                let s = self.dw.words[dbase + f].0.start;
                let e = self.dw.words[dbase + l - 1].0.end;
                snippet(self.draft, &(s..e))
            }
            _ => String::new(),
        }
    }

    /// Whether paragraph `p` (or the paragraph it belongs to) asks for reporting.
    fn is_reporting(&self, p: usize) -> bool {
        if let Some(&r) = self.reporting_cache.borrow().get(&p) {
            return r;
        }
        let r = self.is_reporting_uncached(p);
        self.reporting_cache.borrow_mut().insert(p, r);
        r
    }

    fn is_reporting_uncached(&self, p: usize) -> bool {
        let root = self.prev.root_of(p);
        let text = self.prev.text[self.prev.paragraphs[root].body.clone()].to_lowercase();
        let own = self.prev.text[self.prev.paragraphs[p].body.clone()].to_lowercase();
        let asks = text.contains("secretary-general") || text.contains("secretary general");
        asks && [&text, &own].iter().any(|t| {
            [
                "report",
                "brief",
                "update the council",
                "inform the council",
                "information on",
            ]
            .iter()
            .any(|k| t.contains(k))
        })
    }

    /// Whether `p` sits in a list of mandate tasks ("the mandate shall include the
    /// following tasks:").
    fn in_task_list(&self, doc: &Document, p: usize) -> bool {
        let mut cur = doc.paragraphs[p].parent;
        while let Some(a) = cur {
            // Lead-ins are few and short: their verdicts are cached per document.
            let key = (std::ptr::eq(doc, self.prev), a);
            let hit = *self.task_cache.borrow_mut().entry(key).or_insert_with(|| {
                let t = doc.text[doc.paragraphs[a].body.clone()].to_lowercase();
                t.contains("mandate")
                    && (t.contains("task") || t.contains("include") || t.trim_end().ends_with(':'))
            });
            if hit {
                return true;
            }
            cur = doc.paragraphs[a].parent;
        }
        false
    }

    /// A strong modal of the lexicon ("shall") replaced by its weak pair ("should")
    /// between the two paragraphs.
    fn modal_weakened(&self, p: usize, d: usize) -> Option<(String, String)> {
        let pt = norm_words(&self.prev.text[self.prev.paragraphs[p].body.clone()]);
        let dt = norm_words(&self.draft.text[self.draft.paragraphs[d].body.clone()]);
        for m in &self.lex.modals {
            let (s, w) = (norm_words(&m.strong), norm_words(&m.weak));
            if count(&pt, &s) > count(&dt, &s) && count(&dt, &w) > count(&pt, &w) {
                return Some((m.strong.clone(), m.weak.clone()));
            }
        }
        None
    }
}

/// Whether `now` is `was` with words cut (fewer words, the rest in order).
fn is_cut(was: &str, now: &str) -> bool {
    let (was, now) = (norm_words(was), norm_words(now));
    let mut left = was.split_whitespace();
    !now.trim().is_empty()
        && now.len() < was.len()
        && now.split_whitespace().all(|w| left.any(|v| v == w))
}

/// Hedges of `after` beyond those of `before`, counted with repetition (a
/// second "as appropriate" is a new qualifier).
fn new_hedges<'h>(before: &[&'h str], after: &[&'h str]) -> Vec<&'h str> {
    let mut left: Vec<&str> = before.to_vec();
    let mut out = Vec::new();
    for h in after {
        match left.iter().position(|b| b == h) {
            Some(i) => {
                left.swap_remove(i);
            }
            None => out.push(*h),
        }
    }
    out
}

/// Whether two sorted word-hash sets share at least half their words (Dice).
fn dice_half(a: &[u64], b: &[u64]) -> bool {
    let shared = a.iter().filter(|h| b.binary_search(h).is_ok()).count() as f32;
    2.0 * shared / ((a.len() + b.len()).max(1) as f32) >= 0.5
}

fn force(doc: &Document, o: &Occurrence) -> Force {
    force_at(doc, o.paragraph, o.verb)
}

fn force_at(doc: &Document, paragraph: usize, verb: Option<u8>) -> Force {
    let part = doc.paragraphs[paragraph].part;
    let committing = if doc.kind.is_resolution_like() {
        part == Part::Operative
    } else {
        part != Part::Front
    };
    Force { committing, verb }
}

impl Force {
    fn rank(self) -> (bool, u8) {
        (self.committing, self.verb.unwrap_or(0))
    }
}

fn part_name(p: Part) -> &'static str {
    match p {
        Part::Preamble => "preamble",
        Part::Operative => "operative part",
        Part::Annex => "annex",
        Part::Notes => "notes",
        Part::Front => "title",
        Part::Body => "body",
    }
}

fn snippet(doc: &Document, span: &Range<usize>) -> String {
    analysis::doc_snippet(doc, span)
}

/// Lower-cased words, space-separated with a space at both ends, for phrase counts.
fn norm_words(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push(' ');
    for w in s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        out.push_str(&w.to_lowercase());
        out.push(' ');
    }
    out
}

fn count(hay: &str, needle: &str) -> usize {
    if needle.trim().is_empty() {
        0
    } else {
        hay.matches(needle).count()
    }
}
