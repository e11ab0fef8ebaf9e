//! The numbers put back into spreadsheets like the ones people keep, read back with calamine
//! and csv: the same order, sorted since, rows removed, a title above the header, a
//! Windows-1252 CSV with semicolons, several sheets, an edited row, and files that are not
//! spreadsheets.

// A test fails by panicking; helpers outside `#[test]` functions may too.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use calamine::{Data, Reader, open_workbook_auto};
use enrow::export::ExportLabels;
use enrow::{Batch, FetchedBatch};
use merge::{ColumnChoice, MergeError};
use rust_xlsxwriter::{Formula, Workbook};
use serde_json::json;

/// One person of the list the batch was made from.
#[derive(Clone)]
struct Person {
    first: &'static str,
    last: &'static str,
    company: &'static str,
    linkedin: &'static str,
    number: Option<&'static str>,
}

const fn p(
    first: &'static str,
    last: &'static str,
    company: &'static str,
    linkedin: &'static str,
    number: Option<&'static str>,
) -> Person {
    Person {
        first,
        last,
        company,
        linkedin,
        number,
    }
}

/// Searched by names and company, except those with a link, searched by the link alone.
const PEOPLE: [Person; 10] = [
    p(
        "François",
        "Lefèvre",
        "Société Générale",
        "",
        Some("+33612345678"),
    ),
    p("Ann", "Peeters", "De Gans", "", Some("+32470123456")),
    p("Bram", "Vos", "Acme", "", None),
    p(
        "Jürgen",
        "Groß",
        "Müller AG",
        "https://www.linkedin.com/in/jurgen-gross",
        Some("+4915112345678"),
    ),
    p(
        "Łukasz",
        "Żółć",
        "Smith, Jones & Co",
        "",
        Some("+48501234567"),
    ),
    p("Ann", "Peeters", "Other BV", "", Some("+31612345678")),
    p("Zoë", "Martin", "Études SA", "", Some("+33145678901")),
    p(
        "Lars",
        "Jensen",
        "Nordic",
        "https://www.linkedin.com/in/lars-jensen",
        None,
    ),
    p("Maria", "Rossi", "Ferro", "", Some("+393123456789")),
    p("John", "O'Brien", "Acme", "", Some("+12025550143")),
];

fn batch() -> FetchedBatch {
    let results: Vec<_> = PEOPLE
        .iter()
        .enumerate()
        .map(|(index, person)| {
            let params = if person.linkedin.is_empty() {
                json!({"firstname": person.first, "lastname": person.last, "company_name": person.company})
            } else {
                json!({"linkedin_url": person.linkedin})
            };
            json!({
                "index": index,
                "qualification": if person.number.is_some() { "found" } else { "not_found" },
                "number": person.number,
                "country": person.number.map(|n| match &n[..3] {
                    "+33" => "FR", "+32" => "BE", "+49" => "DE", "+48" => "PL", "+31" => "NL",
                    "+39" => "IT", _ => "US",
                }),
                "params": params,
            })
        })
        .collect();
    let raw = json!({"general": {"status": "completed"}, "results": results}).to_string();
    FetchedBatch {
        batch: Batch::from_json(raw.as_bytes()).expect("batch"),
        raw: raw.into_bytes().into(),
    }
}

const HEADER: [&str; 5] = ["First name", "Last name", "Company", "LinkedIn", "Owner"];

fn row_of(person: &Person) -> [String; 5] {
    [
        person.first.into(),
        person.last.into(),
        person.company.into(),
        person.linkedin.into(),
        format!("owner of {}", person.last),
    ]
}

fn write_csv(path: &Path, rows: &[Vec<String>], delimiter: u8) {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_path(path)
        .expect("csv");
    for row in rows {
        writer.write_record(row).expect("row");
    }
    writer.flush().expect("flush");
}

fn table(people: &[Person]) -> Vec<Vec<String>> {
    std::iter::once(HEADER.map(String::from).to_vec())
        .chain(people.iter().map(|person| row_of(person).to_vec()))
        .collect()
}

fn read_csv(path: &Path, delimiter: u8) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_path(path)
        .expect("csv")
        .records()
        .map(|r| r.expect("record").iter().map(str::to_owned).collect())
        .collect()
}

