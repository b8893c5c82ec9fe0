//! The `wpslens audit` command: discovery, the per-document pass, series, trends
//! and the outputs, with messages on stderr. `src/cli.rs` only parses arguments.

use super::inputs::{self, Shard};
use super::{
    merge, record::DocRecord, series, trends, AuditError, AuditOptions, Results, RunInfo, Spool,
    Spooled, WriteStop,
};
use crate::lexicon::Lexicon;
use crate::output::{Naming, Outputs};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Instant;

pub const EXIT_OK: i32 = 0;
pub const EXIT_ERROR: i32 = 2;
/// Interrupted by Ctrl-C (128 + SIGINT, as shells report it).
pub const EXIT_INTERRUPTED: i32 = 130;

/// What the user asked for.
pub struct Request {
    pub paths: Vec<PathBuf>,
    pub files_from: Vec<PathBuf>,
    pub out: PathBuf,
    pub force: bool,
    pub shard: Option<Shard>,
    /// Treat `paths` as shard output folders to merge.
    pub merge: bool,
    pub options: AuditOptions,
    /// A folder of templates overriding the embedded `audit-summary` (`--templates`).
    pub templates: Option<PathBuf>,
}

fn err(msg: impl std::fmt::Display) -> i32 {
    eprintln!("wpslens: error: {msg}");
    EXIT_ERROR
}

