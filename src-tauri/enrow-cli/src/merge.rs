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
    let choice = args.columns.unwrap_or_default();
    let plan =
        merge::plan(&spreadsheet, &fetched, args.sheet.as_deref(), &choice).map_err(usage)?;
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
    for group in plan.reasons() {
        eprintln!("  {}", reason_line(&group));
    }
    Ok(Exit::Unmatched)
}

/// Why some rows stay empty, and what to do about it.
fn reason_line(group: &merge::ReasonGroup) -> String {
    let rows = &group.text;
    match group.reason {
        "ambiguous" => format!(
            "rows {rows} could each be {}: their other columns do not tell them apart",
            group.name.as_deref().unwrap_or("the same person")
        ),
        "noColumn" => format!(
            "rows {rows}: no column of the sheet is recognised as {}; name it with --columns \
             (e.g. --columns {}=D)",
            group.field.map_or("a searched value", merge::Field::param),
            group.field.map_or("company", field_role),
        ),
        "noPerson" => format!("rows {rows}: no name and no LinkedIn link"),
        _ => format!("rows {rows}: not in this batch, or changed since it was made"),
    }
}

fn field_role(field: merge::Field) -> &'static str {
    match field {
        merge::Field::Linkedin => "linkedin",
        merge::Field::FirstName => "first",
        merge::Field::LastName => "last",
        merge::Field::Company => "company",
        merge::Field::Domain => "domain",
    }
}

fn usage(error: MergeError) -> Failure {
    Failure::usage(error.to_string())
}