fn merge_into(input: &Path, output: &Path) -> Result<merge::Written, MergeError> {
    let fetched = batch();
    let spreadsheet = merge::open(input)?;
    let plan = merge::plan(&spreadsheet, &fetched, None, &ColumnChoice::default())?;
    merge::write(
        &spreadsheet,
        &plan,
        &fetched,
        &ExportLabels::default(),
        output,
    )
}

/// Each row of a merged table holds the number of the person it names, or none.
fn assert_rows_hold_their_own_numbers(rows: &[Vec<String>], header_row: usize) {
    let header = &rows[header_row];
    let phone = header
        .iter()
        .position(|h| h == "Phone number")
        .expect("Phone");
    assert_eq!(
        header[phone..phone + 4],
        ["Phone number", "Type", "Country", "Result"]
    );
    for row in &rows[header_row + 1..] {
        if row.iter().all(String::is_empty) {
            continue;
        }
        let person = PEOPLE
            .iter()
            .find(|p| p.first == row[0] && p.last == row[1] && p.company == row[2])
            .unwrap_or_else(|| panic!("{row:?} is one of the people"));
        assert_eq!(
            row.get(phone).map(String::as_str).unwrap_or(""),
            person.number.unwrap_or(""),
            "{row:?}"
        );
        let result = row.get(phone + 3).map(String::as_str).unwrap_or("");
        assert_eq!(
            result,
            if person.number.is_some() {
                "Found"
            } else {
                "Not found"
            },
            "{row:?}"
        );
    }
}

fn dir() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

#[test]
fn the_same_order_matches_every_row() {
    let dir = dir();
    let input = dir.path().join("leads.csv");
    write_csv(&input, &table(&PEOPLE), b',');
    let output = dir.path().join("leads with phones.csv");
    let written = merge_into(&input, &output).expect("merged");
    assert_eq!((written.matched, written.orphans), (PEOPLE.len(), 0));
    assert!(written.unmatched_rows.is_empty());
    let rows = read_csv(&output, b',');
    assert_eq!(rows.len(), PEOPLE.len() + 1);
    assert_rows_hold_their_own_numbers(&rows, 0);
    // The person's own columns are as they were.
    assert_eq!(rows[1][..5], row_of(&PEOPLE[0]));
    assert_eq!(rows[1][6], "Mobile");
    assert_eq!(rows[1][7], "FR");
    assert_eq!(
        std::fs::read(&input).expect("input"),
        {
            let mut expected = Vec::new();
            let mut writer = csv::Writer::from_writer(&mut expected);
            for row in table(&PEOPLE) {
                writer.write_record(row).expect("row");
            }
            drop(writer);
            expected
        },
        "the original is never changed"
    );
}

#[test]
fn a_sheet_sorted_since_gets_each_number_on_its_person() {
    let dir = dir();
    let mut sorted = PEOPLE.to_vec();
    sorted.sort_by_key(|person| (person.last, person.company));
    sorted.reverse();
    let input = dir.path().join("sorted.csv");
    write_csv(&input, &table(&sorted), b',');
    let output = dir.path().join("out.csv");
    let written = merge_into(&input, &output).expect("merged");
    assert_eq!(written.matched, PEOPLE.len());
    assert_rows_hold_their_own_numbers(&read_csv(&output, b','), 0);
}

#[test]
fn rows_removed_since_leave_results_without_a_row() {
    let dir = dir();
    let kept: Vec<Person> = PEOPLE
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 3 != 1)
        .map(|(_, p)| p.clone())
        .collect();
    let input = dir.path().join("filtered.csv");
    write_csv(&input, &table(&kept), b',');
    let output = dir.path().join("out.csv");
    let written = merge_into(&input, &output).expect("merged");
    assert_eq!(written.matched, kept.len());
    assert_eq!(written.orphans, PEOPLE.len() - kept.len());
    assert!(written.unmatched_rows.is_empty());
    assert_rows_hold_their_own_numbers(&read_csv(&output, b','), 0);
}

