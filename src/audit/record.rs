//! What an audit keeps of each document: a compact record (metadata, area status,
//! finding counts) and its findings as flat rows. The document itself is dropped
//! as soon as these are made, so memory does not grow with the archive.

use crate::analysis::{Analysis, Finding, FindingKind, Status};
use crate::lexicon::Lexicon;
use crate::model::Document;
use crate::report;
use serde::Serialize;

/// One row of `documents.csv`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DocRecord {
    /// The path as discovered (the argument joined with the folder walk).
    pub path: String,
    /// Size of the file in bytes (0 when it could not be read).
    pub bytes: u64,
    /// `txt`, `docx` or `pdf`, from the content (what the reader used).
    pub format: String,
    pub kind: String,
    pub symbol: String,
    pub resolution_number: Option<u32>,
    pub year: Option<u16>,
    pub date: String,
    pub mission: String,
    pub profile: String,
    pub paragraphs: usize,
    /// Status of each lexicon area, in lexicon order.
    pub areas: Vec<Status>,
    /// Findings by kind: missing, weakened, regressed, info (series findings included).
    pub counts: [usize; 4],
    pub warnings: usize,
    /// The warnings themselves (what the reader was unsure of: paragraphs run
    /// together, numbers missing), joined with " | "; the last column of
    /// `documents.csv`.
    pub warning_messages: String,
    /// The series the document belongs to (`resolution:UNMIS`), if any.
    pub series: String,
    /// Position in the series, from 1.
    pub series_position: Option<usize>,
    /// The predecessor the document was compared with (symbol, or path).
    pub previous: String,
    /// Why the document could not be audited. Empty for audited documents.
    pub error: String,
    /// A hash of the file's bytes (0: unknown, as in records merged from shards):
    /// series members with the same bytes are not compared again. Not written out.
    pub content_hash: u64,
    /// The founding resolution of the sanctions regime the text keeps going
    /// (`2140`), for a sanctions text ([`super::identity::sanctions_regime`]).
    pub regime: Option<u32>,
    /// The mission whose mandate the text renews or authorises, by its acronym
    /// ([`super::identity::mandated_mission`]); empty when none is named so.
    pub mandate: String,
    /// A hash of the text after extraction ([`super::identity::text_hash`]; 0:
    /// none): copies of one text in other formats or folders share it.
    pub text_hash: u64,
    /// The path of the first copy (in path order) of the same text, for a later copy.
    pub duplicate_of: String,
}

impl DocRecord {
    /// An error row: the path and the problem, nothing else.
    pub fn failed(path: String, bytes: u64, error: String, areas: usize) -> DocRecord {
        DocRecord {
            path,
            bytes,
            error,
            areas: vec![Status::NotExpected; areas],
            ..DocRecord::default()
        }
    }

    pub fn ok(&self) -> bool {
        self.error.is_empty()
    }

    /// Whether both records are of files with the same bytes (known from the pass).
    pub fn same_content(&self, other: &DocRecord) -> bool {
        self.content_hash != 0
            && self.content_hash == other.content_hash
            && self.bytes == other.bytes
    }

    /// Whether the document carries any WPS language (evidence in any area, strong
    /// or weak).
    /// Whether the record counts as a text of its own: audited, and not a later
    /// copy of another input's text.
    pub fn distinct(&self) -> bool {
        self.ok() && self.duplicate_of.is_empty()
    }

    pub fn has_wps(&self) -> bool {
        self.areas.iter().any(|s| has_evidence(*s))
    }
}

/// Strong or weak evidence is a WPS reference; missing and not-expected are none.
pub fn has_evidence(s: Status) -> bool {
    matches!(s, Status::Strong | Status::Weak)
}

pub fn kind_index(k: FindingKind) -> usize {
    match k {
        FindingKind::Missing => 0,
        FindingKind::Weakened => 1,
        FindingKind::Regressed => 2,
        FindingKind::Info => 3,
    }
}

