//! The merge's rule for telling people apart, on the cases that put numbers on the wrong
//! person before: namesakes whose company column is not recognised, old public-profile links
//! sharing a handle, rows that could each be the person searched for, and a person listed
//! twice. Also what the copy adds never runs as a formula, and formulas are only copied from
//! workbooks that hold them in Excel's own syntax.

// A test fails by panicking; helpers outside `#[test]` functions may too.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::path::Path;

use enrow::export::ExportLabels;
use enrow::{Batch, FetchedBatch};
use merge::{ColumnChoice, Field, Role};
use serde_json::{Value, json};

/// A completed batch whose results are `(params, number)` in the submitted order.
fn batch(rows: &[(Value, Option<&str>)]) -> FetchedBatch {
    let results: Vec<Value> = rows
        .iter()
        .enumerate()
        .map(|(index, (params, number))| {
            json!({
                "index": index,
                "qualification": if number.is_some() { "found" } else { "not_found" },
                "number": number,
                "country": number.map(|_| "BE"),
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

fn names(first: &str, last: &str, company: &str) -> Value {
    json!({"firstname": first, "lastname": last, "company_name": company})
}

fn csv_file(dir: &Path, name: &str, rows: &[&[&str]]) -> std::path::PathBuf {
    let path = dir.join(name);
    let mut writer = csv::Writer::from_path(&path).expect("csv");
    for row in rows {
        writer.write_record(*row).expect("row");
    }
    writer.flush().expect("flush");
    path
}

fn read_csv(path: &Path) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_path(path)
        .expect("csv")
        .records()
        .map(|record| record.expect("record").iter().map(str::to_owned).collect())
        .collect()
}

/// Merges `fetched` into `sheet` with `choice`, returning the copy's rows and the plan.
fn merged(
    sheet: &Path,
    fetched: &FetchedBatch,
    choice: &ColumnChoice,
) -> (Vec<Vec<String>>, merge::Preview) {
    let spreadsheet = merge::open(sheet).expect("opens");
    let plan = merge::plan(&spreadsheet, fetched, None, choice).expect("plan");
    let labels = ExportLabels::default();
    let preview = plan.preview(&spreadsheet, fetched, &labels);
    let output = sheet.with_file_name("copy.csv");
    merge::write(&spreadsheet, &plan, fetched, &labels, &output).expect("written");
    (read_csv(&output), preview)
}

/// The phone number the copy put on the row whose first cells are `first` and `company`.
fn number_of(rows: &[Vec<String>], phone_column: usize, first: &str, company: &str) -> String {
    rows.iter()
        .find(|row| row[0] == first && row.contains(&company.to_owned()))
        .map(|row| row[phone_column].clone())
        .unwrap_or_else(|| panic!("no row {first} at {company}: {rows:?}"))
}

#[test]
fn namesakes_sorted_since_whose_company_header_is_not_recognised_get_no_number_until_it_is_chosen()
{
    let dir = tempfile::tempdir().expect("dir");
    let fetched = batch(&[
        (names("John", "Smith", "Acme"), Some("+32470000001")),
        (names("Ann", "Peeters", "De Gans"), Some("+32470000002")),
        (names("John", "Smith", "Brewery Ltd"), Some("+32470000003")),
    ]);
    // Sorted by company since, under a company header no synonym list holds.
    let sheet = csv_file(
        dir.path(),
        "leads.csv",
        &[
            &["First name", "Last name", "Current employer (2024)"],
            &["John", "Smith", "Brewery Ltd"],
            &["Ann", "Peeters", "De Gans"],
            &["John", "Smith", "Acme"],
        ],
    );
    let (rows, preview) = merged(&sheet, &fetched, &ColumnChoice::default());
    // Nobody gets a number: the company that tells the John Smiths apart cannot be checked.
    for row in &rows[1..] {
        assert_eq!(row[3], "", "no number without the company: {row:?}");
        assert_eq!(
            row[6], "Not filled: no column to check the Company name against",
            "{row:?}"
        );
    }
    assert_eq!(preview.matched, 0);
    assert_eq!(
        preview.orphans, 0,
        "the results wait for a column, they are not lost"
    );
    assert_eq!(preview.missing, [Field::Company]);
    assert_eq!(preview.reasons.len(), 1);
    assert_eq!(preview.reasons[0].reason, "noColumn");
    assert_eq!(preview.reasons[0].field, Some(Field::Company));
    assert_eq!(preview.reasons[0].text, "2–4");
    // The preview offers the roles that matter, and the sheet's columns to choose from.
    let company = preview
        .choices
        .iter()
        .find(|choice| choice.role == Role::Company)
        .expect("company offered");
    assert_eq!(company.column, None);
    assert_eq!(preview.columns[2].label, "C · Current employer (2024)");

    // The person chooses the column: each John Smith gets his own number.
    let choice = ColumnChoice([(Role::Company, Some(2))].into());
    let (rows, preview) = merged(&sheet, &fetched, &choice);
    assert_eq!(preview.matched, 3);
    assert!(preview.missing.is_empty());
    assert_eq!(number_of(&rows, 3, "John", "Acme"), "+32470000001");
    assert_eq!(number_of(&rows, 3, "John", "Brewery Ltd"), "+32470000003");
    assert_eq!(number_of(&rows, 3, "Ann", "De Gans"), "+32470000002");
}

#[test]
fn old_public_profiles_that_share_a_handle_are_two_people() {
    let dir = tempfile::tempdir().expect("dir");
    let first = "https://www.linkedin.com/pub/john-smith/12/345/678";
    let second = "https://www.linkedin.com/pub/john-smith/98/765/432";
    let fetched = batch(&[
        (json!({"linkedin_url": first}), Some("+32470000001")),
        (json!({"linkedin_url": second}), Some("+32470000002")),
    ]);
    // Sorted the other way round since, links written a little differently.
    let sheet = csv_file(
        dir.path(),
        "links.csv",
        &[
            &["Name", "LinkedIn"],
            &[
                "J. Smith (Brussels)",
                "be.linkedin.com/pub/John-Smith/98/765/432/",
            ],
            &[
                "J. Smith (Ghent)",
                "https://linkedin.com/pub/john-smith/12/345/678",
            ],
        ],
    );
    let (rows, preview) = merged(&sheet, &fetched, &ColumnChoice::default());
    assert_eq!(preview.matched, 2);
    assert_eq!(rows[1][2], "+32470000002", "{rows:?}");
    assert_eq!(rows[2][2], "+32470000001", "{rows:?}");

    // Only one of them left in the sheet: the other's number goes nowhere.
    let one = csv_file(
        dir.path(),
        "one.csv",
        &[
            &["LinkedIn"],
            &["https://www.linkedin.com/pub/john-smith/98/765/432"],
        ],
    );
    let fetched_first_only = batch(&[(json!({"linkedin_url": first}), Some("+32470000001"))]);
    let (rows, preview) = merged(&one, &fetched_first_only, &ColumnChoice::default());
    assert_eq!((preview.matched, preview.orphans), (0, 1));
    assert_eq!(rows[1][1], "", "{rows:?}");
}

#[test]
fn rows_that_could_each_be_the_person_searched_for_stay_empty_and_say_so() {
    let dir = tempfile::tempdir().expect("dir");
    // Two John Smiths at Acme, told apart only by their profiles, which were not searched.
    // The order has not changed, yet position alone proves nothing.
    let fetched = batch(&[
        (names("John", "Smith", "Acme"), Some("+32470000001")),
        (names("Ann", "Peeters", "De Gans"), Some("+32470000002")),
    ]);
    let sheet = csv_file(
        dir.path(),
        "leads.csv",
        &[
            &["First name", "Last name", "Company", "LinkedIn"],
            &["John", "Smith", "Acme", "linkedin.com/in/john-smith-acme"],
            &["Ann", "Peeters", "De Gans", ""],
            &["John", "Smith", "Acme", "linkedin.com/in/jsmith"],
        ],
    );
    let (rows, preview) = merged(&sheet, &fetched, &ColumnChoice::default());
    assert_eq!(rows[1][4], "", "{rows:?}");
    assert_eq!(rows[3][4], "", "{rows:?}");
    assert_eq!(rows[2][4], "+32470000002", "Ann is told apart: {rows:?}");
    assert_eq!(
        rows[1][7],
        "Not filled: rows 2, 4 could each be this person"
    );
    let ambiguous = &preview.reasons[0];
    assert_eq!(
        (
            ambiguous.reason,
            ambiguous.name.as_deref(),
            ambiguous.text.as_str()
        ),
        ("ambiguous", Some("John Smith"), "2, 4")
    );
    assert!(!preview.sample[0].matched);
}

#[test]
fn names_searched_without_a_company_never_place_a_number() {
    let dir = tempfile::tempdir().expect("dir");
    // Enrow never searches a name alone; an answer that says so is not trusted with a row,
    // even the only one of that name.
    let fetched = batch(&[(
        json!({"firstname": "John", "lastname": "Smith"}),
        Some("+32470000001"),
    )]);
    let sheet = csv_file(
        dir.path(),
        "leads.csv",
        &[
            &["First name", "Last name", "Company"],
            &["John", "Smith", "Acme"],
        ],
    );
    let (rows, preview) = merged(&sheet, &fetched, &ColumnChoice::default());
    assert_eq!((preview.matched, preview.orphans), (0, 1));
    assert_eq!(rows[1][3], "");
}

#[test]
fn a_person_listed_and_searched_twice_gets_a_number_on_each_row_but_a_copy_added_later_does_not() {
    let dir = tempfile::tempdir().expect("dir");
    let zoe = names("Zoë", "Martin", "Études SA");
    let fetched = batch(&[
        (zoe.clone(), Some("+32470000001")),
        (names("Ann", "Peeters", "De Gans"), Some("+32470000002")),
        (zoe, Some("+32470000001")),
    ]);
    let listed_twice: &[&[&str]] = &[
        &["First name", "Last name", "Company"],
        &["Ann", "Peeters", "De Gans"],
        &["Zoe", "MARTIN", "Etudes SA"],
        &["Zoë", "Martin", "Études SA"],
    ];
    let sheet = csv_file(dir.path(), "twice.csv", listed_twice);
    let (rows, preview) = merged(&sheet, &fetched, &ColumnChoice::default());
    assert_eq!(preview.matched, 3);
    assert_eq!(rows[2][3], "+32470000001");
    assert_eq!(rows[3][3], "+32470000001");

    // Zoë searched once, but in the sheet three times: which rows were searched cannot be
    // told, so none of hers is filled.
    let once = batch(&[
        (names("Zoë", "Martin", "Études SA"), Some("+32470000001")),
        (names("Ann", "Peeters", "De Gans"), Some("+32470000002")),
    ]);
    let mut thrice = listed_twice.to_vec();
    thrice.push(&["Zoë", "Martin", "Études SA"]);
    let sheet = csv_file(dir.path(), "thrice.csv", &thrice);
    let (rows, preview) = merged(&sheet, &once, &ColumnChoice::default());
    assert_eq!(preview.matched, 1, "Ann only");
    for row in &rows[2..] {
        assert_eq!(row[3], "", "{row:?}");
    }
}

#[test]
fn what_the_copy_adds_never_runs_as_a_formula() {
    let dir = tempfile::tempdir().expect("dir");
    let raw = json!({"general": {"status": "completed"}, "results": [
        {"index": 0, "qualification": "found", "number": "=HYPERLINK(\"http://x\",\"call\")",
         "country": "=1+1", "params": {"linkedin_url": "https://www.linkedin.com/in/ann"}},
        {"index": 1, "qualification": "found", "number": "+32470000002", "country": "BE",
         "params": {"linkedin_url": "https://www.linkedin.com/in/bram"}},
    ]})
    .to_string();
    let fetched = FetchedBatch {
        batch: Batch::from_json(raw.as_bytes()).expect("batch"),
        raw: raw.into_bytes().into(),
    };
    let sheet = csv_file(
        dir.path(),
        "leads.csv",
        &[
            &["LinkedIn"],
            &["linkedin.com/in/ann"],
            &["linkedin.com/in/bram"],
        ],
    );
    let (rows, _) = merged(&sheet, &fetched, &ColumnChoice::default());
    assert_eq!(rows[1][1], "'=HYPERLINK(\"http://x\",\"call\")");
    assert_eq!(rows[1][3], "'=1+1");
    assert_eq!(
        rows[2][1], "+32470000002",
        "a number as Enrow sends it stays"
    );
}

/// A minimal OpenDocument spreadsheet: a header, one person and a formula after them.
fn ods_file(path: &Path) {
    let content = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2" office:version="1.2">
<office:body><office:spreadsheet><table:table table:name="Leads">
<table:table-row>
<table:table-cell office:value-type="string"><text:p>LinkedIn</text:p></table:table-cell>
<table:table-cell office:value-type="string"><text:p>Score</text:p></table:table-cell>
</table:table-row>
<table:table-row>
<table:table-cell office:value-type="string"><text:p>linkedin.com/in/ann</text:p></table:table-cell>
<table:table-cell table:formula="of:=[.C5]+1" office:value-type="float" office:value="4"><text:p>4</text:p></table:table-cell>
</table:table-row>
</table:table></office:spreadsheet></office:body></office:document-content>"#;
    // As office suites write it: no white space between the table's elements.
    let content: String = content.lines().map(str::trim).collect();
    let file = std::fs::File::create(path).expect("file");
    let mut zip = zip::ZipWriter::new(file);
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).expect("mimetype");
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .expect("mimetype");
    zip.start_file("content.xml", stored).expect("content");
    zip.write_all(content.as_bytes()).expect("content");
    zip.start_file("META-INF/manifest.xml", stored)
        .expect("manifest");
    zip.write_all(
        br#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">
<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"#,
    )
    .expect("manifest");
    zip.finish().expect("zip");
}

#[test]
fn an_opendocument_file_s_formulas_are_copied_as_their_values() {
    use calamine::Reader;
    let dir = tempfile::tempdir().expect("dir");
    let input = dir.path().join("leads.ods");
    ods_file(&input);
    let fetched = batch(&[(
        json!({"linkedin_url": "https://www.linkedin.com/in/ann"}),
        Some("+32470000001"),
    )]);
    let spreadsheet = merge::open(&input).expect("opens");
    let plan = merge::plan(&spreadsheet, &fetched, None, &ColumnChoice::default()).expect("plan");
    let output = dir.path().join("leads with phones.xlsx");
    merge::write(
        &spreadsheet,
        &plan,
        &fetched,
        &ExportLabels::default(),
        &output,
    )
    .expect("written");
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&output).expect("xlsx");
    let formulas = book.worksheet_formula("Leads").expect("formulas");
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "no OpenDocument formula in an Excel file: {formulas:?}"
    );
    let values = book.worksheet_range("Leads").expect("values");
    assert_eq!(values.get((1, 1)), Some(&calamine::Data::Float(4.0)));
    assert_eq!(
        values.get((1, 2)),
        Some(&calamine::Data::String("+32470000001".into()))
    );
}
