//! PDF reader (being written).
use super::{Extracted, Limits, ReadError};

pub fn read_pdf(_bytes: &[u8], _limits: &Limits) -> Result<Extracted, ReadError> {
    Err(ReadError::Pdf("PDF reading is not built yet".into()))
}
