//! Trends by year: the share of documents with any WPS reference and with each
//! area, the measure WPS monitors publish ("48 per cent of resolutions adopted in
//! 2016 contained WPS references").

use super::record::{has_evidence, DocRecord};
use std::collections::BTreeMap;

/// One row of `trends.csv`: a year (or none) and a kind of document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trend {
    pub year: Option<u16>,
    /// `resolution`, `draft-resolution`, ... or `all`.
    pub kind: String,
    pub documents: usize,
    pub with_wps: usize,
    /// Documents with evidence of each area, in lexicon order.
    pub by_area: Vec<usize>,
}

/// Trends of the audited (readable) documents, each text counted once (later
/// copies, marked `duplicate_of`, left out): for each year, one row per kind and
/// one `all` row. Years in order, documents without a year last.
pub fn compute(records: &[DocRecord], areas: usize) -> Vec<Trend> {
    let mut map: BTreeMap<(u32, String), Trend> = BTreeMap::new();
    for r in records.iter().filter(|r| r.distinct()) {
        let y = r.year.map_or(u32::MAX, u32::from);
        for kind in [r.kind.as_str(), "all"] {
            let t = map.entry((y, kind.to_string())).or_insert_with(|| Trend {
                year: r.year,
                kind: kind.to_string(),
                documents: 0,
                with_wps: 0,
                by_area: vec![0; areas],
            });
            t.documents += 1;
            if r.has_wps() {
                t.with_wps += 1;
            }
            for (i, s) in r.areas.iter().enumerate() {
                if has_evidence(*s) {
                    t.by_area[i] += 1;
                }
            }
        }
    }
    // `all` first within a year, then kinds alphabetically.
    let mut v: Vec<Trend> = map.into_values().collect();
    v.sort_by(|a, b| {
        a.year
            .map_or(u32::MAX, u32::from)
            .cmp(&b.year.map_or(u32::MAX, u32::from))
            .then((a.kind != "all").cmp(&(b.kind != "all")))
            .then(a.kind.cmp(&b.kind))
    });
    v
}

/// A share as printed in tables: three decimals, fixed, so output is byte-stable.
pub fn share(n: usize, d: usize) -> String {
    if d == 0 {
        return String::new();
    }
    // Integer arithmetic: no float formatting differences.
    let milli = (n as u64 * 1000 * 2 + d as u64) / (2 * d as u64);
    format!("{}.{:03}", milli / 1000, milli % 1000)
}

pub fn columns(area_ids: &[String]) -> Vec<String> {
    let mut v: Vec<String> = ["year", "kind", "documents", "with_wps", "share_wps"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    for a in area_ids {
        v.push(format!("{a}_documents"));
        v.push(format!("{a}_share"));
    }
    v
}

pub fn fields(t: &Trend) -> Vec<String> {
    let mut v = vec![
        t.year
            .map(|y| y.to_string())
            .unwrap_or_else(|| "unknown".into()),
        t.kind.clone(),
        t.documents.to_string(),
        t.with_wps.to_string(),
        share(t.with_wps, t.documents),
    ];
    for &n in &t.by_area {
        v.push(n.to_string());
        v.push(share(n, t.documents));
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Status;

    #[test]
    fn shares_by_year_and_kind_with_errors_left_out() {
        let mk = |year, kind: &str, a: Status| DocRecord {
            year: Some(year),
            kind: kind.into(),
            areas: vec![a, Status::Missing],
            ..DocRecord::default()
        };
        let recs = vec![
            mk(1993, "resolution", Status::Weak),
            mk(1993, "resolution", Status::NotExpected),
            mk(1993, "resolution", Status::Missing),
            mk(1992, "draft-resolution", Status::Strong),
            DocRecord::failed("x".into(), 0, "bad".into(), 2),
        ];
        let t = compute(&recs, 2);
        let rows: Vec<Vec<String>> = t.iter().map(fields).collect();
        assert_eq!(rows[0][..5], ["1992", "all", "1", "1", "1.000"]);
        assert_eq!(
            rows[1][..5],
            ["1992", "draft-resolution", "1", "1", "1.000"]
        );
        assert_eq!(
            rows[2][..7],
            ["1993", "all", "3", "1", "0.333", "1", "0.333"]
        );
        assert_eq!(rows[3][1], "resolution");
        assert_eq!(rows.len(), 4, "error rows count nowhere");
        assert_eq!(share(2, 3), "0.667");
        assert_eq!(share(0, 0), "");
    }
}
