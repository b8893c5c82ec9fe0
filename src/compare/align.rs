//! Paragraph alignment between two versions of a text.
//!
//! Renewals renumber, move, split, merge and lightly reword paragraphs, so labels
//! cannot be trusted and neither can order. Paragraphs are matched by content:
//!
//! 1. each paragraph body becomes a set of word-bigram shingles (hashes of the
//!    lower-cased words, labels and page furniture left out);
//! 2. an inverted index over the draft's shingles gives, for each previous
//!    paragraph, only the draft paragraphs it shares something with, with the
//!    number of shared shingles (so the work grows with the shared vocabulary, not
//!    with the product of the two paragraph counts);
//! 3. pairs are taken greedily, best first, by Dice similarity (ties broken by
//!    relative position), one to one; a second round matches what is left inside
//!    already-matched parents (sub-paragraphs re-lettered and rewritten);
//! 4. what is still unmatched but largely contained in a matched paragraph of the
//!    other side is a split (one previous paragraph became several) or a merge;
//! 5. matched pairs out of order (outside the longest increasing run), or whose
//!    part (preamble, operative) or top-level paragraph changed, are moves.

use crate::model::Document;
use std::collections::HashMap;
use std::ops::Range;

/// What happened to a paragraph between the two versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    Unchanged,
    Modified,
    Moved,
    Added,
    Removed,
}

impl Change {
    pub fn as_str(self) -> &'static str {
        match self {
            Change::Unchanged => "unchanged",
            Change::Modified => "modified",
            Change::Moved => "moved",
            Change::Added => "added",
            Change::Removed => "removed",
        }
    }
}

/// How two paragraphs are linked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkKind {
    /// One paragraph for one paragraph.
    Pair,
    /// Part of a previous paragraph that was split into several draft paragraphs.
    Split,
    /// A previous paragraph merged into a draft paragraph with another.
    Merge,
}

/// One link of the alignment: a matched pair, or a paragraph present on one side only.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub previous: Option<usize>,
    pub draft: Option<usize>,
    pub change: Change,
    /// The words changed (also true for moved paragraphs that were reworded).
    pub modified: bool,
    pub kind: LinkKind,
    /// Dice similarity of the two paragraphs' shingles (1 for identical text).
    pub similarity: f32,
}

/// The alignment of a previous text with a draft.
#[derive(Debug, Clone, Default)]
pub struct Alignment {
    /// Every paragraph of both sides appears in at least one link; links are in
    /// draft order, removed paragraphs placed after the draft paragraph that
    /// follows their previous neighbour.
    pub links: Vec<Link>,
    /// For each previous paragraph, its draft counterparts.
    pub to_draft: Vec<Vec<usize>>,
    /// For each draft paragraph, its previous counterparts.
    pub to_previous: Vec<Vec<usize>>,
}

/// Words of a document's paragraph bodies, for alignment and diffs.
pub struct Words {
    /// Source byte span and hash of each word, paragraphs one after another.
    pub words: Vec<(Range<usize>, u64)>,
    /// Per paragraph, its range in `words`.
    pub para: Vec<Range<usize>>,
}

impl Words {
    pub fn of(doc: &Document) -> Words {
        let mut words = Vec::with_capacity(doc.text.len() / 6);
        let mut para = Vec::with_capacity(doc.paragraphs.len());
        let mut noise = doc.noise.iter().peekable();
        for p in &doc.paragraphs {
            let from = words.len();
            let body = &doc.text[p.body.clone()];
            let mut start: Option<usize> = None;
            let mut h = FNV_OFFSET;
            for (i, c) in body
                .char_indices()
                .chain(std::iter::once((body.len(), ' ')))
            {
                if c.is_alphanumeric() {
                    if start.is_none() {
                        start = Some(i);
                        h = FNV_OFFSET;
                    }
                    for l in c.to_lowercase() {
                        h = fnv(h, l as u32);
                    }
                } else if let Some(s) = start.take() {
                    let r = p.body.start + s..p.body.start + i;
                    while noise.peek().is_some_and(|n| n.end <= r.start) {
                        noise.next();
                    }
                    if noise.peek().is_none_or(|n| n.start > r.start) {
                        words.push((r, h));
                    }
                }
            }
            para.push(from..words.len());
        }
        Words { words, para }
    }

