//! The command line: argument parsing and the commands. Everything here is glue:
//! reading goes through `read`, parsing through `structure`, analysis through
//! `analysis`, printing through `report`.

use crate::analysis::{self, Options};
use crate::compare;
use crate::lexicon::{Lexicon, LexiconError, Severity, Sources};
use crate::read::{self, Limits};
use crate::report::{self, human::Style, Checked, InputError};
use crate::structure;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

/// Reads UN Security Council drafts, resolutions and reports through a Women,
/// Peace and Security lens.
#[derive(Parser, Debug)]
#[command(name = "wpslens", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check drafts, resolutions or reports for missing and weakened WPS language.
    Check(CheckArgs),
    /// Compare a draft with the previous text: the same as `check DRAFT --against PREVIOUS`.
    Compare(CompareArgs),
    /// Print a rule's documentation: what it checks, why, agreed language, source.
    Explain(ExplainArgs),
    /// Inspect the lexicon: validate a folder, list rules.
    Lexicon(LexiconArgs),
    /// Print a document's structure as wpslens reads it (labels, parts, headings).
    Outline(OutlineArgs),
    /// Render a letter, meeting summary or note from a template and data, to DOCX or PDF.
    Render(RenderArgs),
    /// Write the recommendations note (agreed language to add or restore) from
    /// `check --format json` findings or straight from drafts.
    Letter(LetterArgs),
    /// Audit a whole archive: tables, trends, series and a report in an output folder.
    Audit(AuditArgs),
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum DocFormat {
    Docx,
    Pdf,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum PaperArg {
    A4,
    Letter,
}

#[derive(Args, Debug)]
pub struct RenderOutArgs {
    /// Output file (format from its extension), or an existing folder.
    #[arg(long, short = 'o', value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Output folder: one file per data file and format, named after the data file.
    #[arg(long, value_name = "DIR", conflicts_with = "output")]
    pub out_dir: Option<PathBuf>,
    /// Output format (default: from the output's extension; in a folder, both). Repeatable.
    #[arg(long, short = 'f', value_enum)]
    pub format: Vec<DocFormat>,
    /// Paper size.
    #[arg(long, value_enum, default_value_t = PaperArg::A4)]
    pub paper: PaperArg,
    /// Use the templates of this folder (`NAME.jinja`) before the embedded ones.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Replace existing files in an output folder.
    #[arg(long)]
    pub force: bool,
}

#[derive(Args, Debug)]
pub struct RenderArgs {
    /// Template name (briefing-request, transmittal, meeting-summary, recommendations,
    /// or one of a --templates folder).
    pub template: String,
    /// Data files (.toml, .json, .yaml); several render into an output folder.
    #[arg(long, short = 'd', value_name = "FILE", required = true, num_args = 1..)]
    pub data: Vec<PathBuf>,
    #[command(flatten)]
    pub out: RenderOutArgs,
}

#[derive(Args, Debug)]
pub struct LetterArgs {
    /// Drafts to check (.txt, .docx, .pdf), instead of --findings.
    #[arg(
        value_name = "DRAFT",
        required_unless_present = "findings",
        conflicts_with = "findings"
    )]
    pub drafts: Vec<PathBuf>,
    /// The JSON of `wpslens check --format json`.
    #[arg(long, value_name = "FILE")]
    pub findings: Option<PathBuf>,
    /// More fields for the template (meeting, date, title, author, intro), .toml/.json/.yaml.
    #[arg(long, short = 'd', value_name = "FILE")]
    pub data: Option<PathBuf>,
    /// Template to use.
    #[arg(long, default_value = "recommendations")]
    pub template: String,
    /// Use this profile instead of detecting it (with drafts).
    #[arg(long, value_name = "ID")]
    pub profile: Option<String>,
    #[command(flatten)]
    pub common: CommonArgs,
    #[command(flatten)]
    pub out: RenderOutArgs,
}

