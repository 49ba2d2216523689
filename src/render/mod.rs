//! Renderers: turn computed values into bytes for one output format. They decide
//! nothing; commands choose what to show.

pub mod diff;
pub mod html;
pub mod json;
pub mod markdown;
pub mod plain;
pub mod style;
pub mod text;

pub use crate::escape::{lines as sanitize_lines, path, text as sanitize};
