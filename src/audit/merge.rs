//! Merging the outputs of shards (`wpslens audit --shard i/n`) into one audit:
//! documents and findings interleaved back into path order (a streaming k-way
//! merge: findings are never all in memory), then series and trends recomputed
//! over all records, as an unsharded run computes them.

use super::record::{self, DocRecord};
use super::{AuditError, Spool};
use crate::lexicon::Lexicon;
use std::io::BufRead;
use std::path::{Path, PathBuf};

/// Why shard outputs cannot be merged.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    #[error("{0}: cannot read: {1}")]
    Read(PathBuf, String),
    #[error("{0}: columns differ from this lexicon's (audited with another lexicon or version?)")]
    Columns(PathBuf),
    #[error("{0}: line {1}: {2}")]
    Row(PathBuf, u64, String),
    #[error("{0}: findings.csv and findings.jsonl disagree")]
    Mismatch(PathBuf),
    #[error("{0}")]
    Spill(#[from] AuditError),
}

/// Reads `documents.csv` of a shard back into records.
pub fn read_documents(dir: &Path, lex: &Lexicon) -> Result<Vec<DocRecord>, MergeError> {
    let path = dir.join("documents.csv");
    let mut rd =
        csv::Reader::from_path(&path).map_err(|e| MergeError::Read(path.clone(), e.to_string()))?;
    let cols = record::document_columns(lex);
    let header: Vec<String> = rd
        .headers()
        .map_err(|e| MergeError::Read(path.clone(), e.to_string()))?
        .iter()
        .map(str::to_string)
        .collect();
    if header != cols {
        return Err(MergeError::Columns(path));
    }
    let n_areas = lex.areas.len();
    let mut out = Vec::new();
    for (i, row) in rd.records().enumerate() {
        let row = row.map_err(|e| MergeError::Row(path.clone(), i as u64 + 2, e.to_string()))?;
        let bad = |what: &str| MergeError::Row(path.clone(), i as u64 + 2, format!("bad {what}"));
        let f = |k: usize| row.get(k).unwrap_or("").to_string();
        let num = |k: usize| -> Result<usize, MergeError> {
            let s = row.get(k).unwrap_or("");
            if s.is_empty() {
                Ok(0)
            } else {
                s.parse().map_err(|_| bad(&cols[k]))
            }
        };
        let n_areas_cols = lex.areas.len();
        let error = f(12 + n_areas_cols + 8);
        let ok = error.is_empty();
        let mut areas = Vec::with_capacity(n_areas);
        for (k, col) in cols.iter().enumerate().skip(12).take(n_areas) {
            areas.push(if ok {
                record::parse_status(row.get(k).unwrap_or("")).ok_or_else(|| bad(col))?
            } else {
                crate::analysis::Status::NotExpected
            });
        }
        let base = 12 + n_areas;
        out.push(DocRecord {
            path: f(0),
            format: f(1),
            bytes: row
                .get(2)
                .unwrap_or("0")
                .parse()
                .map_err(|_| bad("bytes"))?,
            kind: f(3),
            symbol: f(4),
            resolution_number: row.get(5).and_then(|s| s.parse().ok()),
            year: row.get(6).and_then(|s| s.parse().ok()),
            date: f(7),
            mission: f(8),
            profile: f(9),
            paragraphs: num(10)?,
            areas,
            // Counted again from the check findings as they are merged (series
            // findings are recomputed after the merge).
            counts: [0; 4],
            warnings: num(base + 4)?,
            warning_messages: f(base + 9),
            series: String::new(),
            series_position: None,
            previous: String::new(),
            error,
            // Not in the shard outputs: merged series members are all compared.
            content_hash: 0,
            regime: row.get(base + 10).and_then(|s| s.parse().ok()),
            mandate: f(base + 11),
            text_hash: row
                .get(base + 12)
                .and_then(|s| u64::from_str_radix(s, 16).ok())
                .unwrap_or(0),
            // Marked again over all the shards' records.
            duplicate_of: String::new(),
        });
    }
    Ok(out)
}

struct ShardFindings {
    dir: PathBuf,
    csv: csv::StringRecordsIntoIter<std::fs::File>,
    jsonl: std::io::Lines<std::io::BufReader<std::fs::File>>,
    line: u64,
    head: Option<(csv::StringRecord, String)>,
}

impl ShardFindings {
    fn open(dir: &Path) -> Result<ShardFindings, MergeError> {
        let cp = dir.join("findings.csv");
        let jp = dir.join("findings.jsonl");
        let rd =
            csv::Reader::from_path(&cp).map_err(|e| MergeError::Read(cp.clone(), e.to_string()))?;
        let jf = std::fs::File::open(&jp)
            .map_err(|e| MergeError::Read(jp.clone(), crate::read::io_message(&e)))?;
        let mut s = ShardFindings {
            dir: dir.to_path_buf(),
            csv: rd.into_records(),
            jsonl: std::io::BufReader::new(jf).lines(),
            line: 1,
            head: None,
        };
        s.advance()?;
        Ok(s)
    }

    /// The next check finding (series findings are recomputed after the merge).
    fn advance(&mut self) -> Result<(), MergeError> {
        loop {
            self.line += 1;
            let c = self.csv.next();
            let j = self.jsonl.next();
            match (c, j) {
                (None, None) => {
                    self.head = None;
                    return Ok(());
                }
                (Some(c), Some(j)) => {
                    let c = c.map_err(|e| {
                        MergeError::Row(self.dir.join("findings.csv"), self.line, e.to_string())
                    })?;
                    let j = j.map_err(|e| {
                        MergeError::Read(self.dir.join("findings.jsonl"), e.to_string())
                    })?;
                    if c.get(4) == Some("series") {
                        continue;
                    }
                    self.head = Some((c, j));
                    return Ok(());
                }
                _ => return Err(MergeError::Mismatch(self.dir.clone())),
            }
        }
    }
}

/// Merges shard folders: records in path order and the check findings spooled in
/// the same order.
pub fn merge(dirs: &[PathBuf], lex: &Lexicon) -> Result<(Vec<DocRecord>, Spool), MergeError> {
    let mut records = Vec::new();
    for d in dirs {
        records.extend(read_documents(d, lex)?);
    }
    records.sort_by(|a, b| a.path.cmp(&b.path));
    let mut shards = dirs
        .iter()
        .map(|d| ShardFindings::open(d))
        .collect::<Result<Vec<_>, _>>()?;
    let mut spool = Spool::new()?;
    loop {
        // The shard whose next finding has the smallest path (ties: first shard,
        // which keeps a document's findings together and in order).
        let next = shards
            .iter()
            .enumerate()
            .filter_map(|(i, s)| s.head.as_ref().map(|h| (i, h.0.get(0).unwrap_or(""))))
            .min_by(|a, b| a.1.cmp(b.1).then(a.0.cmp(&b.0)))
            .map(|(i, _)| i);
        let Some(i) = next else { break };
        let (c, j) = shards[i].head.take().expect("head present");
        let path = c.get(0).unwrap_or("");
        if let Ok(k) = records.binary_search_by(|r| r.path.as_str().cmp(path)) {
            let kind = match c.get(7) {
                Some("missing") => Some(0),
                Some("weakened") => Some(1),
                Some("regressed") => Some(2),
                Some("info") => Some(3),
                _ => None,
            };
            if let Some(kind) = kind {
                records[k].counts[kind] += 1;
            }
        }
        spool.push_raw(&c, &j)?;
        shards[i].advance()?;
    }
    Ok((records, spool))
}
