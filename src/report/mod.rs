//! Printers: turn analysed documents into what users read (human diagnostics and a
//! coverage summary) or what tools read (JSON, SARIF). Printers only consume
//! results; they never read files or run analysis.

pub mod human;
pub mod json;
pub mod sarif;

use crate::analysis::{Analysis, Finding};
use crate::compare::{Alignment, Comparison, RelevantLink};
use crate::model::Document;

/// A document with its analysis, and for a comparison the previous text.
pub struct Checked {
    pub doc: Document,
    /// The analysis; in a comparison its findings are the comparison's.
    pub analysis: Analysis,
    pub against: Option<Against>,
}

/// The previous text a draft was compared with.
pub struct Against {
    pub doc: Document,
    pub analysis: Analysis,
    pub alignment: Alignment,
    pub relevant: Vec<RelevantLink>,
    pub carried_over: Vec<Finding>,
}

impl Checked {
    /// A draft with its comparison against `previous`.
    pub fn compared(doc: Document, previous: Document, c: Comparison) -> Checked {
        Checked {
            doc,
            analysis: c.draft,
            against: Some(Against {
                doc: previous,
                analysis: c.previous,
                alignment: c.alignment,
                relevant: c.relevant,
                carried_over: c.carried_over,
            }),
        }
    }
}

/// A file that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    pub path: String,
    pub message: String,
}

/// The paragraph label of a finding, as diplomats cite it.
pub fn finding_label(doc: &Document, f: &Finding) -> Option<String> {
    f.paragraph.map(|p| doc.paragraphs[p].label.to_string())
}

// Excerpts are cut in one place for printers and comparison alike.
pub use crate::excerpt::{collapse, excerpt};
