//! Series: successive documents on the same mission or sanctions regime, in
//! order, each paired with its predecessor.
//!
//! A series is made of documents of one kind (adopted resolutions, or draft
//! resolutions: a draft is not the successor of the resolution it renews, it is
//! compared with it by `compare`) that keep one thing going: a sanctions regime,
//! known by its founding resolution (`sanctions 2140 (Yemen)`, see
//! [`identity::sanctions_regime`]), or else the mission whose mandate they renew or
//! authorise ([`identity::mandated_mission`]: an AMISOM authorisation that names
//! UNSOM is not UNSOM's), or else the mission or country they name. A sanctions
//! text never joins a mission's series.
//!
//! Members are ordered by adoption date ([`identity::when`]): the year and number
//! of the symbol (numerically: S/2018/341 before S/2018/1021), else a date in the
//! text, else a year in the file name; texts with none of them come last and are
//! compared with nothing (their predecessor is not known). Each member says how it
//! was placed (`placed_by` in `series.csv`).
//!
//! A later copy of a text already audited (same text after extraction, whatever
//! the format or folder: [`identity::text_hash`]) is marked `duplicate_of` its
//! first copy and joins no series: it is never compared with its original.

use super::identity::{self, Placed};
use super::record::{has_evidence, DocRecord};
use crate::analysis::Status;
use std::collections::{BTreeMap, HashMap};

/// The series key of a record, if it can belong to one: `resolution:UNMIS`,
/// `draft-resolution:sanctions 2140 (Yemen)`.
pub fn key(r: &DocRecord) -> Option<String> {
    if !r.ok() {
        return None;
    }
    let subject = match r.regime {
        Some(f) => identity::regime_name(f),
        None if !r.mandate.is_empty() => r.mandate.clone(),
        None if r.mission.is_empty() => return None,
        None => r.mission.clone(),
    };
    match r.kind.as_str() {
        "resolution" | "draft-resolution" => Some(format!("{}:{subject}", r.kind)),
        _ => None,
    }
}

/// Marks every later copy of a text (same [`DocRecord::text_hash`], in the order of
/// `records`, which is path order) with the path of its first copy; clears the mark
/// elsewhere. Two texts with different symbols are two documents even when their
/// paragraphs read alike (a renewal that only changes its masthead); a text without
/// a symbol is a copy of one with. Returns the number of copies marked.
pub fn mark_duplicates(records: &mut [DocRecord]) -> usize {
    let mut first: HashMap<u64, Vec<usize>> = HashMap::new();
    let mut n = 0;
    for i in 0..records.len() {
        records[i].duplicate_of.clear();
        let h = records[i].text_hash;
        if h == 0 || !records[i].ok() {
            continue;
        }
        let seen = first.entry(h).or_default();
        let sym = records[i].symbol.as_str();
        let original = seen.iter().copied().find(|&f| {
            let other = records[f].symbol.as_str();
            sym.is_empty() || other.is_empty() || sym == other
        });
        match original {
            Some(f) => {
                records[i].duplicate_of = records[f].path.clone();
                n += 1;
            }
            None => seen.push(i),
        }
    }
    n
}

/// The last component of a path.
fn file_name(p: &str) -> &str {
    p.rsplit(['/', '\\']).next().unwrap_or(p)
}

/// A series: its key, the indices of its members (into the records) in order, and
/// how each member was placed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Series {
    pub key: String,
    pub members: Vec<usize>,
    pub placed: Vec<Placed>,
}

impl Series {
    /// The mission or regime of the series.
    pub fn mission(&self) -> &str {
        self.key.split_once(':').map_or("", |(_, m)| m)
    }
    pub fn kind(&self) -> &str {
        self.key.split_once(':').map_or("", |(k, _)| k)
    }
    /// Whether the member at `pos` is compared with the one before: not the first,
    /// and placed in time (a text that cannot be dated has no known predecessor).
    pub fn compared(&self, pos: usize) -> bool {
        pos > 0 && self.placed.get(pos).is_some_and(|p| *p != Placed::Unknown)
    }
}

