//! The scan: normalise the paragraphs once, run the compiled matcher once, and turn
//! its hits into evidence occurrences with their weaknesses, triggers and profile
//! detector scores.

use super::clause::{Clauses, Force, LeadIn};
use super::refs::{self, Reference, Via};
use crate::lexicon::{Hit, Lexicon, PatternKind, RuleId};
use crate::model::{Document, Part};
use crate::text::Normalized;
use std::collections::HashMap;
use std::ops::Range;

/// What makes one occurrence of WPS language weak.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Weakness {
    /// Governed by a verb below the rule's minimum.
    Verb {
        found: String,
        strength: u8,
        required: u8,
    },
    /// Qualified by a non-routine hedge in the same clause.
    Hedge { phrase: String },
    /// Inside square brackets: still under negotiation.
    Bracketed,
}

impl Weakness {
    pub fn reason(&self) -> &'static str {
        match self {
            Weakness::Verb { .. } => "weak-verb",
            Weakness::Hedge { .. } => "hedged",
            Weakness::Bracketed => "bracketed",
        }
    }
}

/// One occurrence of a rule's term.
#[derive(Debug, Clone, PartialEq)]
pub struct Occurrence {
    pub rule: RuleId,
    pub paragraph: usize,
    /// Source byte span.
    pub span: Range<usize>,
    /// Governing verb strength, where one was found (operative paragraphs).
    pub verb: Option<u8>,
    /// That verb as written (normalised: lower case), e.g. "calls upon".
    pub verb_text: Option<String>,
    /// Non-routine and routine hedges in the clause, as written in the lexicon.
    pub hedges: Vec<String>,
    pub weaknesses: Vec<Weakness>,
}

#[derive(Debug, Clone)]
pub struct TriggerHit {
    pub rule: RuleId,
    pub paragraph: usize,
    pub span: Range<usize>,
}

pub struct Scan {
    pub occurrences: Vec<Occurrence>,
    pub triggers: Vec<TriggerHit>,
    /// Every WPS reference, in text order.
    pub references: Vec<Reference>,
    /// Per profile, how many distinct detectors matched.
    pub detect_scores: Vec<u32>,
    /// Per profile, whether a decisive detector matched.
    pub decisive: Vec<bool>,
}

