//! `enrow-batch merge`: the numbers put back into the person's own spreadsheet.

use enrow::ClientConfig;
use merge::MergeError;

use crate::Failure;
use crate::args::MergeArgs;
use crate::exit::Exit;
use crate::fetch::{Source, finished};
use crate::format::thousands;

pub async fn run(args: MergeArgs, config: ClientConfig) -> Result<Exit, Failure> {
    // Refused before anything is fetched: the original is never written over.
    if merge::is_same_file(&args.into, &args.output) {
        return Err(Failure::usage(MergeError::SameFile.to_string()));
    }
    let spreadsheet = merge::open(&args.into).map_err(usage)?;
    let source = Source {
        batch_id: args.batch_id.as_deref(),
        from_file: args.from_file.as_deref(),
        saved: args.saved,
        wait: false,
    };
    let fetched = match finished(&source, config).await? {
        Ok(fetched) => fetched,
        Err(exit) => return Ok(exit),
    };
    let plan = merge::plan(&spreadsheet, &fetched, args.sheet.as_deref()).map_err(usage)?;
    let labels = desk::words::export_labels(args.language.lang());
    let written =
        merge::write(&spreadsheet, &plan, &fetched, &labels, &args.output).map_err(|error| {
            match error {
                MergeError::SameFile => usage(error),
                other => Failure::other(other.to_string()),
            }
        })?;
    let sheet = &spreadsheet.sheets[plan.sheet].name;
    eprintln!(
        "Matched {} of {} rows of “{sheet}”. Saved to {}",
        thousands(written.matched as u64),
        thousands(plan.layout.data_rows.len() as u64),
        written.path.display()
    );
    if written.orphans > 0 {
        eprintln!(
            "{} results of the batch belong to no row of this sheet (removed or edited since).",
            thousands(written.orphans as u64)
        );
    }
    if written.unmatched_rows.is_empty() {
        return Ok(Exit::Done);
    }
    let count = written.unmatched_rows.len();
    let (rows, were) = if count == 1 {
        ("row", "was")
    } else {
        ("rows", "were")
    };
    eprintln!(
        "{} {rows} could not be matched and {were} left empty: {rows} {}",
        thousands(count as u64),
        merge::row_ranges(&written.unmatched_rows)
    );
    Ok(Exit::Unmatched)
}

fn usage(error: MergeError) -> Failure {
    Failure::usage(error.to_string())
}
