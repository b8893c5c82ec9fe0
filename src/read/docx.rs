//! DOCX reader: turns a WordprocessingML package (`.docx`, `.docm`, `.dotx`) into
//! [`Extracted`] text with one [`Block`] per non-empty paragraph.
//!
//! # What is read
//! * The main document part (found through `_rels/.rels`, then `[Content_Types].xml`,
//!   then the conventional `word/document.xml`), its styles, numbering, settings,
//!   footnotes and endnotes. Nothing else: headers and footers (running heads),
//!   comments, macros (`vbaProject.bin`), embedded objects and external relationships
//!   are never opened.
//! * Body paragraphs in document order, including those inside content controls,
//!   hyperlinks, smart tags, custom XML, simple fields and complex fields (the displayed
//!   result, never the instruction), and text boxes (`w:txbxContent`, emitted after the
//!   paragraph that anchors them). Of an `mc:AlternateContent` only one branch is read:
//!   `mc:Fallback` when there is one (Word writes a text box's text in both the DrawingML
//!   choice and the VML fallback), otherwise the first `mc:Choice`.
//! * Table cells row by row, left to right, nested tables in place, as
//!   [`BlockKind::TableCell`].
//! * Footnotes then endnotes after the body, as [`BlockKind::Footnote`] blocks whose text
//!   starts with the note's number as printed and a space. Notes are numbered in order of
//!   reference in the body, from `w:numStart` in the format of `w:footnotePr` /
//!   `w:endnotePr` (section properties first, then settings; defaults: footnotes
//!   decimal, endnotes lower-case roman, as in Word). A note with a custom reference mark
//!   (`w:customMarkFollows`) is labelled with that mark and does not use a number.
//! * Tracked changes are read as accepted: insertions and move destinations are kept,
//!   deletions and move sources dropped, deleted table rows and cells dropped, and a
//!   paragraph whose mark is deleted is joined to the next paragraph of the same story.
//!   The joined paragraph keeps the style and numbering of the first paragraph that
//!   still has text (LibreOffice does the same when it accepts the change); a wholly
//!   deleted paragraph leaves the next one unchanged.
//! * Run text: `w:tab`, `w:ptab`, `w:br` and `w:cr` become one space (consecutive ones
//!   collapse into one), `w:noBreakHyphen` a hyphen-minus, `w:softHyphen` nothing,
//!   `w:sym` the Unicode character for common Symbol and Wingdings glyphs. Text hidden
//!   with a direct `w:vanish` on the run is dropped. Leading and trailing white space of
//!   each paragraph is trimmed.
//!
//! # Automatic numbering
//! A paragraph is numbered when its `w:numPr` (direct, or inherited from its paragraph
//! style and the style's `w:basedOn` chain) names a `w:num` other than 0. The level is
//! the paragraph's `w:ilvl`, else the style's, else the abstract level linked to the
//! paragraph's style by `w:pStyle`, else 0. The label is `w:lvlText` with `%1`..`%9`
//! replaced by each level's counter in that level's `w:numFmt` (all decimal when the
//! paragraph's level has `w:isLgl`), written at the start of the block with one space
//! after it and recorded in [`Block::auto_label`].
//!
//! Counters follow what Word does (ECMA-376 part 1, 17.9):
//! * counters belong to the abstract numbering definition (after `w:numStyleLink`
//!   indirection), so every `w:num` that points at the same `w:abstractNum` continues
//!   one sequence;
//! * the first time a `w:num` with a `w:startOverride` is used, the overridden levels
//!   restart at the override value; later paragraphs of any `w:num` of that abstract
//!   continue from there (a draft split over lists 1-4, "restart at 5" 5-6, then plain
//!   again gives 7, not 5); the override is also the start when the level restarts;
//! * using a level restarts the deeper levels, unless their `w:lvlRestart` says
//!   otherwise (0 = never, N = only when level N or a shallower one is used);
//! * a level with no `w:start` counts from 0, as the specification says;
//! * numbered paragraphs that end up empty still advance their counter (Word shows the
//!   number) but produce no block.
//!
//! LibreOffice 7.4 shows the same numbers for the fixtures in `tests/fixtures/docx/`
//! (`check_libreoffice.py` prints them), except where it departs from the
//! specification: it ignores `w:isLgl` and `w:lvlRestart w:val="0"`, and it does not
//! take a style's level from the abstract level linked to the style by `w:pStyle`
//! (17.9.23), which this reader does when neither the paragraph nor its style gives a
//! `w:ilvl`.
//!
//! Lists inside footnotes are not numbered. Formats beyond decimal, decimalZero,
//! upper/lower letter (Word style: y, z, aa, bb), upper/lower roman, ordinal (1st,
//! 2nd), chicago (*, †, ‡, §), bullet, none and the enclosed-decimal forms fall back to
//! decimal.
//!
//! # Safety
//! The reader never trusts sizes written in the archive: it counts the bytes it
//! decompresses and stops at [`Limits::max_uncompressed_bytes`], refuses an entry whose
//! output grows beyond [`Limits::max_compression_ratio`] times its compressed size (past
//! the first MiB), refuses archives with more than [`Limits::max_zip_entries`] entries,
//! XML nested deeper than [`Limits::max_xml_depth`], any DOCTYPE (entity expansion
//! attacks) and text over [`Limits::max_text_bytes`]. The whole parse runs under
//! [`super::guard`].

use super::{Block, BlockKind, Extracted, Limits, ReadError, XmlPart, XmlSource};
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::{Namespace, ResolveResult};
use quick_xml::{NsReader, Reader, XmlVersion};
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{Cursor, Read};

/// Reads a DOCX file held in memory.
pub fn read_docx(bytes: &[u8], limits: &Limits) -> Result<Extracted, ReadError> {
    super::guard(
        || ReadError::Docx("the file could not be parsed (internal reader failure)".into()),
        || read_inner(bytes, limits),
    )
}

fn read_inner(bytes: &[u8], limits: &Limits) -> Result<Extracted, ReadError> {
    let mut pkg = Package::open(bytes, limits)?;
    let main = pkg.main_part()?;
    let parts = pkg.related_parts(&main)?;
    let mut warnings = Vec::new();
    if pkg.has_part("word/vbaProject.bin") {
        warnings
            .push("the file contains a macro project (vbaProject.bin), which was ignored".into());
    }

    let styles = match &parts.styles {
        Some(name) => match pkg.read_xml(name)? {
            Some(xml) => parse_styles(&xml, name, limits)?,
            None => Styles::default(),
        },
        None => Styles::default(),
    };
    let numbering = match &parts.numbering {
        Some(name) => match pkg.read_xml(name)? {
            Some(xml) => parse_numbering(&xml, name, limits)?,
            None => Numbering::default(),
        },
        None => Numbering::default(),
    };
    let mut note_props = NoteProps::default();
    if let Some(name) = &parts.settings {
        if let Some(xml) = pkg.read_xml(name)? {
            parse_settings(&xml, name, limits, &mut note_props)?;
        }
    }

    let doc_xml = pkg
        .read_xml(&main)?
        .ok_or_else(|| ReadError::Docx("no word/document.xml: not a Word document".into()))?;
    let mut body = Walker::new(&styles, limits, false);
    body.run(&doc_xml, &main, XmlPart::Main)?;
    drop(doc_xml);
    note_props.merge_section(&body.section_notes);

    let mut notes = Walker::new(&styles, limits, true);
    if !body.refs.is_empty() {
        for (name, kind) in [
            (&parts.footnotes, XmlPart::Footnotes),
            (&parts.endnotes, XmlPart::Endnotes),
        ] {
            let Some(name) = name else { continue };
            if let Some(xml) = pkg.read_xml(name)? {
                notes.run(&xml, name, kind)?;
            }
        }
    }
    assemble(
        body,
        notes,
        &styles,
        &numbering,
        &note_props,
        warnings,
        limits,
    )
}

/// The names of the parts a DOCX's text is read from, for writers that edit the
/// package (see [`super::XmlSource`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartNames {
    pub main: String,
    pub footnotes: Option<String>,
    pub endnotes: Option<String>,
}

/// Finds the main document part and its notes parts, as [`read_docx`] does.
pub fn part_names(bytes: &[u8], limits: &Limits) -> Result<PartNames, ReadError> {
    super::guard(
        || ReadError::Docx("the file could not be parsed (internal reader failure)".into()),
        || {
            let mut pkg = Package::open(bytes, limits)?;
            let main = pkg.main_part()?;
            let parts = pkg.related_parts(&main)?;
            Ok(PartNames {
                main,
                footnotes: parts.footnotes,
                endnotes: parts.endnotes,
            })
        },
    )
}

/// An XML part decoded to UTF-8 exactly as the reader sees it (BOM dropped, UTF-16
/// converted), so the offsets in [`super::XmlSource`] index into it. `None` when the
/// package has no such part. Part names are compared as the reader does (case and
/// leading `/` ignored).
pub fn part_xml(bytes: &[u8], name: &str, limits: &Limits) -> Result<Option<String>, ReadError> {
    super::guard(
        || ReadError::Docx("the file could not be parsed (internal reader failure)".into()),
        || Package::open(bytes, limits)?.read_xml(name),
    )
}

/// Whether two part names denote the same ZIP entry (case and a leading `/` ignored).
pub fn same_part(a: &str, b: &str) -> bool {
    part_key(a) == part_key(b)
}

// ---------------------------------------------------------------------------------
// Package (ZIP) layer
// ---------------------------------------------------------------------------------

/// Entries whose output stays under this size are never refused for their ratio: tiny
/// highly repetitive parts are harmless, and a bomb needs to produce a lot.
const RATIO_GRACE_BYTES: u64 = 1 << 20;

struct Package<'a> {
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    /// Lower-cased entry name (no leading `/`) to entry index.
    names: HashMap<String, usize>,
    limits: &'a Limits,
    /// Uncompressed bytes actually read so far.
    total: u64,
}

#[derive(Default)]
struct RelatedParts {
    styles: Option<String>,
    numbering: Option<String>,
    footnotes: Option<String>,
    endnotes: Option<String>,
    settings: Option<String>,
}

fn zip_error(e: zip::result::ZipError) -> ReadError {
    use zip::result::ZipError as Z;
    ReadError::Docx(match e {
        Z::UnsupportedArchive(m) if m == Z::PASSWORD_REQUIRED => {
            "the ZIP archive is encrypted".to_string()
        }
        Z::UnsupportedArchive(m) => format!("unsupported ZIP archive: {m}"),
        Z::CompressionMethodNotSupported(m) => {
            format!("a part uses an unsupported ZIP compression method ({m})")
        }
        _ => "the ZIP archive is truncated or corrupted".to_string(),
    })
}

/// The entry count written in the end-of-central-directory record (or, for ZIP64,
/// in the ZIP64 record it points to), read before the ZIP library allocates anything
/// for the entries. `None` when absent.
fn eocd_entry_count(bytes: &[u8]) -> Option<usize> {
    let tail_start = bytes.len().saturating_sub(22 + 65_535);
    let tail = &bytes[tail_start..];
    let pos = tail.windows(4).rposition(|w| w == b"PK\x05\x06")?;
    let rec = tail.get(pos..pos + 22)?;
    let n = u16::from_le_bytes([rec[10], rec[11]]);
    if n != 0xFFFF {
        return Some(n as usize);
    }
    // ZIP64: a 20-byte locator just before the record gives the ZIP64 record's offset.
    let eocd = tail_start + pos;
    let loc = bytes.get(eocd.checked_sub(20)?..eocd)?;
    if &loc[..4] != b"PK\x06\x07" {
        return None;
    }
    let at = usize::try_from(u64::from_le_bytes(loc[8..16].try_into().ok()?)).ok()?;
    let rec64 = bytes.get(at..at.checked_add(40)?)?;
    if &rec64[..4] != b"PK\x06\x06" {
        return None;
    }
    let total = u64::from_le_bytes(rec64[32..40].try_into().ok()?);
    Some(usize::try_from(total).unwrap_or(usize::MAX))
}

fn part_key(name: &str) -> String {
    name.trim_start_matches('/')
        .replace('\\', "/")
        .to_ascii_lowercase()
}

impl<'a> Package<'a> {
    fn open(bytes: &'a [u8], limits: &'a Limits) -> Result<Self, ReadError> {
        let too_many = || ReadError::Limit {
            what: "number of entries in the DOCX (ZIP) archive".into(),
            limit: limits.max_zip_entries.to_string(),
            flag: "--max-zip-entries",
        };
        if eocd_entry_count(bytes).is_some_and(|n| n > limits.max_zip_entries) {
            return Err(too_many());
        }
        let zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(zip_error)?;
        if zip.len() > limits.max_zip_entries {
            return Err(too_many());
        }
        let mut names = HashMap::with_capacity(zip.len());
        for (i, raw) in zip.file_names_raw().enumerate() {
            names
                .entry(part_key(&String::from_utf8_lossy(raw)))
                .or_insert(i);
        }
        Ok(Package {
            zip,
            names,
            limits,
            total: 0,
        })
    }

    fn has_part(&self, name: &str) -> bool {
        self.names.contains_key(&part_key(name))
    }