#[derive(Args, Debug)]
pub struct CommonArgs {
    /// Use the lexicon in this folder instead of the embedded default.
    #[arg(long, value_name = "DIR")]
    pub lexicon: Option<PathBuf>,
    /// Refuse input files larger than this (bytes, or with a K, M or G suffix).
    #[arg(long, value_name = "SIZE", default_value = "256M",
          value_parser = parse_size, help_heading = "Limits")]
    pub max_input_size: u64,
    /// Refuse documents whose extracted text is larger than this.
    #[arg(long, value_name = "SIZE", default_value = "32M",
          value_parser = parse_size, help_heading = "Limits")]
    pub max_text_size: u64,
    /// Refuse DOCX files (ZIP archives) with more entries than this.
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_zip_entries,
          help_heading = "Limits")]
    pub max_zip_entries: usize,
    /// Refuse DOCX files whose parts read decompress to more than this in total.
    #[arg(long, value_name = "SIZE", default_value = "512M",
          value_parser = parse_size, help_heading = "Limits")]
    pub max_uncompressed_size: u64,
    /// Refuse a DOCX part that decompresses to more than this many times its
    /// compressed size (zip bombs; parts under 1 MiB are never refused for it).
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_compression_ratio,
          help_heading = "Limits")]
    pub max_compression_ratio: u64,
    /// Refuse DOCX XML nested deeper than this.
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_xml_depth,
          help_heading = "Limits")]
    pub max_xml_depth: usize,
    /// Refuse PDF files larger than this (the PDF parser needs about six times
    /// the file size in memory).
    #[arg(long, value_name = "SIZE", default_value = "64M",
          value_parser = parse_size, help_heading = "Limits")]
    pub max_pdf_size: u64,
    /// Refuse PDFs with more pages than this.
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_pdf_pages,
          help_heading = "Limits")]
    pub max_pdf_pages: usize,
    /// Refuse PDFs with more objects than this.
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_pdf_objects,
          help_heading = "Limits")]
    pub max_pdf_objects: usize,
}

impl CommonArgs {
    /// The reading limits these options ask for.
    pub fn limits(&self) -> Limits {
        Limits {
            max_input_bytes: self.max_input_size,
            max_zip_entries: self.max_zip_entries,
            max_uncompressed_bytes: self.max_uncompressed_size,
            max_compression_ratio: self.max_compression_ratio,
            max_xml_depth: self.max_xml_depth,
            max_pdf_pages: self.max_pdf_pages,
            max_pdf_objects: self.max_pdf_objects,
            max_pdf_bytes: self.max_pdf_size,
            max_text_bytes: usize::try_from(self.max_text_size).unwrap_or(usize::MAX),
        }
    }
}

/// A size in bytes: digits with an optional K, M or G suffix (powers of 1024;
/// `KB`, `KiB` and lower case accepted).
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (num, unit) = t.split_at(digits);
    let n: u64 = num
        .parse()
        .map_err(|_| format!("{s:?} is not a size (e.g. 500000, 64K, 200M, 1G)"))?;
    let shift = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        _ => return Err(format!("{s:?} is not a size (e.g. 500000, 64K, 200M, 1G)")),
    };
    n.checked_mul(1 << shift)
        .ok_or_else(|| format!("{s:?} is too large"))
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Diagnostics with the text marked, and a coverage summary.
    Human,
    /// One JSON object (the documented contract, version 1).
    Json,
    /// SARIF 2.1.0 for code-review and CI tools.
    Sarif,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Files to check (.txt, .docx, .pdf).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Compare with the previous text (the resolution being renewed): report WPS
    /// language dropped, weakened, hedged or moved down, and what was added.
    #[arg(long, value_name = "PREVIOUS")]
    pub against: Option<PathBuf>,
    #[command(flatten)]
    pub opts: CheckOptions,
}

#[derive(Args, Debug)]
pub struct CompareArgs {
    /// The previous text (.txt, .docx, .pdf).
    #[arg(value_name = "PREVIOUS")]
    pub previous: PathBuf,
    /// The draft (.txt, .docx, .pdf).
    #[arg(value_name = "DRAFT")]
    pub draft: PathBuf,
    #[command(flatten)]
    pub opts: CheckOptions,
}

