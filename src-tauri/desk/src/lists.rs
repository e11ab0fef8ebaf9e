//! "Find numbers for a list…" as the page is shown it: the list read and checked, what it may
//! cost, and each list sent with its parts. Sending and placing are `enrow-submit`'s; this is
//! what the window asks of it, in the shapes `docs/ipc.md` describes.

use std::path::{Path, PathBuf};

use merge::{ColumnChoice, Role, RoleColumn, SheetColumn};
use serde::Serialize;
use submit::plan::RowValues;
use submit::{Cost, ListPlan, PartState, Skip, Submission};

use crate::error::{Code, PageError};

/// Rows of one kind, counted and listed as the spreadsheet numbers them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RowsGroup {
    pub count: usize,
    /// `4, 9–12`.
    pub text: String,
}

impl RowsGroup {
    fn of(rows: &[usize]) -> Self {
        let numbered: Vec<usize> = rows.iter().map(|row| row + 1).collect();
        Self {
            count: rows.len(),
            text: merge::row_ranges(&numbered),
        }
    }
}

/// One of the first rows, as it will be sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListSampleRow {
    pub row: usize,
    pub person: String,
    /// `link`, `names`, `duplicate`, `tooLittle` or `notAProfile`.
    pub how: &'static str,
}

/// A list sent before with the same searches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SentBefore {
    pub id: String,
    /// Milliseconds since 1970.
    pub at: i64,
    pub batches: Vec<String>,
}

/// What the page shows before anything is sent.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListPreview {
    /// Names this reading of the list for `send_list`.
    pub token: String,
    pub path: String,
    pub file_name: String,
    pub sheet: String,
    pub sheets: Vec<String>,
    pub choices: Vec<RoleColumn>,
    pub columns: Vec<SheetColumn>,
    /// Rows that hold anything.
    pub rows: usize,
    pub searches: usize,
    pub parts: usize,
    pub duplicates: RowsGroup,
    pub too_little: RowsGroup,
    pub not_a_profile: RowsGroup,
    /// Empty rows among the list's rows (not sent, nothing to say).
    pub empty: RowsGroup,
    pub sample: Vec<ListSampleRow>,
    pub cost: Cost,
    pub sent_before: Vec<SentBefore>,
}

/// A list read and checked, waiting for the person's word.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub path: PathBuf,
    pub file_hash: String,
    pub plan: ListPlan,
}

const SAMPLE_ROWS: usize = 8;

/// Reads and checks the list at `path` (on `sheet`, in the person's `columns` over what the
/// headers say). Blocking: reads the file.
pub fn prepare(
    path: &Path,
    sheet: Option<&str>,
    columns: &ColumnChoice,
) -> Result<(Prepared, merge::Spreadsheet), PageError> {
    let bytes = enrow::atomic::read_at_most(path, merge::limits::MAX_FILE_BYTES).ok();
    let spreadsheet = merge::open(path)?;
    let plan = submit::plan::plan(&spreadsheet, sheet, columns).map_err(list_error)?;
    let file_hash = bytes
        .map(|bytes| submit::record::file_hash(&bytes))
        .unwrap_or_default();
    Ok((
        Prepared {
            path: path.to_path_buf(),
            file_hash,
            plan,
        },
        spreadsheet,
    ))
}

