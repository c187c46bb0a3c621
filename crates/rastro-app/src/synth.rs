//! Synthetic cases written out, for demos, tests and benchmarks.

use std::io::Write;

use rastro_import::export::{CaseWriter, CsvCaseWriter, JsonlCaseWriter, MarkColumns, Marks};
use rastro_synth::{CaseGenerator, COLUMNS};

use crate::progress::{Progress, Unit};
use crate::{AppError, Result};

/// Writes `count` generated cases (the same seed gives the same cases) as HTCDS CSV, or JSON
/// lines when `jsonl`.
pub fn generate_cases(
    count: u64,
    seed: u64,
    jsonl: bool,
    out: Box<dyn Write>,
    progress: &dyn Progress,
) -> Result<()> {
    let failed = |e: std::io::Error| AppError::Io {
        path: "generated cases".into(),
        source: e,
    };
    let mut writer: Box<dyn CaseWriter> = if jsonl {
        Box::new(JsonlCaseWriter::new(out))
    } else {
        Box::new(CsvCaseWriter::new(out, COLUMNS, MarkColumns::default()).map_err(failed)?)
    };
    progress.start("generating", count, Unit::Items);
    for (i, case) in CaseGenerator::new(seed).take(count as usize).enumerate() {
        writer.write(Marks::default(), &case).map_err(failed)?;
        if i % 4096 == 0 {
            progress.set_position(i as u64);
        }
    }
    writer.finish().map_err(failed)?;
    progress.finish();
    Ok(())
}
