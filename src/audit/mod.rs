//! Batch audits of whole archives (`wpslens audit`): every document read, parsed
//! and analysed as `check` does, reduced at once to a compact record and finding
//! rows; copies of one text counted once; successive texts on the same mission or
//! sanctions regime put in series, in order of adoption; trends by year;
//! tables (CSV, JSON Lines, XLSX) and a self-contained HTML report written through
//! [`crate::output::Outputs`].
//!
//! * `inputs`: discovery (files, folders, globs, lists), sorting, shards.
//! * `record`: the per-document record and finding rows.
//! * `identity`: what a text is for series (text hash, sanctions regime, date).
//! * `series`, `trends`: what is computed over the records.
//! * `write`: CSV/JSONL/XLSX writers; `html`: the report page with its SVG charts.
//!
//! Memory: documents are dropped as soon as they are summarised; finding rows are
//! streamed to anonymous temporary files in audit order and copied into the
//! outputs at the end. Only the records (a few hundred bytes a document) are held.

pub mod command;
pub mod html;
pub mod identity;
pub mod inputs;
pub mod merge;
pub mod pipeline;
pub mod record;
pub mod series;
pub mod summary;
pub mod trends;
pub mod write;

use crate::analysis::{self, Options};
use crate::lexicon::Lexicon;
use crate::read::{self, Limits, ReadError};
use crate::structure;
use record::{DocRecord, FindingRow};
use std::collections::HashMap;
use std::io::{Seek, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How an audit runs.
#[derive(Debug, Clone)]
pub struct AuditOptions {
    /// Worker threads (at least 1).
    pub jobs: usize,
    /// Longest time one document may take; `None` for no limit.
    pub time_budget: Option<Duration>,
    pub limits: Limits,
    pub analysis: Options,
    /// Show a progress bar (the caller decides: only on a terminal).
    pub progress: bool,
}

/// Why an audit stopped without results.
#[derive(Debug, thiserror::Error)]
pub enum AuditError {
    #[error("interrupted")]
    Interrupted,
    #[error("cannot write temporary data: {0}")]
    Spill(String),
}

/// The result of the per-document pass: a record per input in order, and the
/// finding rows spooled to temporary files (CSV records without a header, and
/// JSON lines), in the same order.
pub struct Pass {
    pub records: Vec<DocRecord>,
    pub findings: Spool,
    /// Parsed and analysed series candidates, by content hash, for the
    /// comparisons (see [`KEEP_BYTES`]).
    pub kept: HashMap<u64, Kept>,
    /// Total bytes of the inputs and the wall time of the pass.
    pub bytes: u64,
    pub elapsed: Duration,
}

/// Finding rows on disk (anonymous temporary files, gone when dropped or when the
/// process dies).
pub struct Spool {
    csv: csv::Writer<std::io::BufWriter<std::fs::File>>,
    jsonl: std::io::BufWriter<std::fs::File>,
    pub rows: u64,
}

impl Spool {
    pub fn new() -> Result<Spool, AuditError> {
        let f = || tempfile::tempfile().map_err(|e| AuditError::Spill(e.to_string()));
        Ok(Spool {
            csv: csv::WriterBuilder::new()
                .has_headers(false)
                .from_writer(std::io::BufWriter::new(f()?)),
            jsonl: std::io::BufWriter::new(f()?),
            rows: 0,
        })
    }

    pub fn push(&mut self, row: &FindingRow) -> Result<(), AuditError> {
        let err = |e: String| AuditError::Spill(e);
        self.csv
            .write_record(row.fields())
            .map_err(|e| err(e.to_string()))?;
        serde_json::to_writer(&mut self.jsonl, row).map_err(|e| err(e.to_string()))?;
        self.jsonl
            .write_all(b"\n")
            .map_err(|e| err(e.to_string()))?;
        self.rows += 1;
        Ok(())
    }

    /// Pushes raw CSV fields and a JSON line (merging shard outputs).
    pub fn push_raw(&mut self, fields: &csv::StringRecord, json: &str) -> Result<(), AuditError> {
        let err = |e: String| AuditError::Spill(e);
        self.csv
            .write_record(fields)
            .map_err(|e| err(e.to_string()))?;
        self.jsonl
            .write_all(json.trim_end().as_bytes())
            .and_then(|_| self.jsonl.write_all(b"\n"))
            .map_err(|e| err(e.to_string()))?;
        self.rows += 1;
        Ok(())
    }

    /// The two files, flushed and rewound.
    pub fn finish(self) -> std::io::Result<(std::fs::File, std::fs::File)> {
        let mut c = self
            .csv
            .into_inner()
            .map_err(|e| std::io::Error::other(e.to_string()))?
            .into_inner()
            .map_err(|e| e.into_error())?;
        let mut j = self.jsonl.into_inner().map_err(|e| e.into_error())?;
        c.rewind()?;
        j.rewind()?;
        Ok((c, j))
    }
}

/// What the format column says: the format the content announces.
fn format_name(bytes: &[u8]) -> &'static str {
    match read::Format::sniff(bytes) {
        read::Format::Docx => "docx",
        read::Format::Pdf => "pdf",
        read::Format::Text => "txt",
    }
}

