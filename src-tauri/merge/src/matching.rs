//! Lines the batch's rows up with the sheet's people.
//!
//! The rule: a result goes on a row only when every value that was searched for that person is
//! shown by the row, in a column that was recognised (or that the person chose), and agrees once
//! normalised (letter case, accents and spaces aside; a LinkedIn link by its whole profile
//! path); and when no other row still free agrees as well. The one exception is a person
//! listed and searched twice: rows equal in every recognised column, as many as the searches
//! made with their values, take those results one each. A searched value the sheet has no
//! column for is never taken as agreeing: two John Smiths at different companies look alike in
//! a sheet whose company column is not recognised. Anything less leaves the row empty, with its
//! reason.
//!
//! Rows are tried by position first (Enrow's `index` is the row's place in the submitted list),
//! then, for a sheet sorted, filtered or edited since, by those values.

use std::collections::HashMap;

use enrow::PhoneResult;
use enrow::export::cell_value as param_value;
use serde::Serialize;

use crate::layout::{Columns, Layout};
use crate::normalize;
use crate::sheet::Sheet;

/// A value a search was made with, as Enrow's parameters name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Field {
    Linkedin,
    FirstName,
    LastName,
    Company,
    Domain,
}

impl Field {
    pub const ALL: [Field; 5] = [
        Self::Linkedin,
        Self::FirstName,
        Self::LastName,
        Self::Company,
        Self::Domain,
    ];

    /// Whether the sheet has a column to check this field against (first and last names may
    /// share one "Name" column).
    pub fn is_shown_by(self, columns: &Columns) -> bool {
        match self {
            Self::Linkedin => columns.linkedin.is_some(),
            Self::FirstName => columns.first.or(columns.full_name).is_some(),
            Self::LastName => columns.last.or(columns.full_name).is_some(),
            Self::Company => columns.company.is_some(),
            Self::Domain => columns.domain.is_some(),
        }
    }

    /// Enrow's name for it, as `enrow-batch` prints it.
    pub fn param(self) -> &'static str {
        match self {
            Self::Linkedin => "linkedin_url",
            Self::FirstName => "firstname",
            Self::LastName => "lastname",
            Self::Company => "company_name",
            Self::Domain => "company_domain",
        }
    }
}

/// What one result was searched with, normalised; empty where it was not searched.
#[derive(Debug, Clone, Default)]
struct Wanted {
    linkedin: String,
    first: String,
    last: String,
    company: String,
    domain: String,
}

impl Wanted {
    fn of(row: &PhoneResult) -> Self {
        let param = |name: &str| param_value(row.params.get(name)).as_text().into_owned();
        Self {
            linkedin: normalize::linkedin(&param("linkedin_url")).unwrap_or_default(),
            first: normalize::text(&param("firstname")),
            last: normalize::text(&param("lastname")),
            company: normalize::text(&param("company_name")),
            domain: normalize::domain(&param("company_domain")),
        }
    }

    fn value(&self, field: Field) -> &str {
        match field {
            Field::Linkedin => &self.linkedin,
            Field::FirstName => &self.first,
            Field::LastName => &self.last,
            Field::Company => &self.company,
            Field::Domain => &self.domain,
        }
    }

    /// Whether what was searched can tell one person from another: a profile link, or names
    /// with the company or its website. A company alone is shared by colleagues, and names
    /// alone by namesakes (Enrow never searches them so; an answer that says it did is not
    /// trusted to place a number).
    fn names_a_person(&self) -> bool {
        let names = !self.first.is_empty() || !self.last.is_empty();
        let company = !self.company.is_empty() || !self.domain.is_empty();
        !self.linkedin.is_empty() || (names && company)
    }

    fn name_key(&self) -> Option<String> {
        (!self.first.is_empty() || !self.last.is_empty())
            .then(|| format!("{} {}", self.first, self.last).trim().to_owned())
    }
}

/// One sheet row's values in the recognised columns, normalised: `None` where the sheet has no
/// such column, empty where the cell is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
struct Person {
    linkedin: Option<String>,
    first: Option<String>,
    last: Option<String>,
    full_name: Option<String>,
    company: Option<String>,
    domain: Option<String>,
}

/// How a row stands against what one result was searched with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Check {
    /// Every searched value is shown by the row and agrees.
    Agrees,
    /// A shown value disagrees: another person.
    Differs,
    /// What is shown agrees, but this searched field has no column to be checked against.
    Unchecked(Field),
}

