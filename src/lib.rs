//! wpslens: reads UN Security Council products through a Women, Peace and Security lens.
pub mod analysis;
pub mod annotate;
pub mod audit;
pub mod cli;
pub mod compare;
pub mod embedded;
pub mod excerpt;
pub mod lexicon;
pub mod model;
pub mod output;
pub mod read;
pub mod render;
pub mod report;
pub mod structure;
pub mod text;