/// A document and its analysis, kept from the pass for the series comparisons.
pub type Kept = Arc<(crate::model::Document, crate::analysis::Analysis)>;

/// What one document gives the pass: its record, its finding rows, and the
/// document itself when it may be compared in a series and the budget allows.
type Audited = (DocRecord, Vec<FindingRow>, Option<Kept>);

/// Memory the pass may spend keeping documents that can join a series (adopted
/// or draft resolutions naming a mission), so that comparing a series does not
/// read, parse and analyse its members a second time. Past it, members are read
/// again when compared; which ones are kept changes the speed, never the results.
pub const KEEP_BYTES: u64 = 256 * 1024 * 1024;

/// What the workers share to decide what to keep: the memory spent and the
/// contents already kept (a copy of a kept text is not kept again).
#[derive(Default)]
struct Keep {
    bytes: AtomicU64,
    seen: std::sync::Mutex<std::collections::HashSet<u64>>,
}

impl Keep {
    /// Whether to keep a document of this content and size.
    fn admit(&self, hash: u64, size: u64) -> bool {
        if self.bytes.load(Ordering::Relaxed) + size > KEEP_BYTES {
            return false;
        }
        let fresh = self
            .seen
            .lock()
            .map(|mut s| s.insert(hash))
            .unwrap_or(false);
        fresh && self.bytes.fetch_add(size, Ordering::Relaxed) + size <= KEEP_BYTES
    }
}

/// What the pass gives a document that could not be audited: its error row.
fn failed(path: String, size: u64, msg: String, areas: usize) -> Audited {
    (DocRecord::failed(path, size, msg, areas), vec![], None)
}

/// Rough memory of a kept document: its text, paragraphs and analysis.
fn kept_size(doc: &crate::model::Document, a: &crate::analysis::Analysis) -> u64 {
    (doc.text.len() * 2
        + doc.paragraphs.len() * 160
        + (a.occurrences.len() + a.findings.len()) * 256
        + 1024) as u64
}

/// A file as the pass's readers prepare it ahead of its worker: opened once, with
/// its metadata, and read whole when it is a regular file small enough
/// ([`pipeline::READ_AHEAD_MAX`]) and within the input limit.
pub struct Opened {
    meta: std::fs::Metadata,
    body: Body,
}

enum Body {
    Read(Result<Vec<u8>, ReadError>),
    Open(std::fs::File),
}

impl pipeline::Prepared for std::io::Result<Opened> {
    fn bytes_held(&self) -> u64 {
        match self {
            Ok(Opened {
                body: Body::Read(Ok(b)),
                ..
            }) => b.len() as u64,
            _ => 0,
        }
    }
}

