//! Series: successive documents on the same mission or regime, in order, each
//! paired with its predecessor.
//!
//! A series is made of documents of one kind (adopted resolutions, or draft
//! resolutions: a draft is not the successor of the resolution it renews, it is
//! compared with it by `compare`) that name the same mission or regime. They are
//! ordered by year, resolution number, symbol, file name and path, so the order is
//! the adoption order for resolutions and stable for everything else.

use super::record::{has_evidence, DocRecord};
use crate::analysis::Status;
use std::collections::BTreeMap;

/// The series key of a record, if it can belong to one: `resolution:UNMIS`.
pub fn key(r: &DocRecord) -> Option<String> {
    if !r.ok() || r.mission.is_empty() {
        return None;
    }
    match r.kind.as_str() {
        "resolution" | "draft-resolution" => Some(format!("{}:{}", r.kind, r.mission)),
        _ => None,
    }
}

/// The last component of a path (copies of one file in several folders sort
/// together, so that a series compares a copy with its original, which costs nothing).
fn file_name(p: &str) -> &str {
    p.rsplit(['/', '\\']).next().unwrap_or(p)
}

/// A series: its key and the indices of its members (into the records) in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Series {
    pub key: String,
    pub members: Vec<usize>,
}

impl Series {
    /// The mission or regime of the series.
    pub fn mission(&self) -> &str {
        self.key.split_once(':').map_or("", |(_, m)| m)
    }
    pub fn kind(&self) -> &str {
        self.key.split_once(':').map_or("", |(k, _)| k)
    }
}

/// Groups records into series of two or more members, sorted by key; fills each
/// member's `series`, `series_position` and `previous`.
pub fn build(records: &mut [DocRecord]) -> Vec<Series> {
    let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, r) in records.iter().enumerate() {
        if let Some(k) = key(r) {
            groups.entry(k).or_default().push(i);
        }
    }
    let mut out = Vec::new();
    for (key, mut members) in groups {
        if members.len() < 2 {
            continue;
        }
        members.sort_by(|&a, &b| {
            let (x, y) = (&records[a], &records[b]);
            x.year
                .unwrap_or(u16::MAX)
                .cmp(&y.year.unwrap_or(u16::MAX))
                .then(
                    x.resolution_number
                        .unwrap_or(u32::MAX)
                        .cmp(&y.resolution_number.unwrap_or(u32::MAX)),
                )
                .then(x.symbol.cmp(&y.symbol))
                .then(file_name(&x.path).cmp(file_name(&y.path)))
                .then(x.path.cmp(&y.path))
        });
        for (pos, &m) in members.iter().enumerate() {
            let previous = (pos > 0).then(|| name(&records[members[pos - 1]]));
            let r = &mut records[m];
            r.series = key.clone();
            r.series_position = Some(pos + 1);
            r.previous = previous.unwrap_or_default();
        }
        out.push(Series { key, members });
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