/// Groups records into series of two or more distinct texts (copies marked by
/// [`mark_duplicates`] left out), sorted by key; fills each member's `series`,
/// `series_position` and `previous`.
pub fn build(records: &mut [DocRecord]) -> Vec<Series> {
    let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut copies: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, r) in records.iter().enumerate() {
        if !r.duplicate_of.is_empty() {
            copies.entry(r.duplicate_of.clone()).or_default().push(i);
            continue;
        }
        if let Some(k) = key(r) {
            groups.entry(k).or_default().push(i);
        }
    }
    let mut out = Vec::new();
    for (key, members) in groups {
        if members.len() < 2 {
            continue;
        }
        // A text is placed by the best of its copies (a copy may carry the symbol
        // or the date the first copy lacks).
        let mut placed: Vec<(usize, identity::When, Placed)> = members
            .into_iter()
            .map(|m| {
                let best = std::iter::once(m)
                    .chain(
                        copies
                            .get(records[m].path.as_str())
                            .into_iter()
                            .flatten()
                            .copied(),
                    )
                    .map(|i| {
                        let r = &records[i];
                        identity::when(&r.symbol, r.resolution_number, &r.date, &r.path)
                    })
                    .min_by_key(|(w, p)| (*p, *w))
                    .unwrap_or((identity::UNKNOWN, Placed::Unknown));
                (m, best.0, best.1)
            })
            .collect();
        placed.sort_by(|(a, wa, _), (b, wb, _)| {
            let (x, y) = (&records[*a], &records[*b]);
            wa.cmp(wb)
                .then(x.symbol.cmp(&y.symbol))
                .then(file_name(&x.path).cmp(file_name(&y.path)))
                .then(x.path.cmp(&y.path))
        });
        let members: Vec<usize> = placed.iter().map(|p| p.0).collect();
        for (pos, &m) in members.iter().enumerate() {
            let previous = (pos > 0 && placed[pos].2 != Placed::Unknown)
                .then(|| name(&records[members[pos - 1]]));
            let r = &mut records[m];
            r.series = key.clone();
            r.series_position = Some(pos + 1);
            r.previous = previous.unwrap_or_default();
        }
        out.push(Series {
            key,
            members,
            placed: placed.iter().map(|p| p.2).collect(),
        });
    }
    out
}

/// How a document is named in tables: its symbol, or its path.
pub fn name(r: &DocRecord) -> String {
    if r.symbol.is_empty() {
        r.path.clone()
    } else {
        r.symbol.clone()
    }
}

/// Area-level changes from a predecessor to a document: areas whose language
/// appeared, disappeared, became strong, became weak (indices into the lexicon's areas).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AreaChanges {
    pub added: Vec<usize>,
    pub dropped: Vec<usize>,
    pub strengthened: Vec<usize>,
    pub weakened: Vec<usize>,
}

