//! The merge's rule, held over generated lists: people with namesakes (the same names at other
//! companies), old public profiles sharing a handle, searched by link or by name (some by name
//! alone, as a hostile answer may say), and sheets made from the list since: sorted, filtered,
//! with rows duplicated or edited, with a column dropped, renamed past recognition, or the
//! names in one cell. Every person carries a hidden id that only the test knows, and a number
//! made from it: whatever the sheet, a row never gets another person's number, a row edited
//! since gets none, and an untouched sheet gets every number a search could place.

// A test fails by panicking; helpers outside `#[test]` functions may too.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashSet;

use enrow::{Batch, FetchedBatch};
use merge::ColumnChoice;
use proptest::prelude::*;
use serde_json::{Value, json};

const FIRST: [&str; 3] = ["Ann", "John", "Zoë"];
const LAST: [&str; 2] = ["Smith", "Peeters"];
const COMPANY: [&str; 3] = ["Acme", "Brewery Ltd", "Études SA"];

#[derive(Debug, Clone, Copy, PartialEq)]
enum Link {
    None,
    In,
    /// `/pub/<first>-<last>/…`: the handle is shared by every namesake.
    Pub,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Search {
    Link,
    NamesAndCompany,
    /// Names alone, no company: what a hostile or broken answer may claim was searched.
    NamesOnly,
}

#[derive(Debug, Clone)]
struct Someone {
    id: usize,
    first: &'static str,
    last: &'static str,
    company: &'static str,
    link: Link,
    search: Search,
    found: bool,
}

impl Someone {
    fn link(&self) -> String {
        let handle = format!("{}-{}", self.first, self.last).to_lowercase();
        match self.link {
            Link::None => String::new(),
            Link::In => format!("https://www.linkedin.com/in/{handle}-{}", self.id),
            Link::Pub => format!(
                "https://www.linkedin.com/pub/{handle}/{}/{}/{}",
                self.id,
                self.id * 7 + 1,
                self.id % 3
            ),
        }
    }

    fn number(&self) -> String {
        format!("+3247{:07}", self.id)
    }