/// One row of `findings.csv` and one line of `findings.jsonl` (field order is the
/// column order).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FindingRow {
    pub path: String,
    pub symbol: String,
    pub year: Option<u16>,
    pub mission: String,
    /// `check` for findings on the document itself, `series` for changes against
    /// its predecessor.
    pub source: &'static str,
    pub rule: String,
    pub area: String,
    pub kind: &'static str,
    pub severity: &'static str,
    pub reason: &'static str,
    pub paragraph: String,
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub excerpt: String,
    pub message: String,
    pub previous_symbol: String,
    pub previous_paragraph: String,
    pub previous_excerpt: String,
}

pub const FINDING_COLUMNS: &[&str] = &[
    "path",
    "symbol",
    "year",
    "mission",
    "source",
    "rule",
    "area",
    "kind",
    "severity",
    "reason",
    "paragraph",
    "line",
    "column",
    "excerpt",
    "message",
    "previous_symbol",
    "previous_paragraph",
    "previous_excerpt",
];

impl FindingRow {
    /// The row of a finding in `doc`; `previous` names the predecessor for series
    /// findings.
    pub fn new(
        doc: &Document,
        rec: &DocRecord,
        f: &Finding,
        lex: &Lexicon,
        source: &'static str,
        previous: &str,
    ) -> FindingRow {
        let (line, column) = match &f.span {
            Some(s) => {
                let (l, c) = doc.line_col(s.start);
                (Some(l), Some(c))
            }
            None => (None, None),
        };
        let excerpt = match (f.paragraph, &f.span) {
            (Some(p), Some(s)) => report::excerpt(doc, p, s),
            _ => String::new(),
        };
        FindingRow {
            path: rec.path.clone(),
            symbol: rec.symbol.clone(),
            year: rec.year,
            mission: rec.mission.clone(),
            source,
            rule: lex.rules[f.rule].id.clone(),
            area: lex.areas[f.area].id.clone(),
            kind: f.kind.as_str(),
            severity: f.severity.as_str(),
            reason: f.reason.as_str(),
            paragraph: f
                .paragraph
                .map(|p| doc.paragraphs[p].label.to_string())
                .unwrap_or_default(),
            line,
            column,
            excerpt,
            message: f.message.clone(),
            previous_symbol: if f.previous.is_some() || source == "series" {
                previous.to_string()
            } else {
                String::new()
            },
            previous_paragraph: f
                .previous
                .as_ref()
                .map(|p| p.paragraph.clone())
                .unwrap_or_default(),
            previous_excerpt: f
                .previous
                .as_ref()
                .map(|p| p.excerpt.clone())
                .unwrap_or_default(),
        }
    }

    /// The CSV fields, in [`FINDING_COLUMNS`] order.
    pub fn fields(&self) -> [String; 18] {
        let opt = |v: Option<u32>| v.map(|n| n.to_string()).unwrap_or_default();
        [
            self.path.clone(),
            self.symbol.clone(),
            self.year.map(|y| y.to_string()).unwrap_or_default(),
            self.mission.clone(),
            self.source.to_string(),
            self.rule.clone(),
            self.area.clone(),
            self.kind.to_string(),
            self.severity.to_string(),
            self.reason.to_string(),
            self.paragraph.clone(),
            opt(self.line),
            opt(self.column),
            self.excerpt.clone(),
            self.message.clone(),
            self.previous_symbol.clone(),
            self.previous_paragraph.clone(),
            self.previous_excerpt.clone(),
        ]
    }
}

