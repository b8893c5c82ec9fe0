//! Writers of the audit tables: CSV (the csv crate, for correct quoting), JSON
//! Lines and an XLSX workbook with the same tables. Every file goes through
//! [`Outputs`], so each appears complete or not at all.

use super::record::{self, DocRecord, FINDING_COLUMNS};
use super::trends::{self, Trend};
use super::{ChangeRow, Spooled};
use crate::lexicon::Lexicon;
use crate::output::{Naming, OutputError, Outputs};
use std::io;
use std::path::{Path, PathBuf};

/// The files an audit writes into its folder, in the order they are written.
pub const FILES: &[&str] = &[
    "documents.csv",
    "findings.csv",
    "findings.jsonl",
    "trends.csv",
    "series.csv",
    "audit.xlsx",
    "report.html",
    "summary.pdf",
];

/// The paths of the outputs in `dir`.
pub fn targets(dir: &Path) -> Vec<PathBuf> {
    FILES.iter().map(|f| dir.join(f)).collect()
}

fn csv_err(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        k => io::Error::other(format!("{k:?}")),
    }
}

/// Writes a CSV file: a header and rows.
pub fn write_csv(
    outs: &Outputs,
    path: &Path,
    header: &[String],
    rows: impl Iterator<Item = Vec<String>>,
) -> Result<(), OutputError> {
    outs.write_with(path, Naming::Derived, |w| {
        let mut c = csv::Writer::from_writer(w);
        c.write_record(header).map_err(csv_err)?;
        for r in rows {
            c.write_record(&r).map_err(csv_err)?;
        }
        c.flush()
    })
}

pub fn documents_csv(
    outs: &Outputs,
    path: &Path,
    lex: &Lexicon,
    records: &[DocRecord],
) -> Result<(), OutputError> {
    write_csv(
        outs,
        path,
        &record::document_columns(lex),
        records.iter().map(record::document_fields),
    )
}

pub fn trends_csv(
    outs: &Outputs,
    path: &Path,
    lex: &Lexicon,
    trends: &[Trend],
) -> Result<(), OutputError> {
    let ids: Vec<String> = lex.areas.iter().map(|a| a.id.clone()).collect();
    write_csv(
        outs,
        path,
        &trends::columns(&ids),
        trends.iter().map(trends::fields),
    )
}

pub const CHANGE_COLUMNS: &[&str] = &[
    "series",
    "position",
    "path",
    "symbol",
    "year",
    "previous",
    "areas_added",
    "areas_dropped",
    "areas_strengthened",
    "areas_weakened",
    "regressed",
    "added",
    // Added last, so the columns before keep their positions.
    "placed_by",
];

pub fn change_fields(c: &ChangeRow) -> Vec<String> {
    vec![
        c.series.clone(),
        c.position.to_string(),
        c.path.clone(),
        c.symbol.clone(),
        c.year.map(|y| y.to_string()).unwrap_or_default(),
        c.previous.clone(),
        c.areas_added.join(";"),
        c.areas_dropped.join(";"),
        c.areas_strengthened.join(";"),
        c.areas_weakened.join(";"),
        c.regressed.map(|n| n.to_string()).unwrap_or_default(),
        c.added.map(|n| n.to_string()).unwrap_or_default(),
        c.placed_by.to_string(),
    ]
}

pub fn series_csv(outs: &Outputs, path: &Path, changes: &[ChangeRow]) -> Result<(), OutputError> {
    let header: Vec<String> = CHANGE_COLUMNS.iter().map(|s| s.to_string()).collect();
    write_csv(outs, path, &header, changes.iter().map(change_fields))
}

/// Reads a spool file from its start without moving the file's own offset, so
/// that the workbook and findings.csv can read the same spool at the same time.
struct SpoolReader<'a> {
    file: &'a std::fs::File,
    pos: u64,
}

impl<'a> SpoolReader<'a> {
    fn new(file: &'a std::fs::File) -> SpoolReader<'a> {
        SpoolReader { file, pos: 0 }
    }
}

impl io::Read for SpoolReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        #[cfg(unix)]
        let n = std::os::unix::fs::FileExt::read_at(self.file, buf, self.pos)?;
        #[cfg(windows)]
        let n = std::os::windows::fs::FileExt::seek_read(self.file, buf, self.pos)?;
        #[cfg(not(any(unix, windows)))]
        let n = {
            use std::io::{Read, Seek};
            let mut f = self.file;
            f.seek(io::SeekFrom::Start(self.pos))?;
            f.read(buf)?
        };
        self.pos += n as u64;
        Ok(n)
    }
}

/// Copies the spooled finding rows (check findings, then series findings) into
/// `findings.csv` and `findings.jsonl`.
pub fn findings_files(
    outs: &Outputs,
    csv_path: &Path,
    jsonl_path: &Path,
    spooled: &Spooled,
) -> Result<(), OutputError> {
    outs.write_with(csv_path, Naming::Derived, |w| {
        let mut c = csv::Writer::from_writer(&mut *w);
        c.write_record(FINDING_COLUMNS).map_err(csv_err)?;
        c.flush()?;
        drop(c);
        for f in [&spooled.check_csv, &spooled.series_csv] {
            io::copy(&mut SpoolReader::new(f), w)?;
        }
        Ok(())
    })?;
    outs.write_with(jsonl_path, Naming::Derived, |w| {
        for f in [&spooled.check_jsonl, &spooled.series_jsonl] {
            io::copy(&mut SpoolReader::new(f), w)?;
        }
        Ok(())
    })
}