pub fn area_changes(prev: &[Status], cur: &[Status]) -> AreaChanges {
    let mut c = AreaChanges::default();
    for (i, (p, n)) in prev.iter().zip(cur).enumerate() {
        match (has_evidence(*p), has_evidence(*n)) {
            (false, true) => c.added.push(i),
            (true, false) => c.dropped.push(i),
            (true, true) if *p == Status::Weak && *n == Status::Strong => c.strengthened.push(i),
            (true, true) if *p == Status::Strong && *n == Status::Weak => c.weakened.push(i),
            _ => {}
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(path: &str, kind: &str, mission: &str, year: u16, num: Option<u32>) -> DocRecord {
        DocRecord {
            path: path.into(),
            kind: kind.into(),
            mission: mission.into(),
            year: Some(year),
            resolution_number: num,
            symbol: num
                .map(|n| format!("S/RES/{n} ({year})"))
                .unwrap_or_default(),
            areas: vec![Status::NotExpected; 2],
            ..DocRecord::default()
        }
    }

    #[test]
    fn series_are_ordered_by_year_and_number_per_kind_and_mission() {
        let mut v = vec![
            rec("c.txt", "resolution", "UNMIS", 2008, Some(1812)),
            rec("a.txt", "resolution", "UNMIS", 2007, Some(1784)),
            rec("x.txt", "resolution", "UNFICYP", 1993, Some(831)),
            rec("b.txt", "resolution", "UNMIS", 2007, Some(1755)),
            rec("d.txt", "draft-resolution", "UNMIS", 2009, None),
            rec("e.txt", "report", "UNMIS", 2009, None),
            DocRecord::failed("f.txt".into(), 0, "bad".into(), 2),
        ];
        let s = build(&mut v);
        assert_eq!(
            s.len(),
            1,
            "single documents and other kinds form no series"
        );
        assert_eq!(s[0].key, "resolution:UNMIS");
        let order: Vec<&str> = s[0].members.iter().map(|&i| v[i].path.as_str()).collect();
        assert_eq!(order, ["b.txt", "a.txt", "c.txt"]);
        assert_eq!(v[0].previous, "S/RES/1784 (2007)");
        assert_eq!(v[0].series_position, Some(3));
        assert_eq!(v[3].previous, "");
        assert_eq!(v[3].series_position, Some(1));
        assert_eq!(v[4].series, "");
    }

    #[test]
    fn copies_in_other_folders_follow_their_original() {
        let mut v = vec![
            rec("c0/draft-a.txt", "draft-resolution", "UNMIS", 2009, None),
            rec("c0/draft-b.txt", "draft-resolution", "UNMIS", 2009, None),
            rec("c1/draft-a.txt", "draft-resolution", "UNMIS", 2009, None),
            rec("c1/draft-b.txt", "draft-resolution", "UNMIS", 2009, None),
        ];
        let s = build(&mut v);
        let order: Vec<&str> = s[0].members.iter().map(|&i| v[i].path.as_str()).collect();
        assert_eq!(
            order,
            [
                "c0/draft-a.txt",
                "c1/draft-a.txt",
                "c0/draft-b.txt",
                "c1/draft-b.txt"
            ]
        );
    }

    fn draft(path: &str, symbol: &str, mission: &str, regime: Option<u32>) -> DocRecord {
        DocRecord {
            path: path.into(),
            kind: "draft-resolution".into(),
            mission: mission.into(),
            symbol: symbol.into(),
            year: symbol.get(2..6).and_then(|y| y.parse().ok()),
            regime,
            areas: vec![Status::NotExpected; 2],
            ..DocRecord::default()
        }
    }

    fn order(v: &[DocRecord], s: &Series) -> Vec<String> {
        s.members.iter().map(|&i| v[i].path.clone()).collect()
    }

    #[test]
    fn drafts_are_ordered_by_symbol_number_then_date_then_file_name_year() {
        let mut v = vec![
            draft("d/S-2018-1021.txt", "S/2018/1021", "UNISFA", None),
            draft("d/S-2018-341.txt", "S/2018/341", "UNISFA", None),
            draft("d/S-2022-426.txt", "S/2022/426", "UNAMI", None),
            draft("d/UNAMI-2004.txt", "", "UNAMI", None),
            draft("d/S-2020-449.txt", "S/2020/449", "UNAMI", None),
            draft("d/UNAMI.txt", "", "UNAMI", None),
            draft("d/UNAMI-dated.txt", "", "UNAMI", None),
        ];
        v[6].date = "8 June 2021".into();
        let s = build(&mut v);
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].key, "draft-resolution:UNAMI");
        assert_eq!(
            order(&v, &s[0]),
            [
                "d/UNAMI-2004.txt",
                "d/S-2020-449.txt",
                "d/UNAMI-dated.txt",
                "d/S-2022-426.txt",
                "d/UNAMI.txt"
            ]
        );
        use Placed::*;
        assert_eq!(
            s[0].placed,
            [FileNameYear, Symbol, DateInText, Symbol, Unknown]
        );
        // The text that cannot be dated comes last and is compared with nothing.
        assert!(s[0].compared(3) && !s[0].compared(4) && !s[0].compared(0));
        assert_eq!(v[5].previous, "");
        assert_eq!(v[5].series_position, Some(5));
        assert_eq!(v[2].previous, "d/UNAMI-dated.txt");
        assert_eq!(order(&v, &s[1]), ["d/S-2018-341.txt", "d/S-2018-1021.txt"]);
        assert_eq!(v[0].previous, "S/2018/341");
    }

    #[test]
    fn a_text_joins_the_mission_whose_mandate_it_renews() {
        let mut v = vec![
            draft("a.txt", "S/2018/257", "UNSOM", None),
            draft("b.txt", "S/2018/437", "Somalia", None),
            draft("c.txt", "S/2019/266", "UNSOM", None),
            draft("d.txt", "S/2020/445", "UNSOM", None),
        ];
        v[1].mandate = "AMISOM".into();
        v[3].mandate = "AMISOM".into();
        v[2].mandate = "UNSOM".into();
        let s = build(&mut v);
        assert_eq!(s[0].key, "draft-resolution:AMISOM");
        assert_eq!(order(&v, &s[0]), ["b.txt", "d.txt"]);
        assert_eq!(s[1].key, "draft-resolution:UNSOM");
        assert_eq!(order(&v, &s[1]), ["a.txt", "c.txt"]);
    }

    #[test]
    fn a_sanctions_text_never_joins_the_mission_it_names() {
        let mut v = vec![
            draft("a.txt", "S/2017/77", "MINUSCA", Some(2127)),
            draft("b.txt", "S/2019/90", "MINUSCA", Some(2127)),
            draft("c.txt", "S/2022/300", "MINUSCA", None),
            draft("d.txt", "S/2023/700", "MINUSCA", None),
        ];
        let s = build(&mut v);
        let keys: Vec<&str> = s.iter().map(|s| s.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "draft-resolution:MINUSCA",
                "draft-resolution:sanctions 2127 (Central African Republic)"
            ]
        );
        assert_eq!(order(&v, &s[0]), ["c.txt", "d.txt"]);
        assert_eq!(order(&v, &s[1]), ["a.txt", "b.txt"]);
        assert_eq!(s[1].mission(), "sanctions 2127 (Central African Republic)");
    }

    #[test]
    fn copies_are_marked_once_and_left_out_of_series() {
        let mut v = vec![
            draft("drafts/S-2018-221.txt", "S/2018/221", "UNMISS", None),
            draft("drafts/S-2016-1061.txt", "S/2016/1061", "UNMISS", None),
            draft("pdf/S-2018-221.docx", "S/2018/221", "UNMISS", None),
            draft("pdf/S-2018-221.pdf", "S/2018/221", "UNMISS", None),
            // Same paragraphs, another symbol: another document.
            draft("z/S-2019-5.txt", "S/2019/5", "UNMISS", None),
            // Same paragraphs, no symbol: a copy.
            draft("z/unnamed.txt", "", "UNMISS", None),
        ];
        for (i, h) in [7, 1, 7, 7, 7, 7].into_iter().enumerate() {
            v[i].text_hash = h;
        }
        assert_eq!(mark_duplicates(&mut v), 3);
        for i in [2, 3, 5] {
            assert_eq!(v[i].duplicate_of, "drafts/S-2018-221.txt", "{}", v[i].path);
        }
        assert_eq!(v[4].duplicate_of, "");
        let s = build(&mut v);
        assert_eq!(
            order(&v, &s[0]),
            [
                "drafts/S-2016-1061.txt",
                "drafts/S-2018-221.txt",
                "z/S-2019-5.txt"
            ]
        );
        assert_eq!(v[2].series, "");
        // Marking again gives the same marks (a merge marks over all shards).
        assert_eq!(mark_duplicates(&mut v), 3);
    }

    #[test]
    fn a_text_is_placed_by_the_symbol_of_its_copy() {
        let mut v = vec![
            draft("a/CAR-sanctions.txt", "", "", Some(2127)),
            draft("b/S-2017-77.txt", "S/2017/77", "", Some(2127)),
            draft("b/S-2019-90.txt", "S/2019/90", "", Some(2127)),
            draft("b/S-2021-5.txt", "S/2021/5", "", Some(2127)),
        ];
        for (i, h) in [9, 1, 9, 2].into_iter().enumerate() {
            v[i].text_hash = h;
        }
        mark_duplicates(&mut v);
        assert_eq!(v[2].duplicate_of, "a/CAR-sanctions.txt");
        let s = build(&mut v);
        assert_eq!(
            order(&v, &s[0]),
            ["b/S-2017-77.txt", "a/CAR-sanctions.txt", "b/S-2021-5.txt"]
        );
        assert_eq!(s[0].placed[1], Placed::Symbol);
    }

    #[test]
    fn area_changes_between_successive_texts() {
        use Status::*;
        let c = area_changes(
            &[Strong, Missing, Weak, Strong],
            &[Missing, Weak, Strong, Weak],
        );
        assert_eq!(c.dropped, [0]);
        assert_eq!(c.added, [1]);
        assert_eq!(c.strengthened, [2]);
        assert_eq!(c.weakened, [3]);
    }
}
