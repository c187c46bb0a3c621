//! `rastro link`: deduplicate one CSV file or link two, or link two CLK files (`files`); link the
//! stored persons an organisation sees (`store`); link its stored news into events (`news`).

mod args;
mod files;
mod news;
mod store;

use crate::config::Ctx;
use anyhow::{bail, Result};
use rastro_link::LinkConfig;

pub use args::Args;

pub fn run(args: Args, ctx: &Ctx) -> Result<()> {
    if args.print_default_config {
        print!("{}", LinkConfig::default_person_text());
        return Ok(());
    }
    if let Some(t) = args.threshold {
        if !(t > 0.0 && t < 1.0) {
            bail!("--threshold {t}: must be a probability strictly between 0 and 1");
        }
    }
    if (args.same.is_some() || args.different.is_some()) && !(args.store || args.news) {
        bail!("--same and --different record decisions about stored records: add --store (persons) or --news (events)");
    }
    if args.queue && !(args.store || args.news) {
        bail!("--queue queues a run over the store: add --store (persons) or --news (events)");
    }
    if args.news {
        news::run(&args, ctx)
    } else if args.store {
        store::run(&args, ctx)
    } else {
        files::run(&args, ctx)
    }
}
