//! The default lexicon and templates, embedded at build time (see `build.rs`).
//! Each entry is (path relative to the folder, file content).
include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