pub fn scan(doc: &Document, lex: &Lexicon) -> Scan {
    // Paragraphs that can carry WPS language: everything but the masthead.
    let selected: Vec<usize> = (0..doc.paragraphs.len())
        .filter(|&i| doc.paragraphs[i].part != Part::Front)
        .collect();
    let spans: Vec<Range<usize>> = selected
        .iter()
        .map(|&i| doc.paragraphs[i].body.clone())
        .collect();
    let mut norm = Normalized::build_skipping(&doc.text, &spans, &doc.noise);
    norm.rejoin_split_words(&lex.vocab);
    let hits = lex.matcher.scan(&norm.text, &norm.ranges);
    let resolution = doc.kind.is_resolution_like();

    let mut profiles = ProfileSigns::new(lex);
    let mut occurrences = Vec::new();
    let mut triggers = Vec::new();
    let mut references = Vec::new();
    let mut citations: Vec<(usize, Range<usize>)> = Vec::new();
    let sel_of: HashMap<usize, usize> = selected.iter().enumerate().map(|(s, &p)| (p, s)).collect();
    // Clauses of operative paragraphs, computed on demand (a sub-paragraph's
    // lead-in needs its parent's).
    let mut clauses_cache: HashMap<usize, Clauses> = HashMap::new();
    let mut clauses_of = |p: usize| -> Option<Clauses> {
        let operative = resolution && doc.paragraphs[p].part == Part::Operative;
        let &si = sel_of.get(&p)?;
        operative.then(|| {
            clauses_cache
                .entry(p)
                .or_insert_with(|| {
                    Clauses::new(lex, &norm.text, norm.ranges[si].clone(), &hits[si])
                })
                .clone()
        })
    };

    for (si, para_hits) in hits.iter().enumerate() {
        if para_hits.is_empty() {
            continue;
        }
        let p = selected[si];
        let operative = resolution && doc.paragraphs[p].part == Part::Operative;
        let sorted = Sorted::of(para_hits, &mut profiles);
        if operative {
            citations.extend(sorted.cross_refs.iter().map(|r| (p, r.clone())));
        }
        // A trigger inside an exclusion is not the topic ("an election to fill
        // the vacancy" on the International Court of Justice is not an electoral
        // task).
        for (rule, h) in &sorted.topics {
            if !overlaps_any(h, &sorted.exclusions) {
                triggers.push(TriggerHit {
                    rule: *rule,
                    paragraph: p,
                    span: norm.source_range(&doc.text, h.start..h.end),
                });
            }
        }
        let Sorted {
            mut evidence,
            exclusions,
            has_cue,
            ..
        } = sorted;
        if evidence.is_empty() && !has_cue {
            continue;
        }
        // Evidence overlapping an exclusion does not count.
        evidence.retain(|e| !overlaps_any(e, &exclusions));
        let kept = resolve_overlaps(lex, evidence);
        let (clauses, lead_in) = clauses_and_lead_in(doc, p, &mut clauses_of);
        let cx = ParaCx::new(doc, lex, &norm, p, clauses.as_ref(), lead_in.as_ref());
        let mut rule_evidence = Vec::with_capacity(kept.len());
        for e in kept {
            if let PatternKind::Evidence { rule, .. } = e.kind {
                rule_evidence.push((e.start..e.end, lex.rules[rule].area, rule));
                occurrences.push(cx.occurrence(rule, e.start..e.end));
            }
        }
        for f in refs::find(lex, &norm.text, para_hits, &rule_evidence, clauses.as_ref()) {
            references.push(cx.reference(&f));
        }
    }
    // Citations of the text's own paragraphs ("the tasks in paragraph 12"),
    // resolved once every reference is known.
    if !citations.is_empty() {
        let by_number = refs::areas_by_number(doc, lex, &references);
        for (p, at) in citations {
            let Some(area) = refs::cited_area(&norm.text, &at, &by_number) else {
                continue;
            };
            let (clauses, lead_in) = clauses_and_lead_in(doc, p, &mut clauses_of);
            let cx = ParaCx::new(doc, lex, &norm, p, clauses.as_ref(), lead_in.as_ref());
            references.push(cx.reference(&refs::Found {
                area,
                span: at,
                via: Via::CrossReference,
                rule: None,
            }));
        }
    }
    references.sort_by_key(|r| (r.span.start, r.span.end));
    Scan {
        occurrences,
        triggers,
        references,
        detect_scores: profiles.scores(),
        decisive: profiles.decisive,
    }
}

/// Signs of each profile seen in the text: which detectors matched, and
/// whether a decisive one did.
struct ProfileSigns {
    detect_seen: Vec<Vec<bool>>,
    decisive: Vec<bool>,
}

impl ProfileSigns {
    fn new(lex: &Lexicon) -> ProfileSigns {
        ProfileSigns {
            detect_seen: lex
                .profiles
                .iter()
                .map(|p| vec![false; p.detect.len()])
                .collect(),
            decisive: vec![false; lex.profiles.len()],
        }
    }

    /// Per profile, the number of its detectors seen.
    fn scores(&self) -> Vec<u32> {
        self.detect_seen
            .iter()
            .map(|v| v.iter().filter(|&&b| b).count() as u32)
            .collect()
    }
}

/// A paragraph's hits by what they stand for.
struct Sorted<'h> {
    evidence: Vec<&'h Hit>,
    exclusions: Vec<&'h Hit>,
    topics: Vec<(RuleId, &'h Hit)>,
    /// A reference cue (words of the reference layer, not of a rule).
    has_cue: bool,
    /// Citations of the text's own paragraphs.
    cross_refs: Vec<Range<usize>>,
}