/// Opens `path` (one open and one stat) and reads it when small enough.
fn open_file(path: &Path, limits: &Limits) -> std::io::Result<Opened> {
    let mut file = std::fs::File::open(path)?;
    let meta = file.metadata()?;
    let len = meta.len();
    let body = if meta.is_file() && len <= pipeline::READ_AHEAD_MAX && len <= limits.max_input_bytes
    {
        Body::Read(read::read_open(&mut file, len, limits.max_input_bytes))
    } else {
        Body::Open(file)
    };
    Ok(Opened { meta, body })
}

/// Reads, parses and analyses one file, opened by the caller; never fails:
/// problems become error rows.
fn audit_file(
    path: &Path,
    opened: std::io::Result<Opened>,
    lex: &Lexicon,
    opts: &AuditOptions,
    keep: &Keep,
) -> Audited {
    let shown = path.display().to_string();
    let areas = lex.areas.len();
    let Opened { meta, body } = match opened {
        Ok(o) => o,
        Err(e) => {
            let msg = ReadError::Io(read::io_message(&e)).to_string();
            return failed(shown, 0, msg, areas);
        }
    };
    if meta.is_dir() {
        return failed(shown, 0, "is a directory".into(), areas);
    }
    if meta.len() > opts.limits.max_input_bytes {
        let e = ReadError::TooLarge {
            size: meta.len(),
            limit: opts.limits.max_input_bytes,
        };
        return failed(shown, meta.len(), e.to_string(), areas);
    }
    let read = match body {
        Body::Read(r) => r,
        Body::Open(mut file) => read::read_open(&mut file, meta.len(), opts.limits.max_input_bytes),
    };
    let bytes = match read {
        Ok(b) => b,
        Err(e) => return failed(shown, meta.len(), e.to_string(), areas),
    };
    let size = bytes.len() as u64;
    let format = format_name(&bytes);
    let ex = match read::read_bytes(path, &bytes, &opts.limits) {
        Ok(ex) => ex,
        Err(e) => {
            let mut r = failed(shown, size, e.to_string(), areas);
            r.0.format = format.into();
            return r;
        }
    };
    let hash = content_hash(&bytes);
    drop(bytes);
    let doc = structure::parse(&shown, ex);
    let a = analysis::analyze(&doc, lex, &opts.analysis);
    let (mut rec, rows) = record::summarize(shown, size, format, &doc, &a, lex);
    rec.content_hash = hash;
    let kept = (series::key(&rec).is_some() && keep.admit(hash, kept_size(&doc, &a)))
        .then(|| Arc::new((doc, a)));
    (rec, rows, kept)
}

/// A hash of a file's bytes, never 0 (0 means unknown).
fn content_hash(bytes: &[u8]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish().max(1)
}

/// Text files smaller than this are audited without a deadline thread.
pub const INLINE_TEXT_BYTES: u64 = 1024 * 1024;

/// [`audit_file`] under the time budget: the work runs on its own thread and is
/// abandoned (its result dropped) when the budget runs out. A panic becomes an
/// error row too.
fn audit_file_budgeted(
    path: &Path,
    opened: std::io::Result<Opened>,
    lex: &Arc<Lexicon>,
    opts: &Arc<AuditOptions>,
    keep: &Arc<Keep>,
) -> Audited {
    let shown = path.display().to_string();
    let areas = lex.areas.len();
    let size = opened.as_ref().map_or(0, |o| o.meta.len());
    // Plain text under 1 MB goes through our own linear-time code only: it runs
    // inline (a thread hand-off per document costs more than the document).
    // DOCX, PDF and large files run under the deadline.
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
        .unwrap_or_default();
    let small_text = matches!(ext.as_str(), "txt" | "text") && size < INLINE_TEXT_BYTES;
    let budget = opts.time_budget.filter(|_| !small_text);
    let Some(budget) = budget else {
        return match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            audit_file(path, opened, lex, opts, keep)
        })) {
            Ok(r) => r,
            Err(_) => failed(
                shown,
                size,
                "internal error while analysing the document".into(),
                areas,
            ),
        };
    };
    let (tx, rx) = std::sync::mpsc::sync_channel(1);
    let (p, l, o, k) = (
        path.to_path_buf(),
        Arc::clone(lex),
        Arc::clone(opts),
        Arc::clone(keep),
    );
    let spawned = std::thread::Builder::new()
        .name("wpslens-doc".into())
        .spawn(move || {
            let _ = tx.send(audit_file(&p, opened, &l, &o, &k));
        });
    if let Err(e) = spawned {
        return failed(
            shown,
            size,
            format!("cannot start a worker thread: {e}"),
            areas,
        );
    }
    let msg = match rx.recv_timeout(budget) {
        Ok(r) => return r,
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => format!(
            "took longer than the time budget of {} s per document (raise it with --time-budget)",
            budget.as_secs_f64()
        ),
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
            "internal error while analysing the document".into()
        }
    };
    failed(shown, size, msg, areas)
}

