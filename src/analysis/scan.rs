//! The scan: normalise the paragraphs once, run the compiled matcher once, and turn
//! its hits into evidence occurrences with their weaknesses, triggers and profile
//! detector scores.

use crate::lexicon::{Hit, Lexicon, PatternKind, RuleId, VerbHit};
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

    let mut detect_seen: Vec<Vec<bool>> = lex
        .profiles
        .iter()
        .map(|p| vec![false; p.detect.len()])
        .collect();
    let mut decisive = vec![false; lex.profiles.len()];
    let mut occurrences = Vec::new();
    let mut triggers = Vec::new();
    // Clause verbs per (selected) paragraph, computed on demand.
    let sel_of: HashMap<usize, usize> = selected.iter().enumerate().map(|(s, &p)| (p, s)).collect();
    let mut verbs_cache: HashMap<usize, Vec<VerbHit>> = HashMap::new();

    for (si, para_hits) in hits.iter().enumerate() {
        if para_hits.is_empty() {
            continue;
        }
        let p = selected[si];
        let para = &doc.paragraphs[p];
        let mut evidence: Vec<&Hit> = Vec::new();
        let mut exclusions: Vec<&Hit> = Vec::new();
        let mut hedges: Vec<&Hit> = Vec::new();
        let mut topics: Vec<(usize, &Hit)> = Vec::new();
        for h in para_hits {
            match h.kind {
                PatternKind::Evidence { .. } => evidence.push(h),
                PatternKind::Exclude(_) => exclusions.push(h),
                PatternKind::Hedge(_) => hedges.push(h),
                PatternKind::Trigger { rule } => topics.push((rule, h)),
                PatternKind::Detect { profile, index } => detect_seen[profile][index] = true,
                PatternKind::Decisive { profile } => decisive[profile] = true,
            }
        }
        // A trigger inside an exclusion is not the topic ("an election to fill the
        // vacancy" on the International Court of Justice is not an electoral task).
        for (rule, h) in topics {
            if !exclusions
                .iter()
                .any(|x| x.start < h.end && h.start < x.end)
            {
                triggers.push(TriggerHit {
                    rule,
                    paragraph: p,
                    span: norm.source_range(&doc.text, h.start..h.end),
                });
            }
        }
        if evidence.is_empty() {
            continue;
        }
        // A hedge inside a longer one ("within its capacity" inside the routine
        // "within its capacity and areas of deployment") is the longer one.
        let all_hedges = hedges.clone();
        hedges.retain(|h| {
            !all_hedges.iter().any(|o| {
                o.start <= h.start && h.end <= o.end && (o.end - o.start) > (h.end - h.start)
            })
        });
        // Evidence overlapping an exclusion does not count; then the leftmost,
        // longest match wins (two rules sharing the very same span both count).
        evidence.retain(|e| {
            !exclusions
                .iter()
                .any(|x| x.start < e.end && e.start < x.end)
        });
        // Overlaps are resolved within an area: "hold perpetrators of
        // conflict-related sexual violence accountable" is evidence of justice and of
        // CRSV at once.
        let area_of = |h: &Hit| match h.kind {
            PatternKind::Evidence { rule, .. } => lex.rules[rule].area,
            _ => usize::MAX,
        };
        // Evidence comes sorted by start (longest first), and the spans kept in one
        // area never overlap unless identical: so only the last one kept in the area
        // can overlap the next, which keeps this linear in a paragraph's matches (a
        // hostile paragraph can hold hundreds of thousands).
        let mut kept: Vec<&Hit> = Vec::new();
        let mut last_in_area: std::collections::HashMap<usize, (usize, usize)> =
            std::collections::HashMap::new();
        for e in evidence {
            let a = area_of(e);
            let clash = last_in_area.get(&a).is_some_and(|&(ks, ke)| {
                e.start < ke && ks < e.end && !(e.start == ks && e.end == ke)
            });
            if !clash {
                last_in_area.insert(a, (e.start, e.end));
                kept.push(e);
            }
        }
        let operative = resolution && para.part == Part::Operative;
        let nr = norm.ranges[si].clone();
        // Per paragraph, once: its clause verbs and semicolons, so each piece of
        // evidence finds its clause by binary search (a huge paragraph with many
        // matches stays linear).
        let (own, semis): (Vec<VerbHit>, Vec<usize>) = if operative {
            let own = verbs_cache
                .entry(p)
                .or_insert_with(|| lex.matcher.clause_verbs(&norm.text, nr.clone()))
                .clone();
            let semis = norm.text[nr.clone()]
                .match_indices(';')
                .map(|(i, _)| nr.start + i)
                .collect();
            (own, semis)
        } else {
            (Vec::new(), Vec::new())
        };
        for e in kept {
            let PatternKind::Evidence { rule, .. } = e.kind else {
                continue;
            };
            let r = &lex.rules[rule];
            let span = norm.source_range(&doc.text, e.start..e.end);
            let mut weaknesses = Vec::new();
            let mut verb = None;
            let mut clause_hedges = Vec::new();
            if operative {
                let k = own.partition_point(|v| v.start <= e.start);
                let governing = k.checked_sub(1).map(|i| own[i]);
                let clause_start = governing.map_or(nr.start, |v| v.start);
                let next_verb = own.get(k).map(|v| v.start);
                let semi = semis.get(semis.partition_point(|&i| i < e.end)).copied();
                let clause_end = [next_verb, semi]
                    .into_iter()
                    .flatten()
                    .min()
                    .unwrap_or(nr.end);
                // A sub-paragraph without its own verb is governed by its parent's
                // lead-in ("Decides that the mandate shall include ...:").
                verb = governing.map(|v| (v.strength, v.start..v.end, true));
                if verb.is_none() {
                    let mut anc = para.parent;
                    while let Some(a) = anc {
                        if let Some(&sa) = sel_of.get(&a) {
                            let ar = norm.ranges[sa].clone();
                            let av = verbs_cache
                                .entry(a)
                                .or_insert_with(|| lex.matcher.clause_verbs(&norm.text, ar))
                                .clone();
                            if let Some(v) = av.last() {
                                verb = Some((v.strength, v.start..v.end, false));
                                break;
                            }
                        }
                        anc = doc.paragraphs[a].parent;
                    }
                }
                if let (Some(min), Some((strength, vr, _))) = (r.min_verb, &verb) {
                    if *strength < min {
                        weaknesses.push(Weakness::Verb {
                            found: norm.text[vr.clone()].to_string(),
                            strength: *strength,
                            required: min,
                        });
                    }
                }
                // Hedges are in text order: only those from the clause's start on.
                let from = hedges.partition_point(|h| h.start < clause_start);
                for h in hedges[from..].iter().take_while(|h| h.start < clause_end) {
                    let PatternKind::Hedge(hi) = h.kind else {
                        continue;
                    };
                    if h.end <= clause_end {
                        let hedge = &lex.hedges[hi];
                        clause_hedges.push(hedge.phrase.clone());
                        if !hedge.routine && r.min_verb.is_some() {
                            weaknesses.push(Weakness::Hedge {
                                phrase: norm.text[h.start..h.end].to_string(),
                            });
                        }
                    }
                }
            }
            if para
                .brackets
                .iter()
                .any(|b| b.start < span.end && span.start < b.end)
            {
                weaknesses.push(Weakness::Bracketed);
            }
            occurrences.push(Occurrence {
                rule,
                paragraph: p,
                span,
                verb_text: verb.as_ref().map(|v| norm.text[v.1.clone()].to_string()),
                verb: verb.map(|v| v.0),
                hedges: clause_hedges,
                weaknesses,
            });
        }
    }
    let detect_scores = detect_seen
        .iter()
        .map(|v| v.iter().filter(|&&b| b).count() as u32)
        .collect();
    Scan {
        occurrences,
        triggers,
        detect_scores,
        decisive,
    }
}
