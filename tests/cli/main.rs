//! Integration tests: one binary, one module per command or concern.

mod support;