/// Excel's last row (1,048,576 rows, header included).
const EXCEL_MAX_ROWS: u32 = 1_048_576;

/// The workbook: Documents, Findings, Trends and Series sheets with the columns
/// of the CSV files, numbers as numbers, a frozen header and filters.
pub fn workbook(
    outs: &Outputs,
    path: &Path,
    lex: &Lexicon,
    records: &[DocRecord],
    trends_rows: &[Trend],
    changes: &[ChangeRow],
    spooled: &Spooled,
) -> Result<(), OutputError> {
    let io_err = |e: rust_xlsxwriter::XlsxError| {
        OutputError::Io(path.to_path_buf(), io::Error::other(e.to_string()))
    };
    let mut wb = rust_xlsxwriter::Workbook::new();
    // A faster deflate than the default level 6, whose matching was most of the
    // workbook's time; the file is about a sixth larger (level 1: three fifths).
    wb.set_zip_compression_level(3);
    // A fixed creation date: a re-run must give the same bytes.
    let fixed = rust_xlsxwriter::ExcelDateTime::from_ymd(2000, 1, 1).map_err(io_err)?;
    wb.set_properties(
        &rust_xlsxwriter::DocProperties::new()
            .set_title("wpslens audit")
            .set_creation_datetime(&fixed),
    );
    let bold = rust_xlsxwriter::Format::new().set_bold();

    let numeric_docs: Vec<bool> = record::document_columns(lex)
        .iter()
        .map(|c| {
            matches!(
                c.as_str(),
                "bytes"
                    | "resolution_number"
                    | "year"
                    | "paragraphs"
                    | "missing"
                    | "weakened"
                    | "regressed"
                    | "info"
                    | "warnings"
                    | "series_position"
            )
        })
        .collect();
    sheet(
        &mut wb,
        "Documents",
        &record::document_columns(lex),
        records.iter().map(record::document_fields),
        &numeric_docs,
        &bold,
    )
    .map_err(io_err)?;

    // Findings, read back from the spool (constant memory: rows go to disk).
    let header: Vec<String> = FINDING_COLUMNS.iter().map(|s| s.to_string()).collect();
    let numeric: Vec<bool> = header
        .iter()
        .map(|c| matches!(c.as_str(), "year" | "line" | "column"))
        .collect();
    let mut rows_err: Option<io::Error> = None;
    {
        let mut readers = Vec::new();
        for f in [&spooled.check_csv, &spooled.series_csv] {
            readers.push(
                csv::ReaderBuilder::new()
                    .has_headers(false)
                    .from_reader(SpoolReader::new(f)),
            );
        }
        let rows = readers
            .into_iter()
            .flat_map(|r| r.into_records())
            .map_while(|r| match r {
                Ok(rec) => Some(rec.iter().map(str::to_string).collect::<Vec<String>>()),
                Err(e) => {
                    rows_err = Some(csv_err(e));
                    None
                }
            });
        sheet(&mut wb, "Findings", &header, rows, &numeric, &bold).map_err(io_err)?;
    }
    if let Some(e) = rows_err {
        return Err(OutputError::Io(path.to_path_buf(), e));
    }

    let ids: Vec<String> = lex.areas.iter().map(|a| a.id.clone()).collect();
    let tcols = trends::columns(&ids);
    let tnum: Vec<bool> = tcols.iter().map(|c| c != "kind").collect();
    sheet(
        &mut wb,
        "Trends",
        &tcols,
        trends_rows.iter().map(trends::fields),
        &tnum,
        &bold,
    )
    .map_err(io_err)?;
    let ccols: Vec<String> = CHANGE_COLUMNS.iter().map(|s| s.to_string()).collect();
    let cnum: Vec<bool> = ccols
        .iter()
        .map(|c| matches!(c.as_str(), "position" | "year" | "regressed" | "added"))
        .collect();
    sheet(
        &mut wb,
        "Series",
        &ccols,
        changes.iter().map(change_fields),
        &cnum,
        &bold,
    )
    .map_err(io_err)?;
    let bytes = wb.save_to_buffer().map_err(io_err)?;
    outs.write(path, Naming::Derived, &bytes)
}

fn sheet(
    wb: &mut rust_xlsxwriter::Workbook,
    name: &str,
    header: &[String],
    rows: impl Iterator<Item = Vec<String>>,
    numeric: &[bool],
    bold: &rust_xlsxwriter::Format,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    let ws = wb.add_worksheet_with_constant_memory()?;
    ws.set_name(name)?;
    for (c, h) in header.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, h, bold)?;
    }
    let mut row: u32 = 1;
    let mut truncated = 0u64;
    for r in rows {
        if row >= EXCEL_MAX_ROWS - 1 {
            truncated += 1;
            continue;
        }
        for (c, v) in r.iter().enumerate() {
            if v.is_empty() {
                continue;
            }
            let col = c as u16;
            match (numeric.get(c), v.parse::<f64>()) {
                (Some(true), Ok(n)) => ws.write_number(row, col, n)?,
                // Excel's limit for a cell is 32,767 characters.
                _ => ws.write_string(row, col, truncate_chars(v, 32_000))?,
            };
        }
        row += 1;
    }
    if truncated > 0 {
        ws.write_string(
            row,
            0,
            format!("{truncated} more rows than Excel can hold: see the CSV file"),
        )?;
    }
    ws.set_freeze_panes(1, 0)?;
    if row > 1 {
        ws.autofilter(0, 0, row - 1, header.len().saturating_sub(1) as u16)?;
    }
    Ok(())
}

fn truncate_chars(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}