/// The preview of a prepared list, with its cost against `balance` and the lists sent before.
pub fn preview(
    token: String,
    prepared: &Prepared,
    spreadsheet: &merge::Spreadsheet,
    balance: Option<u64>,
    sent_before: &[Submission],
) -> ListPreview {
    let plan = &prepared.plan;
    let sheet = &spreadsheet.sheets[plan.sheet];
    // How each row goes, as the plan decided: its search's kind for the first row of a
    // person, "duplicate" for the others, or why it is not sent.
    let mut how_of = std::collections::HashMap::new();
    for (search, rows) in plan.searches.iter().zip(&plan.rows_of) {
        let how = if search.linkedin_url.is_some() {
            "link"
        } else {
            "names"
        };
        for (n, row) in rows.iter().enumerate() {
            how_of.insert(*row, if n == 0 { how } else { "duplicate" });
        }
    }
    for (row, skip) in &plan.skipped {
        how_of.insert(
            *row,
            match skip {
                Skip::TooLittle => "tooLittle",
                Skip::NotAProfile => "notAProfile",
            },
        );
    }
    let sample = plan
        .layout
        .data_rows
        .iter()
        .take(SAMPLE_ROWS)
        .map(|&row| ListSampleRow {
            row: row + 1,
            person: person_of(&RowValues::of(sheet, row, &plan.layout)),
            how: how_of.get(&row).copied().unwrap_or("tooLittle"),
        })
        .collect();
    ListPreview {
        token,
        path: prepared.path.to_string_lossy().into_owned(),
        file_name: file_name(&prepared.path),
        sheet: plan.sheet_name.clone(),
        sheets: spreadsheet.sheet_names(),
        choices: Role::ALL
            .into_iter()
            .map(|role| RoleColumn {
                role,
                column: plan.layout.columns.get(role),
            })
            .collect(),
        columns: merge::sheet_columns(sheet, plan.layout.header),
        rows: plan.layout.data_rows.len(),
        searches: plan.searches.len(),
        parts: plan.parts().len(),
        duplicates: RowsGroup::of(&plan.duplicates()),
        too_little: RowsGroup::of(&plan.skipped_for(Skip::TooLittle)),
        not_a_profile: RowsGroup::of(&plan.skipped_for(Skip::NotAProfile)),
        empty: RowsGroup::of(&empty_rows(&plan.layout)),
        sample,
        cost: Cost::of(plan.searches.len(), balance),
        sent_before: sent_before
            .iter()
            .map(|earlier| SentBefore {
                id: earlier.id.clone(),
                at: earlier.created_at,
                batches: earlier.batch_ids().into_iter().map(|(_, id)| id).collect(),
            })
            .collect(),
    }
}

/// The empty rows between the header (or the top) and the list's last row.
fn empty_rows(layout: &merge::Layout) -> Vec<usize> {
    let first = layout.header.map_or(0, |header| header + 1);
    let Some(&last) = layout.data_rows.last() else {
        return Vec::new();
    };
    let filled: std::collections::HashSet<usize> = layout.data_rows.iter().copied().collect();
    (first..last).filter(|row| !filled.contains(row)).collect()
}

/// Who a row is, as the person wrote it: the names, else the link's handle, with the company
/// (or its website).
fn person_of(values: &RowValues) -> String {
    let names = [values.first.as_str(), values.last.as_str()]
        .into_iter()
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let who = if names.is_empty() {
        let link = &values.linkedin;
        let handle = enrow::export::linkedin_handle(&if link.contains("://") {
            link.clone()
        } else {
            format!("https://{link}")
        });
        if handle.is_empty() {
            link.clone()
        } else {
            handle
        }
    } else {
        names
    };
    let company = [values.company.as_str(), values.domain.as_str()]
        .into_iter()
        .find(|company| !company.is_empty());
    match company {
        Some(company) if !who.is_empty() => format!("{who} — {company}"),
        Some(company) => company.to_owned(),
        None => who,
    }
}

/// A list sent (or being sent), as the page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListView {
    pub id: String,
    pub file_name: String,
    pub sheet: String,
    pub created_at: i64,
    pub searches: usize,
    pub parts: Vec<PartView>,
    /// Every part was made into a batch.
    pub all_sent: bool,
    /// Every part's batch is completed: the copy with the numbers can be made.
    pub ready: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PartView {
    pub index: usize,
    pub name: String,
    pub searches: usize,
    /// `pending`, `sending`, `sent`, `refused` or `unknown`.
    pub state: &'static str,
    pub batch_id: Option<String>,
    /// Why it was refused or is unknown, or why an earlier try did not leave.
    pub message: Option<String>,
    /// For `refused`: the error's code.
    pub code: Option<String>,
    /// Its batch's status as last checked (`completed`, `ongoing`, `failed`…), once sent.
    pub status: Option<String>,
}

