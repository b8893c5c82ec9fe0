//! Analysis: one pass over a document's paragraphs with every lexicon pattern
//! compiled once, producing per-area evidence and status and the findings.
//!
//! Analysis does no I/O and never sees file formats: it takes a
//! [`Document`] and a [`Lexicon`] and returns an [`Analysis`].

mod clause;
mod refs;
mod scan;

pub use refs::{Reference, Via};
pub use scan::{Occurrence, Weakness};

use crate::lexicon::{AreaId, Check, Lexicon, Rule, RuleId, Severity};
use crate::model::{DocKind, Document, Part};
use std::ops::Range;

/// How well an area is covered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Strong,
    Weak,
    Missing,
    NotExpected,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Strong => "strong",
            Status::Weak => "weak",
            Status::Missing => "missing",
            Status::NotExpected => "not-expected",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FindingKind {
    Missing,
    Weakened,
    Regressed,
    Info,
}

impl FindingKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FindingKind::Missing => "missing",
            FindingKind::Weakened => "weakened",
            FindingKind::Regressed => "regressed",
            FindingKind::Info => "info",
        }
    }
}

/// Why a finding was raised: the machine-readable `reason` of the JSON, SARIF and
/// audit outputs. [`Reason::as_str`] and serde give exactly the strings of JSON
/// contract version 1; new reasons may be added, existing ones never renamed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reason {
    /// The document's profile expects the element and it is absent.
    Expected,
    /// An operative paragraph raises a topic and says nothing of the area.
    Triggered,
    /// Governed by a verb weaker than the rule's minimum.
    WeakVerb,
    /// Softened by a non-routine hedge in the same clause.
    Hedged,
    /// Only in preambular paragraphs.
    PreambleOnly,
    /// Inside square brackets (still under negotiation).
    Bracketed,
    /// A formula the agreed one replaced.
    Superseded,
    /// The agreed formula without its qualifiers.
    Truncated,
    /// Comparison: the language of the previous text is gone.
    Removed,
    /// Comparison: a weaker governing verb than in the previous text.
    VerbWeakened,
    /// Comparison: the formula was replaced by a weaker one.
    FormulaWeakened,
    /// Comparison: moved from the operative part to the preamble.
    MovedDown,
    /// Comparison: dropped from the reporting requirements.
    ReportingDropped,
    /// Comparison: stronger than in the previous text.
    Strengthened,
    /// Comparison: new WPS language.
    Added,
}

impl Reason {
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Expected => "expected",
            Reason::Triggered => "triggered",
            Reason::WeakVerb => "weak-verb",
            Reason::Hedged => "hedged",
            Reason::PreambleOnly => "preamble-only",
            Reason::Bracketed => "bracketed",
            Reason::Superseded => "superseded",
            Reason::Truncated => "truncated",
            Reason::Removed => "removed",
            Reason::VerbWeakened => "verb-weakened",
            Reason::FormulaWeakened => "formula-weakened",
            Reason::MovedDown => "moved-down",
            Reason::ReportingDropped => "reporting-dropped",
            Reason::Strengthened => "strengthened",
            Reason::Added => "added",
        }
    }

    /// The reason of a weakness found by the scan.
    pub fn of_weakness(w: &Weakness) -> Reason {
        match w {
            Weakness::Verb { .. } => Reason::WeakVerb,
            Weakness::Hedge { .. } => Reason::Hedged,
            Weakness::Bracketed => Reason::Bracketed,
        }
    }
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<str> for Reason {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Reason {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// The year of resolution 1325 (2000), the first on women and peace and security:
/// a text from before it is not told that WPS language is missing unless
/// [`Options::expect_current`] asks for it.
pub const FIRST_WPS_YEAR: u16 = 2000;

/// Where in the previous text a regressed finding's language was.
#[derive(Debug, Clone, PartialEq)]
pub struct PreviousRef {
    /// Label of the previous paragraph ("OP 14 (c)").
    pub paragraph: String,
    /// The clause the language stood in, white space collapsed.
    pub excerpt: String,
    /// Index of the paragraph in the previous document.
    pub index: usize,
    /// The whole previous paragraph (body, white space collapsed), for diffs.
    pub text: String,
}

/// One finding.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub rule: RuleId,
    pub area: AreaId,
    pub kind: FindingKind,
    pub severity: Severity,
    /// Machine-readable reason (see [`Reason`]).
    pub reason: Reason,
    /// Paragraph index in the document, if the finding has a place.
    pub paragraph: Option<usize>,
    /// Source byte span the finding points at.
    pub span: Option<Range<usize>>,
    pub message: String,
    /// The previous text's paragraph, for comparisons.
    pub previous: Option<PreviousRef>,
}

/// One piece of evidence for an area.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    pub rule: RuleId,
    pub paragraph: usize,
    pub span: Range<usize>,
    pub strong: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AreaResult {
    pub area: AreaId,
    pub status: Status,
    pub expected: bool,
    pub evidence: Vec<Evidence>,
}

/// The analysis of one document.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// Index into `Lexicon::profiles`.
    pub profile: usize,
    /// True when the profile was detected rather than given.
    pub profile_detected: bool,
    pub areas: Vec<AreaResult>,
    pub findings: Vec<Finding>,
    /// Every evidence occurrence with its weaknesses (for comparison and printers).
    pub occurrences: Vec<Occurrence>,
    /// Every WPS reference of the text (rule occurrences and the reference
    /// vocabulary), in text order, with the force that governs it.
    pub references: Vec<Reference>,
}

