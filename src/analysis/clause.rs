//! The force of a position in an operative paragraph, found by clause structure:
//! the verb that governs it (the clause verb before it, a participle opening its
//! own clause, or, for a sub-paragraph of a task list, its lead-in's verb) and
//! the hedges on its clause, however far from the WPS words they stand
//! ("Calls on, as appropriate, the Malian Transition Government ... with the
//! full, equal and meaningful participation of women"), but not those of a
//! sibling clause (", urging all parties ... to consider as victims ...").

use crate::lexicon::{Hit, Lexicon, PatternKind, VerbHit};
use std::ops::Range;

/// The clauses of one operative paragraph, in normalised-text offsets.
#[derive(Debug, Clone, Default)]
pub struct Clauses {
    /// The paragraph's body in the normalised text.
    pub range: Range<usize>,
    /// Clause verbs (and participles) in text order.
    pub verbs: Vec<VerbHit>,
    /// Semicolons, which end a clause.
    pub semis: Vec<usize>,
    /// Hedges in the paragraph, longest kept where they nest, in text order.
    pub hedges: Vec<Hit>,
}

/// What governs one position.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Force {
    /// The finite verb of the sentence: strength, normalised span, and whether it
    /// is the paragraph's own (false: its lead-in's). It carries the force of a
    /// participial clause too ("Calls for UNMIS to support reconciliation,
    /// emphasizing the role of women": downgrading "Calls for" weakens it).
    pub verb: Option<(u8, Range<usize>, bool)>,
    /// The participle opening the position's clause, if any (", emphasizing
    /// ..."): the verb a reader cites as governing the words, and the clause's
    /// start for hedges.
    pub participle: Option<(u8, Range<usize>)>,
    /// Hedges on the clause: (index into `Lexicon::hedges`, normalised span).
    pub hedges: Vec<(usize, Range<usize>)>,
}

impl Clauses {
    pub fn new(lex: &Lexicon, norm: &str, range: Range<usize>, hits: &[Hit]) -> Clauses {
        let verbs = lex.matcher.clause_verbs(norm, range.clone());
        let semis = norm[range.clone()]
            .match_indices(';')
            .map(|(i, _)| range.start + i)
            .collect();
        Clauses {
            range,
            verbs,
            semis,
            hedges: outer_hedges(hits),
        }
    }

    /// The clause holding `at`: from its governing verb (or the paragraph's
    /// start) to the next clause verb or semicolon after it.
    pub fn clause_of(&self, at: &Range<usize>) -> (Option<VerbHit>, Range<usize>) {
        let k = self.verbs.partition_point(|v| v.start <= at.start);
        let governing = k.checked_sub(1).map(|i| self.verbs[i]);
        let start = governing.map_or(self.range.start, |v| v.start);
        let next_verb = self.verbs.get(k).map(|v| v.start);
        let semi = self
            .semis
            .get(self.semis.partition_point(|&i| i < at.end))
            .copied();
        let end = [next_verb, semi]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(self.range.end);
        (governing, start..end.max(at.end))
    }

    /// The force at `at`. `lead_in` is the clause of the paragraph's parent
    /// that governs it when it has no verb of its own.
    pub fn force(&self, at: &Range<usize>, lead_in: Option<&LeadIn>) -> Force {
        let (governing, clause) = self.clause_of(at);
        let participle = governing.filter(|v| v.participle);
        let finite = match participle {
            Some(p) => self
                .verbs
                .iter()
                .rev()
                .find(|v| v.start < p.start && !v.participle)
                .copied(),
            None => governing,
        };
        let mut force = Force {
            verb: finite.map(|v| (v.strength, v.start..v.end, true)),
            participle: participle.map(|v| (v.strength, v.start..v.end)),
            hedges: hedges_in(&self.hedges, &clause),
        };
        if force.verb.is_none() {
            if let Some(l) = lead_in {
                force.verb = Some((l.verb.strength, l.verb.start..l.verb.end, false));
                // A hedge of the lead-in governs every task of its list.
                force.hedges.splice(0..0, l.hedges.iter().cloned());
            }
        }
        force
    }

    /// The lead-in this paragraph gives its sub-paragraphs: its last finite
    /// clause verb and the hedges of that clause.
    pub fn lead_in(&self) -> Option<LeadIn> {
        let verb = *self.verbs.iter().rev().find(|v| !v.participle)?;
        let clause = verb.start..self.range.end;
        Some(LeadIn {
            verb,
            hedges: hedges_in(&self.hedges, &clause),
        })
    }
}

/// A parent paragraph's governing clause, inherited by its sub-paragraphs.
#[derive(Debug, Clone)]
pub struct LeadIn {
    pub verb: VerbHit,
    pub hedges: Vec<(usize, Range<usize>)>,
}

/// The hedges wholly inside `clause`.
fn hedges_in(hedges: &[Hit], clause: &Range<usize>) -> Vec<(usize, Range<usize>)> {
    let from = hedges.partition_point(|h| h.start < clause.start);
    hedges[from..]
        .iter()
        .take_while(|h| h.start < clause.end)
        .filter(|h| h.end <= clause.end)
        .filter_map(|h| match h.kind {
            PatternKind::Hedge(ix) => Some((ix, h.start..h.end)),
            _ => None,
        })
        .collect()
}

/// The hedge hits of a paragraph, a hedge inside a longer one ("within its
/// capacity" inside the routine "within its capacity and areas of deployment")
/// dropped for the longer one. `hits` are sorted by start.
pub fn outer_hedges(hits: &[Hit]) -> Vec<Hit> {
    let all: Vec<Hit> = hits
        .iter()
        .filter(|h| matches!(h.kind, PatternKind::Hedge(_)))
        .copied()
        .collect();
    all.iter()
        .filter(|h| {
            !all.iter().any(|o| {
                o.start <= h.start && h.end <= o.end && (o.end - o.start) > (h.end - h.start)
            })
        })
        .copied()
        .collect()
}