    /// The bytes of an entry, or `None` when there is no such entry.
    fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>, ReadError> {
        let Some(&idx) = self.names.get(&part_key(name)) else {
            return Ok(None);
        };
        let limits = self.limits;
        let mut file = self.zip.by_index(idx).map_err(zip_error)?;
        if file.is_dir() {
            return Ok(None);
        }
        let compressed = file.compressed_size().max(1);
        let remaining = limits.max_uncompressed_bytes.saturating_sub(self.total);
        let mut out = Vec::with_capacity(file.size().min(remaining).min(16 << 20) as usize);
        let mut chunk = [0u8; 16 * 1024];
        loop {
            let n = match file.read(&mut chunk) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(_) => {
                    return Err(ReadError::Docx(format!(
                        "the ZIP archive is truncated or corrupted ({name} cannot be decompressed)"
                    )))
                }
            };
            self.total += n as u64;
            if self.total > limits.max_uncompressed_bytes {
                return Err(ReadError::Limit {
                    what: "total uncompressed size of the DOCX parts read".into(),
                    limit: format!("{} bytes", limits.max_uncompressed_bytes),
                    flag: "--max-uncompressed-size",
                });
            }
            let produced = out.len() as u64 + n as u64;
            if produced > RATIO_GRACE_BYTES && produced / compressed > limits.max_compression_ratio
            {
                return Err(ReadError::Limit {
                    what: format!("compression ratio of {name} (possible zip bomb)"),
                    limit: format!("{}:1", limits.max_compression_ratio),
                    flag: "--max-compression-ratio",
                });
            }
            out.extend_from_slice(&chunk[..n]);
        }
        Ok(Some(out))
    }

    /// An XML part decoded to UTF-8 (a BOM is dropped, UTF-16 is converted).
    fn read_xml(&mut self, name: &str) -> Result<Option<String>, ReadError> {
        let Some(bytes) = self.read(name)? else {
            return Ok(None);
        };
        decode_xml(bytes, name).map(Some)
    }

    /// The main document part's name.
    fn main_part(&mut self) -> Result<String, ReadError> {
        if let Some(xml) = self.read_xml("_rels/.rels")? {
            for rel in parse_rels(&xml, "_rels/.rels", self.limits)? {
                if rel.kind.ends_with("/officeDocument") && !rel.external {
                    let target = resolve_target("", &rel.target);
                    if self.has_part(&target) {
                        return Ok(target);
                    }
                }
            }
        }
        if let Some(xml) = self.read_xml("[Content_Types].xml")? {
            for part in parse_main_content_types(&xml, "[Content_Types].xml", self.limits)? {
                let part = part.trim_start_matches('/').to_string();
                if self.has_part(&part) {
                    return Ok(part);
                }
            }
        }
        if self.has_part("word/document.xml") {
            return Ok("word/document.xml".into());
        }
        Err(ReadError::Docx(
            "no word/document.xml: not a Word document".into(),
        ))
    }

    /// Styles, numbering, notes and settings parts related to the main part. External
    /// relationships are ignored.
    fn related_parts(&mut self, main: &str) -> Result<RelatedParts, ReadError> {
        let (dir, file) = match main.rfind('/') {
            Some(i) => (&main[..i], &main[i + 1..]),
            None => ("", main),
        };
        let rels_name = if dir.is_empty() {
            format!("_rels/{file}.rels")
        } else {
            format!("{dir}/_rels/{file}.rels")
        };
        let mut parts = RelatedParts::default();
        let Some(xml) = self.read_xml(&rels_name)? else {
            // No relationships: fall back to the conventional names next to the part.
            let near = |n: &str| {
                if dir.is_empty() {
                    n.to_string()
                } else {
                    format!("{dir}/{n}")
                }
            };
            parts.styles = Some(near("styles.xml"));
            parts.numbering = Some(near("numbering.xml"));
            parts.footnotes = Some(near("footnotes.xml"));
            parts.endnotes = Some(near("endnotes.xml"));
            parts.settings = Some(near("settings.xml"));
            return Ok(parts);
        };
        for rel in parse_rels(&xml, &rels_name, self.limits)? {
            if rel.external {
                continue;
            }
            let slot = match rel.kind.rsplit('/').next().unwrap_or("") {
                "styles" => &mut parts.styles,
                "numbering" => &mut parts.numbering,
                "footnotes" => &mut parts.footnotes,
                "endnotes" => &mut parts.endnotes,
                "settings" => &mut parts.settings,
                _ => continue,
            };
            if slot.is_none() {
                *slot = Some(resolve_target(dir, &rel.target));
            }
        }
        Ok(parts)
    }
}

fn decode_xml(bytes: Vec<u8>, part: &str) -> Result<String, ReadError> {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        let enc = if bytes[0] == 0xFF {
            encoding_rs::UTF_16LE
        } else {
            encoding_rs::UTF_16BE
        };
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[2..]);
        if had_errors {
            return Err(ReadError::Docx(format!(
                "{part}: malformed XML: invalid UTF-16"
            )));
        }
        return Ok(text.into_owned());
    }
    let mut bytes = bytes;
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).map_err(|e| {
        ReadError::Docx(format!(
            "{part}: malformed XML at byte {}: invalid UTF-8",
            e.utf8_error().valid_up_to()
        ))
    })
}

/// Resolves a relationship target against the directory of its source part.
fn resolve_target(base_dir: &str, target: &str) -> String {
    let target = target.split(['#', '?']).next().unwrap_or("");
    let joined = if let Some(abs) = target.strip_prefix('/') {
        abs.to_string()
    } else if base_dir.is_empty() {
        target.to_string()
    } else {
        format!("{base_dir}/{target}")
    };
    let mut out: Vec<&str> = Vec::new();
    for seg in joined.split(['/', '\\']) {
        match seg {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            s => out.push(s),
        }
    }
    out.join("/")
}

struct Rel {
    kind: String,
    target: String,
    external: bool,
}

fn parse_rels(xml: &str, part: &str, limits: &Limits) -> Result<Vec<Rel>, ReadError> {
    let mut x = Xml::new(xml, part, limits);
    let mut rels = Vec::new();
    loop {
        match x.next()? {
            Ev::Start(_, e) if e.local_name().as_ref() == "Relationship" => {
                let kind = attr(&e, "Type").unwrap_or_default().into_owned();
                let target = attr(&e, "Target").unwrap_or_default().into_owned();
                let external =
                    attr(&e, "TargetMode").is_some_and(|m| m.eq_ignore_ascii_case("external"));
                rels.push(Rel {
                    kind,
                    target,
                    external,
                });
            }
            Ev::Eof => break,
            _ => {}
        }
    }
    Ok(rels)
}

