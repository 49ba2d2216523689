//! `roadmap lint`: what is wrong with a plan, and the fixes that are safe to make.

pub mod mojibake;