impl Person {
    fn of(sheet: &Sheet, row: usize, columns: &Columns) -> Self {
        let cell = |column: Option<usize>| column.map(|c| sheet.text(row, c));
        Self {
            linkedin: cell(columns.linkedin)
                .map(|text| normalize::linkedin(&text).unwrap_or_default()),
            first: cell(columns.first).map(|text| normalize::text(&text)),
            last: cell(columns.last).map(|text| normalize::text(&text)),
            full_name: cell(columns.full_name).map(|text| normalize::text(&text)),
            company: cell(columns.company).map(|text| normalize::text(&text)),
            domain: cell(columns.domain).map(|text| normalize::domain(&text)),
        }
    }

    fn check(&self, wanted: &Wanted) -> Check {
        if !wanted.names_a_person() {
            return Check::Differs;
        }
        let mut unchecked = None;
        let mut agrees = |field: Field, shown: &Option<String>| {
            let searched = wanted.value(field);
            match shown {
                _ if searched.is_empty() => true,
                None => {
                    unchecked.get_or_insert(field);
                    true
                }
                Some(value) => value == searched,
            }
        };
        // "Ann Peeters" (or "Peeters Ann") in one cell, where the sheet lacks a name column.
        let one_name_cell = self.full_name.is_some()
            && ((!wanted.first.is_empty() && self.first.is_none())
                || (!wanted.last.is_empty() && self.last.is_none()));
        let names_agree = if one_name_cell {
            let full = self.full_name.as_deref().unwrap_or_default();
            let given_first = format!("{} {}", wanted.first, wanted.last);
            let given_last = format!("{} {}", wanted.last, wanted.first);
            full == given_first.trim() || full == given_last.trim()
        } else {
            agrees(Field::FirstName, &self.first) && agrees(Field::LastName, &self.last)
        };
        let agree = names_agree
            && agrees(Field::Linkedin, &self.linkedin)
            && agrees(Field::Company, &self.company)
            && agrees(Field::Domain, &self.domain);
        match (agree, unchecked) {
            (false, _) => Check::Differs,
            (true, Some(field)) => Check::Unchecked(field),
            (true, None) => Check::Agrees,
        }
    }

    /// The keys a result is looked up by: the profile, and the name written either way round.
    fn keys(&self) -> Vec<String> {
        let mut keys = Vec::new();
        if let Some(link) = self.linkedin.as_deref().filter(|link| !link.is_empty()) {
            keys.push(format!("link {link}"));
        }
        if self.first.is_some() || self.last.is_some() {
            let first = self.first.as_deref().unwrap_or_default();
            let last = self.last.as_deref().unwrap_or_default();
            keys.push(format!("name {}", format!("{first} {last}").trim()));
        }
        if let Some(full) = &self.full_name {
            keys.push(format!("name {full}"));
            // Searched as first then last, written as last then first.
            if let Some((a, b)) = full.split_once(' ') {
                keys.push(format!("name {b} {a}"));
            }
        }
        keys
    }

    /// Whether the row holds anyone at all: a link or a name.
    fn names_someone(&self) -> bool {
        [&self.linkedin, &self.first, &self.last, &self.full_name]
            .into_iter()
            .flatten()
            .any(|value| !value.is_empty())
    }
}

/// Why a row of the sheet got no number.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(
    tag = "reason",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum Unmatched {
    /// Several rows still free could each be the person a result was searched for (two John
    /// Smiths whose other columns do not tell them apart).
    Ambiguous {
        /// The rows, as the spreadsheet numbers them.
        rows: Vec<usize>,
        /// Who was searched for.
        name: String,
    },
    /// A value that was searched has no column in this sheet to be checked against.
    NoColumn { field: Field },
    /// The row holds no link and no name.
    NoPerson,
    /// Nothing in the batch was searched with this row's values: added or edited since.
    NotInBatch,
    /// A list sent from this app: the row held too little to search (no LinkedIn link, and
    /// not first name, last name and company or website), so it was not sent.
    TooLittle,
    /// A list sent from this app: the row's link is not a person's LinkedIn profile (a
    /// company page, another site), so it was not sent.
    NotAProfile,
}

/// Which result goes on which row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alignment {
    /// For each of the layout's data rows (same order), the index in `batch.results` of the
    /// result that belongs to it.
    pub results: Vec<Option<usize>>,
    /// For each data row without a result, why.
    pub unmatched: Vec<Option<Unmatched>>,
    /// Results no row of the sheet matched (their person is not in this sheet any more): not
    /// those that rows wait for (a column to check them against, or a way to tell rows apart).
    pub orphans: usize,
    /// Fields the batch was searched with that no column of the sheet shows.
    pub missing: Vec<Field>,
}

