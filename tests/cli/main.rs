//! Integration tests: one binary, one module per command or concern.

mod agreement;
mod byte_exact;
mod support;