#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Force this profile (index into `Lexicon::profiles`) instead of detecting it.
    pub profile: Option<usize>,
    /// Hold the text to today's agreed language whatever its year: without it, a
    /// text is not told a rule's element is missing (or its formula superseded)
    /// when it predates the rule's `since`, and a text from before resolution 1325
    /// (2000) gets no `missing` findings at all.
    pub expect_current: bool,
}

/// Analyses a document.
pub fn analyze(doc: &Document, lex: &Lexicon, opts: &Options) -> Analysis {
    let scan = scan::scan(doc, lex);
    let (profile, profile_detected) = match opts.profile {
        Some(p) => (p, false),
        None => (
            detect_profile(doc.kind, &scan.detect_scores, &scan.decisive, lex),
            true,
        ),
    };
    let j = Judge::new(doc, lex, &scan, profile, opts);
    let mut findings: Vec<Finding> = Vec::new();
    for (ri, rule) in lex.rules.iter().enumerate() {
        if j.dated_out(rule) {
            continue;
        }
        match rule.check {
            // Reports describe; only resolutions negotiate wording.
            Check::Formula if j.resolution => j.formula(ri, &mut findings),
            Check::Formula => {}
            Check::Element => j.element(ri, &mut findings),
        }
    }
    let areas = (0..lex.areas.len()).map(|ai| j.area(ai)).collect();
    findings.sort_by(|a, b| {
        let pa = a.span.as_ref().map_or(usize::MAX, |s| s.start);
        let pb = b.span.as_ref().map_or(usize::MAX, |s| s.start);
        pa.cmp(&pb)
            .then(b.severity.cmp(&a.severity))
            .then(lex.rules[a.rule].id.cmp(&lex.rules[b.rule].id))
    });
    Analysis {
        profile,
        profile_detected,
        areas,
        findings,
        occurrences: scan.occurrences,
        references: scan.references,
    }
}

/// What the rules are graded against: the document, its scan, its profile and
/// date, and the paragraphs that trigger each rule.
struct Judge<'a> {
    doc: &'a Document,
    lex: &'a Lexicon,
    scan: &'a scan::Scan,
    profile: usize,
    resolution: bool,
    year: Option<u16>,
    expect_current: bool,
    /// A text from before resolution 1325 (2000), held to nothing.
    pre_1325: bool,
    /// Per rule: the committing paragraphs that raise its topic, in text order.
    triggers_of: Vec<Vec<(usize, Range<usize>)>>,
}

