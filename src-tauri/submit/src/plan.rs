//! A person's list read as searches: the sheet's columns found as "Add to my spreadsheet" finds
//! them (the same reader and headers, or the person's choice), every row checked, and the same
//! person listed twice searched once.

use std::collections::HashMap;

use enrow::{MAX_SEARCHES_PER_BATCH, Search};
use merge::normalize;
use merge::{ColumnChoice, Layout, Role, Sheet, Spreadsheet};
use serde::{Deserialize, Serialize};

/// Why a row is not sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Skip {
    /// No LinkedIn profile link, and not first name, last name and company (or website).
    TooLittle,
    /// A link that is not a person's LinkedIn profile (a company page, another site), and no
    /// names to search instead.
    NotAProfile,
}

impl Skip {
    /// The merge's word for a row left empty for this reason.
    pub fn unmatched(self) -> merge::Unmatched {
        match self {
            Self::TooLittle => merge::Unmatched::TooLittle,
            Self::NotAProfile => merge::Unmatched::NotAProfile,
        }
    }
}

/// The list as it will be sent.
#[derive(Debug, Clone)]
pub struct ListPlan {
    /// The sheet's index in the file, and its name.
    pub sheet: usize,
    pub sheet_name: String,
    pub layout: Layout,
    /// Every role's column as used: what the headers said, with the person's choice over it.
    pub columns: ColumnChoice,
    /// The distinct searches, in the order of the first row of each.
    pub searches: Vec<Search>,
    /// For each search, the sheet rows it was made from (0-based, as `Sheet::cells`): its
    /// first row, then the same person's other rows.
    pub rows_of: Vec<Vec<usize>>,
    /// Rows that are not sent, and why, in the sheet's order.
    pub skipped: Vec<(usize, Skip)>,
}

impl ListPlan {
    /// Rows that are the same person as an earlier row: searched once, each given the number.
    pub fn duplicates(&self) -> Vec<usize> {
        let mut rows: Vec<usize> = self
            .rows_of
            .iter()
            .flat_map(|rows| rows.iter().skip(1).copied())
            .collect();
        rows.sort_unstable();
        rows
    }

    /// The rows not sent for `skip`, in order.
    pub fn skipped_for(&self, skip: Skip) -> Vec<usize> {
        self.skipped
            .iter()
            .filter(|(_, why)| *why == skip)
            .map(|(row, _)| *row)
            .collect()
    }

    /// The searches split into batches Enrow takes: `start..end` in `searches`.
    pub fn parts(&self) -> Vec<std::ops::Range<usize>> {
        parts(self.searches.len())
    }

    /// Only the first `count` searches (the person can afford no more), the rows of the others
    /// then not sent.
    pub fn first(mut self, count: usize) -> Self {
        if count >= self.searches.len() {
            return self;
        }
        self.searches.truncate(count);
        self.rows_of.truncate(count);
        self
    }
}

/// `0..3000, 3000..6000, …`: at most [`MAX_SEARCHES_PER_BATCH`] searches a part.
pub fn parts(searches: usize) -> Vec<std::ops::Range<usize>> {
    (0..searches)
        .step_by(MAX_SEARCHES_PER_BATCH)
        .map(|start| start..(start + MAX_SEARCHES_PER_BATCH).min(searches))
        .collect()
}

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ListError {
    #[error("The file has no sheet named “{name}”. Its sheets: {}.", .available.join(", "))]
    NoSuchSheet {
        name: String,
        available: Vec<String>,
    },
    #[error(
        "No column of this sheet says who each person is: a column of LinkedIn links, or of \
         names with their company (headers such as “LinkedIn”, “First name”, “Last name”, \
         “Company”), is needed. Choose the columns, or another sheet."
    )]
    NoColumns,
    #[error(
        "No row of this sheet can be searched: each needs a person's LinkedIn link, or first \
         name, last name and company (or website)."
    )]
    NothingToSearch,
}

/// Reads the list in `sheet` (by name), or else in the sheet with the most rows to search.
pub fn plan(
    spreadsheet: &Spreadsheet,
    sheet: Option<&str>,
    choice: &ColumnChoice,
) -> Result<ListPlan, ListError> {
    let plan_of = |index: usize| plan_sheet(spreadsheet, index, choice);
    let planned = match sheet {
        Some(name) => {
            let index = spreadsheet
                .sheets
                .iter()
                .position(|sheet| sheet.name == name)
                .ok_or_else(|| ListError::NoSuchSheet {
                    name: name.to_owned(),
                    available: spreadsheet.sheet_names(),
                })?;
            plan_of(index).ok_or(ListError::NoColumns)?
        }
        None => (0..spreadsheet.sheets.len())
            .filter_map(plan_of)
            // The most searches wins; on a tie, the first sheet.
            .max_by_key(|plan| (plan.searches.len(), std::cmp::Reverse(plan.sheet)))
            .ok_or(ListError::NoColumns)?,
    };
    if planned.searches.is_empty() {
        return Err(ListError::NothingToSearch);
    }
    Ok(planned)
}