    fn params(&self) -> Value {
        match self.search {
            Search::Link => json!({"linkedin_url": self.link()}),
            Search::NamesAndCompany => json!({
                "firstname": self.first, "lastname": self.last, "company_name": self.company
            }),
            Search::NamesOnly => json!({"firstname": self.first, "lastname": self.last}),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Columns {
    All,
    /// The company under a header no synonym list holds.
    UnknownCompanyHeader,
    NoLink,
    NoCompany,
    /// "Name" holding first and last name.
    FullName,
}

#[derive(Debug, Clone)]
struct Case {
    people: Vec<Someone>,
    columns: Columns,
    shuffle: Option<u64>,
    dropped: Vec<bool>,
    duplicated: Vec<bool>,
    edited: Vec<bool>,
}

fn someone() -> impl Strategy<Value = (usize, usize, usize, u8, u8, bool)> {
    (
        0..3usize,
        0..2usize,
        0..3usize,
        0..3u8,
        0..10u8,
        any::<bool>(),
    )
}

fn case() -> impl Strategy<Value = Case> {
    (
        prop::collection::vec(someone(), 1..18),
        0..5u8,
        prop::option::of(any::<u64>()),
        prop::collection::vec(prop::bool::weighted(0.15), 18),
        prop::collection::vec(prop::bool::weighted(0.15), 18),
        prop::collection::vec(prop::bool::weighted(0.1), 18),
    )
        .prop_map(|(raw, columns, shuffle, dropped, duplicated, edited)| {
            // Two different people are never the very same search: they differ in their
            // names or company at least, as two rows of a real list searched apart do.
            let mut seen = HashSet::new();
            let people = raw
                .into_iter()
                .filter(|(first, last, company, ..)| seen.insert((*first, *last, *company)))
                .enumerate()
                .map(|(id, (first, last, company, link, search, found))| {
                    let link = match link {
                        0 => Link::None,
                        1 => Link::In,
                        _ => Link::Pub,
                    };
                    let search = match search {
                        0 => Search::NamesOnly,
                        _ if link != Link::None && search % 2 == 0 => Search::Link,
                        _ => Search::NamesAndCompany,
                    };
                    Someone {
                        id,
                        first: FIRST[first],
                        last: LAST[last],
                        company: COMPANY[company],
                        link,
                        search,
                        found,
                    }
                })
                .collect();
            let columns = match columns {
                0 => Columns::All,
                1 => Columns::UnknownCompanyHeader,
                2 => Columns::NoLink,
                3 => Columns::NoCompany,
                _ => Columns::FullName,
            };
            Case {
                people,
                columns,
                shuffle,
                dropped,
                duplicated,
                edited,
            }
        })
}

fn batch(people: &[Someone]) -> FetchedBatch {
    let results: Vec<Value> = people
        .iter()
        .enumerate()
        .map(|(index, person)| {
            json!({
                "index": index,
                "qualification": if person.found { "found" } else { "not_found" },
                "number": person.found.then(|| person.number()),
                "country": person.found.then_some("BE"),
                "params": person.params(),
            })
        })
        .collect();
    let raw = json!({"general": {"status": "completed"}, "results": results}).to_string();
    FetchedBatch {
        batch: Batch::from_json(raw.as_bytes()).expect("batch"),
        raw: raw.into_bytes().into(),
    }
}

/// The sheet's rows, each with the id of the person it is and whether it was edited since.
fn sheet_rows(case: &Case) -> Vec<(usize, bool, Vec<String>)> {
    let mut rows: Vec<(usize, bool)> = Vec::new();
    for (i, person) in case.people.iter().enumerate() {
        if case.dropped[i] {
            continue;
        }
        rows.push((person.id, case.edited[i]));
        if case.duplicated[i] {
            rows.push((person.id, case.edited[i]));
        }
    }
    if let Some(seed) = case.shuffle {
        // A deterministic shuffle from the case's own seed, so a failure replays.
        let mut state = seed | 1;
        for i in (1..rows.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            rows.swap(i, (state % (i as u64 + 1)) as usize);
        }
    }
    rows.into_iter()
        .map(|(id, edited)| {
            let person = &case.people[id];
            let last = if edited {
                format!("Edited{id}")
            } else {
                person.last.to_owned()
            };
            // An edit changes what was searched: the last name, and the profile link.
            let link = if edited && !person.link().is_empty() {
                format!("{}-edited", person.link())
            } else {
                person.link()
            };
            let cells = match case.columns {
                Columns::All | Columns::UnknownCompanyHeader => vec![
                    person.first.to_owned(),
                    last,
                    person.company.to_owned(),
                    link,
                ],
                Columns::NoLink => {
                    vec![person.first.to_owned(), last, person.company.to_owned()]
                }
                Columns::NoCompany => vec![person.first.to_owned(), last, link],
                Columns::FullName => vec![
                    format!("{} {last}", person.first),
                    person.company.to_owned(),
                    link,
                ],
            };
            (id, edited, cells)
        })
        .collect()
}

fn header(columns: Columns) -> Vec<&'static str> {
    match columns {
        Columns::All => vec!["First name", "Last name", "Company", "LinkedIn"],
        Columns::UnknownCompanyHeader => {
            vec![
                "First name",
                "Last name",
                "Current employer (2024)",
                "LinkedIn",
            ]
        }
        Columns::NoLink => vec!["First name", "Last name", "Company"],
        Columns::NoCompany => vec!["First name", "Last name", "LinkedIn"],
        Columns::FullName => vec!["Name", "Company", "LinkedIn"],
    }
}

proptest! {
    // No file of failures beside the sources: a failure prints its case, to be made a test.
    #![proptest_config(ProptestConfig {
        cases: 400,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn a_number_never_lands_on_another_person(case in case()) {
        let fetched = batch(&case.people);
        let rows = sheet_rows(&case);
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("list.csv");
        let mut writer = csv::Writer::from_path(&path).expect("csv");
        writer.write_record(header(case.columns)).expect("header");
        for (_, _, cells) in &rows {
            writer.write_record(cells).expect("row");
        }
        writer.flush().expect("flush");

        let spreadsheet = merge::open(&path).expect("opens");
        let Ok(plan) = merge::plan(&spreadsheet, &fetched, None, &ColumnChoice::default()) else {
            // No column that names a person: nothing can be placed, which is the rule.
            return Ok(());
        };
        prop_assert_eq!(plan.layout.data_rows.len(), rows.len());
        let results = &fetched.batch.results;
        for ((id, edited, cells), result) in rows.iter().zip(&plan.alignment.results) {
            let Some(r) = result else { continue };
            let given = &results[*r];
            let person = &case.people[*id];
            prop_assert!(
                given.position() as usize == *id,
                "row {:?} (person {}) got the result searched for person {}", cells, id, given.position()
            );
            prop_assert!(!edited, "an edited row got a number: {:?}", cells);
            if let Some(number) = given.found_number() {
                prop_assert_eq!(number, person.number());
            }
        }

        // On an untouched sheet with every column, nobody is left out but those searched by
        // name alone, which never place a number.
        let n = case.people.len();
        let untouched = case.shuffle.is_none()
            && [&case.dropped, &case.duplicated, &case.edited]
                .iter()
                .all(|changes| !changes[..n].contains(&true));
        if untouched && case.columns == Columns::All {
            for (person, result) in case.people.iter().zip(&plan.alignment.results) {
                if person.search == Search::NamesOnly {
                    continue;
                }
                prop_assert_eq!(*result, Some(person.id), "{:?} was left out", person);
            }
        }
    }
}