/// Runs an audit; returns the exit status: 0 when every document was read, 2 when
/// any could not be (its row says why) or on a usage error, 130 on Ctrl-C.
pub fn run(req: Request, lex: Lexicon, cancel: &AtomicBool) -> i32 {
    let start = Instant::now();
    let created = !req.out.exists();
    // An interrupted run leaves no folder it created (remove_dir only removes an
    // empty one).
    let interrupted = |msg: &str| {
        eprintln!("wpslens: interrupted: {msg}");
        if created {
            let _ = std::fs::remove_dir(&req.out);
        }
        EXIT_INTERRUPTED
    };
    // The templates for summary.pdf, read before any work (the embedded
    // `audit-summary` stands in when a --templates folder has none).
    let renderer = match crate::render::Renderer::new(req.templates.as_deref()) {
        Ok(r) => r,
        Err(e) => return err(e),
    };
    if let Err(e) = std::fs::create_dir_all(&req.out) {
        return err(format!(
            "{}: cannot create output folder: {}",
            req.out.display(),
            crate::read::io_message(&e)
        ));
    }
    let mut info = RunInfo::default();
    let lex = Arc::new(lex);

    // Inputs, and the output policy protecting them.
    let (records, spool, files_for_outputs, pass_stats, kept) = if req.merge {
        if req.paths.is_empty() {
            return err("--merge needs the shard output folders");
        }
        let mut outs_inputs = Vec::new();
        for d in &req.paths {
            for f in super::write::FILES {
                outs_inputs.push(d.join(f));
            }
        }
        match merge::merge(&req.paths, &lex) {
            Ok((r, s)) => {
                info.notes.push(format!(
                    "Merged from {} shard output folders.",
                    req.paths.len()
                ));
                (r, s, outs_inputs, None, HashMap::new())
            }
            Err(e) => return err(e),
        }
    } else {
        let found =
            match inputs::discover(&req.paths, &req.files_from, std::slice::from_ref(&req.out)) {
                Ok(d) => d,
                Err(e) => return err(e),
            };
        if let Some(n) = found.skipped_note() {
            eprintln!("wpslens: note: {n}");
            info.notes.push(format!("{n}."));
        }
        if found.duplicates > 0 {
            let n = format!(
                "{} file(s) reached twice through the arguments were audited once",
                found.duplicates
            );
            eprintln!("wpslens: note: {n}");
            info.notes.push(format!("{n}."));
        }
        let mut files = found.files;
        let mut missing = found.missing;
        if files.is_empty() && missing.is_empty() {
            return err("no documents to audit (.txt, .docx, .pdf)");
        }
        // A shard may own none of the documents: it then writes empty outputs
        // (headers only), which merge like any other shard's.
        if let Some(s) = req.shard {
            files.retain(|p| s.owns(p));
            missing.retain(|(p, _)| s.owns(p));
            info.notes.push(format!(
                "Shard {} of {}: series are compared when the shards are merged.",
                s.index, s.count
            ));
        }
        // Refuse before any work if an output would replace an input or an
        // existing derived file without --force.
        let outs = Outputs::new(&files, req.force);
        for t in super::write::targets(&req.out) {
            if let Err(e) = outs.check(&t, Naming::Derived) {
                return err(e);
            }
        }
        let pass = match super::run_pass(&files, Arc::clone(&lex), req.options.clone(), cancel) {
            Ok(p) => p,
            Err(AuditError::Interrupted) => return interrupted("no output written"),
            Err(e) => return err(e),
        };
        let mut records = pass.records;
        for (p, m) in &missing {
            records.push(super::missing_record(p, m, &lex));
        }
        records.sort_by(|a, b| a.path.cmp(&b.path));
        let stats = (pass.bytes, pass.elapsed, records.len());
        (records, pass.findings, files, Some(stats), pass.kept)
    };
    let mut records = records;
    let outs = Outputs::new(&files_for_outputs, req.force);
    for t in super::write::targets(&req.out) {
        if let Err(e) = outs.check(&t, Naming::Derived) {
            return err(e);
        }
    }

    // Copies of one text (whatever the format or folder) are counted once.
    let copies = super::series::mark_duplicates(&mut records);
    if copies > 0 {
        let n = format!(
            "{copies} file(s) hold the same text as another input (duplicate_of in documents.csv): counted once, compared with nothing"
        );
        eprintln!("wpslens: note: {n}");
        info.notes.push(format!("{n}."));
    }
    // Series (not in a shard: its members may sit in other shards).
    let series_list = if req.shard.is_some_and(|s| s.count > 1) {
        Vec::new()
    } else {
        series::build(&mut records)
    };
    let mut series_spool = match Spool::new() {
        Ok(s) => s,
        Err(e) => return err(e),
    };
    let mut compared: HashMap<usize, (usize, usize)> = HashMap::new();
    if !series_list.is_empty() {
        let (results, notes) = match super::compare_series(
            &records,
            &series_list,
            &kept,
            &lex,
            &req.options,
            cancel,
        ) {
            Ok(r) => r,
            Err(AuditError::Interrupted) => return interrupted("no output written"),
            Err(e) => return err(e),
        };
        for n in notes {
            eprintln!("wpslens: warning: {n}");
            info.notes.push(n);
        }
        for r in results {
            for row in &r.rows {
                if let Err(e) = series_spool.push(row) {
                    return err(e);
                }
            }
            let rec = &mut records[r.record];
            rec.counts[2] += r.regressed;
            rec.counts[3] += r.added;
            compared.insert(r.record, (r.regressed, r.added));
        }
    }
    // The documents kept for the comparisons are not needed by the outputs.
    drop(kept);
    let changes = super::change_rows(&records, &series_list, &lex, &compared);
    let trend_rows = trends::compute(&records, lex.areas.len());
    info.findings = spool.rows + series_spool.rows;
    info.series = series_list.len();
    let spooled = match Spooled::new(spool, series_spool) {
        Ok(s) => s,
        Err(e) => return err(format!("cannot read back temporary data: {e}")),
    };
    let res = Results {
        lex: &lex,
        records: &records,
        trends: &trend_rows,
        changes: &changes,
        info: &info,
    };
    // The summary first: a template error must leave no output at all.
    let summary_pdf = match super::summary::pdf(&res, &renderer) {
        Ok(b) => b,
        Err(e) => return err(format!("{}: {e}", req.out.join("summary.pdf").display())),
    };
    match super::write_outputs(&req.out, &outs, &res, &spooled, &summary_pdf, cancel) {
        Ok(_) => {}
        Err(WriteStop::Interrupted(done)) => {
            return interrupted(&format!(
                "{} of {} output files written (each complete)",
                done.len(),
                super::write::FILES.len()
            ));
        }
        Err(WriteStop::Output(e)) => return err(e),
    }
    summary(
        &records,
        &req.out,
        pass_stats,
        start,
        info.findings,
        series_list.len(),
    )
}

fn summary(
    records: &[DocRecord],
    out: &Path,
    stats: Option<(u64, std::time::Duration, usize)>,
    start: Instant,
    findings: u64,
    series: usize,
) -> i32 {
    let failed: Vec<&DocRecord> = records.iter().filter(|r| !r.ok()).collect();
    for r in &failed {
        eprintln!("wpslens: error: {}: {}", r.path, r.error);
    }
    let with = records.iter().filter(|r| r.ok() && r.has_wps()).count();
    let secs = start.elapsed().as_secs_f64();
    let speed = match stats {
        Some((bytes, pass, n)) => {
            let p = pass.as_secs_f64().max(1e-6);
            format!(
                " (reading and checking {:.1} MB/s, {:.0} documents/s)",
                bytes as f64 / 1e6 / p,
                n as f64 / p
            )
        }
        None => String::new(),
    };
    eprintln!(
        "wpslens: audited {} documents in {secs:.2} s{speed}: {} with WPS references, {} unreadable, {findings} findings, {series} series; outputs in {}",
        records.len(),
        with,
        failed.len(),
        out.display()
    );
    if failed.is_empty() {
        EXIT_OK
    } else {
        EXIT_ERROR
    }
}
