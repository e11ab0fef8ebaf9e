//! Lines the batch's rows up with the sheet's people.
//!
//! First by position (Enrow's `index` is the row's place in the submitted list), each pair
//! checked against what was searched; then, for what is left (a sheet sorted, filtered or
//! edited since), by those values. A row is only ever given a result whose every searched
//! value the sheet shows too: a number is never put on a person it does not match.

use std::collections::HashMap;

use enrow::PhoneResult;
use enrow::export::cell_value as param_value;

use crate::layout::Layout;
use crate::normalize;
use crate::sheet::Sheet;

/// What one result was searched with, normalised.
#[derive(Debug, Clone, Default)]
struct Wanted {
    linkedin: Option<String>,
    first: String,
    last: String,
    company: String,
    domain: String,
}

impl Wanted {
    fn of(row: &PhoneResult) -> Self {
        let param = |name: &str| param_value(row.params.get(name)).as_text().into_owned();
        Self {
            linkedin: normalize::linkedin(&param("linkedin_url")),
            first: normalize::text(&param("firstname")),
            last: normalize::text(&param("lastname")),
            company: normalize::text(&param("company_name")),
            domain: normalize::domain(&param("company_domain")),
        }
    }

    fn name_key(&self) -> Option<String> {
        (!self.first.is_empty() || !self.last.is_empty())
            .then(|| format!("{} {}", self.first, self.last).trim().to_owned())
    }
}

/// One sheet row's values in the searched columns, normalised.
#[derive(Debug, Clone, Default)]
struct Person {
    linkedin: Option<String>,
    first: Option<String>,
    last: Option<String>,
    full_name: Option<String>,
    company: Option<String>,
    domain: Option<String>,
}

impl Person {
    fn of(sheet: &Sheet, row: usize, layout: &Layout) -> Self {
        let columns = &layout.columns;
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

    /// Whether this is the person `wanted` searched for: every searched value the sheet has a
    /// column for is the same, and among them is one that names a person (a LinkedIn link or a
    /// name): a company alone is shared by colleagues, so it never places a number by itself.
    fn is(&self, wanted: &Wanted) -> bool {
        let mut identified = 0;
        let mut same = |sheet: &Option<String>, searched: &str, names_a_person: bool| match sheet {
            _ if searched.is_empty() => true,
            None => true,
            Some(value) => {
                identified += usize::from(names_a_person);
                value == searched
            }
        };
        let linkedin = wanted.linkedin.as_deref().unwrap_or_default();
        if !same(&self.linkedin, linkedin, true)
            || !same(&self.first, &wanted.first, true)
            || !same(&self.last, &wanted.last, true)
            || !same(&self.company, &wanted.company, false)
            || !same(&self.domain, &wanted.domain, false)
        {
            return false;
        }
        // "Ann Peeters" (or "Peeters Ann") in one cell, where the sheet has no separate names.
        if let (Some(full), Some(_)) = (&self.full_name, wanted.name_key())
            && (self.first.is_none() || self.last.is_none())
        {
            let given_first = format!("{} {}", wanted.first, wanted.last);
            let given_last = format!("{} {}", wanted.last, wanted.first);
            if full != given_first.trim() && full != given_last.trim() {
                return false;
            }
            identified += 1;
        }
        identified > 0
    }

    fn name_keys(&self) -> Vec<String> {
        let mut keys = Vec::new();
        if self.first.is_some() || self.last.is_some() {
            let first = self.first.as_deref().unwrap_or_default();
            let last = self.last.as_deref().unwrap_or_default();
            keys.push(format!("{first} {last}").trim().to_owned());
        }
        if let Some(full) = &self.full_name {
            keys.push(full.clone());
            // Searched as first then last, written as last then first.
            if let Some((a, b)) = full.split_once(' ') {
                keys.push(format!("{b} {a}"));
            }
        }
        keys
    }
}

/// Which result goes on which row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alignment {
    /// For each of the layout's data rows (same order), the index in `batch.results` of the
    /// result that belongs to it.
    pub results: Vec<Option<usize>>,
    /// Results no row of the sheet matched (their person is not in this sheet any more).
    pub orphans: usize,
}

pub fn align(sheet: &Sheet, layout: &Layout, results: &[PhoneResult]) -> Alignment {
    let people: Vec<Person> = layout
        .data_rows
        .iter()
        .map(|&row| Person::of(sheet, row, layout))
        .collect();
    let wanted: Vec<Wanted> = results.iter().map(Wanted::of).collect();
    let mut taken = vec![None; people.len()];
    let mut placed = vec![false; results.len()];

    // By position, confirmed by the values.
    for (r, result) in results.iter().enumerate() {
        let Some(position) = result.index.and_then(|i| usize::try_from(i).ok()) else {
            continue;
        };
        if let Some(person) = people.get(position)
            && taken[position].is_none()
            && person.is(&wanted[r])
        {
            taken[position] = Some(r);
            placed[r] = true;
        }
    }

    // By value, for the rest.
    let mut by_linkedin: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
    for (p, person) in people.iter().enumerate() {
        if taken[p].is_some() {
            continue;
        }
        if let Some(handle) = person.linkedin.as_deref().filter(|h| !h.is_empty()) {
            by_linkedin.entry(handle).or_default().push(p);
        }
        for key in person.name_keys() {
            by_name.entry(key).or_default().push(p);
        }
    }
    for (r, want) in wanted.iter().enumerate() {
        if placed[r] {
            continue;
        }
        let mut candidates: Vec<usize> = Vec::new();
        if let Some(handle) = &want.linkedin {
            candidates.extend(by_linkedin.get(handle.as_str()).into_iter().flatten());
        }
        if let Some(key) = want.name_key() {
            candidates.extend(by_name.get(&key).into_iter().flatten());
        }
        candidates.sort_unstable();
        // The same person listed twice takes the results in order, one each.
        if let Some(&p) = candidates
            .iter()
            .find(|&&p| taken[p].is_none() && people[p].is(want))
        {
            taken[p] = Some(r);
            placed[r] = true;
        }
    }
    Alignment {
        results: taken,
        orphans: placed.iter().filter(|placed| !**placed).count(),
    }
}