impl<'a> Judge<'a> {
    fn new(
        doc: &'a Document,
        lex: &'a Lexicon,
        scan: &'a scan::Scan,
        profile: usize,
        opts: &Options,
    ) -> Judge<'a> {
        let resolution = doc.kind.is_resolution_like();
        // Which rules are triggered: every committing paragraph that raises the
        // topic, in document order.
        let mut triggers_of: Vec<Vec<(usize, Range<usize>)>> = vec![Vec::new(); lex.rules.len()];
        for t in &scan.triggers {
            let rule = &lex.rules[t.rule];
            let applies =
                rule.trigger_profiles.is_empty() || rule.trigger_profiles.contains(&profile);
            if applies && commits(doc, t.paragraph, resolution) {
                triggers_of[t.rule].push((t.paragraph, t.span.clone()));
            }
        }
        for t in &mut triggers_of {
            t.sort_by_key(|(_, s)| (s.start, s.end));
        }
        // Expectations follow the text's date: a rule whose agreed language is
        // younger than the text does not apply to it, and nothing is missing from a
        // text that predates resolution 1325 (2000). A text of unknown year is held
        // to all.
        let year = doc.meta.year;
        Judge {
            doc,
            lex,
            scan,
            profile,
            resolution,
            year,
            expect_current: opts.expect_current,
            pre_1325: !opts.expect_current && year.is_some_and(|y| y < FIRST_WPS_YEAR),
            triggers_of,
        }
    }

    /// Whether `rule`'s agreed language is younger than the text.
    fn dated_out(&self, rule: &Rule) -> bool {
        !self.expect_current && rule.predates(self.year)
    }

    fn occurrences_of(&self, ri: RuleId) -> impl Iterator<Item = &'a Occurrence> {
        self.scan.occurrences.iter().filter(move |o| o.rule == ri)
    }

    /// Whether an area has a reference (a rule's evidence, strong or weak, or any
    /// other reference of the area) in the operative paragraph rooted at `root`
    /// (the paragraph and all its sub-paragraphs), leaving out the words that
    /// raised `rule`'s topic (a survivor-centred approach is not answered by the
    /// "sexual violence" that calls for it). Any reference of the area counts
    /// ("including women" answers an electoral paragraph's call for women's
    /// participation).
    fn area_in_root(&self, area: AreaId, root: usize, rule: RuleId) -> bool {
        self.scan.references.iter().any(|r| {
            r.area == area
                && self.doc.root_of(r.paragraph) == root
                && !self.scan.triggers.iter().any(|t| {
                    t.rule == rule
                        && t.paragraph == r.paragraph
                        && t.span.start < r.span.end
                        && r.span.start < t.span.end
                })
        })
    }

    /// The first occurrence of any rule of `area` (its coverage status is then
    /// strong or weak, never missing: weak wording is reported as weakened).
    fn area_evidence(&self, area: AreaId) -> Option<&'a Occurrence> {
        self.scan
            .occurrences
            .iter()
            .find(|o| self.lex.rules[o.rule].area == area)
    }

    /// A superseded or truncated formula: one finding per paragraph.
    fn formula(&self, ri: RuleId, findings: &mut Vec<Finding>) {
        let rule = &self.lex.rules[ri];
        let reason = match rule.reason.as_deref() {
            Some("truncated") => Reason::Truncated,
            _ => Reason::Superseded,
        };
        let mut seen_para = Vec::new();
        for o in self.occurrences_of(ri) {
            if seen_para.contains(&o.paragraph) {
                continue;
            }
            seen_para.push(o.paragraph);
            let found = doc_snippet(self.doc, &o.span);
            let message = format!("{}: \"{}\" is a {} formula", rule.title, found, reason);
            findings.push(weakened(ri, rule.area, o, reason, message));
        }
    }

    /// An element rule: absent from the commitments (preamble only, missing where
    /// expected or triggered), or present with weak wording.
    fn element(&self, ri: RuleId, findings: &mut Vec<Finding>) {
        let rule = &self.lex.rules[ri];
        let expected = rule.expected_in.contains(&self.profile);
        let triggered = !self.triggers_of[ri].is_empty();
        // Rules that apply to this document: general ones, and those expected or
        // triggered here. Only they report weak wording.
        let in_scope =
            (rule.expected_in.is_empty() && rule.triggers.is_empty()) || expected || triggered;
        let committing: Vec<&Occurrence> = self
            .occurrences_of(ri)
            .filter(|o| commits(self.doc, o.paragraph, self.resolution))
            .collect();
        if committing.is_empty() {
            if let Some(f) = self.absent(ri, expected, triggered, in_scope) {
                findings.push(f);
            }
        } else if in_scope {
            self.weak_wording(ri, &committing, findings);
        }
    }

    /// The finding for an element no committing paragraph carries, if any.
    fn absent(
        &self,
        ri: RuleId,
        expected: bool,
        triggered: bool,
        in_scope: bool,
    ) -> Option<Finding> {
        let rule = &self.lex.rules[ri];
        let preamble = self
            .occurrences_of(ri)
            .find(|o| self.doc.paragraphs[o.paragraph].part == Part::Preamble);
        if let (true, Some(first)) = (rule.operative && self.resolution && in_scope, preamble) {
            let label = self.doc.paragraphs[first.paragraph].label.to_string();
            return Some(Finding {
                rule: ri,
                area: rule.area,
                kind: FindingKind::Weakened,
                severity: if expected || triggered {
                    Severity::Warning
                } else {
                    Severity::Info
                },
                reason: Reason::PreambleOnly,
                paragraph: Some(first.paragraph),
                span: Some(first.span.clone()),
                message: format!(
                    "{}: only in the preamble ({label}); a preambular paragraph commits no one to act",
                    rule.title
                ),
                previous: None,
            });
        }
        if self.pre_1325 {
            // Coverage only: a text from before 1325 (2000) misses nothing.
            return None;
        }
        if expected {
            return Some(self.expected_absent(ri));
        }
        // The first paragraph raising the topic whose operative paragraph has none
        // of the area's language.
        let (p, s) = self.triggers_of[ri]
            .iter()
            .find(|(p, _)| !self.area_in_root(rule.area, self.doc.root_of(*p), ri))?;
        let label = self.doc.paragraphs[*p].label.to_string();
        let lacks = rule
            .lacks
            .clone()
            .unwrap_or_else(|| lower_first(&self.lex.areas[rule.area].name));
        Some(Finding {
            rule: ri,
            area: rule.area,
            kind: FindingKind::Missing,
            severity: rule.severity,
            reason: Reason::Triggered,
            paragraph: Some(*p),
            span: Some(s.clone()),
            message: format!(
                "{}: {label} raises \"{}\" without any language on {lacks}",
                rule.title,
                doc_snippet(self.doc, s),
            ),
            previous: None,
        })
    }

    /// An expected element not found: missing, or a note when other language of
    /// its area is there (the coverage table rates the area).
    fn expected_absent(&self, ri: RuleId) -> Finding {
        let rule = &self.lex.rules[ri];
        let where_ = if self.resolution {
            " in the operative part"
        } else {
            ""
        };
        let (kind, severity, message) = match self.area_evidence(rule.area) {
            None => (
                FindingKind::Missing,
                rule.severity,
                format!(
                    "{}: not found{where_}; a {} is expected to carry it",
                    rule.title,
                    self.lex.profiles[self.profile].name.to_lowercase()
                ),
            ),
            Some(o) => (
                FindingKind::Info,
                Severity::Info,
                format!(
                    "{}: not found{where_}; the text's other language on {} (first in {}) does not cover it",
                    rule.title,
                    lower_first(&self.lex.areas[rule.area].name),
                    self.doc.paragraphs[o.paragraph].label
                ),
            ),
        };
        Finding {
            rule: ri,
            area: rule.area,
            kind,
            severity,
            reason: Reason::Expected,
            paragraph: None,
            span: None,
            message,
            previous: None,
        }
    }

    /// Weak wording (verb, hedge) of committing occurrences: one finding per
    /// paragraph and kind of weakness. Weak wording is worth a warning even where
    /// the same element is strong elsewhere: each paragraph is negotiated on its
    /// own.
    fn weak_wording(&self, ri: RuleId, committing: &[&Occurrence], findings: &mut Vec<Finding>) {
        let rule = &self.lex.rules[ri];
        let mut seen: Vec<(usize, Reason)> = Vec::new();
        for o in committing {
            for w in &o.weaknesses {
                let reason = Reason::of_weakness(w);
                if seen.contains(&(o.paragraph, reason)) {
                    continue;
                }
                seen.push((o.paragraph, reason));
                // Two rules sharing a term report the same weak words once.
                if findings.iter().any(|f| {
                    f.kind == FindingKind::Weakened
                        && f.reason == reason
                        && f.area == rule.area
                        && f.paragraph == Some(o.paragraph)
                }) {
                    continue;
                }
                let message = format!("{}: {}", rule.title, describe(w, self.lex));
                findings.push(weakened(ri, rule.area, o, reason, message));
            }
        }
    }

    /// The coverage of area `ai`: its evidence and status.
    fn area(&self, ai: AreaId) -> AreaResult {
        let lex = self.lex;
        // An area is expected only of a text its agreed language applies to.
        let expected = !self.pre_1325
            && ((lex.profiles[self.profile].expects.contains(&ai)
                && lex.rules.iter().any(|r| r.area == ai && !self.dated_out(r)))
                || lex.rules.iter().enumerate().any(|(ri, r)| {
                    r.area == ai
                        && !self.dated_out(r)
                        && (r.expected_in.contains(&self.profile)
                            || !self.triggers_of[ri].is_empty())
                }));
        let evidence: Vec<Evidence> = self
            .scan
            .occurrences
            .iter()
            .filter(|o| lex.rules[o.rule].area == ai)
            .map(|o| Evidence {
                rule: o.rule,
                paragraph: o.paragraph,
                span: o.span.clone(),
                // A formula is weak wording only once the agreed formula exists.
                strong: o.weaknesses.is_empty()
                    && (lex.rules[o.rule].check == Check::Element
                        || self.dated_out(&lex.rules[o.rule]))
                    && commits(self.doc, o.paragraph, self.resolution),
            })
            .collect();
        let status = if evidence.iter().any(|e| e.strong) {
            Status::Strong
        } else if !evidence.is_empty() {
            Status::Weak
        } else if expected {
            Status::Missing
        } else {
            Status::NotExpected
        };
        AreaResult {
            area: ai,
            status,
            expected,
            evidence,
        }
    }
}

