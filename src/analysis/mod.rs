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

use crate::lexicon::{AreaId, Check, Lexicon, RuleId, Severity};
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
    /// Machine-readable reason: `expected`, `triggered`, `weak-verb`, `hedged`,
    /// `preamble-only`, `bracketed`, `superseded`, `truncated`, and for comparisons
    /// the change kinds.
    pub reason: &'static str,
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
    let resolution = doc.kind.is_resolution_like();
    let mut findings: Vec<Finding> = Vec::new();

    // Which rules are triggered, and where first.
    let mut trigger_at: Vec<Option<(usize, Range<usize>)>> = vec![None; lex.rules.len()];
    for t in &scan.triggers {
        let rule = &lex.rules[t.rule];
        let applies = rule.trigger_profiles.is_empty() || rule.trigger_profiles.contains(&profile);
        if applies && trigger_at[t.rule].is_none() && commits(doc, t.paragraph, resolution) {
            trigger_at[t.rule] = Some((t.paragraph, t.span.clone()));
        }
    }

    let occ = &scan.occurrences;
    // Weak (formula) wording of an area answers an expectation: it is reported as
    // weakened, not missing. For a triggered rule it must be in the paragraph that
    // raised the topic (`Some(root)`: that operative paragraph and its parts).
    let area_has_formula_evidence = |area: AreaId, within: Option<usize>| {
        occ.iter().any(|o| {
            let r = &lex.rules[o.rule];
            r.area == area
                && r.check == Check::Formula
                && commits(doc, o.paragraph, resolution)
                && within.is_none_or(|root| doc.root_of(o.paragraph) == root)
        })
    };

    for (ri, rule) in lex.rules.iter().enumerate() {
        let mine: Vec<&Occurrence> = occ.iter().filter(|o| o.rule == ri).collect();
        match rule.check {
            Check::Formula => {
                // Reports describe; only resolutions negotiate wording.
                if !resolution {
                    continue;
                }
                let mut seen_para = Vec::new();
                for o in &mine {
                    if seen_para.contains(&o.paragraph) {
                        continue;
                    }
                    seen_para.push(o.paragraph);
                    let reason = match rule.reason.as_deref() {
                        Some("truncated") => "truncated",
                        _ => "superseded",
                    };
                    let found = doc_snippet(doc, &o.span);
                    let message = format!("{}: \"{}\" is a {} formula", rule.title, found, reason);
                    findings.push(weakened(ri, rule.area, o, reason, message));
                }
            }
            Check::Element => {
                let expected = rule.expected_in.contains(&profile);
                let triggered = trigger_at[ri].clone();
                // Rules that apply to this document: general ones, and those
                // expected or triggered here. Only they report weak wording.
                let in_scope = (rule.expected_in.is_empty() && rule.triggers.is_empty())
                    || expected
                    || triggered.is_some();
                let committing: Vec<&&Occurrence> = mine
                    .iter()
                    .filter(|o| commits(doc, o.paragraph, resolution))
                    .collect();
                if committing.is_empty() {
                    let preamble: Vec<&&Occurrence> = mine
                        .iter()
                        .filter(|o| doc.paragraphs[o.paragraph].part == Part::Preamble)
                        .collect();
                    if let (true, Some(first)) =
                        (rule.operative && resolution && in_scope, preamble.first())
                    {
                        let label = doc.paragraphs[first.paragraph].label.to_string();
                        findings.push(Finding {
                            rule: ri,
                            area: rule.area,
                            kind: FindingKind::Weakened,
                            severity: if expected || triggered.is_some() { Severity::Warning } else { Severity::Info },
                            reason: "preamble-only",
                            paragraph: Some(first.paragraph),
                            span: Some(first.span.clone()),
                            message: format!(
                                "{}: only in the preamble ({label}); a preambular paragraph commits no one to act",
                                rule.title
                            ),
                            previous: None,
                        });
                    } else if (expected && !area_has_formula_evidence(rule.area, None))
                        || (!expected
                            && triggered.as_ref().is_some_and(|(p, _)| {
                                !area_has_formula_evidence(rule.area, Some(doc.root_of(*p)))
                            }))
                    {
                        let (paragraph, span, reason, message) = match (&triggered, expected) {
                            (Some((p, s)), false) => (
                                Some(*p),
                                Some(s.clone()),
                                "triggered",
                                format!(
                                    "{}: this paragraph raises \"{}\" but the text says nothing of {}",
                                    rule.title,
                                    doc_snippet(doc, s),
                                    lex.areas[rule.area].name
                                ),
                            ),
                            _ => (
                                None,
                                None,
                                "expected",
                                format!(
                                    "{}: not found{}; a {} is expected to carry it",
                                    rule.title,
                                    if resolution { " in the operative part" } else { "" },
                                    lex.profiles[profile].name.to_lowercase()
                                ),
                            ),
                        };
                        findings.push(Finding {
                            rule: ri,
                            area: rule.area,
                            kind: FindingKind::Missing,
                            severity: rule.severity,
                            reason,
                            paragraph,
                            span,
                            message,
                            previous: None,
                        });
                    }
                    continue;
                }
                if !in_scope {
                    continue;
                }
                // One finding per paragraph and kind of weakness.
                let mut seen: Vec<(usize, &'static str)> = Vec::new();
                for o in &committing {
                    for w in &o.weaknesses {
                        let reason = w.reason();
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
                        // Weak wording is worth a warning even where the same element
                        // is strong elsewhere: each paragraph is negotiated on its own.
                        let message = format!("{}: {}", rule.title, describe(w, lex));
                        findings.push(weakened(ri, rule.area, o, reason, message));
                    }
                }
            }
        }
    }

    // Area status.
    let mut areas = Vec::with_capacity(lex.areas.len());
    for (ai, _) in lex.areas.iter().enumerate() {
        let expected = lex.profiles[profile].expects.contains(&ai)
            || lex.rules.iter().enumerate().any(|(ri, r)| {
                r.area == ai && (r.expected_in.contains(&profile) || trigger_at[ri].is_some())
            });
        let evidence: Vec<Evidence> = occ
            .iter()
            .filter(|o| lex.rules[o.rule].area == ai)
            .map(|o| Evidence {
                rule: o.rule,
                paragraph: o.paragraph,
                span: o.span.clone(),
                strong: o.weaknesses.is_empty()
                    && lex.rules[o.rule].check == Check::Element
                    && commits(doc, o.paragraph, resolution),
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
        areas.push(AreaResult {
            area: ai,
            status,
            expected,
            evidence,
        });
    }

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

/// A `weakened` finding (always a warning) at an occurrence.
fn weakened(
    rule: RuleId,
    area: AreaId,
    o: &Occurrence,
    reason: &'static str,
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