/// The record and finding rows of an audited document.
pub fn summarize(
    path: String,
    bytes: u64,
    format: &str,
    doc: &Document,
    a: &Analysis,
    lex: &Lexicon,
) -> (DocRecord, Vec<FindingRow>) {
    let mut counts = [0usize; 4];
    for f in &a.findings {
        counts[kind_index(f.kind)] += 1;
    }
    let rec = DocRecord {
        path,
        bytes,
        format: format.to_string(),
        kind: doc.kind.as_str().to_string(),
        symbol: doc.meta.symbol.clone().unwrap_or_default(),
        resolution_number: doc.meta.resolution_number,
        year: doc.meta.year,
        date: doc.meta.date.clone().unwrap_or_default(),
        mission: doc.meta.mission.clone().unwrap_or_default(),
        profile: lex.profiles[a.profile].id.clone(),
        paragraphs: doc.paragraphs.len(),
        areas: a.areas.iter().map(|r| r.status).collect(),
        counts,
        warnings: doc.warnings.len(),
        warning_messages: doc.warnings.join(" | "),
        series: String::new(),
        series_position: None,
        previous: String::new(),
        error: String::new(),
        content_hash: 0,
        regime: super::identity::sanctions_regime(doc),
        mandate: super::identity::mandated_mission(doc).unwrap_or_default(),
        text_hash: super::identity::text_hash(doc),
        duplicate_of: String::new(),
    };
    let rows = a
        .findings
        .iter()
        .map(|f| FindingRow::new(doc, &rec, f, lex, "check", ""))
        .collect();
    (rec, rows)
}

/// The header of `documents.csv`: fixed columns, one per area, then the rest.
pub fn document_columns(lex: &Lexicon) -> Vec<String> {
    let mut v: Vec<String> = [
        "path",
        "format",
        "bytes",
        "kind",
        "symbol",
        "resolution_number",
        "year",
        "date",
        "mission",
        "profile",
        "paragraphs",
        "wps",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    v.extend(lex.areas.iter().map(|a| a.id.clone()));
    v.extend(
        [
            "missing",
            "weakened",
            "regressed",
            "info",
            "warnings",
            "series",
            "series_position",
            "previous",
            "error",
            // Added last, so the columns before keep their positions.
            "warning_messages",
            "sanctions_regime",
            "mandate",
            "text_hash",
            "duplicate_of",
        ]
        .iter()
        .map(|s| s.to_string()),
    );
    v
}

/// The fields of a record, in [`document_columns`] order. Error rows leave the
/// analysis columns empty.
pub fn document_fields(r: &DocRecord) -> Vec<String> {
    let ok = r.ok();
    let num = |n: usize| if ok { n.to_string() } else { String::new() };
    let mut v = vec![
        r.path.clone(),
        r.format.clone(),
        r.bytes.to_string(),
        r.kind.clone(),
        r.symbol.clone(),
        r.resolution_number
            .map(|n| n.to_string())
            .unwrap_or_default(),
        r.year.map(|n| n.to_string()).unwrap_or_default(),
        r.date.clone(),
        r.mission.clone(),
        r.profile.clone(),
        num(r.paragraphs),
        if ok {
            if r.has_wps() { "yes" } else { "no" }.to_string()
        } else {
            String::new()
        },
    ];
    v.extend(r.areas.iter().map(|s| {
        if ok {
            s.as_str().to_string()
        } else {
            String::new()
        }
    }));
    v.extend(r.counts.iter().map(|&n| num(n)));
    v.push(num(r.warnings));
    v.push(r.series.clone());
    v.push(r.series_position.map(|n| n.to_string()).unwrap_or_default());
    v.push(r.previous.clone());
    v.push(r.error.clone());
    v.push(r.warning_messages.clone());
    v.push(r.regime.map(|n| n.to_string()).unwrap_or_default());
    v.push(r.mandate.clone());
    v.push(if r.text_hash == 0 {
        String::new()
    } else {
        format!("{:016x}", r.text_hash)
    });
    v.push(r.duplicate_of.clone());
    v
}

/// Parses a status written by [`document_fields`] (for merging shard outputs).
pub fn parse_status(s: &str) -> Option<Status> {
    Some(match s {
        "strong" => Status::Strong,
        "weak" => Status::Weak,
        "missing" => Status::Missing,
        "not-expected" => Status::NotExpected,
        _ => return None,
    })
}