pub fn align(sheet: &Sheet, layout: &Layout, results: &[PhoneResult]) -> Alignment {
    let people: Vec<Person> = layout
        .data_rows
        .iter()
        .map(|&row| Person::of(sheet, row, &layout.columns))
        .collect();
    let wanted: Vec<Wanted> = results.iter().map(Wanted::of).collect();
    let mut missing: Vec<Field> = Field::ALL
        .into_iter()
        .filter(|field| !field.is_shown_by(&layout.columns))
        .filter(|field| wanted.iter().any(|want| !want.value(*field).is_empty()))
        .collect();
    missing.sort_unstable();

    // The rows each result could be, found through the keys instead of trying every row.
    let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
    for (p, person) in people.iter().enumerate() {
        for key in person.keys() {
            by_key.entry(key).or_default().push(p);
        }
    }
    let agreeing: Vec<Vec<usize>> = wanted
        .iter()
        .map(|want| {
            let mut rows: Vec<usize> = [
                (!want.linkedin.is_empty()).then(|| format!("link {}", want.linkedin)),
                want.name_key().map(|name| format!("name {name}")),
            ]
            .into_iter()
            .flatten()
            .filter_map(|key| by_key.get(&key))
            .flatten()
            .copied()
            .filter(|&p| people[p].check(want) == Check::Agrees)
            .collect();
            rows.sort_unstable();
            rows.dedup();
            rows
        })
        .collect();

    // Results searched with the very same values agree with the very same rows: as many such
    // results as rows, and each row is one of those searches (a person listed twice, searched
    // twice); fewer, and some of the rows were not searched this way at all.
    let mut searches_alike: HashMap<&[usize], usize> = HashMap::new();
    for rows in &agreeing {
        *searches_alike.entry(rows.as_slice()).or_default() += 1;
    }
    // Whether result `r` may go on one of its free agreeing rows: every one of them the same
    // person written twice (every recognised column equal), and no more of them than there
    // were such searches.
    let settled = |taken: &[Option<usize>], r: usize| -> Result<Vec<usize>, Vec<usize>> {
        let rows = &agreeing[r];
        let free: Vec<usize> = rows
            .iter()
            .copied()
            .filter(|&p| taken[p].is_none())
            .collect();
        let Some(&first) = free.first() else {
            return Ok(free);
        };
        let twins = rows.iter().all(|&q| people[q] == people[first]);
        let enough = searches_alike.get(rows.as_slice()).copied().unwrap_or(0) >= rows.len();
        if twins && enough { Ok(free) } else { Err(free) }
    };

    let mut taken: Vec<Option<usize>> = vec![None; people.len()];
    let mut placed = vec![false; results.len()];
    // By position, confirmed by the values.
    for (r, result) in results.iter().enumerate() {
        let Some(p) = result.index.and_then(|i| usize::try_from(i).ok()) else {
            continue;
        };
        if p < people.len() && settled(&taken, r).is_ok_and(|free| free.contains(&p)) {
            taken[p] = Some(r);
            placed[r] = true;
        }
    }

    // By value, for the rest, in the sheet's order: the same person listed twice takes the
    // results in order, one each.
    let mut ambiguous: HashMap<usize, Unmatched> = HashMap::new();
    // Results that rows are waiting for: searched with a field no column shows, or agreeing
    // with rows that cannot be told apart.
    let mut waiting: Vec<bool> = wanted
        .iter()
        .map(|want| missing.iter().any(|field| !want.value(*field).is_empty()))
        .collect();
    for (r, want) in wanted.iter().enumerate() {
        if placed[r] {
            continue;
        }
        match settled(&taken, r) {
            Ok(free) => {
                if let Some(&p) = free.first() {
                    taken[p] = Some(r);
                    placed[r] = true;
                }
            }
            Err(free) => {
                waiting[r] = true;
                let reason = Unmatched::Ambiguous {
                    rows: agreeing[r]
                        .iter()
                        .map(|&p| layout.data_rows[p] + 1)
                        .collect(),
                    name: name_of(&results[r], want),
                };
                for p in free {
                    ambiguous.entry(p).or_insert_with(|| reason.clone());
                }
            }
        }
    }

    let unmatched = people
        .iter()
        .enumerate()
        .map(|(p, person)| {
            if taken[p].is_some() {
                return None;
            }
            Some(match ambiguous.remove(&p) {
                Some(reason) => reason,
                None => match missing.first() {
                    Some(&field) => Unmatched::NoColumn { field },
                    None if !person.names_someone() => Unmatched::NoPerson,
                    None => Unmatched::NotInBatch,
                },
            })
        })
        .collect();
    Alignment {
        results: taken,
        unmatched,
        orphans: placed
            .iter()
            .zip(&waiting)
            .filter(|(placed, waiting)| !**placed && !**waiting)
            .count(),
        missing,
    }
}

/// Who a result was searched for, as the person would say it.
fn name_of(result: &PhoneResult, want: &Wanted) -> String {
    match enrow::export::Person::of(result).display_name() {
        name if !name.is_empty() => name,
        _ => want.name_key().unwrap_or_default(),
    }
}
