//! Readers: turn the bytes of a TXT, DOCX or PDF file into [`Extracted`] text.
//!
//! Readers know file formats and nothing else. They never label paragraphs or look
//! for WPS language: the structure parser ([`crate::structure`]) turns their output
//! into a [`crate::model::Document`], whatever the format was.

pub mod docx;
pub mod pdf;
pub mod text;

use std::ops::Range;
use std::path::Path;

/// What a reader hands to the structure parser.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extracted {
    /// The document's text. Lines end with `\n` (never `\r`). For formats with real
    /// paragraphs (DOCX) each block below is one line; for TXT and PDF the structure
    /// parser works out paragraphs from the lines.
    pub text: String,
    /// Paragraph blocks when the format knows them (DOCX). `None` for TXT and PDF.
    /// Blocks are in reading order, do not overlap, and each span covers one line of
    /// `text` without its `\n`.
    pub blocks: Option<Vec<Block>>,
    /// Things the reader noticed but could cope with (e.g. "2 tracked deletions dropped").
    pub warnings: Vec<String>,
}

/// One paragraph as the source format defines it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// Byte span of the whole block in [`Extracted::text`], including any label.
    pub span: Range<usize>,
    /// Where the block came from.
    pub kind: BlockKind,
    /// Byte span (in `text`) of a label the reader reconstructed from automatic list
    /// numbering, e.g. `7.` or `(a)`; the label text is written at the start of the
    /// block followed by a space. `None` when the label (if any) was literal text.
    pub auto_label: Option<Range<usize>>,
    /// Nesting level of automatic numbering (0 = top level), when `auto_label` is set.
    pub list_level: Option<u8>,
    /// Heading level (1 = top) when the source marks the block as a heading.
    pub heading_level: Option<u8>,
    /// Where the block is in the source XML (DOCX), so writers can edit the very
    /// paragraph it came from. `None` for formats without paragraphs.
    pub source: Option<XmlSource>,
}

/// The `w:p` element(s) a DOCX block was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct XmlSource {
    pub part: XmlPart,
    /// Byte offset of the `<w:p` start tag in the part's XML (decoded to UTF-8 as
    /// [`docx::part_xml`] gives it).
    pub first: usize,
    /// Byte offset of the last `w:p` start tag: differs from `first` only when the
    /// block joins paragraphs whose marks are tracked as deleted.
    pub last: usize,
}

/// Which XML part of a DOCX a block comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum XmlPart {
    /// The main document part (body paragraphs, table cells, text boxes).
    Main,
    Footnotes,
    Endnotes,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// A body paragraph.
    Body,
    /// A paragraph inside a table cell (cells are read row by row, left to right).
    TableCell,
    /// A footnote or endnote paragraph; its text starts with the note number.
    Footnote,
}

/// Limits that keep hostile input from exhausting time or memory. The defaults never
/// bother a real Council document (the largest real draft is about 70 KB).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest input file accepted, in bytes.
    pub max_input_bytes: u64,
    /// Most entries a DOCX (ZIP) archive may hold.
    pub max_zip_entries: usize,
    /// Largest total uncompressed size of the ZIP entries we read, in bytes.
    pub max_uncompressed_bytes: u64,
    /// Largest compression ratio accepted for a ZIP entry (zip bombs).
    pub max_compression_ratio: u64,
    /// Deepest XML element nesting accepted.
    pub max_xml_depth: usize,
    /// Most PDF pages read.
    pub max_pdf_pages: usize,
    /// Most objects a PDF's cross-reference table may list.
    pub max_pdf_objects: usize,
    /// Largest PDF accepted, in bytes. The PDF parser holds several copies of the
    /// file and its object table at once (about six times the file size), so PDFs
    /// get a lower ceiling than other inputs to keep memory under 500 MB.
    pub max_pdf_bytes: u64,
    /// Most bytes of extracted or decoded text kept (bounds the memory of everything
    /// after reading: the analysis holds a few times the text).
    pub max_text_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_input_bytes: 256 * 1024 * 1024,
            max_zip_entries: 10_000,
            max_uncompressed_bytes: 512 * 1024 * 1024,
            max_compression_ratio: 200,
            max_xml_depth: 256,
            max_pdf_pages: 5_000,
            max_pdf_objects: 1_000_000,
            max_pdf_bytes: 64 * 1024 * 1024,
            max_text_bytes: 32 * 1024 * 1024,
        }
    }
}

