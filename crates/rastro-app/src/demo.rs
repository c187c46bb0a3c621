//! The demonstration: synthetic cases generated and imported into a fresh organisation, and the
//! regional picture they give (cases by country and form of exploitation).

use std::fs::File;
use std::io::BufWriter;
use std::path::Path;

use rastro_import::ImportOptions;
use rastro_store::Facet;

use crate::cases::{import_cases, ImportReport};
use crate::progress::Progress;
use crate::session::App;
use crate::synth::generate_cases;
use crate::{AppError, Result};

/// The organisation the demonstration acts as.
pub const DEMO_ORG: &str = "Demo Hub";

pub struct Demo {
    pub import: ImportReport,
    /// Records the demo organisation sees.
    pub visible: u64,
    /// (country of exploitation, form of exploitation, records).
    pub crosstab: Vec<(String, String, u64)>,
}

/// Generates `count` cases into `work_dir` (the store's own data directory, already owner-only),
/// imports them as [`DEMO_ORG`] (created when missing) and counts them.
pub fn run(
    app: &App,
    work_dir: &Path,
    count: u64,
    seed: u64,
    progress: &dyn Progress,
) -> Result<Demo> {
    let file = work_dir.join("demo-cases.csv");
    let out = File::create(&file).map_err(AppError::io(&file))?;
    generate_cases(
        count,
        seed,
        false,
        Box::new(BufWriter::with_capacity(256 * 1024, out)),
        progress,
    )?;
    let session = app.act_as_created(DEMO_ORG)?;
    let import = import_cases(&session, &file, &ImportOptions::default(), None, progress)?;
    let scope = session.scope();
    Ok(Demo {
        import,
        visible: scope.count_cases()?,
        crosstab: scope.crosstab(Facet::ExploitationCountry, Facet::Exploitation)?,
    })
}