impl<'h> Sorted<'h> {
    /// Sorts `hits`, noting profile detectors in `profiles` as they pass.
    fn of(hits: &'h [Hit], profiles: &mut ProfileSigns) -> Sorted<'h> {
        let mut s = Sorted {
            evidence: Vec::new(),
            exclusions: Vec::new(),
            topics: Vec::new(),
            has_cue: false,
            cross_refs: Vec::new(),
        };
        for h in hits {
            match h.kind {
                PatternKind::Evidence { .. } => s.evidence.push(h),
                PatternKind::Exclude(_) => s.exclusions.push(h),
                PatternKind::Trigger { rule } => s.topics.push((rule, h)),
                PatternKind::Detect { profile, index } => {
                    profiles.detect_seen[profile][index] = true
                }
                PatternKind::Decisive { profile } => profiles.decisive[profile] = true,
                PatternKind::Cue(_) => s.has_cue = true,
                PatternKind::CrossRef => s.cross_refs.push(h.start..h.end),
                PatternKind::Hedge(_)
                | PatternKind::Anaphor(_)
                | PatternKind::Context(_)
                | PatternKind::RefExclude(_) => {}
            }
        }
        s
    }
}

/// Whether `h` overlaps any of `others`.
fn overlaps_any(h: &Hit, others: &[&Hit]) -> bool {
    others.iter().any(|x| x.start < h.end && h.start < x.end)
}

/// What the occurrences and references of one paragraph share.
struct ParaCx<'a> {
    doc: &'a Document,
    lex: &'a Lexicon,
    norm: &'a Normalized,
    paragraph: usize,
    /// The paragraph's clauses, for operative text only.
    clauses: Option<&'a Clauses>,
    lead_in: Option<&'a LeadIn>,
}

impl<'a> ParaCx<'a> {
    fn new(
        doc: &'a Document,
        lex: &'a Lexicon,
        norm: &'a Normalized,
        paragraph: usize,
        clauses: Option<&'a Clauses>,
        lead_in: Option<&'a LeadIn>,
    ) -> Self {
        ParaCx {
            doc,
            lex,
            norm,
            paragraph,
            clauses,
            lead_in,
        }
    }

    fn force(&self, at: &Range<usize>) -> Force {
        self.clauses
            .map(|c| c.force(at, self.lead_in))
            .unwrap_or_default()
    }

    fn in_brackets(&self, span: &Range<usize>) -> bool {
        self.doc.paragraphs[self.paragraph]
            .brackets
            .iter()
            .any(|b| b.start < span.end && span.start < b.end)
    }

    fn text(&self, r: &Range<usize>) -> String {
        self.norm.text[r.clone()].to_string()
    }

    /// The non-routine hedges of a force as written.
    fn softening_hedges(&self, force: &Force) -> Vec<String> {
        force
            .hedges
            .iter()
            .filter(|(hi, _)| !self.lex.hedges[*hi].routine)
            .map(|(_, r)| self.text(r))
            .collect()
    }

    /// A rule's occurrence at `at` (normalised offsets) with its weaknesses.
    fn occurrence(&self, rule: RuleId, at: Range<usize>) -> Occurrence {
        let r = &self.lex.rules[rule];
        let span = self.norm.source_range(&self.doc.text, at.clone());
        let force = self.force(&at);
        let mut weaknesses = Vec::new();
        if let (Some(min), Some((strength, vr, _))) = (r.min_verb, &force.verb) {
            if *strength < min {
                weaknesses.push(Weakness::Verb {
                    found: self.text(vr),
                    strength: *strength,
                    required: min,
                });
            }
        }
        if r.min_verb.is_some() {
            for phrase in self.softening_hedges(&force) {
                weaknesses.push(Weakness::Hedge { phrase });
            }
        }
        if self.in_brackets(&span) {
            weaknesses.push(Weakness::Bracketed);
        }
        Occurrence {
            rule,
            paragraph: self.paragraph,
            verb_text: force.verb.as_ref().map(|v| self.text(&v.1)),
            verb: force.verb.as_ref().map(|v| v.0),
            // Routine hedges too, as the lexicon writes them (compare tells a
            // new routine hedge from one the previous text had).
            hedges: force
                .hedges
                .iter()
                .map(|(hi, _)| self.lex.hedges[*hi].phrase.clone())
                .collect(),
            weaknesses,
            span,
        }
    }

