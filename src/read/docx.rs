//! DOCX reader (being written).
use super::{Extracted, Limits, ReadError};

pub fn read_docx(_bytes: &[u8], _limits: &Limits) -> Result<Extracted, ReadError> {
    Err(ReadError::Docx("DOCX reading is not built yet".into()))
}
