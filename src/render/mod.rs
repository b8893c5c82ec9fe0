//! Documents from templates: letters, meeting summaries and recommendation notes.
//!
//! A template (minijinja, `templates/*.jinja`) is rendered with data (TOML, JSON or
//! YAML) to a small block markup (`markup.rs`), parsed into one output model
//! (`model.rs`) that the DOCX writer (`docx.rs`, docx-rs) and the PDF writer
//! (`pdf/`, our own layout over Liberation Serif) consume. `letter.rs` turns `check`
//! findings into the data of the `recommendations` note.
//!
//! Library entry point: [`render`] (or [`Renderer`] to render many documents with one
//! template environment).

pub mod cmd;
pub mod docx;
pub mod letter;
pub mod markup;
pub mod model;
pub mod pdf;
pub mod template;

use std::fmt;
use std::path::{Path, PathBuf};

pub use model::Doc;
pub use template::TemplateSet;

/// The output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OutputFormat {
    Docx,
    Pdf,
}

impl OutputFormat {
    pub fn extension(self) -> &'static str {
        match self {
            OutputFormat::Docx => "docx",
            OutputFormat::Pdf => "pdf",
        }
    }

    /// The format a file name asks for, from its extension.
    pub fn from_path(p: &Path) -> Option<OutputFormat> {
        match p.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "docx" => Some(OutputFormat::Docx),
            "pdf" => Some(OutputFormat::Pdf),
            _ => None,
        }
    }
}

/// Paper sizes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Paper {
    #[default]
    A4,
    Letter,
}

impl Paper {
    /// Width and height in points.
    pub fn size_pt(self) -> (f32, f32) {
        match self {
            Paper::A4 => (595.28, 841.89),
            Paper::Letter => (612.0, 792.0),
        }
    }
}

/// Options of a rendering.
#[derive(Clone, Debug, Default)]
pub struct RenderOptions {
    pub paper: Paper,
    /// A folder of templates overriding the embedded ones (`--templates DIR`).
    pub templates_dir: Option<PathBuf>,
}

/// Why a document could not be rendered. Display gives one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RenderError {
    UnknownTemplate {
        name: String,
        known: Vec<String>,
    },
    /// A template error: syntax, missing field, wrong type, fuel.
    Template {
        template: String,
        line: Option<usize>,
        message: String,
    },
    /// The markup a template produced is wrong (line of the rendered text).
    Markup {
        template: String,
        line: usize,
        message: String,
    },
    /// A data file that cannot be read or parsed.
    Data {
        message: String,
    },
    Io(String, String),
    /// A writer failure (font, serialisation).
    Write(String),
}

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RenderError::UnknownTemplate { name, known } => {
                write!(f, "unknown template `{name}` (known: {})", known.join(", "))
            }
            RenderError::Template {
                template,
                line: Some(l),
                message,
            } => write!(f, "template {template}, line {l}: {message}"),
            RenderError::Template {
                template, message, ..
            } => write!(f, "template {template}: {message}"),
            RenderError::Markup {
                template,
                line,
                message,
            } => write!(
                f,
                "template {template}: line {line} of its output: {message}"
            ),
            RenderError::Data { message } => write!(f, "{message}"),
            RenderError::Io(p, e) => write!(f, "{p}: {e}"),
            RenderError::Write(e) => write!(f, "cannot write the document: {e}"),
        }
    }
}

impl std::error::Error for RenderError {}

/// Templates compiled once, rendering many documents.
pub struct Renderer {
    engine: template::Engine,
}

impl Renderer {
    /// The embedded templates, overridden by `dir` when given.
    pub fn new(dir: Option<&Path>) -> Result<Renderer, RenderError> {
        let set = match dir {
            Some(d) => TemplateSet::with_dir(d)?,
            None => TemplateSet::embedded(),
        };
        Ok(Renderer::with_set(set))
    }

