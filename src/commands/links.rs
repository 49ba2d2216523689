//! `roadmap links`: every link from one plan to another and how it resolved. Exit
//! 1 with `--strict` when any does not resolve.

use std::io::Write;

use crate::cli::{LinksArgs, LinksFormat};
use crate::context::Context;
use crate::error::{Error, Outcome};
use crate::links::{self, State};
use crate::render;

/// Runs `links`.
pub fn run(ctx: &Context, args: &LinksArgs, out: &mut dyn Write) -> Result<Outcome, Error> {
    let (plans, refs) = ctx.plans_and_refs()?;
    let resolved = links::resolve(plans, refs);
    let listed = links::listing(plans, &resolved);
    match args.format {
        LinksFormat::Text => render::text::links(out, &ctx.look, &listed, plans.len())?,
        LinksFormat::Json => render::json::value(out, &listed)?,
    }
    let unresolved = listed.iter().any(|l| l.state != State::Resolved);
    Ok(if args.strict && unresolved {
        Outcome::Negative
    } else {
        Outcome::Success
    })
}