    /// A reference with the force that governs it. The verb is the one a reader
    /// cites: the participle opening its clause, else the finite verb.
    fn reference(&self, f: &refs::Found) -> Reference {
        let force = self.force(&f.span);
        let span = self.norm.source_range(&self.doc.text, f.span.clone());
        let cited = force
            .participle
            .clone()
            .or_else(|| force.verb.as_ref().map(|v| (v.0, v.1.clone())));
        Reference {
            area: f.area,
            paragraph: self.paragraph,
            bracketed: self.in_brackets(&span),
            span,
            via: f.via,
            rule: f.rule,
            verb: cited.as_ref().map(|v| v.0),
            verb_text: cited.map(|v| self.text(&v.1)),
            verb_from_lead_in: force.participle.is_none()
                && force.verb.as_ref().is_some_and(|v| !v.2),
            hedges: self.softening_hedges(&force),
        }
    }
}

/// The leftmost, longest evidence wins within an area (two rules sharing the
/// very same span both count). Overlaps are resolved within an area only: "hold
/// perpetrators of conflict-related sexual violence accountable" is evidence of
/// justice and of CRSV at once.
///
/// Evidence comes sorted by start (longest first), and the spans kept in one
/// area never overlap unless identical: so only the last one kept in the area
/// can overlap the next, which keeps this linear in a paragraph's matches (a
/// hostile paragraph can hold hundreds of thousands).
fn resolve_overlaps<'h>(lex: &Lexicon, evidence: Vec<&'h Hit>) -> Vec<&'h Hit> {
    let area_of = |h: &Hit| match h.kind {
        PatternKind::Evidence { rule, .. } => lex.rules[rule].area,
        _ => usize::MAX,
    };
    let mut kept: Vec<&Hit> = Vec::new();
    let mut last_in_area: HashMap<usize, (usize, usize)> = HashMap::new();
    for e in evidence {
        let a = area_of(e);
        let clash = last_in_area
            .get(&a)
            .is_some_and(|&(ks, ke)| e.start < ke && ks < e.end && !(e.start == ks && e.end == ke));
        if !clash {
            last_in_area.insert(a, (e.start, e.end));
            kept.push(e);
        }
    }
    kept
}

/// A paragraph's clauses (operative text only) and, for a sub-paragraph, the
/// lead-in that governs it.
fn clauses_and_lead_in(
    doc: &Document,
    p: usize,
    clauses_of: &mut impl FnMut(usize) -> Option<Clauses>,
) -> (Option<Clauses>, Option<LeadIn>) {
    let clauses = clauses_of(p);
    let lead_in = if clauses.is_some() && doc.paragraphs[p].parent.is_some() {
        lead_in_of(doc, p, clauses_of)
    } else {
        None
    };
    (clauses, lead_in)
}

/// A sub-paragraph without a verb of its own is governed by its nearest
/// ancestor's lead-in ("Decides that the mandate shall include the following
/// tasks: (a) ...").
fn lead_in_of(
    doc: &Document,
    p: usize,
    clauses_of: &mut impl FnMut(usize) -> Option<Clauses>,
) -> Option<LeadIn> {
    let mut anc = doc.paragraphs[p].parent;
    while let Some(a) = anc {
        if let Some(l) = clauses_of(a).and_then(|c| c.lead_in()) {
            return Some(l);
        }
        anc = doc.paragraphs[a].parent;
    }
    None
}