    /// The templates of `set` (see [`TemplateSet::with_files`]).
    pub fn with_set(set: TemplateSet) -> Renderer {
        Renderer {
            engine: template::Engine::new(set),
        }
    }

    /// The template names available.
    pub fn templates(&self) -> Vec<String> {
        self.engine.set().names()
    }

    pub fn has_template(&self, name: &str) -> bool {
        self.engine.set().contains(name)
    }

    /// Renders `template` with `data` to the output model.
    pub fn document(&self, template: &str, data: &serde_json::Value) -> Result<Doc, RenderError> {
        let text = self.engine.render_markup(template, data)?;
        markup::parse(&text).map_err(|e| RenderError::Markup {
            template: template.to_string(),
            line: e.line,
            message: e.message,
        })
    }

    /// Renders `template` with `data` to the bytes of a DOCX or PDF file.
    pub fn render(
        &self,
        template: &str,
        data: &serde_json::Value,
        format: OutputFormat,
        opts: &RenderOptions,
    ) -> Result<Vec<u8>, RenderError> {
        let doc = self.document(template, data)?;
        write(&doc, format, opts)
    }
}

/// Writes a model document in `format`.
pub fn write(
    doc: &Doc,
    format: OutputFormat,
    opts: &RenderOptions,
) -> Result<Vec<u8>, RenderError> {
    match format {
        OutputFormat::Docx => docx::write(doc, opts.paper),
        OutputFormat::Pdf => pdf::write(doc, opts.paper),
    }
}

/// Renders `template_name` with `data` to DOCX or PDF bytes (templates from
/// `opts.templates_dir` over the embedded ones).
pub fn render(
    template_name: &str,
    data: &serde_json::Value,
    format: OutputFormat,
    opts: &RenderOptions,
) -> Result<Vec<u8>, RenderError> {
    Renderer::new(opts.templates_dir.as_deref())?.render(template_name, data, format, opts)
}

/// Reads a data file (`.toml`, `.json`, `.yaml`/`.yml`) into a JSON value. TOML dates
/// become ISO strings (`2026-03-05`), which the `un_date` filter formats.
pub fn load_data(path: &Path) -> Result<serde_json::Value, RenderError> {
    let text = crate::read::read_utf8(path).map_err(|e| RenderError::Data {
        message: format!("cannot read: {e}"),
    })?;
    parse_data(&text, path)
}

/// Parses data text in the format its file name says.
pub fn parse_data(text: &str, path: &Path) -> Result<serde_json::Value, RenderError> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let bad = |m: String| RenderError::Data { message: m };
    match ext.as_str() {
        "toml" => {
            let v: toml::Value = toml::from_str(text)
                .map_err(|e| bad(format!("invalid TOML: {}", one_line(&e.to_string()))))?;
            Ok(toml_to_json(v))
        }
        "json" => serde_json::from_str(text).map_err(|e| bad(format!("invalid JSON: {e}"))),
        "yaml" | "yml" => serde_yaml::from_str(text).map_err(|e| bad(format!("invalid YAML: {e}"))),
        _ => Err(bad(
            "unknown data format: use a .toml, .json or .yaml file".into()
        )),
    }
}

fn one_line(s: &str) -> String {
    // toml's messages span lines (a caret drawing); keep the first and the last.
    let lines: Vec<&str> = s.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    match lines.as_slice() {
        [] => String::new(),
        [one] => one.to_string(),
        [first, .., last] => format!("{first} {last}"),
    }
}

fn toml_to_json(v: toml::Value) -> serde_json::Value {
    use serde_json::Value as J;
    match v {
        toml::Value::String(s) => J::String(s),
        toml::Value::Integer(i) => J::from(i),
        toml::Value::Float(f) => serde_json::Number::from_f64(f).map_or(J::Null, J::Number),
        toml::Value::Boolean(b) => J::Bool(b),
        toml::Value::Datetime(d) => J::String(d.to_string()),
        toml::Value::Array(a) => J::Array(a.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => {
            J::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect())
        }
    }
}