impl ListView {
    /// The list as it stands; `status_of` gives a batch's status as last checked.
    pub fn of(submission: &Submission, status_of: impl Fn(&str) -> Option<String>) -> Self {
        let parts: Vec<PartView> = submission
            .parts
            .iter()
            .enumerate()
            .map(|(index, part)| {
                let (state, batch_id, message, code) = match &part.state {
                    PartState::Pending { error } => ("pending", None, error.clone(), None),
                    PartState::Sending { .. } => ("sending", None, None, None),
                    PartState::Sent { batch_id, .. } => {
                        ("sent", Some(batch_id.clone()), None, None)
                    }
                    PartState::Refused { code, message, .. } => {
                        ("refused", None, Some(message.clone()), Some(code.clone()))
                    }
                    PartState::Unknown { detail, .. } => {
                        ("unknown", None, Some(detail.clone()), None)
                    }
                };
                PartView {
                    index,
                    status: batch_id.as_deref().and_then(&status_of),
                    name: submission.part_name(index),
                    searches: part.end - part.start,
                    state,
                    batch_id,
                    message,
                    code,
                }
            })
            .collect();
        Self {
            id: submission.id.clone(),
            file_name: submission.file_name.clone(),
            sheet: submission.sheet.clone(),
            created_at: submission.created_at,
            searches: submission.searches.len(),
            all_sent: parts.iter().all(|part| part.state == "sent"),
            ready: parts
                .iter()
                .all(|part| part.status.as_deref() == Some("completed")),
            parts,
        }
    }
}

/// What `send_list` tells the page as it goes: a part is being sent, was made into a batch,
/// or waits for Enrow.
pub type ListEvent = submit::SendEvent;

/// The page's error for a list that cannot be read as searches.
pub fn list_error(error: submit::ListError) -> PageError {
    let code = match &error {
        submit::ListError::NoSuchSheet { .. } => Code::NoSuchSheet,
        submit::ListError::NoColumns => Code::NoSearchColumns,
        _ => Code::NothingToSearch,
    };
    PageError::new(code, error.to_string())
}

/// How sending ended, as the page's error (none when every part was sent).
pub fn outcome_error(outcome: &submit::SendOutcome) -> Option<PageError> {
    use submit::SendOutcome as O;
    match outcome {
        O::AllSent => None,
        O::Refused { message, code, .. } | O::NotSent { message, code, .. } => {
            Some(PageError::new(code_named(code), message.clone()))
        }
        O::Unknown { message, .. } => Some(PageError::new(Code::SendUnknown, message.clone())),
    }
}

fn code_named(code: &str) -> Code {
    Code::ALL
        .iter()
        .copied()
        .find(|known| known.as_str() == code)
        .unwrap_or(Code::UnexpectedResponse)
}

/// The file's name as the person knows it.
pub fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// A list's finished parts and the sheet they go back into, read and waiting for the save
/// dialog.
pub struct ListCopy {
    submission: Submission,
    spreadsheet: merge::Spreadsheet,
    parts: Vec<Option<enrow::FetchedBatch>>,
}

impl ListCopy {
    /// Reads the list's file as it is now (`file` when the person chose where it went), and
    /// checks every part is finished. Blocking.
    pub fn open(
        submission: Submission,
        parts: Vec<Option<enrow::FetchedBatch>>,
        file: Option<&Path>,
    ) -> Result<Self, PageError> {
        if let Some(part) = parts.iter().position(Option::is_none) {
            return Err(place_error(submit::place::PlaceError::NotFinished {
                part: part + 1,
            }));
        }
        let spreadsheet = merge::open(file.unwrap_or(&submission.file))?;
        Ok(Self {
            submission,
            spreadsheet,
            parts,
        })
    }

    /// Where the copy is offered: beside the list, its name followed by `suffix`.
    pub fn suggested_output(&self, suffix: &str) -> PathBuf {
        merge::suggested_output(&self.spreadsheet, suffix)
    }

    /// Writes the copy to `output` (never the list itself): each row its own search's result,
    /// the rows not searched, edited since or added since left empty with why. Blocking.
    pub fn save(
        &self,
        labels: &enrow::export::ExportLabels,
        output: &Path,
    ) -> Result<crate::sheet_merge::MergeSaved, PageError> {
        let (combined, placed) =
            submit::place(&self.submission, &self.spreadsheet, &self.parts).map_err(place_error)?;
        let written = merge::write(&self.spreadsheet, &placed, &combined, labels, output)?;
        Ok(crate::sheet_merge::MergeSaved {
            path: output.to_string_lossy().into_owned(),
            matched: written.matched,
            unmatched_rows: written.unmatched_rows,
            orphans: written.orphans,
        })
    }
}

fn place_error(error: submit::place::PlaceError) -> PageError {
    use submit::place::PlaceError as E;
    let code = match &error {
        E::NoSheet(_) => Code::NoSuchSheet,
        E::NoColumns => Code::NoSearchColumns,
        _ => Code::ListNotFinished,
    };
    PageError::new(code, error.to_string())
}