fn plan_sheet(spreadsheet: &Spreadsheet, index: usize, choice: &ColumnChoice) -> Option<ListPlan> {
    let sheet = &spreadsheet.sheets[index];
    let layout = merge::layout_of(sheet, choice)?;
    let columns = ColumnChoice(
        Role::ALL
            .into_iter()
            .map(|role| (role, layout.columns.get(role)))
            .collect(),
    );
    let mut searches: Vec<Search> = Vec::new();
    let mut rows_of: Vec<Vec<usize>> = Vec::new();
    let mut skipped = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for &row in &layout.data_rows {
        match search_of(sheet, row, &layout) {
            Ok((search, key)) => match seen.get(&key) {
                Some(&first) => rows_of[first].push(row),
                None => {
                    seen.insert(key, searches.len());
                    searches.push(search);
                    rows_of.push(vec![row]);
                }
            },
            Err(skip) => skipped.push((row, skip)),
        }
    }
    Some(ListPlan {
        sheet: index,
        sheet_name: sheet.name.clone(),
        layout,
        columns,
        searches,
        rows_of,
        skipped,
    })
}

/// The row's values in the roles' columns, trimmed.
pub struct RowValues {
    pub linkedin: String,
    pub first: String,
    pub last: String,
    pub company: String,
    pub domain: String,
}

impl RowValues {
    pub fn of(sheet: &Sheet, row: usize, layout: &Layout) -> Self {
        let cell = |role: Role| {
            layout
                .columns
                .get(role)
                .map(|column| sheet.text(row, column).trim().to_owned())
                .unwrap_or_default()
        };
        let (mut first, mut last) = (cell(Role::First), cell(Role::Last));
        // "Ann Peeters" in one cell, where the sheet has no separate names.
        if first.is_empty() && last.is_empty() {
            let full = cell(Role::FullName);
            let full = full.split_whitespace().collect::<Vec<_>>();
            if let Some((given, family)) = full.split_first() {
                first = (*given).to_owned();
                last = family.join(" ");
            }
        }
        Self {
            linkedin: cell(Role::Linkedin),
            first,
            last,
            company: cell(Role::Company),
            domain: normalize::domain(&cell(Role::Domain)),
        }
    }
}

/// The search a row makes, and the key that tells whether another row is the same person; or
/// why it makes none. A profile link wins over names (Enrow's own rule).
fn search_of(sheet: &Sheet, row: usize, layout: &Layout) -> Result<(Search, String), Skip> {
    let values = RowValues::of(sheet, row, layout);
    let has_link = !values.linkedin.is_empty();
    if has_link && normalize::is_profile_link(&values.linkedin) {
        let link = with_scheme(&values.linkedin);
        if let Some(profile) = enrow::export::linkedin_profile_key(&link) {
            return Ok((
                Search {
                    linkedin_url: Some(link),
                    ..Search::default()
                },
                format!("link {profile}"),
            ));
        }
    }
    let company = !values.company.is_empty() || !values.domain.is_empty();
    if !values.first.is_empty() && !values.last.is_empty() && company {
        // The website when there is one: it names the company without ambiguity.
        let (company_name, company_domain) = if values.domain.is_empty() {
            (Some(values.company.clone()), None)
        } else {
            (None, Some(values.domain.clone()))
        };
        let key = format!(
            "name {}|{}|{}",
            normalize::text(&values.first),
            normalize::text(&values.last),
            normalize::text(company_domain.as_deref().unwrap_or(&values.company)),
        );
        return Ok((
            Search {
                firstname: Some(values.first),
                lastname: Some(values.last),
                company_name,
                company_domain,
                ..Search::default()
            },
            key,
        ));
    }
    Err(if has_link {
        Skip::NotAProfile
    } else {
        Skip::TooLittle
    })
}

/// `linkedin.com/in/ann` as people paste it, with `https://` in front.
fn with_scheme(link: &str) -> String {
    if link.contains("://") {
        link.to_owned()
    } else {
        format!("https://{link}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn searches_split_into_parts_enrow_takes() {
        assert_eq!(parts(0), Vec::<std::ops::Range<usize>>::new());
        assert_eq!(parts(3_000).len(), 1);
        assert_eq!(parts(3_000)[0], 0..3_000);
        assert_eq!(parts(3_500), [0..3_000, 3_000..3_500]);
        assert_eq!(parts(6_001).len(), 3);
    }
}