#[test]
fn an_edited_row_is_never_given_a_number_and_is_listed() {
    let dir = dir();
    let mut edited = PEOPLE.to_vec();
    edited[1].last = "Janssens"; // Ann Peeters of De Gans was renamed.
    edited[3].linkedin = "https://www.linkedin.com/in/someone-else";
    let input = dir.path().join("edited.csv");
    write_csv(&input, &table(&edited), b',');
    let output = dir.path().join("out.csv");
    let written = merge_into(&input, &output).expect("merged");
    // Sheet rows 3 and 5 (1 is the header).
    assert_eq!(written.unmatched_rows, [3, 5]);
    assert_eq!(written.orphans, 2);
    let rows = read_csv(&output, b',');
    for row in [&rows[2], &rows[4]] {
        assert!(row[5..8].iter().all(String::is_empty), "no number: {row:?}");
        assert_eq!(
            row[8], "Not filled: not in this batch, or changed since",
            "and the Result says why"
        );
    }
    // Another Ann Peeters (of Other BV) keeps her own number, not the renamed one's.
    assert_eq!(rows[6][5], "+31612345678");
}

#[test]
fn rows_above_the_header_are_looked_through() {
    let dir = dir();
    let mut rows = vec![
        vec!["Leads for the Q4 campaign".to_owned()],
        vec!["Exported 2026-11-30".to_owned(), String::new()],
        vec![],
    ];
    rows.extend(table(&PEOPLE));
    let input = dir.path().join("titled.csv");
    let mut writer = csv::WriterBuilder::new()
        .flexible(true)
        .from_path(&input)
        .expect("csv");
    for row in &rows {
        writer.write_record(row).expect("row");
    }
    drop(writer);
    let output = dir.path().join("out.csv");
    let written = merge_into(&input, &output).expect("merged");
    assert_eq!(written.matched, PEOPLE.len());
    let merged = read_csv(&output, b',');
    assert_eq!(merged[0], ["Leads for the Q4 campaign"]);
    let header = merged
        .iter()
        .position(|row| row.first().map(String::as_str) == Some("First name"))
        .expect("header");
    assert_rows_hold_their_own_numbers(&merged, header);
}

#[test]
fn a_windows_1252_semicolon_csv_with_accents_stays_one() {
    let dir = dir();
    // Łukasz Żółć has letters Windows-1252 lacks: he is left out of this file.
    let mut text = String::from("Prénom;Nom;Société;Profil LinkedIn\r\n");
    for person in PEOPLE.iter().filter(|p| p.first != "Łukasz") {
        text.push_str(&row_of(person)[..4].join(";"));
        text.push_str("\r\n");
    }
    let (bytes_1252, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&text);
    assert!(!unmappable);
    let input = dir.path().join("excel.csv");
    std::fs::write(&input, &bytes_1252).expect("write");

    let output = dir.path().join("out.csv");
    let written = merge_into(&input, &output).expect("merged");
    assert_eq!(written.matched, PEOPLE.len() - 1);
    let out = std::fs::read(&output).expect("read");
    assert!(
        std::str::from_utf8(&out).is_err(),
        "still Windows-1252, not UTF-8"
    );
    let (decoded, _, _) = encoding_rs::WINDOWS_1252.decode(&out);
    assert!(
        decoded
            .starts_with("Prénom;Nom;Société;Profil LinkedIn;Phone number;Type;Country;Result\r\n"),
        "{decoded}"
    );
    assert!(
        decoded.contains("François;Lefèvre;Société Générale;;+33612345678;Mobile;FR;Found\r\n"),
        "{decoded}"
    );
}

fn workbook_with_sheets(path: &Path, people: &[Person]) {
    let mut workbook = Workbook::new();
    let notes = workbook.add_worksheet();
    notes.set_name("Notes").expect("name");
    notes.write_string(0, 0, "Budget").expect("cell");
    notes.write_number(0, 1, 1200.5).expect("cell");
    notes
        .write_formula(1, 1, Formula::new("=B1*2").set_result("2401"))
        .expect("cell");
    let leads = workbook.add_worksheet();
    leads.set_name("Leads").expect("name");
    for (c, header) in HEADER.iter().enumerate() {
        leads.write_string(0, c as u16, *header).expect("cell");
    }
    for (r, person) in people.iter().enumerate() {
        for (c, value) in row_of(person).iter().enumerate() {
            leads
                .write_string(r as u32 + 1, c as u16, value)
                .expect("cell");
        }
    }
    leads
        .write_number(1, 5, 42.0)
        .expect("a number beside the table");
    workbook.save(path).expect("save");
}

