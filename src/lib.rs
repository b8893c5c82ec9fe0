//! wpslens: reads UN Security Council products through a Women, Peace and Security lens.
pub mod model;
pub mod read;