/// A record for an input that discovery could not find or walk.
pub fn missing_record(path: &Path, message: &str, lex: &Lexicon) -> DocRecord {
    let msg = ReadError::Io(message.to_string()).to_string();
    DocRecord::failed(path.display().to_string(), 0, msg, lex.areas.len())
}

/// Threads that open and read files ahead of the workers (mostly waiting for the
/// disk: on a cold cache the reads overlap the analysis and each other).
const READERS: usize = 4;

/// The per-document pass over `files`, in parallel, results in input order.
/// `cancel` stops scheduling new documents; the pass then returns `Interrupted`.
pub fn run_pass(
    files: &[PathBuf],
    lex: Arc<Lexicon>,
    opts: AuditOptions,
    cancel: &AtomicBool,
) -> Result<Pass, AuditError> {
    let start = Instant::now();
    let opts = Arc::new(opts);
    let bar = progress_bar(files.len() as u64, opts.progress);
    let done_bytes = AtomicU64::new(0);
    let mut spool = Spool::new()?;
    let mut records = Vec::with_capacity(files.len());
    let keep = Arc::new(Keep::default());
    let mut kept: HashMap<u64, Kept> = HashMap::new();
    let done = pipeline::run(
        files.len(),
        opts.jobs.max(1),
        READERS,
        cancel,
        |i| open_file(&files[i], &opts.limits),
        |i, opened| {
            let r = audit_file_budgeted(&files[i], opened, &lex, &opts, &keep);
            let b = done_bytes.fetch_add(r.0.bytes, Ordering::Relaxed) + r.0.bytes;
            bar.inc(1);
            if opts.progress {
                let secs = start.elapsed().as_secs_f64().max(1e-3);
                bar.set_message(format!("{:.1} MB/s", b as f64 / 1e6 / secs));
            }
            r
        },
        |_, (rec, rows, doc)| {
            if let Some(d) = doc {
                kept.insert(rec.content_hash, d);
            }
            for row in &rows {
                spool.push(row)?;
            }
            records.push(rec);
            Ok::<(), AuditError>(())
        },
    );
    if let Err(e) = done {
        bar.abandon();
        return Err(e);
    }
    if records.len() < files.len() {
        bar.abandon();
        return Err(AuditError::Interrupted);
    }
    bar.finish_and_clear();
    Ok(Pass {
        bytes: records.iter().map(|r| r.bytes).sum(),
        records,
        findings: spool,
        kept,
        elapsed: start.elapsed(),
    })
}

fn progress_bar(len: u64, show: bool) -> indicatif::ProgressBar {
    if !show {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(len),
        indicatif::ProgressDrawTarget::stderr(),
    );
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{spinner} [{elapsed_precise}] {wide_bar} {pos}/{len} documents, {per_sec}, {msg}, ETA {eta}",
    ) {
        bar.set_style(style);
    }
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

/// Facts about the run shown in the report.
#[derive(Debug, Clone, Default)]
pub struct RunInfo {
    pub findings: u64,
    pub series: usize,
    /// Lines for the reader: skipped files, duplicates, shards merged.
    pub notes: Vec<String>,
}

