//! The numbers put back into a copy of the list, by the rows each search was made from: not by
//! matching names. Each row still has to show what was searched from it (the file may have
//! been edited since it was sent); a row that no longer does, or was added since, is left
//! empty, with its reason, as are the rows that were not searched.

use enrow::{Batch, BatchStatus, FetchedBatch, General, PhoneResult};
use merge::{Alignment, Plan, Spreadsheet, Unmatched};

use crate::plan::RowValues;
use crate::record::Submission;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PlaceError {
    #[error("The file has no sheet named “{0}” any more: choose the file the list was sent from.")]
    NoSheet(String),
    #[error(
        "The columns the list was read from are no longer in this file: choose the file the \
         list was sent from."
    )]
    NoColumns,
    #[error("Part {part} of the list is not finished yet: the copy waits for every part.")]
    NotFinished { part: usize },
}

/// The list's batches as one (the parts' results one after the other, each `index` the
/// search's place in the whole list), and how they line up with `spreadsheet`'s rows.
/// `parts` holds each part's finished batch, in the list's order.
pub fn place(
    submission: &Submission,
    spreadsheet: &Spreadsheet,
    parts: &[Option<FetchedBatch>],
) -> Result<(FetchedBatch, Plan), PlaceError> {
    let mut results: Vec<PhoneResult> = Vec::new();
    for (index, part) in submission.parts.iter().enumerate() {
        let Some(fetched) = parts.get(index).and_then(Option::as_ref) else {
            return Err(PlaceError::NotFinished { part: index + 1 });
        };
        for row in &fetched.batch.results {
            // A result whose index is outside its part belongs to no search of this list.
            let Some(position) = row.index.filter(|&i| (i as usize) < part.end - part.start) else {
                continue;
            };
            let mut row = row.clone();
            row.index = Some((part.start as u64) + position);
            results.push(row);
        }
    }
    let combined = FetchedBatch {
        batch: Batch {
            general: General {
                id: String::new(),
                status: BatchStatus::Completed,
                custom: None,
            },
            stats: Default::default(),
            results,
        },
        raw: bytes::Bytes::new(),
    };

    // By name; a file of one sheet is that sheet whatever its name (a CSV's is its file's,
    // which changes when the file is renamed).
    let sheet_index = spreadsheet
        .sheets
        .iter()
        .position(|sheet| sheet.name == submission.sheet)
        .or((spreadsheet.sheets.len() == 1).then_some(0))
        .ok_or_else(|| PlaceError::NoSheet(submission.sheet.clone()))?;
    let sheet = &spreadsheet.sheets[sheet_index];
    let layout = merge::layout_of(sheet, &submission.columns).ok_or(PlaceError::NoColumns)?;

    // Which search each sheet row was sent as, and why the others were not sent.
    let mut search_of_row = std::collections::HashMap::new();
    for (search, rows) in submission.rows_of.iter().enumerate() {
        for &row in rows {
            search_of_row.insert(row, search);
        }
    }
    let skipped: std::collections::HashMap<usize, _> = submission.skipped.iter().copied().collect();
    // The first result for each search (a hostile answer may repeat an index).
    let mut result_of_search = std::collections::HashMap::new();
    for (at, row) in combined.batch.results.iter().enumerate() {
        if let Some(index) = row.index {
            result_of_search.entry(index as usize).or_insert(at);
        }
    }

    let mut placed = Vec::with_capacity(layout.data_rows.len());
    let mut unmatched = Vec::with_capacity(layout.data_rows.len());
    for &row in &layout.data_rows {
        let outcome = match (search_of_row.get(&row), skipped.get(&row)) {
            (Some(&search), _) => {
                let still = still_shows(sheet, row, &layout, &submission.searches[search]);
                match result_of_search.get(&search) {
                    Some(&result) if still => Ok(result),
                    // Edited since, or Enrow sent nothing for it: "changed since" says both.
                    _ => Err(Unmatched::NotInBatch),
                }
            }
            (None, Some(skip)) => Err(skip.unmatched()),
            (None, None) => Err(Unmatched::NotInBatch),
        };
        match outcome {
            Ok(result) => {
                placed.push(Some(result));
                unmatched.push(None);
            }
            Err(reason) => {
                placed.push(None);
                unmatched.push(Some(reason));
            }
        }
    }
    let orphans = result_of_search.len().saturating_sub(
        placed
            .iter()
            .flatten()
            .collect::<std::collections::HashSet<_>>()
            .len(),
    );
    let plan = Plan {
        sheet: sheet_index,
        layout,
        alignment: Alignment {
            results: placed,
            unmatched,
            orphans,
            missing: Vec::new(),
        },
    };
    Ok((combined, plan))
}

/// Whether the row still shows what was searched from it: a row edited since (another
/// person's name typed over it) must not get the number found for the one before.
fn still_shows(
    sheet: &merge::Sheet,
    row: usize,
    layout: &merge::Layout,
    search: &enrow::Search,
) -> bool {
    let values = RowValues::of(sheet, row, layout);
    let same = |shown: &str, searched: &Option<String>| match searched {
        Some(searched) => merge::normalize::text(shown) == merge::normalize::text(searched),
        None => true,
    };
    match &search.linkedin_url {
        Some(link) => {
            let with_scheme = |text: &str| {
                if text.contains("://") {
                    text.to_owned()
                } else {
                    format!("https://{text}")
                }
            };
            enrow::export::linkedin_profile_key(&with_scheme(&values.linkedin))
                == enrow::export::linkedin_profile_key(link)
        }
        None => {
            same(&values.first, &search.firstname)
                && same(&values.last, &search.lastname)
                && same(&values.company, &search.company_name)
                && same(&values.domain, &search.company_domain)
        }
    }
}