fn strings(range: &calamine::Range<Data>) -> Vec<Vec<String>> {
    range
        .rows()
        .map(|row| {
            row.iter()
                .map(|cell| match cell {
                    Data::String(s) => s.clone(),
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

#[test]
fn an_xlsx_with_several_sheets_keeps_them_all_and_fills_the_right_one() {
    let dir = dir();
    let input = dir.path().join("book.xlsx");
    workbook_with_sheets(&input, &PEOPLE);
    let output = dir.path().join("book with phones.xlsx");
    let written = merge_into(&input, &output).expect("merged");
    assert_eq!(written.matched, PEOPLE.len());

    let mut book = open_workbook_auto(&output).expect("opens");
    assert_eq!(book.sheet_names(), ["Notes", "Leads"]);
    let notes = book.worksheet_range("Notes").expect("Notes");
    assert_eq!(notes.get((0, 1)), Some(&Data::Float(1200.5)));
    let formulas = book.worksheet_formula("Notes").expect("formulas");
    assert_eq!(formulas.get_value((1, 1)).map(String::as_str), Some("B1*2"));
    let leads = book.worksheet_range("Leads").expect("Leads");
    // The number beside the table keeps its column; the new columns come after it.
    assert_eq!(leads.get((1, 5)), Some(&Data::Float(42.0)));
    let rows = strings(&leads);
    assert_eq!(
        rows[0][6..10],
        ["Phone number", "Type", "Country", "Result"]
    );
    // The phone cells are text.
    assert_eq!(
        leads.get((1, 6)),
        Some(&Data::String("+33612345678".into()))
    );
    let shifted: Vec<Vec<String>> = rows
        .iter()
        .map(|row| {
            let mut row = row.clone();
            row.remove(5);
            row
        })
        .collect();
    assert_rows_hold_their_own_numbers(&shifted, 0);

    // Asked for a sheet by a name it does not have, the file's sheets are listed.
    let spreadsheet = merge::open(&input).expect("opens");
    let error = merge::plan(
        &spreadsheet,
        &batch(),
        Some("Sheet1"),
        &ColumnChoice::default(),
    )
    .expect_err("no such sheet");
    assert!(error.to_string().contains("Notes, Leads"), "{error}");
    assert!(matches!(
        merge::plan(
            &spreadsheet,
            &batch(),
            Some("Notes"),
            &ColumnChoice::default()
        ),
        Err(MergeError::NoColumns)
    ));
}

#[test]
fn merged_twice_the_columns_are_filled_again_not_repeated() {
    let dir = dir();
    let input = dir.path().join("leads.csv");
    write_csv(&input, &table(&PEOPLE), b',');
    let once = dir.path().join("once.csv");
    merge_into(&input, &once).expect("merged");
    let twice = dir.path().join("twice.csv");
    merge_into(&once, &twice).expect("merged again");
    assert_eq!(read_csv(&once, b','), read_csv(&twice, b','));
}

#[test]
fn the_original_is_never_the_output() {
    let dir = dir();
    let input = dir.path().join("leads.csv");
    write_csv(&input, &table(&PEOPLE), b',');
    let before = std::fs::read(&input).expect("read");
    let error = merge_into(&input, &input).expect_err("refused");
    assert!(matches!(error, MergeError::SameFile), "{error}");
    assert_eq!(std::fs::read(&input).expect("read"), before);
}

#[test]
fn files_that_are_not_spreadsheets_are_named_as_such() {
    let dir = dir();
    let cases: [(&str, &[u8]); 3] = [
        ("report.pdf", b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n"),
        ("photo.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01"),
        ("archive.xlsx", b"PK\x03\x04 this is a zip of nothing"),
    ];
    for (name, bytes) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).expect("write");
        let error = merge::open(&path).expect_err(name);
        assert!(
            matches!(error, MergeError::NotASpreadsheet { .. }),
            "{name}: {error}"
        );
        assert!(error.to_string().contains("Choose the Excel"), "{error}");
    }
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "Call back on Monday\nAsk about pricing\n").expect("write");
    let spreadsheet = merge::open(&text).expect("text reads as a one-column sheet");
    assert!(matches!(
        merge::plan(&spreadsheet, &batch(), None, &ColumnChoice::default()),
        Err(MergeError::NoColumns)
    ));
    let missing: PathBuf = dir.path().join("gone.xlsx");
    assert!(matches!(
        merge::open(&missing),
        Err(MergeError::Missing { .. })
    ));
}

#[test]
fn the_preview_counts_and_shows_the_first_rows() {
    let dir = dir();
    let mut edited = PEOPLE.to_vec();
    edited[1].last = "Janssens";
    let input = dir.path().join("leads.csv");
    write_csv(&input, &table(&edited), b',');
    let fetched = batch();
    let spreadsheet = merge::open(&input).expect("opens");
    let plan = merge::plan(&spreadsheet, &fetched, None, &ColumnChoice::default()).expect("plan");
    let preview = plan.preview(&spreadsheet, &fetched, &ExportLabels::default());
    assert_eq!((preview.rows, preview.matched), (10, 9));
    assert_eq!(preview.with_number, 7, "two matched rows were not found");
    assert_eq!(preview.unmatched_text, "3");
    assert_eq!(preview.orphans, 1);
    assert_eq!(preview.extension, "csv");
    assert_eq!(preview.sample[0].person, "François Lefèvre");
    assert_eq!(preview.sample[0].phone, "+33612345678");
    assert_eq!(preview.sample[0].kind, "Mobile");
    assert_eq!(preview.sample[2].kind, "", "not found: no type");
    assert_eq!(preview.sample[1].person, "Ann Janssens");
    assert_eq!(preview.sample[1].phone, "");
    assert_eq!(preview.sample[3].person, "jurgen-gross");
}

#[test]
fn rows_whose_searched_values_the_sheet_lacks_are_not_guessed() {
    // Only the LinkedIn column was kept: the rows searched by name cannot be checked.
    let dir = dir();
    let input = dir.path().join("links.csv");
    let rows: Vec<Vec<String>> = std::iter::once(vec!["LinkedIn".to_owned(), "Owner".to_owned()])
        .chain(
            PEOPLE
                .iter()
                .map(|p| vec![p.linkedin.to_owned(), "Sam".to_owned()]),
        )
        .collect();
    write_csv(&input, &rows, b',');
    let output = dir.path().join("out.csv");
    let written = merge_into(&input, &output).expect("merged");
    assert_eq!(written.matched, 2, "the two rows searched by their link");
    assert_eq!(written.unmatched_rows, [2, 3, 4, 6, 7, 8, 10, 11]);
    let merged = read_csv(&output, b',');
    assert_eq!(merged[4][2], "+4915112345678");
    assert!(
        merged[2][2..5].iter().all(String::is_empty),
        "{:?}",
        merged[2]
    );
    assert_eq!(
        merged[2][5], "Not filled: no column to check the First name against",
        "{:?}",
        merged[2]
    );

    // The names are there but the company is under a header no synonym list holds, and the
    // sheet was sorted since: the two Ann Peeters (De Gans and Other BV) cannot be told apart,
    // so no row searched by name gets a number, not even in the same order.
    for sorted in [false, true] {
        let mut people = PEOPLE.to_vec();
        if sorted {
            people.sort_by_key(|p| std::cmp::Reverse((p.last, p.company)));
        }
        let rows: Vec<Vec<String>> = std::iter::once(
            [
                "First name",
                "Last name",
                "Current employer (2024)",
                "LinkedIn",
            ]
            .map(String::from)
            .to_vec(),
        )
        .chain(people.iter().map(|p| row_of(p)[..4].to_vec()))
        .collect();
        write_csv(&input, &rows, b',');
        let written = merge_into(&input, &output).expect("merged");
        assert_eq!(written.matched, 2, "only the rows searched by their link");
        let merged = read_csv(&output, b',');
        for row in &merged[1..] {
            if row[3].is_empty() {
                assert!(row[4].is_empty(), "{row:?}");
                assert!(row[7].contains("Company name"), "{row:?}");
            }
        }
    }
}

#[test]
fn a_company_alone_never_places_a_number() {
    // Colleagues share a company: a sheet that keeps only it (and the links) cannot tell the
    // people searched by name apart, even in the very same order.
    let dir = dir();
    let columns = |p: &Person| vec![p.company.to_owned(), p.linkedin.to_owned()];
    let rows: Vec<Vec<String>> = std::iter::once(vec!["Company".to_owned(), "LinkedIn".to_owned()])
        .chain(PEOPLE.iter().map(columns))
        .collect();
    let input = dir.path().join("companies.csv");
    write_csv(&input, &rows, b',');
    let output = dir.path().join("out.csv");
    let written = merge_into(&input, &output).expect("merged");
    assert_eq!(
        written.matched, 2,
        "only the two rows searched by their link"
    );
    assert_eq!(written.unmatched_rows, [2, 3, 4, 6, 7, 8, 10, 11]);

    // Without the links nothing in the sheet says who anyone is.
    let only_company: Vec<Vec<String>> = rows.iter().map(|row| row[..1].to_vec()).collect();
    write_csv(&input, &only_company, b',');
    let spreadsheet = merge::open(&input).expect("opens");
    let error = merge::plan(&spreadsheet, &batch(), None, &ColumnChoice::default())
        .expect_err("no person column");
    assert!(matches!(error, MergeError::NoColumns), "{error}");
    assert!(error.to_string().contains("LinkedIn links"), "{error}");
}

/// A single-sheet table as a CSV or an xlsx file.
fn write_table(path: &Path, rows: &[Vec<String>]) {
    if path.extension().is_some_and(|ext| ext == "csv") {
        return write_csv(path, rows, b',');
    }
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, value) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, value).expect("cell");
        }
    }
    workbook.save(path).expect("save");
}