/// The finding rows ready to copy: check findings, then series findings.
pub struct Spooled {
    pub check_csv: std::fs::File,
    pub check_jsonl: std::fs::File,
    pub series_csv: std::fs::File,
    pub series_jsonl: std::fs::File,
}

impl Spooled {
    pub fn new(check: Spool, series: Spool) -> std::io::Result<Spooled> {
        let (check_csv, check_jsonl) = check.finish()?;
        let (series_csv, series_jsonl) = series.finish()?;
        Ok(Spooled {
            check_csv,
            check_jsonl,
            series_csv,
            series_jsonl,
        })
    }
}

/// One member of a series as the tables show it: what changed against the text
/// before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeRow {
    pub series: String,
    pub position: usize,
    pub path: String,
    pub symbol: String,
    pub year: Option<u16>,
    pub previous: String,
    /// Area ids whose language appeared, disappeared, became strong, became weak.
    pub areas_added: Vec<String>,
    pub areas_dropped: Vec<String>,
    pub areas_strengthened: Vec<String>,
    pub areas_weakened: Vec<String>,
    /// Regressed and info findings of the comparison with the predecessor; `None`
    /// when no comparison was made (the first text of a series).
    pub regressed: Option<usize>,
    pub added: Option<usize>,
    /// How the member was placed in time (`symbol`, `date-in-text`,
    /// `file-name-year`, `unknown`).
    pub placed_by: &'static str,
}

impl ChangeRow {
    pub fn is_addition(&self) -> bool {
        !self.areas_added.is_empty()
            || !self.areas_strengthened.is_empty()
            || self.added.is_some_and(|n| n > 0)
    }

    pub fn is_regression(&self) -> bool {
        !self.areas_dropped.is_empty()
            || !self.areas_weakened.is_empty()
            || self.regressed.is_some_and(|n| n > 0)
    }

    /// One line for a tooltip.
    pub fn describe(&self) -> String {
        let name = if self.symbol.is_empty() {
            &self.path
        } else {
            &self.symbol
        };
        let mut s = format!(
            "{name}{}",
            self.year.map(|y| format!(" ({y})")).unwrap_or_default()
        );
        if self.previous.is_empty() {
            s.push_str(": first text of the series");
            return s;
        }
        s.push_str(&format!(" against {}", self.previous));
        let mut parts = Vec::new();
        for (what, v) in [
            ("added", &self.areas_added),
            ("dropped", &self.areas_dropped),
            ("strengthened", &self.areas_strengthened),
            ("weakened", &self.areas_weakened),
        ] {
            if !v.is_empty() {
                parts.push(format!("{what}: {}", v.join(", ")));
            }
        }
        if let Some(n) = self.regressed.filter(|&n| n > 0) {
            parts.push(format!("{n} regressed finding(s)"));
        }
        if let Some(n) = self.added.filter(|&n| n > 0) {
            parts.push(format!("{n} strengthened or added"));
        }
        if parts.is_empty() {
            s.push_str(": no change in WPS language");
        } else {
            s.push_str(": ");
            s.push_str(&parts.join("; "));
        }
        s
    }
}

/// The change rows of all series members, in series order.
pub fn change_rows(
    records: &[DocRecord],
    series: &[series::Series],
    lex: &Lexicon,
    compared: &HashMap<usize, (usize, usize)>,
) -> Vec<ChangeRow> {
    let ids =
        |v: Vec<usize>| -> Vec<String> { v.into_iter().map(|i| lex.areas[i].id.clone()).collect() };
    let mut out = Vec::new();
    for s in series {
        for (pos, &m) in s.members.iter().enumerate() {
            let r = &records[m];
            let ch = if s.compared(pos) {
                series::area_changes(&records[s.members[pos - 1]].areas, &r.areas)
            } else {
                series::AreaChanges::default()
            };
            let cmp = compared.get(&m);
            out.push(ChangeRow {
                series: s.key.clone(),
                position: pos + 1,
                path: r.path.clone(),
                symbol: r.symbol.clone(),
                year: r.year,
                previous: r.previous.clone(),
                areas_added: ids(ch.added),
                areas_dropped: ids(ch.dropped),
                areas_strengthened: ids(ch.strengthened),
                areas_weakened: ids(ch.weakened),
                regressed: cmp.map(|c| c.0),
                added: cmp.map(|c| c.1),
                placed_by: s
                    .placed
                    .get(pos)
                    .map_or(identity::Placed::Unknown, |p| *p)
                    .as_str(),
            });
        }
    }
    out
}

