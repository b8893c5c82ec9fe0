//! A new DOCX for a draft read from TXT or PDF: one `w:p` per document paragraph,
//! its text as in the source (labels and numbers as written), headings bold,
//! sub-paragraphs indented, Times New Roman 12 pt on A4.
//!
//! Written by hand rather than with a DOCX crate: the package is five small parts,
//! and the comments and tracked changes are added by the same code that edits a
//! Word draft ([`super::package`]), so the two paths cannot drift apart.

use crate::model::Document;
use quick_xml::escape::escape;
use std::io::{Cursor, Write};

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// Text fit for an XML 1.0 `w:t`: line breaks become spaces, other control
/// characters and non-characters are dropped.
pub(crate) fn clean(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\n' | '\r' | '\t' => Some(' '),
            c if c < ' ' => None,
            '\u{FFFE}' | '\u{FFFF}' => None,
            c => Some(c),
        })
        .collect()
}

fn depth(doc: &Document, mut i: usize) -> usize {
    let mut d = 0;
    while let Some(p) = doc.paragraphs[i].parent {
        d += 1;
        i = p;
        if d > 8 {
            break;
        }
    }
    d
}

pub(crate) fn document_xml(doc: &Document) -> String {
    let mut s = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"{W_NS}\"><w:body>"
    );
    for (i, p) in doc.paragraphs.iter().enumerate() {
        let text = clean(&doc.text[p.span.clone()]);
        let text = text.trim();
        s.push_str("<w:p>");
        let d = depth(doc, i);
        if p.is_heading || d > 0 {
            s.push_str("<w:pPr>");
            if p.is_heading {
                s.push_str("<w:keepNext/>");
            }
            if d > 0 {
                s.push_str(&format!("<w:ind w:left=\"{}\"/>", 567 * d));
            }
            s.push_str("</w:pPr>");
        }
        s.push_str("<w:r>");
        if p.is_heading {
            s.push_str("<w:rPr><w:b/></w:rPr>");
        }
        s.push_str(&format!(
            "<w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
            escape(text)
        ));
    }
    s.push_str(
        "<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"1440\" w:right=\"1440\" \
         w:bottom=\"1440\" w:left=\"1440\" w:header=\"708\" w:footer=\"708\" w:gutter=\"0\"/></w:sectPr>",
    );
    s.push_str("</w:body></w:document>");
    s
}

const STYLES: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
    "<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">",
    "<w:docDefaults><w:rPrDefault><w:rPr>",
    "<w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" w:eastAsia=\"Times New Roman\" w:cs=\"Times New Roman\"/>",
    "<w:sz w:val=\"24\"/><w:szCs w:val=\"24\"/><w:lang w:val=\"en-GB\"/>",
    "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after=\"160\"/><w:jc w:val=\"both\"/></w:pPr></w:pPrDefault></w:docDefaults>",
    "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/></w:style>",
    "<w:style w:type=\"character\" w:default=\"1\" w:styleId=\"DefaultParagraphFont\"><w:name w:val=\"Default Paragraph Font\"/><w:uiPriority w:val=\"1\"/><w:semiHidden/></w:style>",
    "</w:styles>"
);

const CONTENT_TYPES: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">",
    "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>",
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>",
    "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>",
    "<Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>",
    "</Types>"
);

const ROOT_RELS: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">",
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>",
    "</Relationships>"
);

const DOC_RELS: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">",
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>",
    "</Relationships>"
);

/// The DOCX package for `doc`.
pub(crate) fn package(doc: &Document) -> Result<Vec<u8>, zip::result::ZipError> {
    use zip::write::SimpleFileOptions;
    let opts = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    let mut zw = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let document = document_xml(doc);
    for (name, body) in [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", ROOT_RELS),
        ("word/document.xml", document.as_str()),
        ("word/_rels/document.xml.rels", DOC_RELS),
        ("word/styles.xml", STYLES),
    ] {
        zw.start_file(name, opts)?;
        zw.write_all(body.as_bytes())?;
    }
    Ok(zw.finish()?.into_inner())
}