/// Why a file could not be read. Display gives one line without the path; the
/// caller prefixes the path.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ReadError {
    #[error("cannot read file: {0}")]
    Io(String),
    #[error("file is empty")]
    Empty,
    #[error(
        "file is {size} bytes, over the limit of {limit} bytes (raise it with --max-input-size)"
    )]
    TooLarge { size: u64, limit: u64 },
    /// A pipe or device whose size is not known ahead gave more than the limit.
    #[error("input is over the limit of {limit} bytes (raise it with --max-input-size)")]
    StreamTooLarge { limit: u64 },
    #[error("unsupported file type {0:?} (expected .txt, .docx or .pdf)")]
    UnknownFormat(String),
    #[error("not a text file: {0}")]
    Binary(String),
    #[error("not a valid DOCX file: {0}")]
    Docx(String),
    #[error("not a valid PDF file: {0}")]
    Pdf(String),
    #[error("PDF is encrypted; remove the password protection and try again")]
    Encrypted,
    /// A limit of [`Limits`] was hit; `flag` is the command-line option that raises it.
    #[error("{what} exceeds the limit of {limit} (raise it with {flag})")]
    Limit {
        what: String,
        limit: String,
        flag: &'static str,
    },
    #[error("no text found: {0}")]
    NoText(String),
}

/// The formats we read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Docx,
    Pdf,
}

impl Format {
    /// The format a file's content announces, whatever its name says: `%PDF` opens a
    /// PDF, `PK\x03\x04` a ZIP (DOCX). Anything else is treated as text.
    pub fn sniff(bytes: &[u8]) -> Format {
        let head = &bytes[..bytes.len().min(1024)];
        if head.starts_with(b"PK\x03\x04") {
            Format::Docx
        } else if memchr_pdf(head) {
            Format::Pdf
        } else {
            Format::Text
        }
    }
}

fn memchr_pdf(head: &[u8]) -> bool {
    // The PDF header may follow a little junk (the spec allows it within 1024 bytes).
    head.windows(5).any(|w| w == b"%PDF-")
}

/// Reads `bytes` (the content of `path`) in whatever format the content is.
/// The extension is only used to refuse files that are clearly not documents.
pub fn read_bytes(path: &Path, bytes: &[u8], limits: &Limits) -> Result<Extracted, ReadError> {
    if bytes.is_empty() {
        return Err(ReadError::Empty);
    }
    if bytes.len() as u64 > limits.max_input_bytes {
        return Err(ReadError::TooLarge {
            size: bytes.len() as u64,
            limit: limits.max_input_bytes,
        });
    }
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
        .unwrap_or_default();
    let format = Format::sniff(bytes);
    match (ext.as_str(), format) {
        (_, Format::Docx) => docx::read_docx(bytes, limits),
        (_, Format::Pdf) if bytes.len() as u64 > limits.max_pdf_bytes => Err(ReadError::Limit {
            what: format!("PDF file ({} bytes)", bytes.len()),
            limit: format!("{} bytes", limits.max_pdf_bytes),
            flag: "--max-pdf-size",
        }),
        (_, Format::Pdf) => pdf::read_pdf(bytes, limits),
        ("docx" | "docm" | "dotx", Format::Text) => Err(ReadError::Docx(
            "the file is not a ZIP archive (truncated or not a Word document)".into(),
        )),
        ("pdf", Format::Text) => Err(ReadError::Pdf("no %PDF header".into())),
        ("" | "txt" | "text" | "md", Format::Text) => text::read_text(bytes, limits),
        (other, Format::Text) => {
            // Unknown extensions are accepted only when the content is clearly text.
            match text::read_text(bytes, limits) {
                Ok(t) => Ok(t),
                Err(ReadError::Binary(_)) => Err(ReadError::UnknownFormat(format!(".{other}"))),
                Err(e) => Err(e),
            }
        }
    }
}