/// Why writing the outputs stopped.
#[derive(Debug)]
pub enum WriteStop {
    /// Ctrl-C between two files: the ones listed were written, complete.
    Interrupted(Vec<PathBuf>),
    Output(crate::output::OutputError),
}

/// Everything an audit computed, ready to be written.
pub struct Results<'a> {
    pub lex: &'a Lexicon,
    pub records: &'a [DocRecord],
    pub trends: &'a [trends::Trend],
    pub changes: &'a [ChangeRow],
    pub info: &'a RunInfo,
}

/// Writes every output into `dir` (see [`write::FILES`]), each atomically; checks
/// `cancel` between files.
/// `summary` is the PDF of [`summary::pdf`], rendered before anything is written
/// (so that a template error leaves no output at all).
pub fn write_outputs(
    dir: &Path,
    outs: &crate::output::Outputs,
    res: &Results,
    spooled: &Spooled,
    summary: &[u8],
    cancel: &AtomicBool,
) -> Result<Vec<PathBuf>, WriteStop> {
    let t = write::targets(dir);
    let mut done: Vec<PathBuf> = Vec::new();
    let xlsx = write::FILES.iter().position(|f| *f == "audit.xlsx");
    // The workbook (the slowest output: it compresses) is written on its own thread
    // while the others are; each file still appears complete or not at all.
    std::thread::scope(|scope| {
        let mut workbook = xlsx.map(|i| {
            let path = &t[i];
            scope.spawn(move || {
                write::workbook(
                    outs,
                    path,
                    res.lex,
                    res.records,
                    res.trends,
                    res.changes,
                    spooled,
                )
            })
        });
        let mut join_workbook =
            |done: &mut Vec<PathBuf>| -> Result<(), crate::output::OutputError> {
                let (Some(h), Some(i)) = (workbook.take(), xlsx) else {
                    return Ok(());
                };
                let r = h.join().unwrap_or_else(|_| {
                    Err(crate::output::OutputError::Io(
                        t[i].clone(),
                        std::io::Error::other("internal error while writing the workbook"),
                    ))
                });
                if r.is_ok() {
                    done.push(t[i].clone());
                }
                r
            };
        for (i, path) in t.iter().enumerate() {
            if cancel.load(Ordering::Relaxed) {
                // A workbook already under way is finished (and counted) first.
                let _ = join_workbook(&mut done);
                return Err(WriteStop::Interrupted(done));
            }
            let r = match write::FILES[i] {
                "documents.csv" => write::documents_csv(outs, path, res.lex, res.records),
                "findings.csv" => {
                    write::findings_files(outs, path, &dir.join("findings.jsonl"), spooled)
                }
                // Written with findings.csv.
                "findings.jsonl" => Ok(()),
                "trends.csv" => write::trends_csv(outs, path, res.lex, res.trends),
                "series.csv" => write::series_csv(outs, path, res.changes),
                "audit.xlsx" => {
                    join_workbook(&mut done).map_err(WriteStop::Output)?;
                    continue;
                }
                "report.html" => {
                    let page =
                        html::render(res.lex, res.records, res.trends, res.changes, res.info);
                    outs.write(path, crate::output::Naming::Derived, page.as_bytes())
                }
                "summary.pdf" => outs.write(path, crate::output::Naming::Derived, summary),
                _ => Ok(()),
            };
            if let Err(e) = r {
                let _ = join_workbook(&mut done);
                return Err(WriteStop::Output(e));
            }
            done.push(path.clone());
        }
        Ok(done)
    })
}