/// Part names that `[Content_Types].xml` declares as a main document.
fn parse_main_content_types(
    xml: &str,
    part: &str,
    limits: &Limits,
) -> Result<Vec<String>, ReadError> {
    let mut x = Xml::new(xml, part, limits);
    let mut out = Vec::new();
    loop {
        match x.next()? {
            Ev::Start(_, e) if e.local_name().as_ref() == "Override" => {
                let ct = attr(&e, "ContentType").unwrap_or_default();
                let main = [
                    "wordprocessingml.document.main+xml",
                    "wordprocessingml.template.main+xml",
                    "ms-word.document.macroEnabled.main+xml",
                    "ms-word.template.macroEnabledTemplate.main+xml",
                ]
                .iter()
                .any(|s| ct.ends_with(s));
                if main {
                    if let Some(p) = attr(&e, "PartName") {
                        out.push(p.into_owned());
                    }
                }
            }
            Ev::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------
// XML layer
// ---------------------------------------------------------------------------------

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const W_NS_STRICT: &str = "http://purl.oclc.org/ooxml/wordprocessingml/main";
const MC_NS: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";
const M_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/math";
const M_NS_STRICT: &str = "http://purl.oclc.org/ooxml/officeDocument/math";

/// The elements the reader cares about. Anything else is `Other` and is walked
/// through transparently.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tag {
    Other,
    // Document structure
    Document,
    Body,
    P,
    PPr,
    PStyle,
    NumPr,
    Ilvl,
    NumId,
    OutlineLvl,
    RPr,
    R,
    T,
    MathT,
    Tab,
    Br,
    Cr,
    NoBreakHyphen,
    SoftHyphen,
    Sym,
    Vanish,
    FootnoteReference,
    EndnoteReference,
    FldChar,
    Del,
    MoveFrom,
    CellDel,
    Tbl,
    Tr,
    Tc,
    TrPr,
    TcPr,
    TxbxContent,
    SectPr,
    FootnotePr,
    EndnotePr,
    NumFmt,
    NumStart,
    Footnote,
    Endnote,
    AltChunk,
    /// W elements whose whole subtree is never read (properties, instructions, deleted
    /// text, revision records, ruby guide text, form field data).
    Skip,
    // Markup compatibility
    AltContent,
    Choice,
    Fallback,
    // Styles and numbering parts
    Style,
    Name,
    BasedOn,
    AbstractNum,
    Num,
    AbstractNumId,
    Lvl,
    Start,
    LvlText,
    LvlRestart,
    IsLgl,
    LvlOverride,
    StartOverride,
    NumStyleLink,
    StyleLink,
    LvlPicBulletId,
    RFonts,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Ns {
    W,
    Mc,
    M,
    Other,
}

fn classify(ns: Ns, local: &str) -> Tag {
    match ns {
        Ns::W => match local {
            "document" => Tag::Document,
            "body" => Tag::Body,
            "p" => Tag::P,
            "pPr" => Tag::PPr,
            "pStyle" => Tag::PStyle,
            "numPr" => Tag::NumPr,
            "ilvl" => Tag::Ilvl,
            "numId" => Tag::NumId,
            "outlineLvl" => Tag::OutlineLvl,
            "rPr" => Tag::RPr,
            "r" => Tag::R,
            "t" => Tag::T,
            "tab" | "ptab" => Tag::Tab,
            "br" => Tag::Br,
            "cr" => Tag::Cr,
            "noBreakHyphen" => Tag::NoBreakHyphen,
            "softHyphen" => Tag::SoftHyphen,
            "sym" => Tag::Sym,
            "vanish" => Tag::Vanish,
            "footnoteReference" => Tag::FootnoteReference,
            "endnoteReference" => Tag::EndnoteReference,
            "fldChar" => Tag::FldChar,
            "del" => Tag::Del,
            "moveFrom" => Tag::MoveFrom,
            "cellDel" => Tag::CellDel,
            "tbl" => Tag::Tbl,
            "tr" => Tag::Tr,
            "tc" => Tag::Tc,
            "trPr" => Tag::TrPr,
            "tcPr" => Tag::TcPr,
            "txbxContent" => Tag::TxbxContent,
            "sectPr" => Tag::SectPr,
            "footnotePr" => Tag::FootnotePr,
            "endnotePr" => Tag::EndnotePr,
            "numFmt" => Tag::NumFmt,
            "numStart" => Tag::NumStart,
            "footnote" => Tag::Footnote,
            "endnote" => Tag::Endnote,
            "altChunk" => Tag::AltChunk,
            "style" => Tag::Style,
            "name" => Tag::Name,
            "basedOn" => Tag::BasedOn,
            "abstractNum" => Tag::AbstractNum,
            "num" => Tag::Num,
            "abstractNumId" => Tag::AbstractNumId,
            "lvl" => Tag::Lvl,
            "start" => Tag::Start,
            "lvlText" => Tag::LvlText,
            "lvlRestart" => Tag::LvlRestart,
            "isLgl" => Tag::IsLgl,
            "lvlOverride" => Tag::LvlOverride,
            "startOverride" => Tag::StartOverride,
            "numStyleLink" => Tag::NumStyleLink,
            "styleLink" => Tag::StyleLink,
            "lvlPicBulletId" => Tag::LvlPicBulletId,
            "rFonts" => Tag::RFonts,
            "instrText" | "delText" | "delInstrText" | "pPrChange" | "rPrChange" | "tblPr"
            | "tblGrid" | "tblPrEx" | "tblPrChange" | "trPrChange" | "tcPrChange"
            | "sectPrChange" | "numberingChange" | "sdtPr" | "sdtEndPr" | "fldData" | "ffData"
            | "customXmlPr" | "smartTagPr" | "rt" => Tag::Skip,
            _ => Tag::Other,
        },
        Ns::Mc => match local {
            "AlternateContent" => Tag::AltContent,
            "Choice" => Tag::Choice,
            "Fallback" => Tag::Fallback,
            _ => Tag::Other,
        },
        Ns::M if local == "t" => Tag::MathT,
        _ => Tag::Other,
    }
}

fn ns_kind(r: &ResolveResult<'_>) -> Ns {
    match r {
        ResolveResult::Bound(Namespace(n)) => match *n {
            W_NS | W_NS_STRICT => Ns::W,
            MC_NS => Ns::Mc,
            M_NS | M_NS_STRICT => Ns::M,
            _ => Ns::Other,
        },
        _ => Ns::Other,
    }
}

enum Ev<'a> {
    Start(Tag, BytesStart<'a>),
    End,
    Text(Cow<'a, str>),
    Eof,
}

/// A pull parser over one XML part that enforces the depth limit, refuses DOCTYPEs,
/// resolves character and predefined entity references and turns errors into
/// [`ReadError`]s naming the part.
struct Xml<'a> {
    r: NsReader<&'a [u8]>,
    src: &'a str,
    part: &'a str,
    depth: usize,
    max_depth: usize,
    /// Byte offset in `src` where the last event returned by `next` started.
    event_start: usize,
}

impl<'a> Xml<'a> {
    fn new(src: &'a str, part: &'a str, limits: &Limits) -> Self {
        let mut r = NsReader::from_str(src);
        let cfg = r.config_mut();
        cfg.expand_empty_elements = true;
        cfg.check_end_names = true;
        cfg.trim_text(false);
        Xml {
            r,
            src,
            part,
            depth: 0,
            max_depth: limits.max_xml_depth,
            event_start: 0,
        }
    }

    fn malformed(&self, what: impl std::fmt::Display) -> ReadError {
        ReadError::Docx(format!(
            "{}: malformed XML at byte {}: {what}",
            self.part,
            self.r.error_position()
        ))
    }

    fn next(&mut self) -> Result<Ev<'a>, ReadError> {
        loop {
            self.event_start = self.r.buffer_position() as usize;
            let (ns, event) = match self.r.read_resolved_event() {
                Ok((res, ev)) => (ns_kind(&res), ev),
                Err(e) => return Err(self.malformed(e)),
            };
            match event {
                Event::Start(e) => {
                    self.depth += 1;
                    if self.depth > self.max_depth {
                        return Err(ReadError::Limit {
                            what: format!("XML nesting depth in {}", self.part),
                            limit: self.max_depth.to_string(),
                            flag: "--max-xml-depth",
                        });
                    }
                    let tag = classify(ns, e.local_name().as_ref());
                    return Ok(Ev::Start(tag, e));
                }
                Event::End(_) => {
                    self.depth = self.depth.saturating_sub(1);
                    return Ok(Ev::End);
                }
                Event::Empty(_) => {} // expanded into Start + End by the reader
                Event::Text(t) => return Ok(Ev::Text(t.xml10_content())),
                Event::CData(t) => return Ok(Ev::Text(t.xml10_content())),
                Event::GeneralRef(r) => {
                    match r.resolve_char_ref() {
                        Ok(Some(c)) => return Ok(Ev::Text(Cow::Owned(c.to_string()))),
                        Ok(None) => {}
                        Err(e) => return Err(self.malformed(e)),
                    }
                    let s = match &*r {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "quot" => "\"",
                        "apos" => "'",
                        other => {
                            // The reader is past `&name;`: report where it starts.
                            let at = self
                                .r
                                .buffer_position()
                                .saturating_sub(other.len() as u64 + 2);
                            return Err(ReadError::Docx(format!(
                                "{}: malformed XML at byte {at}: undefined entity &{other};",
                                self.part
                            )));
                        }
                    };
                    return Ok(Ev::Text(Cow::Borrowed(s)));
                }
                Event::DocType(_) => {
                    return Err(ReadError::Docx(format!(
                        "{}: DOCTYPE and entity declarations are not allowed in a DOCX part \
                         (possible entity expansion attack)",
                        self.part
                    )))
                }
                Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
                Event::Eof => {
                    if self.depth > 0 {
                        return Err(ReadError::Docx(format!(
                            "{}: malformed XML at byte {}: unexpected end of the part inside an element",
                            self.part,
                            self.src.len()
                        )));
                    }
                    return Ok(Ev::Eof);
                }
            }
        }
    }

    /// Skips the rest of the element whose start was just returned.
    fn skip(&mut self) -> Result<(), ReadError> {
        let target = self.depth.saturating_sub(1);
        while self.depth > target {
            if let Ev::Eof = self.next()? {
                break;
            }
        }
        Ok(())
    }

    /// Whether the `mc:AlternateContent` whose start was just returned has an
    /// `mc:Fallback` child. Looks ahead on a separate reader; errors count as "no".
    fn alternate_has_fallback(&self) -> bool {
        let pos = self.r.buffer_position() as usize;
        let Some(rest) = self.src.get(pos..) else {
            return false;
        };
        let mut r = Reader::from_str(rest);
        r.config_mut().expand_empty_elements = true;
        let mut depth = 0usize;
        loop {
            match r.read_event() {
                Ok(Event::Start(e)) => {
                    depth += 1;
                    if depth == 1 && e.local_name().as_ref() == "Fallback" {
                        return true;
                    }
                }
                Ok(Event::End(_)) => {
                    if depth == 0 {
                        return false;
                    }
                    depth -= 1;
                }
                Ok(Event::Eof) | Err(_) => return false,
                Ok(_) => {}
            }
        }
    }
}

/// An attribute's value by local name (prefix ignored).
fn attr<'x>(e: &'x BytesStart<'_>, name: &str) -> Option<Cow<'x, str>> {
    for a in e.attributes().with_checks(false).flatten() {
        if a.key.local_name().as_ref() == name {
            return a.normalized_value(XmlVersion::Implicit1_0).ok();
        }
    }
    None
}

fn attr_int(e: &BytesStart<'_>, name: &str) -> Option<i64> {
    attr(e, name)?.trim().parse::<i64>().ok()
}

/// An OOXML on/off property: absent `w:val` means on.
fn attr_on(e: &BytesStart<'_>) -> bool {
    !matches!(
        attr(e, "val").as_deref().map(str::trim),
        Some("false" | "0" | "off")
    )
}

// ---------------------------------------------------------------------------------
// Styles
// ---------------------------------------------------------------------------------

#[derive(Default, Debug)]
struct Style {
    id: String,
    name: String,
    based_on: Option<String>,
    is_paragraph: bool,
    /// Own `w:numPr` values.
    num_id: Option<i64>,
    ilvl: Option<i64>,
    outline: Option<i64>,
    /// Values resolved through the `w:basedOn` chain.
    eff_num_id: Option<i64>,
    eff_ilvl: Option<i64>,
    eff_heading: Option<u8>,
}

#[derive(Default, Debug)]
struct Styles {
    list: Vec<Style>,
    by_id: HashMap<String, usize>,
    default_paragraph: Option<usize>,
}

impl Styles {
    fn index(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// Computes the inherited values of every style once.
    fn resolve(&mut self) {
        for i in 0..self.list.len() {
            let mut num_id = None;
            let mut ilvl = None;
            let mut outline = None;
            let mut named_heading = None;
            let mut cur = Some(i);
            let mut seen = 0;
            while let Some(c) = cur {
                seen += 1;
                if seen > 32 {
                    break;
                }
                let s = &self.list[c];
                num_id = num_id.or(s.num_id);
                ilvl = ilvl.or(s.ilvl);
                outline = outline.or(s.outline);
                named_heading = named_heading.or_else(|| heading_from_name(&s.name, &s.id));
                cur = s.based_on.as_deref().and_then(|b| self.index(b));
                if cur == Some(i) {
                    break;
                }
            }
            let heading = match outline {
                Some(o) if (0..=8).contains(&o) => Some(o as u8 + 1),
                Some(_) => None,
                None => named_heading,
            };
            let s = &mut self.list[i];
            s.eff_num_id = num_id;
            s.eff_ilvl = ilvl;
            s.eff_heading = heading;
        }
    }
}

/// Heading level of Word's built-in "heading N" styles (name or style id).
fn heading_from_name(name: &str, id: &str) -> Option<u8> {
    let n = name.trim().to_ascii_lowercase();
    let digit = n
        .strip_prefix("heading ")
        .or_else(|| id.strip_prefix("Heading"))?;
    match digit.parse::<u8>() {
        Ok(d @ 1..=9) => Some(d),
        _ => None,
    }
}

fn parse_styles(xml: &str, part: &str, limits: &Limits) -> Result<Styles, ReadError> {
    let mut x = Xml::new(xml, part, limits);
    let mut styles = Styles::default();
    let mut stack: Vec<Tag> = Vec::new();
    let mut cur: Option<Style> = None;
    let mut cur_default = false;
    loop {
        match x.next()? {
            Ev::Start(tag, e) => {
                let parent = stack.last().copied().unwrap_or(Tag::Other);
                match tag {
                    Tag::Style => {
                        cur = Some(Style {
                            id: attr(&e, "styleId").unwrap_or_default().into_owned(),
                            is_paragraph: attr(&e, "type").as_deref() == Some("paragraph"),
                            ..Style::default()
                        });
                        cur_default = attr(&e, "default")
                            .is_some_and(|v| matches!(v.trim(), "1" | "true" | "on"));
                    }
                    Tag::Name if parent == Tag::Style => {
                        if let Some(s) = cur.as_mut() {
                            s.name = attr(&e, "val").unwrap_or_default().into_owned();
                        }
                    }
                    Tag::BasedOn if parent == Tag::Style => {
                        if let Some(s) = cur.as_mut() {
                            s.based_on = attr(&e, "val").map(Cow::into_owned);
                        }
                    }
                    Tag::PPr if parent == Tag::Style => {}
                    Tag::NumPr if parent == Tag::PPr => {}
                    Tag::NumId if parent == Tag::NumPr => {
                        if let Some(s) = cur.as_mut() {
                            s.num_id = attr_int(&e, "val");
                        }
                    }
                    Tag::Ilvl if parent == Tag::NumPr => {
                        if let Some(s) = cur.as_mut() {
                            s.ilvl = attr_int(&e, "val");
                        }
                    }
                    Tag::OutlineLvl if parent == Tag::PPr => {
                        if let Some(s) = cur.as_mut() {
                            s.outline = attr_int(&e, "val");
                        }
                    }
                    Tag::RPr | Tag::Skip => {
                        x.skip()?;
                        continue;
                    }
                    _ => {}
                }
                stack.push(tag);
            }
            Ev::End => {
                if stack.pop() == Some(Tag::Style) {
                    if let Some(s) = cur.take() {
                        if !s.id.is_empty() && !styles.by_id.contains_key(&s.id) {
                            let idx = styles.list.len();
                            if cur_default && s.is_paragraph && styles.default_paragraph.is_none() {
                                styles.default_paragraph = Some(idx);
                            }
                            styles.by_id.insert(s.id.clone(), idx);
                            styles.list.push(s);
                        }
                    }
                }
            }
            Ev::Text(_) => {}
            Ev::Eof => break,
        }
    }
    styles.resolve();
    Ok(styles)
}

// ---------------------------------------------------------------------------------
// Numbering definitions and counters
// ---------------------------------------------------------------------------------

/// Number formats (`ST_NumberFormat`) the reader renders.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum NumFmt {
    Decimal,
    DecimalZero,
    LowerLetter,
    UpperLetter,
    LowerRoman,
    UpperRoman,
    Ordinal,
    Chicago,
    DecimalEnclosedParen,
    DecimalEnclosedFullstop,
    DecimalEnclosedCircle,
    Bullet,
    None,
}

fn parse_num_fmt(s: &str) -> NumFmt {
    match s.trim() {
        "decimalZero" => NumFmt::DecimalZero,
        "lowerLetter" => NumFmt::LowerLetter,
        "upperLetter" => NumFmt::UpperLetter,
        "lowerRoman" => NumFmt::LowerRoman,
        "upperRoman" => NumFmt::UpperRoman,
        "ordinal" => NumFmt::Ordinal,
        "chicago" => NumFmt::Chicago,
        "decimalEnclosedParen" => NumFmt::DecimalEnclosedParen,
        "decimalEnclosedFullstop" => NumFmt::DecimalEnclosedFullstop,
        "decimalEnclosedCircle" => NumFmt::DecimalEnclosedCircle,
        "bullet" => NumFmt::Bullet,
        "none" => NumFmt::None,
        _ => NumFmt::Decimal,
    }
}

/// Longest run of repeated letters or chicago symbols rendered before falling back to
/// decimal (keeps a hostile `w:start` from producing megabytes of label).
const MAX_REPEAT: i64 = 64;

/// Renders `n` in `fmt` the way Word displays it.
fn format_number(n: i64, fmt: NumFmt) -> String {
    match fmt {
        NumFmt::Decimal => n.to_string(),
        NumFmt::DecimalZero => {
            if (0..10).contains(&n) {
                format!("0{n}")
            } else {
                n.to_string()
            }
        }
        NumFmt::LowerLetter | NumFmt::UpperLetter => {
            if n <= 0 || (n - 1) / 26 >= MAX_REPEAT {
                return n.to_string();
            }
            let base = if fmt == NumFmt::LowerLetter {
                b'a'
            } else {
                b'A'
            };
            let c = (base + ((n - 1) % 26) as u8) as char;
            std::iter::repeat_n(c, ((n - 1) / 26 + 1) as usize).collect()
        }
        NumFmt::LowerRoman => roman(n).map_or_else(|| n.to_string(), |r| r.to_ascii_lowercase()),
        NumFmt::UpperRoman => roman(n).unwrap_or_else(|| n.to_string()),
        NumFmt::Ordinal => {
            let suffix = match (n.rem_euclid(100), n.rem_euclid(10)) {
                (11..=13, _) => "th",
                (_, 1) => "st",
                (_, 2) => "nd",
                (_, 3) => "rd",
                _ => "th",
            };
            format!("{n}{suffix}")
        }
        NumFmt::Chicago => {
            if n <= 0 || (n - 1) / 4 >= MAX_REPEAT {
                return n.to_string();
            }
            let c = ['*', '†', '‡', '§'][((n - 1) % 4) as usize];
            std::iter::repeat_n(c, ((n - 1) / 4 + 1) as usize).collect()
        }
        NumFmt::DecimalEnclosedParen => format!("({n})"),
        NumFmt::DecimalEnclosedFullstop => format!("{n}."),
        NumFmt::DecimalEnclosedCircle => match n {
            1..=20 => {
                char::from_u32(0x2460 + (n as u32 - 1)).map_or_else(|| n.to_string(), String::from)
            }
            _ => n.to_string(),
        },
        NumFmt::Bullet | NumFmt::None => String::new(),
    }
}

/// Upper-case roman numeral for 1..=3999.
pub(crate) fn roman(mut n: i64) -> Option<String> {
    if !(1..=3999).contains(&n) {
        return None;
    }
    const TABLE: [(i64, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut s = String::new();
    for (v, r) in TABLE {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    Some(s)
}

/// The Unicode character for a glyph of a symbol font (`w:sym`, bullet text), or the
/// character itself for ordinary fonts.
fn symbol_char(font: Option<&str>, c: char) -> Option<char> {
    let code = c as u32;
    let low = if (0xF000..=0xF0FF).contains(&code) {
        Some((code - 0xF000) as u8)
    } else if code < 0x100 {
        Some(code as u8)
    } else {
        None
    };
    let font = font.unwrap_or("").to_ascii_lowercase();
    match low {
        Some(b) if font.contains("symbol") => symbol_font(b),
        Some(b) if font.contains("wingdings") => wingdings(b),
        Some(b) if code >= 0xF000 => symbol_font(b).or_else(|| wingdings(b)),
        _ => Some(c),
    }
}

fn symbol_font(b: u8) -> Option<char> {
    const GREEK_UPPER: &str = "ΑΒΧΔΕΦΓΗΙϑΚΛΜΝΟΠΘΡΣΤΥςΩΞΨΖ";
    const GREEK_LOWER: &str = "αβχδεφγηιϕκλμνοπθρστυϖωξψζ";
    Some(match b {
        0x41..=0x5A => GREEK_UPPER.chars().nth((b - 0x41) as usize)?,
        0x61..=0x7A => GREEK_LOWER.chars().nth((b - 0x61) as usize)?,
        0x22 => '∀',
        0x24 => '∃',
        0x27 => '∋',
        0x2A => '∗',
        0x2D => '−',
        0x40 => '≅',
        0x5C => '∴',
        0x5E => '⊥',
        0x7E => '∼',
        0x20..=0x7E => b as char,
        0xA0 => '€',
        0xA2 => '′',
        0xA3 => '≤',
        0xA5 => '∞',
        0xA7 => '♣',
        0xA8 => '♦',
        0xA9 => '♥',
        0xAA => '♠',
        0xAB => '↔',
        0xAC => '←',
        0xAD => '↑',
        0xAE => '→',
        0xAF => '↓',
        0xB0 => '°',
        0xB1 => '±',
        0xB2 => '″',
        0xB3 => '≥',
        0xB4 => '×',
        0xB7 => '•',
        0xB8 => '÷',
        0xB9 => '≠',
        0xBA => '≡',
        0xBB => '≈',
        0xBC => '…',
        0xD7 => '⋅',
        0xD8 => '¬',
        0xE2 => '®',
        0xE3 => '©',
        0xE4 => '™',
        0xE5 => '∑',
        _ => return None,
    })
}

fn wingdings(b: u8) -> Option<char> {
    Some(match b {
        0x6C => '●',
        0x6E => '■',
        0x6F => '□',
        0x71 => '❑',
        0x75 => '◆',
        0x76 => '❖',
        0x9F => '•',
        0xA1 => '○',
        0xA7 => '▪',
        0xA8 => '◻',
        0xD8 => '➢',
        0xE8 => '➔',
        0xFB => '✗',
        0xFC => '✓',
        0xFD => '☒',
        0xFE => '☑',
        _ => return None,
    })
}

#[derive(Clone, Default, Debug)]
struct Level {
    start: Option<i64>,
    fmt: Option<NumFmt>,
    /// `None` when the level has no `w:lvlText` (nothing is displayed).
    text: Option<String>,
    restart: Option<i64>,
    is_lgl: bool,
    p_style: Option<String>,
    font: Option<String>,
    pic_bullet: bool,
}

#[derive(Clone, Default, Debug)]
struct AbstractNum {
    levels: [Option<Level>; 9],
    num_style_link: Option<String>,
    style_link: Option<String>,
}

#[derive(Clone, Default, Debug)]
struct Num {
    abstract_id: Option<i64>,
    start_override: [Option<i64>; 9],
    level_override: [Option<Level>; 9],
}

#[derive(Default, Debug)]
struct Numbering {
    abstracts: BTreeMap<i64, AbstractNum>,
    nums: HashMap<i64, Num>,
    /// `w:styleLink` value to the abstract definition that carries it.
    style_links: HashMap<String, i64>,
}

/// Counter state of one list (one abstract numbering definition).
#[derive(Default, Clone, Copy, Debug)]
struct ListState {
    /// Last value shown at each level; `None` = not started since the last restart.
    cur: [Option<i64>; 9],
    /// Start value a `w:startOverride` imposed on the next use of a level.
    pending: [Option<i64>; 9],
}

#[derive(Default, Debug)]
struct ListCounters {
    lists: HashMap<i64, ListState>,
    seen_nums: HashSet<i64>,
}

/// Longest label kept (real labels are a few characters; this keeps a hostile
/// `w:lvlText` from multiplying the output).
const MAX_LABEL_BYTES: usize = 256;

/// Start value of a level that has no `w:start` (ECMA-376 17.9.25: zero).
const DEFAULT_START: i64 = 0;

impl Numbering {
    /// The abstract definition a `w:num` uses, following `w:numStyleLink` to the
    /// definition that carries the matching `w:styleLink`.
    fn abstract_for(&self, num_id: i64, styles: &Styles) -> Option<i64> {
        let mut a = self.nums.get(&num_id)?.abstract_id?;
        for _ in 0..8 {
            let abs = self.abstracts.get(&a)?;
            let Some(link) = abs.num_style_link.as_deref() else {
                return Some(a);
            };
            let via_style = styles
                .index(link)
                .and_then(|s| styles.list[s].num_id)
                .and_then(|n| self.nums.get(&n))
                .and_then(|n| n.abstract_id)
                .filter(|&b| b != a && self.abstracts.contains_key(&b));
            let next =
                via_style.or_else(|| self.style_links.get(link).copied().filter(|&b| b != a));
            match next {
                Some(b) => a = b,
                None => return Some(a),
            }
        }
        Some(a)
    }

    fn level<'s>(&'s self, num: &'s Num, abs: i64, l: usize) -> Option<&'s Level> {
        num.level_override[l]
            .as_ref()
            .or_else(|| self.abstracts.get(&abs)?.levels[l].as_ref())
    }

    /// The level of a paragraph whose numbering gives no `w:ilvl`: the level linked to
    /// its style by `w:pStyle`, else 0.
    fn level_for_style(&self, num_id: i64, styles: &Styles, style: Option<usize>) -> usize {
        let Some(style_id) = style.map(|s| styles.list[s].id.as_str()) else {
            return 0;
        };
        let Some(num) = self.nums.get(&num_id) else {
            return 0;
        };
        let Some(abs) = self.abstract_for(num_id, styles) else {
            return 0;
        };
        (0..9)
            .find(|&l| {
                self.level(num, abs, l)
                    .is_some_and(|lv| lv.p_style.as_deref() == Some(style_id))
            })
            .unwrap_or(0)
    }

    /// Advances the counters for a paragraph numbered (`num_id`, `ilvl`) and returns
    /// the label Word would show (`None` when nothing is shown).
    fn next_label(
        &self,
        counters: &mut ListCounters,
        styles: &Styles,
        num_id: i64,
        ilvl: usize,
    ) -> Option<String> {
        let num = self.nums.get(&num_id)?;
        let abs = self.abstract_for(num_id, styles)?;
        let def = self.level(num, abs, ilvl)?;
        let state = counters.lists.entry(abs).or_default();
        if counters.seen_nums.insert(num_id) {
            for l in 0..9 {
                if let Some(s) = num.start_override[l] {
                    state.cur[l] = None;
                    state.pending[l] = Some(s);
                }
            }
        }
        let start_of = |l: usize| {
            num.start_override[l]
                .or_else(|| self.level(num, abs, l).and_then(|d| d.start))
                .unwrap_or(DEFAULT_START)
        };
        let value = match state.cur[ilvl] {
            Some(v) => v.saturating_add(1),
            None => state.pending[ilvl].take().unwrap_or_else(|| start_of(ilvl)),
        };
        state.cur[ilvl] = Some(value);
        for m in ilvl + 1..9 {
            let restart = match self.level(num, abs, m).and_then(|d| d.restart) {
                None => true,
                Some(r) if r <= 0 => false,
                Some(r) => (ilvl as i64) < r,
            };
            if restart {
                state.cur[m] = None;
            }
        }
        let state = *state;

        let text = def.text.as_deref()?;
        if def.fmt == Some(NumFmt::Bullet) || !text.contains('%') {
            let mut label: String = text
                .chars()
                .filter_map(|c| symbol_char(def.font.as_deref(), c).or(Some('•')))
                .collect();
            if label.trim().is_empty() && def.pic_bullet {
                label = "•".into();
            }
            return Some(label);
        }
        let mut label = String::with_capacity(text.len() + 4);
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            if label.len() > MAX_LABEL_BYTES {
                break;
            }
            if c == '%' {
                if let Some(d @ '1'..='9') = chars.peek().copied() {
                    chars.next();
                    let k = d as usize - '1' as usize;
                    let value_k = if k == ilvl {
                        value
                    } else {
                        state.cur[k]
                            .or(state.pending[k])
                            .unwrap_or_else(|| start_of(k))
                    };
                    let fmt_k = if def.is_lgl {
                        NumFmt::Decimal
                    } else {
                        self.level(num, abs, k)
                            .and_then(|d| d.fmt)
                            .unwrap_or(NumFmt::Decimal)
                    };
                    label.push_str(&format_number(value_k, fmt_k));
                    continue;
                }
            }
            if let Some(c) = symbol_char(def.font.as_deref(), c) {
                label.push(c);
            }
        }
        Some(label)
    }
}

fn parse_numbering(xml: &str, part: &str, limits: &Limits) -> Result<Numbering, ReadError> {
    let mut x = Xml::new(xml, part, limits);
    let mut numbering = Numbering::default();
    let mut stack: Vec<Tag> = Vec::new();
    let mut cur_abs: Option<(i64, AbstractNum)> = None;
    let mut cur_num: Option<(i64, Num)> = None;
    let mut cur_override: Option<usize> = None;
    let mut cur_lvl: Option<(usize, Level)> = None;
    let mut choice_fmt: Option<NumFmt> = None;
    let mut in_choice = 0usize;
    loop {
        match x.next()? {
            Ev::Start(tag, e) => {
                let parent = stack.last().copied().unwrap_or(Tag::Other);
                let lvl_ok = |p: Tag| p == Tag::Lvl || p == Tag::Choice || p == Tag::Fallback;
                match tag {
                    Tag::AbstractNum => {
                        cur_abs =
                            attr_int(&e, "abstractNumId").map(|id| (id, AbstractNum::default()));
                    }
                    Tag::Num => {
                        cur_num = attr_int(&e, "numId").map(|id| (id, Num::default()));
                    }
                    Tag::NumStyleLink | Tag::StyleLink if parent == Tag::AbstractNum => {
                        if let Some((_, a)) = cur_abs.as_mut() {
                            let v = attr(&e, "val").map(Cow::into_owned);
                            if tag == Tag::NumStyleLink {
                                a.num_style_link = v;
                            } else {
                                a.style_link = v;
                            }
                        }
                    }
                    Tag::AbstractNumId if parent == Tag::Num => {
                        if let Some((_, n)) = cur_num.as_mut() {
                            n.abstract_id = attr_int(&e, "val");
                        }
                    }
                    Tag::LvlOverride if parent == Tag::Num => {
                        cur_override = attr_int(&e, "ilvl")
                            .filter(|l| (0..9).contains(l))
                            .map(|l| l as usize);
                    }
                    Tag::StartOverride if parent == Tag::LvlOverride => {
                        if let (Some((_, n)), Some(l)) = (cur_num.as_mut(), cur_override) {
                            n.start_override[l] = attr_int(&e, "val");
                        }
                    }
                    Tag::Lvl if parent == Tag::AbstractNum || parent == Tag::LvlOverride => {
                        let il = attr_int(&e, "ilvl")
                            .filter(|l| (0..9).contains(l))
                            .map(|l| l as usize)
                            .or(cur_override);
                        cur_lvl = il.map(|l| (l, Level::default()));
                        choice_fmt = None;
                    }
                    Tag::AltContent | Tag::Fallback => {}
                    Tag::Choice => in_choice += 1,
                    Tag::Start if lvl_ok(parent) => {
                        if let Some((_, l)) = cur_lvl.as_mut() {
                            l.start = attr_int(&e, "val");
                        }
                    }
                    Tag::NumFmt if lvl_ok(parent) => {
                        if let Some((_, l)) = cur_lvl.as_mut() {
                            let f = parse_num_fmt(&attr(&e, "val").unwrap_or_default());
                            if in_choice > 0 {
                                choice_fmt = Some(f);
                            } else {
                                l.fmt = Some(f);
                            }
                        }
                    }
                    Tag::LvlText if lvl_ok(parent) => {
                        if let Some((_, l)) = cur_lvl.as_mut() {
                            let null = attr(&e, "null")
                                .is_some_and(|v| matches!(v.trim(), "1" | "true" | "on"));
                            l.text = if null {
                                Some(String::new())
                            } else {
                                Some(attr(&e, "val").unwrap_or_default().into_owned())
                            };
                        }
                    }
                    Tag::LvlRestart if lvl_ok(parent) => {
                        if let Some((_, l)) = cur_lvl.as_mut() {
                            l.restart = attr_int(&e, "val");
                        }
                    }
                    Tag::IsLgl if lvl_ok(parent) => {
                        if let Some((_, l)) = cur_lvl.as_mut() {
                            l.is_lgl = attr_on(&e);
                        }
                    }
                    Tag::PStyle if lvl_ok(parent) => {
                        if let Some((_, l)) = cur_lvl.as_mut() {
                            l.p_style = attr(&e, "val").map(Cow::into_owned);
                        }
                    }
                    Tag::LvlPicBulletId if lvl_ok(parent) => {
                        if let Some((_, l)) = cur_lvl.as_mut() {
                            l.pic_bullet = true;
                        }
                    }
                    Tag::RPr if parent == Tag::Lvl => {}
                    Tag::RFonts if parent == Tag::RPr => {
                        if let Some((_, l)) = cur_lvl.as_mut() {
                            l.font = attr(&e, "ascii")
                                .or_else(|| attr(&e, "hAnsi"))
                                .map(Cow::into_owned);
                        }
                    }
                    Tag::PPr | Tag::RPr | Tag::Skip => {
                        x.skip()?;
                        continue;
                    }
                    _ => {}
                }
                stack.push(tag);
            }
            Ev::End => match stack.pop() {
                Some(Tag::Choice) => in_choice = in_choice.saturating_sub(1),
                Some(Tag::Lvl) => {
                    if let Some((l, mut lvl)) = cur_lvl.take() {
                        if lvl.fmt.is_none() {
                            lvl.fmt = choice_fmt.take();
                        }
                        if stack.last() == Some(&Tag::LvlOverride) {
                            if let Some((_, n)) = cur_num.as_mut() {
                                n.level_override[l] = Some(lvl);
                            }
                        } else if let Some((_, a)) = cur_abs.as_mut() {
                            a.levels[l] = Some(lvl);
                        }
                    }
                }
                Some(Tag::LvlOverride) => cur_override = None,
                Some(Tag::AbstractNum) => {
                    if let Some((id, a)) = cur_abs.take() {
                        numbering.abstracts.entry(id).or_insert(a);
                    }
                }
                Some(Tag::Num) => {
                    if let Some((id, n)) = cur_num.take() {
                        numbering.nums.entry(id).or_insert(n);
                    }
                }
                _ => {}
            },
            Ev::Text(_) => {}
            Ev::Eof => break,
        }
    }
    for (&id, a) in &numbering.abstracts {
        if let Some(link) = &a.style_link {
            numbering.style_links.entry(link.clone()).or_insert(id);
        }
    }
    Ok(numbering)
}

// ---------------------------------------------------------------------------------
// Footnote and endnote numbering properties
// ---------------------------------------------------------------------------------

#[derive(Default, Clone, Copy, Debug)]
struct NotePr {
    fmt: Option<NumFmt>,
    start: Option<i64>,
}

#[derive(Default, Clone, Copy, Debug)]
struct NoteProps {
    foot: NotePr,
    end: NotePr,
}

impl NoteProps {
    /// Section properties override the document settings.
    fn merge_section(&mut self, s: &NoteProps) {
        self.foot.fmt = s.foot.fmt.or(self.foot.fmt);
        self.foot.start = s.foot.start.or(self.foot.start);
        self.end.fmt = s.end.fmt.or(self.end.fmt);
        self.end.start = s.end.start.or(self.end.start);
    }
}

fn parse_settings(
    xml: &str,
    part: &str,
    limits: &Limits,
    props: &mut NoteProps,
) -> Result<(), ReadError> {
    let mut x = Xml::new(xml, part, limits);
    let mut stack: Vec<Tag> = Vec::new();
    loop {
        match x.next()? {
            Ev::Start(tag, e) => {
                let parent = stack.last().copied().unwrap_or(Tag::Other);
                let target = match parent {
                    Tag::FootnotePr => Some(&mut props.foot),
                    Tag::EndnotePr => Some(&mut props.end),
                    _ => None,
                };
                if let Some(t) = target {
                    match tag {
                        Tag::NumFmt => t.fmt = attr(&e, "val").map(|v| parse_num_fmt(&v)),
                        Tag::NumStart => t.start = attr_int(&e, "val"),
                        _ => {}
                    }
                }
                stack.push(tag);
            }
            Ev::End => {
                stack.pop();
            }
            Ev::Text(_) => {}
            Ev::Eof => break,
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------
// Document and notes walker
// ---------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
enum NoteKind {
    Foot,
    End,
}

#[derive(Debug)]
struct RawPara {
    text: String,
    kind: BlockKind,
    /// The story the paragraph belongs to (body, one cell, one text box, one note):
    /// a deleted paragraph mark joins the next paragraph of the same story only.
    container: u32,
    style: Option<usize>,
    num_id: Option<i64>,
    ilvl: Option<i64>,
    outline: Option<i64>,
    mark_deleted: bool,
    note: Option<(NoteKind, i64)>,
    removed: bool,
    /// Where the `w:p` starts in its part, and where the first paragraph joined into
    /// this one (through deleted marks) starts.
    part: XmlPart,
    xml_pos: usize,
    xml_first: usize,
}

impl RawPara {
    fn source(&self) -> XmlSource {
        XmlSource {
            part: self.part,
            first: self.xml_first,
            last: self.xml_pos,
        }
    }
}

#[derive(Debug)]
struct NoteRef {
    kind: NoteKind,
    id: i64,
    custom: Option<String>,
}

#[derive(Clone, Copy, Debug)]
struct Frame {
    tag: Tag,
    /// Deleted (row, cell) or hidden (run).
    flag: bool,
    /// Pops a story container at the end.
    container: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum TextTarget {
    None,
    Para,
    Custom(usize),
}

/// Most `mc:AlternateContent` elements nested in one another that are read; deeper
/// ones are skipped (keeps the look-ahead linear in practice).
const MAX_ALTERNATE_NESTING: usize = 8;

struct Walker<'s> {
    styles: &'s Styles,
    limits: Limits,
    notes_mode: bool,
    paras: Vec<RawPara>,
    /// Indexes (into `paras`) of the paragraphs being read, innermost last.
    open: Vec<usize>,
    frames: Vec<Frame>,
    containers: Vec<u32>,
    next_container: u32,
    table_depth: usize,
    /// Open complex fields; `true` while in the instruction part.
    fields: Vec<bool>,
    instr_open: usize,
    refs: Vec<NoteRef>,
    custom_mark: Option<usize>,
    target: TextTarget,
    /// Byte offset in the current paragraph where the current `w:t` started, and
    /// whether it preserves white space.
    t_start: usize,
    t_preserve: bool,
    note: Option<(NoteKind, i64)>,
    /// Per open `mc:AlternateContent`: (read the fallback, a branch was taken).
    alternates: Vec<(bool, bool)>,
    deletions: usize,
    alt_chunks: usize,
    section_notes: NoteProps,
    text_total: usize,
    /// Per story: whether its last finished paragraph had a deleted mark.
    mark_deleted_last: HashMap<u32, bool>,
    /// The part being walked.
    part: XmlPart,
}

impl<'s> Walker<'s> {
    fn new(styles: &'s Styles, limits: &Limits, notes_mode: bool) -> Self {
        Walker {
            styles,
            limits: *limits,
            notes_mode,
            paras: Vec::new(),
            open: Vec::new(),
            frames: Vec::new(),
            containers: Vec::new(),
            next_container: 0,
            table_depth: 0,
            fields: Vec::new(),
            instr_open: 0,
            refs: Vec::new(),
            custom_mark: None,
            target: TextTarget::None,
            t_start: 0,
            t_preserve: true,
            note: None,
            alternates: Vec::new(),
            deletions: 0,
            alt_chunks: 0,
            section_notes: NoteProps::default(),
            text_total: 0,
            mark_deleted_last: HashMap::new(),
            part: XmlPart::Main,
        }
    }

    fn run(&mut self, xml: &str, part: &str, kind: XmlPart) -> Result<(), ReadError> {
        let mut x = Xml::new(xml, part, &self.limits);
        self.part = kind;
        // Per-part state never leaks into the next part.
        self.frames.clear();
        self.open.clear();
        self.containers.clear();
        self.fields.clear();
        self.instr_open = 0;
        self.table_depth = 0;
        self.alternates.clear();
        self.target = TextTarget::None;
        self.custom_mark = None;
        self.note = None;
        let mut first = true;
        loop {
            match x.next()? {
                Ev::Start(tag, e) => {
                    if first {
                        first = false;
                        if !self.notes_mode && tag != Tag::Document {
                            return Err(ReadError::Docx(
                                "no word/document.xml: not a Word document".into(),
                            ));
                        }
                    }
                    self.start(&mut x, tag, &e)?;
                }
                Ev::End => self.end()?,
                Ev::Text(t) => self.text(&t)?,
                Ev::Eof => break,
            }
        }
        if first && !self.notes_mode {
            return Err(ReadError::Docx(
                "no word/document.xml: not a Word document".into(),
            ));
        }
        Ok(())
    }

    fn parent(&self, up: usize) -> Tag {
        let n = self.frames.len();
        if n > up {
            self.frames[n - 1 - up].tag
        } else {
            Tag::Other
        }
    }

    fn cur_para(&mut self) -> Option<&mut RawPara> {
        let i = *self.open.last()?;
        self.paras.get_mut(i)
    }

    fn run_hidden(&self) -> bool {
        for f in self.frames.iter().rev() {
            match f.tag {
                Tag::R => return f.flag,
                Tag::P => return false,
                _ => {}
            }
        }
        false
    }

    fn in_deleted_cell(&self) -> bool {
        for f in self.frames.iter().rev() {
            if f.tag == Tag::Tc {
                return f.flag;
            }
        }
        false
    }

    fn emitting(&self) -> bool {
        self.instr_open == 0 && !self.open.is_empty() && !self.run_hidden()
    }

    fn push_container(&mut self) {
        self.next_container += 1;
        self.containers.push(self.next_container);
    }

    fn check_len(&self, len: usize) -> Result<(), ReadError> {
        if len > self.limits.max_text_bytes || self.text_total + len > self.limits.max_text_bytes {
            return Err(ReadError::Limit {
                what: "extracted text".into(),
                limit: format!("{} bytes", self.limits.max_text_bytes),
                flag: "--max-text-size",
            });
        }
        Ok(())
    }

    /// Appends run text to the current paragraph: line breaks and tabs become one
    /// space, other control characters are dropped.
    fn push_text(&mut self, s: &str) -> Result<(), ReadError> {
        let Some(&i) = self.open.last() else {
            return Ok(());
        };
        let buf = &mut self.paras[i].text;
        let special = |c: char| c < ' ' || matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}');
        if s.contains(special) {
            for c in s.chars() {
                match c {
                    '\t' | '\n' | '\r' | '\u{b}' | '\u{c}' | '\u{85}' | '\u{2028}' | '\u{2029}' => {
                        push_space(buf)
                    }
                    c if c < ' ' => {}
                    c => buf.push(c),
                }
            }
        } else {
            buf.push_str(s);
        }
        let len = buf.len();
        self.check_len(len)
    }

    fn push_sep(&mut self) {
        if let Some(&i) = self.open.last() {
            push_space(&mut self.paras[i].text);
        }
    }

    /// The nearest enclosing element that is not markup-compatibility wrapping (Word
    /// puts run content such as `w:sym` or `w:t` inside `mc:AlternateContent`).
    fn run_parent(&self) -> Tag {
        self.frames
            .iter()
            .rev()
            .map(|f| f.tag)
            .find(|t| !matches!(t, Tag::AltContent | Tag::Choice | Tag::Fallback))
            .unwrap_or(Tag::Other)
    }

    fn start(&mut self, x: &mut Xml<'_>, tag: Tag, e: &BytesStart<'_>) -> Result<(), ReadError> {
        let parent = self.parent(0);
        let in_run = self.run_parent() == Tag::R;
        let mut frame = Frame {
            tag,
            flag: false,
            container: false,
        };
        match tag {
            Tag::Body => {
                self.push_container();
                frame.container = true;
            }
            Tag::Footnote | Tag::Endnote if self.notes_mode => {
                let ty = attr(e, "type");
                let special = matches!(
                    ty.as_deref(),
                    Some("separator" | "continuationSeparator" | "continuationNotice")
                );
                let id = attr_int(e, "id");
                match id {
                    Some(id) if !special => {
                        let kind = if tag == Tag::Footnote {
                            NoteKind::Foot
                        } else {
                            NoteKind::End
                        };
                        self.note = Some((kind, id));
                        self.push_container();
                        frame.container = true;
                    }
                    _ => return x.skip(),
                }
            }
            Tag::P => {
                if self.in_deleted_cell() {
                    return x.skip();
                }
                let kind = if self.notes_mode {
                    BlockKind::Footnote
                } else if self.table_depth > 0 {
                    BlockKind::TableCell
                } else {
                    BlockKind::Body
                };
                self.paras.push(RawPara {
                    text: String::new(),
                    kind,
                    container: self.containers.last().copied().unwrap_or(0),
                    style: None,
                    num_id: None,
                    ilvl: None,
                    outline: None,
                    mark_deleted: false,
                    note: self.note,
                    removed: false,
                    part: self.part,
                    xml_pos: x.event_start,
                    xml_first: x.event_start,
                });
                self.open.push(self.paras.len() - 1);
            }
            Tag::PPr if parent != Tag::P => return x.skip(),
            Tag::PStyle if parent == Tag::PPr => {
                let style = attr(e, "val").and_then(|v| self.styles.index(&v));
                if let Some(p) = self.cur_para() {
                    p.style = style;
                }
            }
            Tag::NumPr if parent != Tag::PPr => return x.skip(),
            Tag::Ilvl if parent == Tag::NumPr => {
                let v = attr_int(e, "val");
                if let Some(p) = self.cur_para() {
                    p.ilvl = v;
                }
            }
            Tag::NumId if parent == Tag::NumPr => {
                let v = attr_int(e, "val");
                if let Some(p) = self.cur_para() {
                    p.num_id = v;
                }
            }
            Tag::OutlineLvl if parent == Tag::PPr => {
                let v = attr_int(e, "val");
                if let Some(p) = self.cur_para() {
                    p.outline = v;
                }
            }
            Tag::RPr if parent != Tag::PPr && parent != Tag::R => return x.skip(),
            Tag::Vanish if parent == Tag::RPr && self.parent(1) == Tag::R && attr_on(e) => {
                let n = self.frames.len();
                self.frames[n - 2].flag = true;
            }
            Tag::Del | Tag::MoveFrom => {
                if parent == Tag::RPr && self.parent(1) == Tag::PPr {
                    // The paragraph mark itself is deleted.
                    if let Some(p) = self.cur_para() {
                        p.mark_deleted = true;
                    }
                } else if parent == Tag::TrPr {
                    let n = self.frames.len();
                    if self.frames[n - 2].tag == Tag::Tr && !self.frames[n - 2].flag {
                        self.frames[n - 2].flag = true;
                        self.deletions += 1;
                    }
                } else if parent == Tag::RPr {
                    // A revision mark on something else (e.g. a math run): nothing to drop.
                } else {
                    self.deletions += 1;
                }
                return x.skip();
            }
            Tag::CellDel if parent == Tag::TcPr => {
                let n = self.frames.len();
                if self.frames[n - 2].tag == Tag::Tc && !self.frames[n - 2].flag {
                    self.frames[n - 2].flag = true;
                    self.deletions += 1;
                }
                return x.skip();
            }
            Tag::T | Tag::MathT => {
                self.target = if let Some(k) = self.custom_mark {
                    TextTarget::Custom(k)
                } else if self.emitting() && (tag == Tag::MathT || in_run) {
                    TextTarget::Para
                } else {
                    TextTarget::None
                };
                self.t_preserve =
                    tag == Tag::MathT || attr(e, "space").as_deref() == Some("preserve");
                self.t_start = self.open.last().map_or(0, |&i| self.paras[i].text.len());
            }
            Tag::Tab | Tag::Br | Tag::Cr
                if in_run && self.emitting() && self.custom_mark.is_none() =>
            {
                self.push_sep()
            }
            Tag::NoBreakHyphen if in_run && self.emitting() => self.push_text("-")?,
            Tag::Sym if in_run && self.emitting() => {
                let font = attr(e, "font");
                let ch = attr(e, "char")
                    .and_then(|c| u32::from_str_radix(c.trim(), 16).ok())
                    .and_then(char::from_u32)
                    .and_then(|c| symbol_char(font.as_deref(), c));
                if let Some(c) = ch {
                    let mut b = [0u8; 4];
                    self.push_text(c.encode_utf8(&mut b))?;
                }
            }
            Tag::FootnoteReference | Tag::EndnoteReference
                if in_run && !self.notes_mode && self.instr_open == 0 =>
            {
                if let Some(id) = attr_int(e, "id") {
                    let kind = if tag == Tag::FootnoteReference {
                        NoteKind::Foot
                    } else {
                        NoteKind::End
                    };
                    let custom = attr(e, "customMarkFollows")
                        .is_some_and(|v| matches!(v.trim(), "1" | "true" | "on"));
                    self.refs.push(NoteRef {
                        kind,
                        id,
                        custom: custom.then(String::new),
                    });
                    if custom {
                        self.custom_mark = Some(self.refs.len() - 1);
                    }
                }
            }
            Tag::FldChar if in_run => match attr(e, "fldCharType").as_deref() {
                Some("begin") => {
                    self.fields.push(true);
                    self.instr_open += 1;
                }
                Some("separate") => {
                    if let Some(top) = self.fields.last_mut() {
                        if *top {
                            *top = false;
                            self.instr_open -= 1;
                        }
                    }
                }
                Some("end") => {
                    if let Some(top) = self.fields.pop() {
                        if top {
                            self.instr_open -= 1;
                        }
                    }
                }
                _ => {}
            },
            Tag::Tbl => self.table_depth += 1,
            Tag::Tc => {
                // The row may be a few levels up (row-level content controls).
                let row_deleted = self
                    .frames
                    .iter()
                    .rev()
                    .find(|f| f.tag == Tag::Tr)
                    .is_some_and(|f| f.flag);
                if row_deleted {
                    return x.skip();
                }
                self.push_container();
                frame.container = true;
            }
            Tag::TrPr if parent != Tag::Tr => return x.skip(),
            Tag::TcPr if parent != Tag::Tc => return x.skip(),
            Tag::TxbxContent => {
                self.push_container();
                frame.container = true;
            }
            Tag::SectPr if parent != Tag::Body => return x.skip(),
            Tag::FootnotePr | Tag::EndnotePr if parent != Tag::SectPr => return x.skip(),
            Tag::NumFmt | Tag::NumStart
                if parent == Tag::FootnotePr || parent == Tag::EndnotePr =>
            {
                let t = if parent == Tag::FootnotePr {
                    &mut self.section_notes.foot
                } else {
                    &mut self.section_notes.end
                };
                if tag == Tag::NumFmt {
                    t.fmt = attr(e, "val").map(|v| parse_num_fmt(&v));
                } else {
                    t.start = attr_int(e, "val");
                }
            }
            Tag::AltContent => {
                if self.alternates.len() >= MAX_ALTERNATE_NESTING {
                    return x.skip();
                }
                let fallback = x.alternate_has_fallback();
                self.alternates.push((fallback, false));
            }
            Tag::Choice | Tag::Fallback if parent == Tag::AltContent => {
                let Some(state) = self.alternates.last_mut() else {
                    return x.skip();
                };
                let want = if tag == Tag::Fallback {
                    state.0
                } else {
                    !state.0
                };
                if !want || state.1 {
                    return x.skip();
                }
                state.1 = true;
            }
            Tag::AltChunk => {
                self.alt_chunks += 1;
                return x.skip();
            }
            Tag::Skip => return x.skip(),
            _ => {}
        }
        self.frames.push(frame);
        Ok(())
    }

    fn end(&mut self) -> Result<(), ReadError> {
        let Some(f) = self.frames.pop() else {
            return Ok(());
        };
        if f.container {
            self.containers.pop();
        }
        match f.tag {
            Tag::P => {
                if let Some(i) = self.open.pop() {
                    self.text_total += self.paras[i].text.len();
                    self.check_len(0)?;
                    self.finish_para(i);
                }
            }
            Tag::Footnote | Tag::Endnote if f.container => self.note = None,
            Tag::Tbl => self.table_depth = self.table_depth.saturating_sub(1),
            Tag::T | Tag::MathT => {
                if self.target == TextTarget::Para && !self.t_preserve {
                    // Without xml:space="preserve" the white space around the text of a
                    // w:t is not significant (Word and LibreOffice drop it).
                    if let Some(&i) = self.open.last() {
                        let start = self.t_start;
                        trim_tail_segment(&mut self.paras[i].text, start);
                    }
                }
                self.target = TextTarget::None;
            }
            Tag::R => self.custom_mark = None,
            Tag::AltContent => {
                self.alternates.pop();
            }
            _ => {}
        }
        Ok(())
    }

    /// Forgets a finished paragraph that cannot show anything nor affect anything
    /// (empty, unnumbered, mark not deleted, no joined paragraph before it), so that a
    /// flood of `<w:p/>` costs no memory.
    fn finish_para(&mut self, i: usize) {
        let p = &self.paras[i];
        let container = p.container;
        let prev_joins = self
            .mark_deleted_last
            .get(&container)
            .copied()
            .unwrap_or(false);
        self.mark_deleted_last.insert(container, p.mark_deleted);
        let numbered = match p.num_id {
            Some(n) => n != 0,
            None => p
                .style
                .or(self.styles.default_paragraph)
                .and_then(|s| self.styles.list[s].eff_num_id)
                .is_some_and(|n| n != 0),
        };
        if p.mark_deleted || prev_joins || numbered || !p.text.trim().is_empty() {
            return;
        }
        if i + 1 == self.paras.len() {
            self.paras.pop();
        } else {
            self.paras[i].removed = true;
            self.paras[i].text = String::new();
        }
    }

    fn text(&mut self, t: &str) -> Result<(), ReadError> {
        match self.target {
            TextTarget::Para => self.push_text(t),
            TextTarget::Custom(k) => {
                if let Some(c) = self.refs.get_mut(k).and_then(|r| r.custom.as_mut()) {
                    if c.len() < 64 {
                        c.push_str(t);
                    }
                }
                Ok(())
            }
            TextTarget::None => Ok(()),
        }
    }
}

/// Adds one separating space unless the text is empty or already ends with a space.
fn push_space(buf: &mut String) {
    if !buf.is_empty() && !buf.ends_with(' ') {
        buf.push(' ');
    }
}

/// Trims XML white space at both ends of `buf[start..]` (the text of one `w:t`).
fn trim_tail_segment(buf: &mut String, start: usize) {
    let Some(seg) = buf.get(start..) else {
        return;
    };
    let is_ws = |c: char| matches!(c, ' ' | '\t' | '\r' | '\n');
    let trimmed_end = seg.trim_end_matches(is_ws).len();
    buf.truncate(start + trimmed_end);
    let lead = buf[start..].len() - buf[start..].trim_start_matches(is_ws).len();
    if lead > 0 {
        buf.replace_range(start..start + lead, "");
    }
}

// ---------------------------------------------------------------------------------
// Assembly: accepted paragraph marks, numbering labels, notes, output
// ---------------------------------------------------------------------------------

/// Joins each paragraph whose mark is deleted to the next paragraph of the same story,
/// as accepting the deletion does. The joined paragraph keeps the properties (style,
/// numbering, outline level) of the first paragraph of the chain that still has text
/// after accepting, or of the last one when the others are empty (a wholly deleted
/// paragraph leaves the next one as it was). LibreOffice keeps the first paragraph's
/// properties too. Returns how many joins were made.
fn merge_deleted_marks(paras: &mut [RawPara]) -> usize {
    struct Carry {
        idx: usize,
        text: String,
        props_from: Option<usize>,
        xml_first: usize,
    }
    let mut carry: HashMap<u32, Carry> = HashMap::new();
    let mut joins = 0;
    for i in 0..paras.len() {
        let c = paras[i].container;
        let own_text = !paras[i].text.trim().is_empty();
        let mut props_from = None;
        if let Some(mut k) = carry.remove(&c) {
            k.text.push_str(&paras[i].text);
            paras[i].text = k.text;
            paras[i].xml_first = k.xml_first;
            props_from = k.props_from;
            joins += 1;
        }
        if let Some(src) = props_from {
            copy_props(paras, src, i);
        }
        if paras[i].mark_deleted {
            let text = std::mem::take(&mut paras[i].text);
            paras[i].removed = true;
            let props_from = props_from.or(own_text.then_some(i));
            carry.insert(
                c,
                Carry {
                    idx: i,
                    text,
                    props_from,
                    xml_first: paras[i].xml_first,
                },
            );
        }
    }
    // The last paragraph of a story has nothing to join: it stays.
    for (_, k) in carry {
        paras[k.idx].text = k.text;
        paras[k.idx].removed = false;
    }
    joins
}

fn copy_props(paras: &mut [RawPara], from: usize, to: usize) {
    if from == to {
        return;
    }
    let (style, num_id, ilvl, outline) = {
        let s = &paras[from];
        (s.style, s.num_id, s.ilvl, s.outline)
    };
    let t = &mut paras[to];
    t.style = style;
    t.num_id = num_id;
    t.ilvl = ilvl;
    t.outline = outline;
}

struct OutBlock<'t> {
    label: Option<Cow<'t, str>>,
    text: &'t str,
    kind: BlockKind,
    list_level: Option<u8>,
    heading_level: Option<u8>,
    source: XmlSource,
}

/// Adds a block's output length (label, space, text, newline) to `total`, refusing to
/// go over the text limit.
fn add_len(
    total: usize,
    text: &str,
    label: Option<&str>,
    limits: &Limits,
) -> Result<usize, ReadError> {
    let total = total + text.len() + label.map_or(0, |l| l.len() + 1) + 1;
    if total > limits.max_text_bytes {
        return Err(ReadError::Limit {
            what: "extracted text".into(),
            limit: format!("{} bytes", limits.max_text_bytes),
            flag: "--max-text-size",
        });
    }
    Ok(total)
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn clean_label(s: &str) -> String {
    let mut out: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_string();
    if out.len() > MAX_LABEL_BYTES {
        let mut end = MAX_LABEL_BYTES;
        while !out.is_char_boundary(end) {
            end -= 1;
        }
        out.truncate(end);
    }
    out
}

fn assemble(
    mut body: Walker<'_>,
    mut notes: Walker<'_>,
    styles: &Styles,
    numbering: &Numbering,
    note_props: &NoteProps,
    mut warnings: Vec<String>,
    limits: &Limits,
) -> Result<Extracted, ReadError> {
    let joins = merge_deleted_marks(&mut body.paras) + merge_deleted_marks(&mut notes.paras);
    let deletions = body.deletions + notes.deletions;
    if deletions > 0 {
        warnings.push(format!(
            "{} dropped (changes read as accepted)",
            plural(deletions, "tracked deletion", "tracked deletions")
        ));
    }
    if joins > 0 {
        warnings.push(format!(
            "{} accepted: paragraphs joined",
            plural(joins, "deleted paragraph mark", "deleted paragraph marks")
        ));
    }
    if body.alt_chunks > 0 {
        warnings.push(format!(
            "{} not read",
            plural(
                body.alt_chunks,
                "embedded document chunk (altChunk)",
                "embedded document chunks (altChunk)"
            )
        ));
    }

    let mut out: Vec<OutBlock<'_>> = Vec::with_capacity(body.paras.len());
    let mut total = 0usize;
    let mut counters = ListCounters::default();
    for p in body.paras.iter().filter(|p| !p.removed) {
        let style = p.style.or(styles.default_paragraph);
        let st = style.map(|s| &styles.list[s]);
        let num_id = p.num_id.or(st.and_then(|s| s.eff_num_id));
        let mut label = None;
        let mut list_level = None;
        if let Some(num_id) = num_id.filter(|&n| n != 0) {
            let ilvl = match p.ilvl.or(st.and_then(|s| s.eff_ilvl)) {
                Some(l) => l.clamp(0, 8) as usize,
                None => numbering.level_for_style(num_id, styles, style),
            };
            if let Some(l) = numbering.next_label(&mut counters, styles, num_id, ilvl) {
                let l = clean_label(&l);
                if !l.is_empty() {
                    label = Some(Cow::Owned(l));
                    list_level = Some(ilvl as u8);
                }
            }
        }
        let heading_level = match p.outline {
            Some(o) if (0..=8).contains(&o) => Some(o as u8 + 1),
            Some(_) => None,
            None => st.and_then(|s| s.eff_heading),
        };
        let text = p.text.trim();
        if text.is_empty() {
            continue;
        }
        total = add_len(total, text, label.as_deref(), limits)?;
        out.push(OutBlock {
            label,
            text,
            kind: p.kind,
            list_level,
            heading_level,
            source: p.source(),
        });
    }

    // Notes, numbered in order of reference in the body.
    let mut by_note: HashMap<(NoteKind, i64), Vec<usize>> = HashMap::new();
    for (i, p) in notes.paras.iter().enumerate() {
        if let (Some(key), false) = (p.note, p.removed) {
            by_note.entry(key).or_default().push(i);
        }
    }
    let mut seen = HashSet::new();
    let mut ordered: [Vec<(NoteKind, i64, String)>; 2] = [Vec::new(), Vec::new()];
    let mut next = [
        note_props.foot.start.unwrap_or(1),
        note_props.end.start.unwrap_or(1),
    ];
    let fmts = [
        note_props.foot.fmt.unwrap_or(NumFmt::Decimal),
        note_props.end.fmt.unwrap_or(NumFmt::LowerRoman),
    ];
    for r in &body.refs {
        if !seen.insert((r.kind, r.id)) {
            continue;
        }
        let slot = (r.kind == NoteKind::End) as usize;
        let label = match &r.custom {
            Some(mark) => clean_label(mark),
            None => {
                let n = next[slot];
                next[slot] = n.saturating_add(1);
                format_number(n, fmts[slot])
            }
        };
        ordered[slot].push((r.kind, r.id, label));
    }
    for (kind, id, label) in ordered.into_iter().flatten() {
        let Some(idxs) = by_note.get(&(kind, id)) else {
            continue;
        };
        let mut first = true;
        for &i in idxs {
            let text = notes.paras[i].text.trim();
            if text.is_empty() {
                continue;
            }
            let label = if first && !label.is_empty() {
                Some(Cow::Owned(label.clone()))
            } else {
                None
            };
            first = false;
            total = add_len(total, text, label.as_deref(), limits)?;
            out.push(OutBlock {
                label,
                text,
                kind: BlockKind::Footnote,
                list_level: None,
                heading_level: None,
                source: notes.paras[i].source(),
            });
        }
    }

    if out.is_empty() {
        return Err(ReadError::NoText(
            "the document has no paragraph with text".into(),
        ));
    }
    let mut text = String::with_capacity(total);
    let mut blocks = Vec::with_capacity(out.len());
    for b in out {
        let start = text.len();
        let mut auto_label = None;
        match (&b.label, b.kind) {
            (Some(l), BlockKind::Footnote) => {
                text.push_str(l);
                text.push(' ');
            }
            (Some(l), _) => {
                text.push_str(l);
                auto_label = Some(start..text.len());
                text.push(' ');
            }
            (None, _) => {}
        }
        text.push_str(b.text);
        let list_level = auto_label.as_ref().and(b.list_level);
        blocks.push(Block {
            span: start..text.len(),
            kind: b.kind,
            auto_label,
            list_level,
            heading_level: b.heading_level,
            source: Some(b.source),
        });
        text.push('\n');
    }
    Ok(Extracted {
        text,
        blocks: Some(blocks),
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    // ---- label formatting ----------------------------------------------------

    #[test]
    fn roman_numerals() {
        let cases = [
            (1, "i"),
            (2, "ii"),
            (3, "iii"),
            (4, "iv"),
            (5, "v"),
            (9, "ix"),
            (14, "xiv"),
            (19, "xix"),
            (40, "xl"),
            (49, "xlix"),
            (90, "xc"),
            (400, "cd"),
            (1994, "mcmxciv"),
            (2024, "mmxxiv"),
            (3999, "mmmcmxcix"),
        ];
        for (n, want) in cases {
            assert_eq!(format_number(n, NumFmt::LowerRoman), want, "{n}");
            assert_eq!(
                format_number(n, NumFmt::UpperRoman),
                want.to_ascii_uppercase(),
                "{n}"
            );
        }
        // Out of the roman range: decimal.
        assert_eq!(format_number(0, NumFmt::LowerRoman), "0");
        assert_eq!(format_number(4000, NumFmt::UpperRoman), "4000");
        assert_eq!(format_number(-3, NumFmt::UpperRoman), "-3");
    }

    #[test]
    fn letters_repeat_after_z_like_word() {
        let lower = [
            (1, "a"),
            (2, "b"),
            (25, "y"),
            (26, "z"),
            (27, "aa"),
            (28, "bb"),
            (52, "zz"),
            (53, "aaa"),
            (54, "bbb"),
        ];
        for (n, want) in lower {
            assert_eq!(format_number(n, NumFmt::LowerLetter), want, "{n}");
        }
        assert_eq!(format_number(3, NumFmt::UpperLetter), "C");
        assert_eq!(format_number(29, NumFmt::UpperLetter), "CC");
        assert_eq!(format_number(0, NumFmt::LowerLetter), "0");
        // A hostile start value does not produce a huge label.
        assert_eq!(format_number(1_000_000, NumFmt::LowerLetter), "1000000");
    }

    #[test]
    fn other_formats() {
        assert_eq!(format_number(7, NumFmt::Decimal), "7");
        assert_eq!(format_number(7, NumFmt::DecimalZero), "07");
        assert_eq!(format_number(10, NumFmt::DecimalZero), "10");
        let ordinals = [
            (1, "1st"),
            (2, "2nd"),
            (3, "3rd"),
            (4, "4th"),
            (11, "11th"),
            (12, "12th"),
            (13, "13th"),
            (21, "21st"),
            (22, "22nd"),
            (101, "101st"),
            (111, "111th"),
        ];
        for (n, want) in ordinals {
            assert_eq!(format_number(n, NumFmt::Ordinal), want);
        }
        let chicago: Vec<String> = (1..=9).map(|n| format_number(n, NumFmt::Chicago)).collect();
        assert_eq!(chicago, ["*", "†", "‡", "§", "**", "††", "‡‡", "§§", "***"]);
        assert_eq!(format_number(3, NumFmt::DecimalEnclosedParen), "(3)");
        assert_eq!(format_number(3, NumFmt::DecimalEnclosedCircle), "③");
        assert_eq!(format_number(3, NumFmt::Bullet), "");
        assert_eq!(format_number(3, NumFmt::None), "");
        assert_eq!(parse_num_fmt("japaneseCounting"), NumFmt::Decimal);
    }

    #[test]
    fn symbol_fonts() {
        assert_eq!(symbol_char(Some("Symbol"), '\u{F0B7}'), Some('•'));
        assert_eq!(symbol_char(Some("Symbol"), '\u{F061}'), Some('α'));
        assert_eq!(symbol_char(Some("Wingdings"), '§'), Some('▪'));
        assert_eq!(symbol_char(Some("Wingdings"), '\u{F0FC}'), Some('✓'));
        assert_eq!(symbol_char(Some("Courier New"), 'o'), Some('o'));
        assert_eq!(symbol_char(None, '\u{F0B7}'), Some('•'));
        assert_eq!(symbol_char(None, 'é'), Some('é'));
    }

    // ---- counters ------------------------------------------------------------

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006""#;

    fn numbering(xml: &str) -> Numbering {
        let xml = format!("<w:numbering {W}>{xml}</w:numbering>");
        parse_numbering(&xml, "word/numbering.xml", &Limits::default()).unwrap()
    }

    fn lvl(i: usize, fmt: &str, text: &str, extra: &str) -> String {
        format!(
            r#"<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>{extra}<w:lvlText w:val="{text}"/></w:lvl>"#
        )
    }

    /// Labels for a sequence of (numId, ilvl).
    fn labels(n: &Numbering, seq: &[(i64, usize)]) -> Vec<String> {
        let styles = Styles::default();
        let mut c = ListCounters::default();
        seq.iter()
            .map(|&(id, l)| n.next_label(&mut c, &styles, id, l).unwrap_or_default())
            .collect()
    }

    fn operative() -> String {
        format!(
            r#"<w:abstractNum w:abstractNumId="1">{}{}{}</w:abstractNum>"#,
            lvl(0, "decimal", "%1.", ""),
            lvl(1, "lowerLetter", "(%2)", ""),
            lvl(2, "lowerRoman", "(%3)", "")
        )
    }

    #[test]
    fn nested_levels_restart_when_a_shallower_level_advances() {
        let n = numbering(&format!(
            r#"{}<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>"#,
            operative()
        ));
        let got = labels(
            &n,
            &[
                (1, 0),
                (1, 1),
                (1, 2),
                (1, 2),
                (1, 1),
                (1, 2),
                (1, 0),
                (1, 1),
                (1, 2),
            ],
        );
        assert_eq!(
            got,
            ["1.", "(a)", "(i)", "(ii)", "(b)", "(i)", "2.", "(a)", "(i)"]
        );
    }

    #[test]
    fn nums_of_one_abstract_share_counters_and_start_override_restarts_once() {
        let n = numbering(&format!(
            r#"{}<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>
               <w:num w:numId="2"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>
               <w:num w:numId="3"><w:abstractNumId w:val="1"/></w:num>"#,
            operative()
        ));
        let got = labels(
            &n,
            &[(1, 0), (1, 0), (2, 0), (2, 0), (3, 0), (1, 0), (2, 0)],
        );
        // numId 2 restarts at 5 the first time only; 3 and 1 continue the same list.
        assert_eq!(got, ["1.", "2.", "5.", "6.", "7.", "8.", "9."]);
    }

    #[test]
    fn start_override_of_a_deeper_level_waits_for_that_level() {
        let n = numbering(&format!(
            r#"{}<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>
               <w:num w:numId="2"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="1"><w:startOverride w:val="3"/></w:lvlOverride></w:num>"#,
            operative()
        ));
        let got = labels(&n, &[(1, 0), (2, 0), (2, 1), (2, 1), (2, 0), (2, 1)]);
        // The override is the start of level 1 for numId 2, also after a restart.
        assert_eq!(got, ["1.", "2.", "(c)", "(d)", "3.", "(c)"]);
    }

    #[test]
    fn lvl_restart_and_is_lgl() {
        let n = numbering(
            &(format!(
                r#"<w:abstractNum w:abstractNumId="4">{}{}{}{}</w:abstractNum>"#,
                lvl(0, "upperRoman", "%1.", ""),
                lvl(1, "decimal", "%1.%2", "<w:isLgl/>"),
                lvl(2, "lowerLetter", "%3)", r#"<w:lvlRestart w:val="0"/>"#),
                lvl(3, "decimal", "%1.%2.%4", r#"<w:lvlRestart w:val="1"/>"#),
            ) + r#"<w:num w:numId="4"><w:abstractNumId w:val="4"/></w:num>"#),
        );
        let got = labels(
            &n,
            &[
                (4, 0),
                (4, 1),
                (4, 2),
                (4, 3),
                (4, 1),
                (4, 3),
                (4, 0),
                (4, 1),
                (4, 2),
                (4, 3),
            ],
        );
        assert_eq!(
            got,
            // level 2 never restarts; level 3 restarts only when level 0 is used.
            ["I.", "1.1", "a)", "I.1.1", "1.2", "I.2.2", "II.", "2.1", "b)", "II.1.1"]
        );
    }

    #[test]
    fn unused_shallower_levels_show_their_start_value() {
        let n = numbering(&format!(
            r#"<w:abstractNum w:abstractNumId="1">{}{}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>"#,
            lvl(0, "decimal", "%1.", ""),
            lvl(1, "decimal", "%1.%2.", "")
        ));
        assert_eq!(
            labels(&n, &[(1, 1), (1, 1), (1, 0)]),
            ["1.1.", "1.2.", "1."]
        );
    }

    #[test]
    fn level_override_replaces_the_level_and_missing_things_show_nothing() {
        let n = numbering(&format!(
            r#"{}<w:num w:numId="1"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:lvl w:ilvl="0"><w:start w:val="4"/><w:numFmt w:val="upperLetter"/><w:lvlText w:val="%1)"/></w:lvl></w:lvlOverride></w:num>
               <w:num w:numId="2"><w:abstractNumId w:val="99"/></w:num>"#,
            operative()
        ));
        assert_eq!(labels(&n, &[(1, 0), (1, 0), (1, 1)]), ["D)", "E)", "(a)"]);
        let styles = Styles::default();
        let mut c = ListCounters::default();
        // Unknown num, unknown abstract, undefined level: no label.
        assert_eq!(n.next_label(&mut c, &styles, 7, 0), None);
        assert_eq!(n.next_label(&mut c, &styles, 2, 0), None);
        assert_eq!(n.next_label(&mut c, &styles, 1, 5), None);
    }

    #[test]
    fn num_style_link_shares_the_linked_definition() {
        let styles_xml = format!(
            r#"<w:styles {W}><w:style w:type="numbering" w:styleId="UNList"><w:name w:val="UN List"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style></w:styles>"#
        );
        let styles = parse_styles(&styles_xml, "word/styles.xml", &Limits::default()).unwrap();
        let n = numbering(&format!(
            r#"<w:abstractNum w:abstractNumId="1"><w:styleLink w:val="UNList"/>{}</w:abstractNum>
               <w:abstractNum w:abstractNumId="2"><w:numStyleLink w:val="UNList"/></w:abstractNum>
               <w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>
               <w:num w:numId="2"><w:abstractNumId w:val="2"/></w:num>"#,
            lvl(0, "decimal", "%1.", "")
        ));
        assert_eq!(n.abstract_for(2, &styles), Some(1));
        let mut c = ListCounters::default();
        let got: Vec<_> = [1, 2, 2, 1]
            .iter()
            .map(|&id| n.next_label(&mut c, &styles, id, 0).unwrap())
            .collect();
        assert_eq!(got, ["1.", "2.", "3.", "4."]);
    }

    #[test]
    fn numbering_prefers_the_fallback_number_format() {
        let n = numbering(
            r#"<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/>
                <mc:AlternateContent><mc:Choice Requires="w14"><w:numFmt w:val="custom" w:format="001, 002, 003, ..."/></mc:Choice>
                <mc:Fallback><w:numFmt w:val="decimalZero"/></mc:Fallback></mc:AlternateContent>
                <w:lvlText w:val="%1."/></w:lvl></w:abstractNum>
               <w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>"#,
        );
        assert_eq!(labels(&n, &[(1, 0), (1, 0)]), ["01.", "02."]);
    }

    #[test]
    fn bullets() {
        let n = numbering(
            "<w:abstractNum w:abstractNumId=\"1\"><w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"bullet\"/><w:lvlText w:val=\"\u{F0B7}\"/><w:rPr><w:rFonts w:ascii=\"Symbol\" w:hAnsi=\"Symbol\"/></w:rPr></w:lvl>\
             <w:lvl w:ilvl=\"1\"><w:numFmt w:val=\"bullet\"/><w:lvlText w:val=\"\u{2013}\"/></w:lvl>\
             <w:lvl w:ilvl=\"2\"><w:numFmt w:val=\"bullet\"/><w:lvlText w:val=\"\"/><w:lvlPicBulletId w:val=\"0\"/></w:lvl></w:abstractNum>\
             <w:num w:numId=\"1\"><w:abstractNumId w:val=\"1\"/></w:num>",
        );
        assert_eq!(labels(&n, &[(1, 0), (1, 1), (1, 2)]), ["•", "–", "•"]);
    }

    // ---- whole packages ------------------------------------------------------

    const DOC_NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math""#;

    /// A DOCX with `word/document.xml` = `<w:document><w:body>{body}` and the given
    /// extra parts (file name in word/, XML), related from the document.
    fn docx(body: &str, parts: &[(&str, &str)]) -> Vec<u8> {
        let doc = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><w:document {DOC_NS}><w:body>{body}</w:body></w:document>"#
        );
        package(&[("word/document.xml", doc.as_bytes())], parts, true)
    }

    fn package(main: &[(&str, &[u8])], parts: &[(&str, &str)], with_rels: bool) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opt = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        let mut add = |name: &str, data: &[u8]| {
            w.start_file(name, opt).unwrap();
            w.write_all(data).unwrap();
        };
        if with_rels {
            add(
                "_rels/.rels",
                br#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#,
            );
            let mut rels = String::from(
                r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
            );
            for (i, (name, _)) in parts.iter().enumerate() {
                let kind = name.trim_end_matches(".xml");
                rels.push_str(&format!(r#"<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}" Target="{name}"/>"#));
            }
            rels.push_str("</Relationships>");
            add("word/_rels/document.xml.rels", rels.as_bytes());
        }
        for (name, data) in main {
            add(name, data);
        }
        for (name, xml) in parts {
            add(&format!("word/{name}"), xml.as_bytes());
        }
        w.finish().unwrap().into_inner()
    }

    fn read(bytes: &[u8]) -> Extracted {
        read_docx(bytes, &Limits::default()).unwrap()
    }

    fn lines(x: &Extracted) -> Vec<&str> {
        x.text.lines().collect()
    }

    fn p(text: &str) -> String {
        format!(r#"<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>"#)
    }

    #[test]
    fn alternate_content_reads_one_branch_preferring_the_fallback() {
        let both = r#"<w:p><w:r><w:t>Anchor</w:t><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent><w:p><w:r><w:t>choice text</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>fallback text</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"#;
        let x = read(&docx(both, &[]));
        assert_eq!(lines(&x), ["Anchor", "fallback text"]);
        let choice_only = r#"<w:p><w:r><mc:AlternateContent><mc:Choice Requires="w14"><w:t>first choice</w:t></mc:Choice><mc:Choice Requires="w15"><w:t>second choice</w:t></mc:Choice></mc:AlternateContent></w:r></w:p>"#;
        let x = read(&docx(choice_only, &[]));
        assert_eq!(lines(&x), ["first choice"]);
    }

    #[test]
    fn run_content_and_white_space() {
        let body = r#"<w:p><w:r><w:t>  Trimmed  </w:t></w:r><w:r><w:t xml:space="preserve"> kept </w:t></w:r><w:r><w:t>A&amp;B&#x2014;&#233;</w:t><w:tab/><w:tab/><w:t>after tabs</w:t><w:br/><w:t>after break</w:t><w:cr/><w:t xml:space="preserve">line&#10;feed&#9;tab</w:t></w:r></w:p>
            <w:p><w:r><w:t>gender</w:t><w:noBreakHyphen/><w:t>based peace</w:t><w:softHyphen/><w:t>keeping</w:t><w:sym w:font="Symbol" w:char="F0B3"/><w:t>2</w:t></w:r><m:oMath><m:r><m:t>x+1</m:t></m:r></m:oMath></w:p>
            <w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr><w:r><w:rPr><w:vanish/></w:rPr><w:t>hidden</w:t></w:r><w:r><w:rPr><w:vanish w:val="false"/></w:rPr><w:t>shown</w:t></w:r></w:p>"#;
        let x = read(&docx(body, &[]));
        assert_eq!(
            lines(&x),
            [
                "Trimmed kept A&B—é after tabs after break line feed tab",
                "gender-based peacekeeping≥2x+1",
                "shown"
            ]
        );
        let blocks = x.blocks.as_ref().unwrap();
        assert_eq!(blocks.len(), 3);
        assert_eq!(&x.text[blocks[2].span.clone()], "shown");
    }

    #[test]
    fn fields_show_results_only_even_across_paragraphs() {
        let body = r#"<w:p><w:r><w:t xml:space="preserve">See </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> TOC \o "1-3" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>Entry one</w:t></w:r></w:p>
            <w:p><w:r><w:t>Entry two</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t xml:space="preserve"> done</w:t></w:r></w:p>
            <w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:t>stray text in an instruction</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>After</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>"#;
        let x = read(&docx(body, &[]));
        assert_eq!(lines(&x), ["See Entry one", "Entry two done", "After"]);
    }

    #[test]
    fn deleted_marks_keep_the_first_paragraph_with_text() {
        let numbering_xml = format!(
            r#"<w:numbering {W}>{}<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num></w:numbering>"#,
            operative()
        );
        let del_mark =
            r#"<w:rPr><w:del w:id="1" w:author="a" w:date="2025-01-01T00:00:00Z"/></w:rPr>"#;
        let body = format!(
            r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>{del_mark}</w:pPr><w:r><w:t xml:space="preserve">Numbered start </w:t></w:r></w:p>
               <w:p><w:r><w:t>and an unnumbered end;</w:t></w:r></w:p>
               <w:p><w:pPr>{del_mark}</w:pPr><w:del w:id="2" w:author="a" w:date="2025-01-01T00:00:00Z"><w:r><w:delText>Wholly deleted</w:delText></w:r></w:del></w:p>
               <w:p><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>Sub-paragraph stays numbered;</w:t></w:r></w:p>
               <w:tbl><w:tr><w:tc><w:p><w:pPr>{del_mark}</w:pPr><w:r><w:t>Last in its cell</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
               <w:p><w:r><w:t>After the table</w:t></w:r></w:p>"#
        );
        let x = read(&docx(&body, &[("numbering.xml", &numbering_xml)]));
        assert_eq!(
            lines(&x),
            [
                "1. Numbered start and an unnumbered end;",
                "(a) Sub-paragraph stays numbered;",
                "Last in its cell",
                "After the table"
            ]
        );
        assert_eq!(
            x.warnings,
            [
                "1 tracked deletion dropped (changes read as accepted)",
                "2 deleted paragraph marks accepted: paragraphs joined"
            ]
        );
    }

    #[test]
    fn deleted_cells_and_rows_are_dropped() {
        let del = r#"<w:del w:id="1" w:author="a" w:date="2025-01-01T00:00:00Z"/>"#;
        let cd = r#"<w:cellDel w:id="2" w:author="a" w:date="2025-01-01T00:00:00Z"/>"#;
        let body = format!(
            r#"<w:tbl><w:tr><w:trPr>{del}</w:trPr><w:tc>{}</w:tc></w:tr><w:tr><w:tc><w:tcPr>{cd}</w:tcPr>{}</w:tc><w:tc>{}</w:tc></w:tr></w:tbl>"#,
            p("deleted row"),
            p("deleted cell"),
            p("kept cell")
        );
        let x = read(&docx(&body, &[]));
        assert_eq!(lines(&x), ["kept cell"]);
        assert_eq!(x.blocks.unwrap()[0].kind, BlockKind::TableCell);
        assert_eq!(
            x.warnings,
            ["2 tracked deletions dropped (changes read as accepted)"]
        );
    }

    #[test]
    fn note_numbers_formats_and_custom_marks() {
        let settings = format!(
            r#"<w:settings {W}><w:footnotePr><w:numFmt w:val="upperRoman"/><w:numStart w:val="4"/><w:footnote w:id="-1"/></w:footnotePr><w:endnotePr><w:numFmt w:val="decimal"/></w:endnotePr></w:settings>"#
        );
        let notes = format!(
            r#"<w:footnotes {W}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
               <w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t>First note.</w:t></w:r></w:p></w:footnote>
               <w:footnote w:id="2"><w:p><w:r><w:t>Starred note.</w:t></w:r></w:p></w:footnote>
               <w:footnote w:id="3"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> Third note.</w:t></w:r></w:p></w:footnote></w:footnotes>"#
        );
        let endnotes = format!(
            r#"<w:endnotes {W}><w:endnote w:id="5"><w:p><w:r><w:endnoteRef/></w:r><w:r><w:t>An endnote.</w:t></w:r></w:p></w:endnote></w:endnotes>"#
        );
        let body = r#"<w:p><w:r><w:t>Text</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r><w:r><w:footnoteReference w:customMarkFollows="1" w:id="2"/><w:t>*</w:t></w:r><w:r><w:t xml:space="preserve"> more</w:t></w:r><w:r><w:endnoteReference w:id="5"/></w:r><w:del w:id="9" w:author="a" w:date="2025-01-01T00:00:00Z"><w:r><w:footnoteReference w:id="9"/></w:r></w:del><w:r><w:footnoteReference w:id="3"/></w:r></w:p>
            <w:sectPr><w:endnotePr><w:numFmt w:val="lowerLetter"/></w:endnotePr></w:sectPr>"#;
        let x = read(&docx(
            body,
            &[
                ("settings.xml", &settings),
                ("footnotes.xml", &notes),
                ("endnotes.xml", &endnotes),
            ],
        ));
        assert_eq!(
            lines(&x),
            [
                "Text more",
                "IV First note.",
                "* Starred note.",
                "V Third note.",
                "a An endnote."
            ]
        );
        let blocks = x.blocks.unwrap();
        assert!(blocks[1..]
            .iter()
            .all(|b| b.kind == BlockKind::Footnote && b.auto_label.is_none()));
    }

    #[test]
    fn headings_from_outline_levels_and_heading_styles() {
        let styles = format!(
            r#"<w:styles {W}><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
               <w:style w:type="paragraph" w:styleId="berschrift2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/></w:style>
               <w:style w:type="paragraph" w:styleId="Heading3"><w:name w:val="Custom"/></w:style>
               <w:style w:type="paragraph" w:styleId="Chapter"><w:name w:val="Chapter"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
               <w:style w:type="paragraph" w:styleId="ChapterBody"><w:name w:val="Chapter body"/><w:basedOn w:val="Chapter"/><w:pPr><w:outlineLvl w:val="9"/></w:pPr></w:style>
               <w:style w:type="paragraph" w:styleId="SubChapter"><w:name w:val="Sub chapter"/><w:basedOn w:val="Chapter"/></w:style></w:styles>"#
        );
        let para = |style: &str, text: &str| {
            format!(
                r#"<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
            )
        };
        let body = [
            para("berschrift2", "German heading"),
            para("Heading3", "By id"),
            para("Chapter", "By outline"),
            para("ChapterBody", "Body level"),
            para("SubChapter", "Inherited"),
            para("Missing", "Unknown style"),
            r#"<w:p><w:pPr><w:outlineLvl w:val="3"/></w:pPr><w:r><w:t>Direct</w:t></w:r></w:p>"#
                .into(),
        ]
        .concat();
        let x = read(&docx(&body, &[("styles.xml", &styles)]));
        let levels: Vec<_> = x.blocks.unwrap().iter().map(|b| b.heading_level).collect();
        assert_eq!(
            levels,
            [Some(2), Some(3), Some(1), None, Some(1), None, Some(4)]
        );
    }

    #[test]
    fn parts_found_without_relationships_and_strict_namespace() {
        // No _rels at all: the content types name the main part.
        let doc = r#"<w:document xmlns:w="http://purl.oclc.org/ooxml/wordprocessingml/main"><w:body><w:p><w:r><w:t>Strict text</w:t></w:r></w:p></w:body></w:document>"#;
        let ct = r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/content/main.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
        let bytes = package(
            &[
                ("[Content_Types].xml", ct.as_bytes()),
                ("content/main.xml", doc.as_bytes()),
            ],
            &[],
            false,
        );
        assert_eq!(lines(&read(&bytes)), ["Strict text"]);
    }

    #[test]
    fn utf16_parts_and_bom() {
        let doc = format!(
            r#"<?xml version="1.0" encoding="UTF-16"?><w:document {DOC_NS}><w:body>{}</w:body></w:document>"#,
            p("Résolution")
        );
        let mut utf16 = vec![0xFF, 0xFE];
        for u in doc.encode_utf16() {
            utf16.extend_from_slice(&u.to_le_bytes());
        }
        let bytes = package(&[("word/document.xml", &utf16)], &[], true);
        assert_eq!(lines(&read(&bytes)), ["Résolution"]);
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(doc.replace("UTF-16", "UTF-8").as_bytes());
        let bytes = package(&[("word/document.xml", &bom)], &[], true);
        assert_eq!(lines(&read(&bytes)), ["Résolution"]);
    }

    #[test]
    fn errors() {
        let err = |bytes: &[u8], limits: &Limits| read_docx(bytes, limits).unwrap_err();
        let d = Limits::default();
        assert_eq!(
            err(b"PK\x03\x04 this is not really a zip", &d),
            ReadError::Docx("the ZIP archive is truncated or corrupted".into())
        );
        assert!(matches!(
            err(&docx(&p("  "), &[]), &d),
            ReadError::NoText(_)
        ));
        // A spreadsheet-like package: the main part is not a Word document.
        let other =
            br#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>"#;
        assert_eq!(
            err(&package(&[("word/document.xml", other)], &[], true), &d),
            ReadError::Docx("no word/document.xml: not a Word document".into())
        );
        // 470 is the offset of `&nbsp;` in the part `docx` builds.
        assert_eq!(
            err(&docx("<w:p>&nbsp;</w:p>", &[]), &d),
            ReadError::Docx(
                "word/document.xml: malformed XML at byte 470: undefined entity &nbsp;".into()
            )
        );
        let bad_utf8 = package(&[("word/document.xml", b"<w:document \xFF/>")], &[], true);
        assert_eq!(
            err(&bad_utf8, &d),
            ReadError::Docx("word/document.xml: malformed XML at byte 12: invalid UTF-8".into())
        );
        let cut = format!("<w:document {DOC_NS}><w:body><w:p><w:r><w:t>cut");
        let unclosed = package(&[("word/document.xml", cut.as_bytes())], &[], true);
        assert_eq!(
            err(&unclosed, &d),
            ReadError::Docx(format!(
                "word/document.xml: malformed XML at byte {}: unexpected end of the part inside an element",
                cut.len()
            ))
        );
    }

    #[test]
    fn limits() {
        let deep = format!(
            "{}{}{}",
            "<w:sdt><w:sdtContent>".repeat(20),
            p("deep"),
            "</w:sdtContent></w:sdt>".repeat(20)
        );
        let bytes = docx(&deep, &[]);
        assert_eq!(lines(&read(&bytes)), ["deep"]);
        let shallow = Limits {
            max_xml_depth: 30,
            ..Limits::default()
        };
        assert_eq!(
            read_docx(&bytes, &shallow).unwrap_err(),
            ReadError::Limit {
                what: "XML nesting depth in word/document.xml".into(),
                limit: "30".into(),
                flag: "--max-xml-depth",
            }
        );
        let few_entries = Limits {
            max_zip_entries: 2,
            ..Limits::default()
        };
        assert!(matches!(
            read_docx(&bytes, &few_entries).unwrap_err(),
            ReadError::Limit { what, .. } if what.starts_with("number of entries")
        ));
        let small_total = Limits {
            max_uncompressed_bytes: 300,
            ..Limits::default()
        };
        assert!(matches!(
            read_docx(&bytes, &small_total).unwrap_err(),
            ReadError::Limit { what, .. } if what.starts_with("total uncompressed size")
        ));
        let small_text = Limits {
            max_text_bytes: 3,
            ..Limits::default()
        };
        assert_eq!(
            read_docx(&bytes, &small_text).unwrap_err(),
            ReadError::Limit {
                what: "extracted text".into(),
                limit: "3 bytes".into(),
                flag: "--max-text-size",
            }
        );
    }

    #[test]
    fn empty_paragraph_floods_cost_nothing() {
        let body = format!("{}{}{}", p("first"), "<w:p/>".repeat(10_000), p("last"));
        let styles = Styles::default();
        let mut w = Walker::new(&styles, &Limits::default(), false);
        let xml = format!("<w:document {DOC_NS}><w:body>{body}</w:body></w:document>");
        w.run(&xml, "word/document.xml", XmlPart::Main).unwrap();
        assert_eq!(w.paras.len(), 2);
    }
}
