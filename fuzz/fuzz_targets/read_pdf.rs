//! The pdf reader on arbitrary bytes, then the structure parser, the analysis and
//! the printers on whatever it read. See fuzz/README.md.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let r = wpslens::read::pdf::read_pdf(data, &common::limits());
    common::after_read("fuzz.pdf", r);
});