    /// The word hashes of paragraph `p`.
    pub fn hashes(&self, p: usize) -> impl Iterator<Item = u64> + '_ {
        self.words[self.para[p].clone()].iter().map(|w| w.1)
    }

    fn same_words(&self, p: usize, other: &Words, q: usize) -> bool {
        self.para[p].len() == other.para[q].len() && self.hashes(p).eq(other.hashes(q))
    }
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
fn fnv(h: u64, x: u32) -> u64 {
    let mut h = h;
    for b in x.to_le_bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Shingles of a paragraph: hashes of word bigrams (the word itself for one-word
/// paragraphs), sorted and deduplicated.
fn shingles(w: &Words, p: usize, out: &mut Vec<u64>) {
    out.clear();
    let hs = &w.words[w.para[p].clone()];
    if hs.len() == 1 {
        out.push(hs[0].1);
    }
    for pair in hs.windows(2) {
        out.push(pair[0].1.rotate_left(17) ^ pair[1].1.wrapping_mul(0x9e37_79b9_7f4a_7c15));
    }
    out.sort_unstable();
    out.dedup();
}

/// Similarity from which two paragraphs are a pair (light rewording keeps most
/// bigrams; a WPS clause cut from a long task keeps most of the rest).
const PAIR_MIN: f32 = 0.4;
/// Lower bar for sub-paragraphs whose parents are matched.
const CHILD_MIN: f32 = 0.2;
/// Share of a paragraph's shingles found in another for a split or merge.
const CONTAINED_MIN: f32 = 0.6;
/// Shingles shared by more draft paragraphs than this are ignored as candidates
/// generators (boilerplate such as "the secretary general").
const POSTING_MAX: usize = 48;

/// Aligns the paragraphs of `prev` with those of `draft`.
pub fn align(prev: &Document, pw: &Words, draft: &Document, dw: &Words) -> Alignment {
    let (np, nd) = (prev.paragraphs.len(), draft.paragraphs.len());
    let cands = candidates(pw, np, dw, nd);
    let keyed = ranked(prev, pw, draft, dw, &cands);
    let mut m = Matching {
        p_to: vec![None; np],
        d_to: vec![None; nd],
        sim: HashMap::new(),
    };
    // First round: best pairs, one to one.
    for &((exact, _), i) in &keyed {
        let c = &cands[i];
        if m.free(c) && (exact || c.dice >= PAIR_MIN) {
            m.pair(c.p, c.d, if exact { 1.0 } else { c.dice });
        }
    }
    // Exact duplicates that only share over-common shingles, and empty bodies
    // (one-word headings): pair by identical words, in order.
    pair_identical_leftovers(pw, dw, &mut m.p_to, &mut m.d_to, &mut m.sim);
    pair_wordless(prev, pw, draft, dw, &mut m.p_to, &mut m.d_to, &mut m.sim);
    // Second round: sub-paragraphs of matched parents, lower bar.
    for &(_, i) in &keyed {
        let c = &cands[i];
        if !m.free(c) || c.dice < CHILD_MIN {
            continue;
        }
        let (Some(pp), Some(dp)) = (prev.paragraphs[c.p].parent, draft.paragraphs[c.d].parent)
        else {
            continue;
        };
        if m.p_to[pp] == Some(dp) {
            m.pair(c.p, c.d, c.dice);
        }
    }
    // Third round: paragraphs rewritten in place, between the same matched
    // neighbours and in the same part, lower bar.
    for &(_, i) in &keyed {
        let c = &cands[i];
        if !m.free(c)
            || c.dice < CHILD_MIN
            || prev.paragraphs[c.p].part != draft.paragraphs[c.d].part
        {
            continue;
        }
        let lo = (0..c.p).rev().find_map(|q| m.p_to[q]);
        let hi = (c.p + 1..np).find_map(|q| m.p_to[q]);
        if lo.is_none_or(|l| l < c.d) && hi.is_none_or(|h| c.d < h) {
            m.pair(c.p, c.d, c.dice);
        }
    }
    m.into_alignment(prev, pw, draft, dw, &cands)
}

/// A candidate pair with its shared shingles: Dice similarity and the share of
/// each side found in the other.
struct Cand {
    p: usize,
    d: usize,
    dice: f32,
    in_p: f32,
    in_d: f32,
}

/// Candidate pairs (steps 1 and 2): the draft paragraphs each previous paragraph
/// shares shingles with, through an inverted index over the draft's shingles.
fn candidates(pw: &Words, np: usize, dw: &Words, nd: usize) -> Vec<Cand> {
    let mut ps: Vec<Vec<u64>> = vec![Vec::new(); np];
    let mut ds: Vec<Vec<u64>> = vec![Vec::new(); nd];
    for (p, s) in ps.iter_mut().enumerate() {
        shingles(pw, p, s);
    }
    for (d, s) in ds.iter_mut().enumerate() {
        shingles(dw, d, s);
    }
    let mut index: HashMap<u64, Vec<u32>> = HashMap::with_capacity(nd * 16);
    for (d, s) in ds.iter().enumerate() {
        for &h in s {
            index.entry(h).or_default().push(d as u32);
        }
    }
    let mut cands: Vec<Cand> = Vec::new();
    let mut counts = vec![0u32; nd];
    let mut touched: Vec<usize> = Vec::new();
    for (p, s) in ps.iter().enumerate() {
        for post in s.iter().filter_map(|h| index.get(h)) {
            if post.len() > POSTING_MAX {
                continue;
            }
            for &d in post {
                let d = d as usize;
                if counts[d] == 0 {
                    touched.push(d);
                }
                counts[d] += 1;
            }
        }
        for &d in &touched {
            let shared = counts[d] as f32;
            counts[d] = 0;
            let (a, b) = (ps[p].len() as f32, ds[d].len() as f32);
            let dice = 2.0 * shared / (a + b);
            let (in_p, in_d) = (shared / a, shared / b);
            if dice >= CHILD_MIN || in_p >= CONTAINED_MIN || in_d >= CONTAINED_MIN {
                cands.push(Cand {
                    p,
                    d,
                    dice,
                    in_p,
                    in_d,
                });
            }
        }
        touched.clear();
    }
    cands
}

/// Candidates best first (step 3): identical words first, then Dice similarity
/// less a penalty for distant relative positions, a little more in the same part;
/// each with whether its words are identical.
fn ranked(
    prev: &Document,
    pw: &Words,
    draft: &Document,
    dw: &Words,
    cands: &[Cand],
) -> Vec<((bool, f32), usize)> {
    let (np, nd) = (prev.paragraphs.len(), draft.paragraphs.len());
    let relpos = |p: usize, d: usize| -> f32 {
        (p as f32 / np.max(1) as f32 - d as f32 / nd.max(1) as f32).abs()
    };
    let key = |c: &Cand| {
        let exact = pw.same_words(c.p, dw, c.d);
        let same_part = prev.paragraphs[c.p].part == draft.paragraphs[c.d].part;
        (
            exact,
            c.dice - 0.1 * relpos(c.p, c.d) + if same_part { 0.02 } else { 0.0 },
        )
    };
    let mut keyed: Vec<((bool, f32), usize)> =
        cands.iter().enumerate().map(|(i, c)| (key(c), i)).collect();
    keyed.sort_by(|a, b| {
        b.0 .0
            .cmp(&a.0 .0)
            .then(b.0 .1.total_cmp(&a.0 .1))
            .then(a.1.cmp(&b.1))
    });
    keyed
}

/// The one-to-one pairs taken so far.
struct Matching {
    p_to: Vec<Option<usize>>,
    d_to: Vec<Option<usize>>,
    sim: HashMap<(usize, usize), f32>,
}

impl Matching {
    /// Whether neither side of `c` is paired yet.
    fn free(&self, c: &Cand) -> bool {
        self.p_to[c.p].is_none() && self.d_to[c.d].is_none()
    }

    fn pair(&mut self, p: usize, d: usize, sim: f32) {
        self.p_to[p] = Some(d);
        self.d_to[d] = Some(p);
        self.sim.insert((p, d), sim);
    }

    /// The links (steps 4 and 5): pairs (moved, modified or unchanged), splits
    /// and merges, additions and removals, in draft order.
    fn into_alignment(
        self,
        prev: &Document,
        pw: &Words,
        draft: &Document,
        dw: &Words,
        cands: &[Cand],
    ) -> Alignment {
        let mut to_draft: Vec<Vec<usize>> = self
            .p_to
            .iter()
            .map(|d| d.iter().copied().collect())
            .collect();
        let mut to_previous: Vec<Vec<usize>> = self
            .d_to
            .iter()
            .map(|p| p.iter().copied().collect())
            .collect();
        let mut links = self.pair_links(prev, pw, draft, dw);
        for (p, d, share, kind) in self.splits_and_merges(cands) {
            to_draft[p].push(d);
            to_previous[d].push(p);
            links.push(Link {
                previous: Some(p),
                draft: Some(d),
                change: Change::Modified,
                modified: true,
                kind,
                similarity: share,
            });
        }
        let one_sided = |previous, draft, change| Link {
            previous,
            draft,
            change,
            modified: true,
            kind: LinkKind::Pair,
            similarity: 0.0,
        };
        for (d, t) in to_previous.iter().enumerate() {
            if t.is_empty() {
                links.push(one_sided(None, Some(d), Change::Added));
            }
        }
        for (p, t) in to_draft.iter().enumerate() {
            if t.is_empty() {
                links.push(one_sided(Some(p), None, Change::Removed));
            }
        }
        // Draft order; a removed paragraph goes where its previous neighbour went.
        let anchor = |l: &Link| -> (usize, usize, usize) {
            match (l.draft, l.previous) {
                (Some(d), p) => (d, 1, p.unwrap_or(0)),
                (None, Some(p)) => {
                    let after = (0..p).rev().find_map(|q| to_draft[q].iter().max().copied());
                    (after.map_or(0, |a| a + 1), 0, p)
                }
                (None, None) => (usize::MAX, 0, 0),
            }
        };
        links.sort_by_key(anchor);
        for v in to_draft.iter_mut().chain(to_previous.iter_mut()) {
            v.sort_unstable();
        }
        Alignment {
            links,
            to_draft,
            to_previous,
        }
    }

    /// The pairs' links: moved when outside the longest increasing run of draft
    /// positions, in another part, or under another top-level paragraph.
    fn pair_links(&self, prev: &Document, pw: &Words, draft: &Document, dw: &Words) -> Vec<Link> {
        let pairs: Vec<(usize, usize)> = (0..self.p_to.len())
            .filter_map(|p| self.p_to[p].map(|d| (p, d)))
            .collect();
        let in_order = longest_increasing(&pairs);
        let root_moved = |p: usize, d: usize| {
            let (rp, rd) = (prev.root_of(p), draft.root_of(d));
            (rp != p || rd != d) && self.p_to[rp] != Some(rd)
        };
        pairs
            .iter()
            .enumerate()
            .map(|(k, &(p, d))| {
                let modified = !pw.same_words(p, dw, d);
                let moved = !in_order[k]
                    || prev.paragraphs[p].part != draft.paragraphs[d].part
                    || root_moved(p, d);
                Link {
                    previous: Some(p),
                    draft: Some(d),
                    change: if moved {
                        Change::Moved
                    } else if modified {
                        Change::Modified
                    } else {
                        Change::Unchanged
                    },
                    modified,
                    kind: LinkKind::Pair,
                    similarity: self.sim.get(&(p, d)).copied().unwrap_or(0.0),
                }
            })
            .collect()
    }

    /// Unmatched paragraphs largely contained in a matched one: a draft paragraph
    /// taken from a previous one (split), a previous paragraph folded into a draft
    /// one (merge); with the share contained.
    fn splits_and_merges(&self, cands: &[Cand]) -> Vec<(usize, usize, f32, LinkKind)> {
        let mut split_of: Vec<Option<(usize, f32)>> = vec![None; self.d_to.len()];
        let mut merge_into: Vec<Option<(usize, f32)>> = vec![None; self.p_to.len()];
        for c in cands {
            if self.d_to[c.d].is_none()
                && self.p_to[c.p].is_some()
                && c.in_d >= CONTAINED_MIN
                && split_of[c.d].is_none_or(|(_, s)| c.in_d > s)
            {
                split_of[c.d] = Some((c.p, c.in_d));
            }
            if self.p_to[c.p].is_none()
                && self.d_to[c.d].is_some()
                && c.in_p >= CONTAINED_MIN
                && merge_into[c.p].is_none_or(|(_, s)| c.in_p > s)
            {
                merge_into[c.p] = Some((c.d, c.in_p));
            }
        }
        let splits = split_of
            .iter()
            .enumerate()
            .filter_map(|(d, s)| s.map(|(p, share)| (p, d, share, LinkKind::Split)));
        let merges = merge_into
            .iter()
            .enumerate()
            .filter_map(|(p, m)| m.map(|(d, share)| (p, d, share, LinkKind::Merge)));
        splits.chain(merges).collect()
    }
}

fn pair_identical_leftovers(
    pw: &Words,
    dw: &Words,
    p_to: &mut [Option<usize>],
    d_to: &mut [Option<usize>],
    sim: &mut HashMap<(usize, usize), f32>,
) {
    let mut by_hash: HashMap<u64, Vec<usize>> = HashMap::new();
    let para_hash = |w: &Words, p: usize| {
        w.hashes(p)
            .fold(FNV_OFFSET, |h, x| fnv(h, x as u32) ^ (x >> 32))
    };
    for d in (0..d_to.len()).rev() {
        if d_to[d].is_none() && !dw.para[d].is_empty() {
            by_hash.entry(para_hash(dw, d)).or_default().push(d);
        }
    }
    #[allow(clippy::needless_range_loop)] // p indexes p_to and the words alike
    for p in 0..p_to.len() {
        if p_to[p].is_some() || pw.para[p].is_empty() {
            continue;
        }
        if let Some(list) = by_hash.get_mut(&para_hash(pw, p)) {
            while let Some(d) = list.pop() {
                if d_to[d].is_none() && pw.same_words(p, dw, d) {
                    p_to[p] = Some(d);
                    d_to[d] = Some(p);
                    sim.insert((p, d), 1.0);
                    break;
                }
            }
        }
    }
}

/// Paragraphs without a word (a lone quote mark, "* * *", a dash) pair with an
/// identical one of the other side, in order. Without this, a document compared with
/// itself showed them removed and added (found by tests/properties.rs).
fn pair_wordless(
    prev: &Document,
    pw: &Words,
    draft: &Document,
    dw: &Words,
    p_to: &mut [Option<usize>],
    d_to: &mut [Option<usize>],
    sim: &mut HashMap<(usize, usize), f32>,
) {
    fn text(doc: &Document, i: usize) -> &str {
        doc.text[doc.paragraphs[i].span.clone()].trim()
    }
    let drafts: Vec<usize> = (0..d_to.len())
        .filter(|&d| d_to[d].is_none() && dw.para[d].is_empty())
        .collect();
    let mut next = 0;
    #[allow(clippy::needless_range_loop)] // p indexes p_to and the words alike
    for p in 0..p_to.len() {
        if p_to[p].is_some() || !pw.para[p].is_empty() {
            continue;
        }
        if let Some(k) = drafts[next..]
            .iter()
            .position(|&d| text(draft, d) == text(prev, p))
        {
            let d = drafts[next + k];
            p_to[p] = Some(d);
            d_to[d] = Some(p);
            sim.insert((p, d), 1.0);
            next += k + 1;
        }
    }
}

/// Marks the pairs (sorted by previous index) that form a longest run of
/// increasing draft index; the others moved.
fn longest_increasing(pairs: &[(usize, usize)]) -> Vec<bool> {
    let n = pairs.len();
    let mut tails: Vec<usize> = Vec::new(); // indices into pairs
    let mut prevs: Vec<Option<usize>> = vec![None; n];
    for i in 0..n {
        let v = pairs[i].1;
        let pos = tails.partition_point(|&t| pairs[t].1 < v);
        prevs[i] = if pos > 0 { Some(tails[pos - 1]) } else { None };
        if pos == tails.len() {
            tails.push(i);
        } else {
            tails[pos] = i;
        }
    }
    let mut keep = vec![false; n];
    let mut cur = tails.last().copied();
    while let Some(i) = cur {
        keep[i] = true;
        cur = prevs[i];
    }
    keep
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_increasing_run_marks_the_moved_pair() {
        // Previous 0,1,2,3 went to draft 0,3,1,2: the paragraph now at 3 moved.
        let keep = longest_increasing(&[(0, 0), (1, 3), (2, 1), (3, 2)]);
        assert_eq!(keep, vec![true, false, true, true]);
    }
}