/// A `weakened` finding (always a warning) at an occurrence.
fn weakened(
    rule: RuleId,
    area: AreaId,
    o: &Occurrence,
    reason: Reason,
    message: String,
) -> Finding {
    Finding {
        rule,
        area,
        kind: FindingKind::Weakened,
        severity: Severity::Warning,
        reason,
        paragraph: Some(o.paragraph),
        span: Some(o.span.clone()),
        message,
        previous: None,
    }
}

/// Whether text in paragraph `p` commits anyone to act: operative paragraphs of a
/// resolution; any body paragraph of other documents.
pub fn commits(doc: &Document, p: usize, resolution: bool) -> bool {
    let part = doc.paragraphs[p].part;
    if resolution {
        part == Part::Operative
    } else {
        matches!(
            part,
            Part::Body | Part::Annex | Part::Operative | Part::Notes
        )
    }
}

fn describe(w: &Weakness, lex: &Lexicon) -> String {
    match w {
        Weakness::Verb {
            found,
            strength,
            required,
        } => format!(
            "governed by \"{found}\" ({}), where agreed language {}",
            lex.level_name(*strength),
            lex.level_name(*required)
        ),
        Weakness::Hedge { phrase } => format!("softened by the hedge \"{phrase}\""),
        Weakness::Bracketed => "still in square brackets (under negotiation)".to_string(),
    }
}