/// The comparison of one series member with its predecessor.
pub struct SeriesResult {
    /// Index of the member in the records.
    pub record: usize,
    /// `regressed` and comparison `info` findings (strengthened or added language).
    pub rows: Vec<FindingRow>,
    pub regressed: usize,
    pub added: usize,
}

/// A parsed document and its analysis, kept between the comparisons of a segment.
type Held = Option<Kept>;

/// Series members compared by one worker in a row: each document is read once
/// for the comparison with its predecessor and kept for the one with its successor.
const SEGMENT: usize = 16;

/// Compares each series member with its predecessor as `compare` does. The texts
/// are read again, in segments of [`SEGMENT`] consecutive members so that each is
/// read once (only two documents a worker are held at a time), under the time
/// budget; a member with the same bytes as its predecessor has no change and is
/// not compared. Returns the results in record order, and one note per pair that
/// could not be compared.
pub fn compare_series(
    records: &[DocRecord],
    list: &[series::Series],
    kept: &HashMap<u64, Kept>,
    lex: &Arc<Lexicon>,
    opts: &AuditOptions,
    cancel: &AtomicBool,
) -> Result<(Vec<SeriesResult>, Vec<String>), AuditError> {
    // Members that cannot be dated are compared with nothing.
    let unplaced: std::collections::HashSet<usize> = list
        .iter()
        .flat_map(|s| {
            s.members
                .iter()
                .enumerate()
                .filter(|&(pos, _)| pos > 0 && !s.compared(pos))
                .map(|(_, &m)| m)
        })
        .collect();
    // Overlapping by one member, so that every pair is in exactly one segment.
    let segments: Vec<&[usize]> = list
        .iter()
        .flat_map(|s| {
            let m = &s.members;
            (0..m.len().saturating_sub(1))
                .step_by(SEGMENT)
                .map(move |i| &m[i..(i + SEGMENT + 1).min(m.len())])
        })
        .collect();
    let pairs: usize = segments.iter().map(|s| s.len() - 1).sum();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs.max(1))
        .build()
        .map_err(|e| AuditError::Spill(e.to_string()))?;
    let opts = Arc::new(opts.clone());
    let bar = progress_bar(pairs as u64, opts.progress);
    bar.set_message("series comparisons");
    let results: Vec<Option<Vec<Result<SeriesResult, String>>>> = pool.install(|| {
        use rayon::prelude::*;
        segments
            .par_iter()
            .map(|seg| {
                let mut out = Vec::with_capacity(seg.len() - 1);
                // The last document read, and the record it was read for.
                let mut held: Option<(usize, Kept)> = None;
                for w in seg.windows(2) {
                    if cancel.load(Ordering::Relaxed) {
                        return None;
                    }
                    let (p, c) = (w[0], w[1]);
                    bar.inc(1);
                    if unplaced.contains(&c) {
                        continue;
                    }
                    if records[p].same_content(&records[c]) {
                        out.push(Ok(SeriesResult {
                            record: c,
                            rows: Vec::new(),
                            regressed: 0,
                            added: 0,
                        }));
                        continue;
                    }
                    let prev = held
                        .take()
                        .filter(|(i, _)| *i == p || records[*i].same_content(&records[p]))
                        .map(|(_, d)| d)
                        .or_else(|| kept.get(&records[p].content_hash).cloned());
                    let cur = kept.get(&records[c].content_hash).cloned();
                    let (r, cur) = compare_pair(&records[p], &records[c], c, prev, cur, lex, &opts);
                    held = cur.map(|d| (c, d));
                    out.push(r);
                }
                Some(out)
            })
            .collect()
    });
    bar.finish_and_clear();
    let mut out = Vec::new();
    let mut notes = Vec::new();
    for seg in results {
        let Some(seg) = seg else {
            return Err(AuditError::Interrupted);
        };
        for r in seg {
            match r {
                Ok(s) => out.push(s),
                Err(n) => notes.push(n),
            }
        }
    }
    out.sort_by_key(|s| s.record);
    Ok((out, notes))
}