fn read_table(path: &Path) -> Vec<Vec<String>> {
    if path.extension().is_some_and(|ext| ext == "csv") {
        return read_csv(path, b',');
    }
    let mut book = open_workbook_auto(path).expect("opens");
    let first = book.sheet_names()[0].clone();
    strings(&book.worksheet_range(&first).expect("sheet"))
}

#[test]
fn a_copy_merged_again_keeps_columns_added_after_ours_and_empties_rows_no_longer_matched() {
    for extension in ["csv", "xlsx"] {
        let dir = dir();
        let path = |name: &str| dir.path().join(format!("{name}.{extension}"));
        write_table(&path("leads"), &table(&PEOPLE));
        merge_into(&path("leads"), &path("once")).expect("merged");

        // On the copy: a column of their own after ours, and Ann Peeters renamed.
        let mut rows = read_table(&path("once"));
        for (r, row) in rows.iter_mut().enumerate() {
            row.push(if r == 0 { "Called" } else { "yes" }.to_owned());
        }
        assert_eq!(
            rows[2][5], "+32470123456",
            "{extension}: Ann's number, once"
        );
        rows[2][1] = "Janssens".to_owned();
        write_table(&path("edited"), &rows);
        let written = merge_into(&path("edited"), &path("twice")).expect("merged again");
        assert_eq!(written.unmatched_rows, [3], "{extension}");

        let twice = read_table(&path("twice"));
        assert_eq!(
            twice[0][5..],
            ["Phone number", "Type", "Country", "Result", "Called"],
            "{extension}"
        );
        assert_eq!(twice[1][5..9], ["+33612345678", "Mobile", "FR", "Found"]);
        assert!(
            twice[2][5..8].iter().all(String::is_empty),
            "{extension}: last time's number is gone from a row that no longer matches: {:?}",
            twice[2]
        );
        assert!(twice[2][8].starts_with("Not filled"), "{:?}", twice[2]);
        assert!(
            twice[1..]
                .iter()
                .all(|row| row.get(9).map(String::as_str) == Some("yes")),
            "{extension}: their own column stays: {twice:?}"
        );
    }
}
