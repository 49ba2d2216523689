//! Text that was UTF-8, read as a single-byte code page and saved again as UTF-8.
//! (Interim: the detector lands from its branch.)

/// A code page text may have been read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodePage {
    /// Mac Roman.
    MacRoman,
}

impl CodePage {
    /// Its name.
    pub fn name(self) -> &'static str {
        "Mac Roman"
    }
}

/// A repaired file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mojibake {
    /// The code page.
    pub code_page: CodePage,
    /// The text repaired.
    pub repaired: String,
    /// A line before and after.
    pub sample: Sample,
}

/// A line before and after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sample {
    /// 1-based.
    pub line: usize,
    /// As it is.
    pub before: String,
    /// As repaired.
    pub after: String,
}

/// The repair, when `text` is mojibake.
pub fn detect(_text: &str) -> Option<Mojibake> {
    None
}