/// Compares `cur` with `prev` (read again unless `prev_doc` holds it). Returns
/// the result and the draft's document, for the next pair of the segment.
fn compare_pair(
    prev: &DocRecord,
    cur: &DocRecord,
    index: usize,
    prev_doc: Held,
    cur_doc: Held,
    lex: &Arc<Lexicon>,
    opts: &Arc<AuditOptions>,
) -> (Result<SeriesResult, String>, Held) {
    let (pp, cp) = (prev.path.clone(), cur.path.clone());
    let (prev_name, rec) = (series::name(prev), cur.clone());
    let (l, o) = (Arc::clone(lex), Arc::clone(opts));
    let work = move || -> (Result<SeriesResult, String>, Held) {
        let load = |p: &str| -> Result<crate::model::Document, String> {
            let ex = read::read_path(Path::new(p), &o.limits).map_err(|e| format!("{p}: {e}"))?;
            Ok(structure::parse(p, ex))
        };
        // The previous text's analysis is the one made when it was the draft of
        // the pair before (compare_analyzed checks the profile).
        let loaded;
        let (a, a_an) = match &prev_doc {
            Some(held) => (&held.0, Some(held.1.clone())),
            None => match load(&pp) {
                Ok(d) => {
                    loaded = d;
                    (&loaded, None)
                }
                Err(e) => return (Err(e), None),
            },
        };
        let cur = match cur_doc {
            Some(k) => k,
            None => match load(&cp) {
                Ok(d) => {
                    let an = crate::analysis::analyze(&d, &l, &o.analysis);
                    Arc::new((d, an))
                }
                Err(e) => return (Err(e), None),
            },
        };
        let (b, b_an) = (&cur.0, &cur.1);
        let copts = crate::compare::CompareOptions {
            analysis: o.analysis.clone(),
            include_unchanged: false,
        };
        let c = crate::compare::compare_analyzed(&l, a, a_an, b, b_an.clone(), &copts);
        let change = |f: &&crate::analysis::Finding| {
            f.kind == crate::analysis::FindingKind::Regressed
                || (f.kind == crate::analysis::FindingKind::Info
                    && matches!(
                        f.reason,
                        crate::compare::STRENGTHENED | crate::compare::ADDED
                    ))
        };
        let found: Vec<&crate::analysis::Finding> =
            c.draft.findings.iter().filter(change).collect();
        let regressed = found
            .iter()
            .filter(|f| f.kind == crate::analysis::FindingKind::Regressed)
            .count();
        let result = SeriesResult {
            record: index,
            rows: found
                .iter()
                .map(|f| FindingRow::new(b, &rec, f, &l, "series", &prev_name))
                .collect(),
            regressed,
            added: found.len() - regressed,
        };
        (Ok(result), Some(Arc::clone(&cur)))
    };
    let what = format!("{} against {}", series::name(cur), series::name(prev));
    let Some(budget) = opts.time_budget else {
        return std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).unwrap_or_else(|_| {
            (
                Err(format!("{what}: internal error in the comparison")),
                None,
            )
        });
    };
    let (tx, rx) = std::sync::mpsc::sync_channel(1);
    if let Err(e) = std::thread::Builder::new()
        .name("wpslens-compare".into())
        .spawn(move || {
            let _ = tx.send(work());
        })
    {
        return (
            Err(format!("{what}: cannot start a worker thread: {e}")),
            None,
        );
    }
    match rx.recv_timeout(budget) {
        Ok((r, d)) => (r.map_err(|e| format!("{what}: not compared: {e}")), d),
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => (
            Err(format!(
                "{what}: comparison took longer than the time budget of {} s",
                budget.as_secs_f64()
            )),
            None,
        ),
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => (
            Err(format!("{what}: internal error in the comparison")),
            None,
        ),
    }
}
