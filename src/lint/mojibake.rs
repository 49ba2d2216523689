//! Text that was UTF-8, read as a single-byte code page and saved again as UTF-8.