/// Reads a file from disk. Never modifies it.
pub fn read_path(path: &Path, limits: &Limits) -> Result<Extracted, ReadError> {
    let bytes = read_file(path, limits.max_input_bytes)?;
    read_bytes(path, &bytes, limits)
}

/// The bytes of a file (one open and one stat), refused when it is a directory or
/// over `limit` bytes; pipes and devices are read up to the limit ([`read_open`]).
pub fn read_file(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let io = |e: std::io::Error| ReadError::Io(io_message(&e));
    let mut file = std::fs::File::open(path).map_err(io)?;
    let meta = file.metadata().map_err(io)?;
    if meta.is_dir() {
        return Err(ReadError::Io("is a directory".into()));
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge {
            size: meta.len(),
            limit,
        });
    }
    read_open(&mut file, meta.len(), limit)
}

/// A text file read with [`read_file`] under the default input limit, for the
/// commands' own inputs (data files, `check` JSON): the problem in words, such as
/// "no such file" or "not UTF-8 text (a binary file?)".
pub fn read_utf8(path: &Path) -> Result<String, String> {
    let limit = Limits::default().max_input_bytes;
    let bytes = read_file(path, limit).map_err(|e| match e {
        ReadError::Io(m) => m,
        // These commands have no --max-input-size to suggest.
        _ => format!("over the limit of {limit} bytes"),
    })?;
    String::from_utf8(bytes).map_err(|_| "not UTF-8 text (a binary file?)".to_string())
}

/// Reads an open file to its end, `size` being what its metadata says (0 for a
/// pipe or a device), and never more than `limit` bytes: a pipe or device that
/// does not end (`/dev/zero`) is an error, not exhausted memory. A regular file
/// that grew since its size was taken is read whole, up to the limit.
pub fn read_open(file: &mut std::fs::File, size: u64, limit: u64) -> Result<Vec<u8>, ReadError> {
    use std::io::Read;
    // One byte more than expected, so that the end is seen without a second buffer.
    let cap = limit.saturating_add(1);
    let first = size.saturating_add(1).min(cap).max(1);
    let mut bytes = vec![0u8; usize::try_from(first).unwrap_or(usize::MAX)];
    let mut n = 0;
    loop {
        if n == bytes.len() {
            if n as u64 >= cap {
                return Err(ReadError::StreamTooLarge { limit });
            }
            let grown = (n as u64).saturating_mul(2).max(8192).min(cap);
            bytes.resize(usize::try_from(grown).unwrap_or(usize::MAX), 0);
        }
        match file.read(&mut bytes[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(ReadError::Io(io_message(&e))),
        }
    }
    bytes.truncate(n);
    Ok(bytes)
}

/// A short, lower-case description of an I/O error without the OS error code.
pub fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => {
            let s = e.to_string();
            match s.find(" (os error") {
                Some(i) => s[..i].to_string(),
                None => s,
            }
        }
    }
}

thread_local! {
    static IN_GUARD: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs a third-party parser so that a panic inside it becomes an error (built by
/// `on_panic`) instead of taking the process down. The panic message is not printed.
pub(crate) fn guard<T>(
    on_panic: impl FnOnce() -> ReadError,
    f: impl FnOnce() -> Result<T, ReadError> + std::panic::UnwindSafe,
) -> Result<T, ReadError> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !IN_GUARD.with(|g| g.get()) {
                previous(info);
            }
        }));
    });
    IN_GUARD.with(|g| g.set(true));
    let result = std::panic::catch_unwind(f);
    IN_GUARD.with(|g| g.set(false));
    match result {
        Ok(r) => r,
        Err(_) => Err(on_panic()),
    }
}