/// Options shared by `check` and `compare`.
#[derive(Args, Debug)]
pub struct CheckOptions {
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Exit with status 1 when a finding at or above this severity is reported.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
    /// Use this profile instead of detecting it (pko-mandate, spm-mandate,
    /// sanctions, thematic, sg-report, generic, or one of a custom lexicon).
    #[arg(long, value_name = "ID")]
    pub profile: Option<String>,
    /// Hold the text to today's agreed language whatever its date. By default a
    /// text is not told that language agreed after its year is missing (each rule
    /// has a `since` year; see `wpslens explain`), and a text from before
    /// resolution 1325 (2000) gets its coverage without `missing` findings.
    #[arg(long)]
    pub expect_current: bool,
    /// In a comparison, also report the draft's findings that the previous text
    /// already had (by default they are counted as carried over).
    #[arg(long)]
    pub include_unchanged: bool,
    /// Leave out the coverage summary (human format).
    #[arg(long)]
    pub no_summary: bool,
    /// Show only findings at or above this severity (human format).
    #[arg(long, value_enum, default_value_t = ShowLevel::Info)]
    pub show: ShowLevel,
    /// Colour: auto (on a terminal, unless NO_COLOR is set), always or never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Write the draft as a Word document with a comment on each flagged paragraph
    /// (one input file only; a DOCX draft keeps its text, numbering and formatting).
    #[arg(long, value_name = "OUT.docx")]
    pub annotate: Option<PathBuf>,
    /// With --annotate and --against: add the WPS changes against the previous text
    /// as tracked changes.
    #[arg(long, requires = "annotate")]
    pub redline: bool,
    #[command(flatten)]
    pub common: CommonArgs,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum ShowLevel {
    Error,
    Warning,
    Info,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// Rule id, e.g. WPA-001 (case does not matter).
    pub rule: String,
    /// Output as JSON.
    #[arg(long)]
    pub json: bool,
    /// Use the lexicon in this folder instead of the embedded default.
    #[arg(long, value_name = "DIR")]
    pub lexicon: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct LexiconArgs {
    #[command(subcommand)]
    pub action: LexiconAction,
}

#[derive(Subcommand, Debug)]
pub enum LexiconAction {
    /// Validate a lexicon folder; errors are printed as file:line:column: message.
    Validate {
        /// The folder (default: the embedded lexicon).
        dir: Option<PathBuf>,
    },
    /// List the rules (id, area, check, title).
    List {
        #[arg(long, value_name = "DIR")]
        lexicon: Option<PathBuf>,
    },
    /// Print every literal evidence term, normalised, one per line (for grep -F -f).
    Terms {
        #[arg(long, value_name = "DIR")]
        lexicon: Option<PathBuf>,
    },
}

#[derive(Args, Debug)]
pub struct OutlineArgs {
    pub file: PathBuf,
    #[command(flatten)]
    pub common: CommonArgs,
}

#[derive(Args, Debug)]
pub struct AuditArgs {
    /// Files, folders (walked recursively) and glob patterns ("archive/**/*.pdf").
    /// With --merge: the output folders of the shards to merge.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Also audit the files listed in FILE, one path a line ("-" reads standard input).
    #[arg(long, value_name = "FILE")]
    pub files_from: Vec<PathBuf>,
    /// Output folder (documents.csv, findings.csv, findings.jsonl, trends.csv,
    /// series.csv, audit.xlsx, report.html, summary.pdf); created if needed.
    #[arg(long, short = 'o', value_name = "DIR")]
    pub out: PathBuf,
    /// Replace outputs already in the folder.
    #[arg(long)]
    pub force: bool,
    /// Worker threads (default: the number of CPUs).
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
    /// Longest time one document may take, in seconds; a document over it gets an
    /// error row. 0: no limit.
    #[arg(long, value_name = "SECS", default_value_t = 120.0)]
    pub time_budget: f64,
    /// Audit only shard I of N (1-based): documents are split by a hash of their path.
    #[arg(long, value_name = "I/N", conflicts_with = "merge")]
    pub shard: Option<crate::audit::inputs::Shard>,
    /// Merge the output folders of shards (given as PATHs) into --out.
    #[arg(long)]
    pub merge: bool,
    /// Use this profile for every document instead of detecting it.
    #[arg(long, value_name = "ID")]
    pub profile: Option<String>,
    /// Hold every text to today's agreed language whatever its date (by default
    /// language agreed after a text's year is not expected of it, and texts from
    /// before resolution 1325 (2000) get no `missing` findings).
    #[arg(long)]
    pub expect_current: bool,
    /// Progress bar: auto (on a terminal), always or never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub progress: ColorChoice,
    /// Render summary.pdf with the `audit-summary.jinja` of this folder instead of
    /// the embedded template.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    #[command(flatten)]
    pub common: CommonArgs,
}

/// Exit statuses.
pub const EXIT_OK: i32 = 0;
pub const EXIT_FINDINGS: i32 = 1;
pub const EXIT_ERROR: i32 = 2;

/// Runs the command line; returns the process exit status.
/// Set by [`run_and_exit`]: the process ends when the command returns, so large
/// values (the compiled lexicon, documents, analyses) are left for the system to
/// reclaim instead of being freed one allocation at a time (1-2 ms of a check).
static PROCESS_EXITS: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Runs the command and ends the process with its exit code (the binary's main).
pub fn run_and_exit(cli: Cli) -> ! {
    PROCESS_EXITS.store(true, std::sync::atomic::Ordering::Relaxed);
    std::process::exit(run(cli))
}

/// Drops `value`, unless the process is about to exit anyway.
fn release<T>(value: T) {
    if PROCESS_EXITS.load(std::sync::atomic::Ordering::Relaxed) {
        std::mem::forget(value);
    }
}

pub fn run(cli: Cli) -> i32 {
    // Ctrl-C: commands that write files remove their temporary files and stop
    // (targets are only ever replaced whole). `audit` installs its own handler,
    // which lets the batch finish the document at hand first.
    if !matches!(cli.command, Command::Audit(_)) {
        let _ = ctrlc::set_handler(|| {
            crate::output::remove_pending();
            std::process::exit(130);
        });
    }
    match cli.command {
        Command::Check(a) => check(a.files, a.against, a.opts),
        Command::Compare(a) => check(vec![a.draft], Some(a.previous), a.opts),
        Command::Explain(a) => explain(a),
        Command::Lexicon(a) => lexicon_cmd(a),
        Command::Outline(a) => outline(a),
        Command::Render(a) => crate::render::cmd::render(a),
        Command::Letter(a) => crate::render::cmd::letter(a),
        Command::Audit(a) => audit(a),
    }
}

/// Writes to stdout; a closed pipe (`wpslens ... | head`) is not an error.
fn emit(s: &str) -> i32 {
    let mut out = std::io::stdout().lock();
    match out.write_all(s.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => EXIT_OK,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => EXIT_OK,
        Err(e) => {
            eprintln!("wpslens: error: cannot write output: {e}");
            EXIT_ERROR
        }
    }
}

/// Loads the lexicon, printing its errors.
pub(crate) fn load_lexicon(dir: Option<&Path>) -> Result<Lexicon, i32> {
    let src = match dir {
        None => Sources::embedded(),
        Some(d) => match Sources::from_dir(d) {
            Ok(s) => s,
            Err(errs) => return Err(print_lexicon_errors(&errs)),
        },
    };
    Lexicon::load(&src).map_err(|errs| print_lexicon_errors(&errs))
}

fn print_lexicon_errors(errs: &[LexiconError]) -> i32 {
    for e in errs {
        eprintln!("{e}");
    }
    eprintln!("wpslens: error: the lexicon has {} error(s)", errs.len());
    EXIT_ERROR
}

/// Reads and parses one file.
pub fn load_document(path: &Path, limits: &Limits) -> Result<crate::model::Document, String> {
    let ex = read::read_path(path, limits).map_err(|e| e.to_string())?;
    Ok(structure::parse(&path.display().to_string(), ex))
}

fn check(files: Vec<PathBuf>, against: Option<PathBuf>, a: CheckOptions) -> i32 {
    let lex = match load_lexicon(a.common.lexicon.as_deref()) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let profile = match &a.profile {
        None => None,
        Some(id) => match lex.profile_by_id(id) {
            Some(p) => Some(p),
            None => {
                let ids: Vec<&str> = lex.profiles.iter().map(|p| p.id.as_str()).collect();
                eprintln!(
                    "wpslens: error: unknown profile {id:?} (one of: {})",
                    ids.join(", ")
                );
                return EXIT_ERROR;
            }
        },
    };
    let limits = a.common.limits();
    let opts = Options {
        profile,
        expect_current: a.expect_current,
    };
    if let Some(out) = &a.annotate {
        if a.redline && against.is_none() {
            eprintln!("wpslens: error: --redline needs --against PREVIOUS (the text to compare the draft with)");
            return EXIT_ERROR;
        }
        if files.len() != 1 {
            eprintln!(
                "wpslens: error: --annotate writes one annotated draft: give exactly one FILE (got {})",
                files.len()
            );
            return EXIT_ERROR;
        }
        let outputs = crate::output::Outputs::new(files.iter().chain(against.iter()), false);
        if let Err(e) = outputs.check(out, crate::output::Naming::Explicit) {
            eprintln!("wpslens: error: {e}");
            return EXIT_ERROR;
        }
    }
    let mut checked = Vec::new();
    let mut errors = Vec::new();
    let previous = match &against {
        None => None,
        Some(p) => match load_document(p, &limits) {
            Ok(doc) => Some(doc),
            Err(message) => {
                eprintln!("wpslens: error: {}: {message}", p.display());
                return EXIT_ERROR;
            }
        },
    };
    for f in &files {
        match load_document(f, &limits) {
            Ok(doc) => match &previous {
                None => {
                    let analysis = analysis::analyze(&doc, &lex, &opts);
                    checked.push(Checked {
                        doc,
                        analysis,
                        against: None,
                    });
                }
                Some(prev) => {
                    let cmp = compare::compare(
                        &lex,
                        prev,
                        &doc,
                        &compare::CompareOptions {
                            analysis: opts.clone(),
                            include_unchanged: a.include_unchanged,
                        },
                    );
                    checked.push(Checked::compared(doc, prev.clone(), cmp));
                }
            },
            Err(message) => {
                eprintln!("wpslens: error: {}: {message}", f.display());
                errors.push(InputError {
                    path: f.display().to_string(),
                    message,
                });
            }
        }
    }
    let out = match a.format {
        Format::Json => report::json::render(&checked, &errors, &lex),
        Format::Sarif => report::sarif::render(&checked, &errors, &lex),
        Format::Human => {
            let color = match a.color {
                ColorChoice::Always => true,
                ColorChoice::Never => false,
                ColorChoice::Auto => {
                    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
                }
            };
            let min = match a.show {
                ShowLevel::Error => Severity::Error,
                ShowLevel::Warning => Severity::Warning,
                ShowLevel::Info => Severity::Info,
            };
            // Read errors were already printed to stderr.
            report::human::render(&checked, &[], &lex, Style { color }, !a.no_summary, min)
        }
    };
    if let (Some(target), Some(c)) = (&a.annotate, checked.first()) {
        if let Err(message) =
            crate::annotate::write_for_check(&files[0], target, c, &lex, &limits, a.redline)
        {
            eprintln!("wpslens: error: {message}");
            return EXIT_ERROR;
        }
    }
    let write_status = emit(&out);
    let threshold = match a.fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Info => Some(Severity::Info),
        FailOn::Never => None,
    };
    let failing = threshold.is_some_and(|t| {
        checked
            .iter()
            .any(|c| c.analysis.findings.iter().any(|f| f.severity >= t))
    });
    release((lex, checked, previous, out));
    if !errors.is_empty() || write_status != EXIT_OK {
        EXIT_ERROR
    } else if failing {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

fn explain(a: ExplainArgs) -> i32 {
    let lex = match load_lexicon(a.lexicon.as_deref()) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let Some(rule) = lex.rule_by_id(&a.rule) else {
        eprintln!(
            "wpslens: error: no rule {:?} (see `wpslens lexicon list`)",
            a.rule
        );
        return EXIT_ERROR;
    };
    let area = &lex.areas[rule.area];
    let profiles = |v: &[usize]| {
        v.iter()
            .map(|&p| lex.profiles[p].id.clone())
            .collect::<Vec<_>>()
    };
    if a.json {
        let v = serde_json::json!({
            "id": rule.id,
            "area": area.id,
            "check": match rule.check { crate::lexicon::Check::Element => "element", crate::lexicon::Check::Formula => "formula" },
            "title": rule.title,
            "summary": rule.summary,
            "why": rule.why,
            "suggestion": rule.suggestion,
            "suggestion_report": rule.suggestion_report,
            "source": rule.source,
            "since": rule.since,
            "terms": rule.terms,
            "expected_in": profiles(&rule.expected_in),
            "triggers": rule.triggers,
            "min_verb": rule.min_verb.map(|s| lex.level_name(s).to_string()),
            "severity": rule.severity.as_str(),
            "example": rule.example.as_ref().map(|e| serde_json::json!({"profile": e.profile, "bad": e.bad, "good": e.good})),
        });
        return emit(&format!(
            "{}\n",
            serde_json::to_string_pretty(&v).unwrap_or_default()
        ));
    }
    let mut s = String::new();
    use std::fmt::Write as _;
    let _ = writeln!(s, "{} ({}): {}\n", rule.id, area.name, rule.title);
    let _ = writeln!(s, "What it checks\n  {}\n", wrap(&rule.summary));
    let _ = writeln!(s, "Why it matters\n  {}\n", wrap(&rule.why));
    let _ = writeln!(
        s,
        "Agreed language to propose (resolutions and drafts)\n  {}\n",
        wrap(&rule.suggestion)
    );
    if let Some(r) = &rule.suggestion_report {
        let _ = writeln!(
            s,
            "Wording to propose (Secretary-General's reports)\n  {}\n",
            wrap(r)
        );
    }
    let _ = writeln!(s, "Source\n  {}\n", wrap(&rule.source));
    let _ = writeln!(
        s,
        "Agreed since\n  {}: texts from earlier years are not held to it (unless\n  --expect-current)\n",
        rule.since
    );
    let _ = writeln!(s, "Matches\n  {}", wrap(&rule.terms.join("; ")));
    if !rule.expected_in.is_empty() {
        let _ = writeln!(
            s,
            "  expected in: {}",
            profiles(&rule.expected_in).join(", ")
        );
    }
    if !rule.triggers.is_empty() {
        let _ = writeln!(
            s,
            "  expected when the operative text raises: {}",
            wrap(&rule.triggers.join("; "))
        );
    }
    if let Some(m) = rule.min_verb {
        let _ = writeln!(s, "  weakened below the verb level: {}", lex.level_name(m));
    }
    if let Some(e) = &rule.example {
        let _ = writeln!(
            s,
            "\nExample that fires\n  {}\n",
            e.bad.replace('\n', "\n  ")
        );
        let _ = writeln!(
            s,
            "Example that does not fire\n  {}",
            e.good.replace('\n', "\n  ")
        );
    }
    emit(&s)
}

/// Wraps text at about 88 columns with a two-space hanging indent.
fn wrap(s: &str) -> String {
    let mut out = String::new();
    let mut col = 0;
    for w in s.split_whitespace() {
        if col > 0 && col + w.len() + 1 > 86 {
            out.push_str("\n  ");
            col = 0;
        } else if col > 0 {
            out.push(' ');
            col += 1;
        }
        out.push_str(w);
        col += w.len();
    }
    out
}

fn lexicon_cmd(a: LexiconArgs) -> i32 {
    match a.action {
        LexiconAction::Validate { dir } => match load_lexicon(dir.as_deref()) {
            Ok(lex) => {
                for w in &lex.warnings {
                    eprintln!("{w} (warning)");
                }
                emit(&format!(
                    "{}: valid: {} areas, {} rules, {} profiles, {} hedges\n",
                    lex.origin,
                    lex.areas.len(),
                    lex.rules.len(),
                    lex.profiles.len(),
                    lex.hedges.len()
                ))
            }
            Err(code) => code,
        },
        LexiconAction::List { lexicon } => match load_lexicon(lexicon.as_deref()) {
            Ok(lex) => {
                let mut s = String::new();
                for r in &lex.rules {
                    let check = match r.check {
                        crate::lexicon::Check::Element => "element",
                        crate::lexicon::Check::Formula => "formula",
                    };
                    s.push_str(&format!(
                        "{:<10} {:<14} {:<8} {}\n",
                        r.id, lex.areas[r.area].id, check, r.title
                    ));
                }
                emit(&s)
            }
            Err(code) => code,
        },
        LexiconAction::Terms { lexicon } => match load_lexicon(lexicon.as_deref()) {
            Ok(lex) => {
                let mut s = lex.literal_terms().join("\n");
                s.push('\n');
                emit(&s)
            }
            Err(code) => code,
        },
    }
}

fn outline(a: OutlineArgs) -> i32 {
    let doc = match load_document(&a.file, &a.common.limits()) {
        Ok(d) => d,
        Err(m) => {
            eprintln!("wpslens: error: {}: {m}", a.file.display());
            return EXIT_ERROR;
        }
    };
    let mut s = format!(
        "{}: {} symbol={} date={} mission={}\n",
        doc.path,
        doc.kind,
        doc.meta.symbol.as_deref().unwrap_or("-"),
        doc.meta.date.as_deref().unwrap_or("-"),
        doc.meta.mission.as_deref().unwrap_or("-"),
    );
    for p in &doc.paragraphs {
        let body: String = report::collapse(&doc.text[p.body.clone()])
            .chars()
            .take(70)
            .collect();
        s.push_str(&format!(
            "{:>5}:{:<3} {:<10} {:<18} {}{}\n",
            p.line,
            p.column,
            format!("{:?}", p.part).to_lowercase(),
            p.label.to_string(),
            if p.inferred_number { "(inferred) " } else { "" },
            body
        ));
    }
    for w in &doc.warnings {
        s.push_str(&format!("warning: {w}\n"));
    }
    emit(&s)
}

/// Set by Ctrl-C during an audit: stop scheduling documents, write nothing partial.
static INTERRUPTED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

fn audit(a: AuditArgs) -> i32 {
    let lex = match load_lexicon(a.common.lexicon.as_deref()) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let profile = match &a.profile {
        None => None,
        Some(id) => match lex.profile_by_id(id) {
            Some(p) => Some(p),
            None => {
                eprintln!("wpslens: error: unknown profile {id:?}");
                return EXIT_ERROR;
            }
        },
    };
    if a.paths.is_empty() && a.files_from.is_empty() {
        eprintln!("wpslens: error: nothing to audit: give files, folders, globs or --files-from");
        return EXIT_ERROR;
    }
    if !(a.time_budget >= 0.0 && a.time_budget.is_finite()) {
        eprintln!("wpslens: error: --time-budget must be a number of seconds (0: no limit)");
        return EXIT_ERROR;
    }
    let _ = ctrlc::set_handler(|| {
        INTERRUPTED.store(true, std::sync::atomic::Ordering::SeqCst);
    });
    let jobs = a
        .jobs
        .filter(|&n| n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let progress = match a.progress {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => std::io::stderr().is_terminal(),
    };
    let req = crate::audit::command::Request {
        paths: a.paths,
        files_from: a.files_from,
        out: a.out,
        force: a.force,
        shard: a.shard,
        merge: a.merge,
        templates: a.templates,
        options: crate::audit::AuditOptions {
            jobs,
            time_budget: (a.time_budget > 0.0)
                .then(|| std::time::Duration::from_secs_f64(a.time_budget)),
            limits: a.common.limits(),
            analysis: Options {
                profile,
                expect_current: a.expect_current,
            },
            progress,
        },
    };
    crate::audit::command::run(req, lex, &INTERRUPTED)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limit_flags_default_to_the_library_limits() {
        let cli = Cli::try_parse_from(["wpslens", "outline", "x.txt"]).unwrap();
        let Command::Outline(a) = cli.command else {
            panic!("not outline")
        };
        assert_eq!(a.common.limits(), Limits::default());
    }

    #[test]
    fn sizes_take_suffixes() {
        assert_eq!(parse_size("1000"), Ok(1000));
        assert_eq!(parse_size("64K"), Ok(64 << 10));
        assert_eq!(parse_size("200mb"), Ok(200 << 20));
        assert_eq!(parse_size("1GiB"), Ok(1 << 30));
        assert!(parse_size("1.5G").is_err());
        assert!(parse_size("-1").is_err());
        assert!(parse_size("99999999999999G").is_err());
    }
}