/// `name` with its first letter in lower case, for use inside a sentence
/// ("Women's participation" → "women's participation"); acronyms are kept ("WPS").
fn lower_first(name: &str) -> String {
    let mut cs = name.chars();
    match (cs.next(), cs.next()) {
        (Some(a), Some(b)) if a.is_uppercase() && !b.is_uppercase() => a
            .to_lowercase()
            .chain(name[a.len_utf8()..].chars())
            .collect(),
        _ => name.to_string(),
    }
}

/// The source text of a span with white space collapsed, at most 80 characters.
pub fn doc_snippet(doc: &Document, span: &Range<usize>) -> String {
    let s: String = doc.text[span.clone()]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if s.chars().count() > 80 {
        let mut t: String = s.chars().take(77).collect();
        t.push_str("...");
        t
    } else {
        s
    }
}

/// Picks the profile for a document of `kind`: a decisive detector settles it
/// (highest priority first); otherwise the profile with the most detectors matched
/// among those reaching their `min_score` (ties by priority); otherwise the
/// fallback for the kind.
fn detect_profile(kind: DocKind, scores: &[u32], decisive: &[bool], lex: &Lexicon) -> usize {
    let fits = |p: &crate::lexicon::Profile| p.kinds.is_empty() || p.kinds.contains(&kind);
    let by_priority = |cands: Vec<usize>| {
        cands
            .into_iter()
            .max_by_key(|&i| (lex.profiles[i].priority, std::cmp::Reverse(i)))
    };
    let decided: Vec<usize> = (0..lex.profiles.len())
        .filter(|&i| decisive[i] && fits(&lex.profiles[i]))
        .collect();
    if let Some(i) = by_priority(decided) {
        return i;
    }
    let scored = (0..lex.profiles.len())
        .filter(|&i| {
            let p = &lex.profiles[i];
            fits(p) && !p.detect.is_empty() && scores[i] >= p.min_score.max(1)
        })
        .max_by_key(|&i| (scores[i], lex.profiles[i].priority, std::cmp::Reverse(i)));
    if let Some(i) = scored {
        return i;
    }
    let fallback: Vec<usize> = (0..lex.profiles.len())
        .filter(|&i| {
            let p = &lex.profiles[i];
            fits(p) && p.detect.is_empty() && p.decisive.is_empty()
        })
        .collect();
    by_priority(fallback).unwrap_or(0)
}
