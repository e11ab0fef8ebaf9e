//! Exports read back with the `csv` crate and `calamine`, compared with the batch they came
//! from: accents, CJK, commas, quotes, line breaks and formula-like text included.

// A test fails by panicking; helpers outside `#[test]` functions may too.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;

use calamine::{Data, Reader, Xlsx, open_workbook};
use enrow::export::{
    self, Column, Delimiter, ExportOptions, Format, columns_for, export_to_path, is_e164,
};
use enrow::{FetchedBatch, PhoneResult};
use fake_enrow::Scenario;
use fake_enrow::scenarios::{DOCUMENTED_ID, id_of};
use serde_json::Value;

async fn fetch(scenario_id: &str) -> FetchedBatch {
    common::fetch_from_fake_enrow(scenario_id).await
}

/// What a row's cell must read as once exported (before any formula neutralising).
fn expected_text(column: &Column, row: &PhoneResult, phones: &export::Phones<'_>) -> String {
    let labels = export::ExportLabels::default();
    export::Cell::of(column, row, &labels, phones)
        .as_text()
        .into_owned()
}

fn read_csv(path: &Path, delimiter: u8) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .from_path(path)
        .expect("csv opens");
    let headers = reader
        .headers()
        .expect("headers")
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_owned())
        .collect();
    let rows = reader
        .records()
        .map(|r| r.expect("record").iter().map(str::to_owned).collect())
        .collect();
    (headers, rows)
}

#[tokio::test]
async fn csv_round_trip_keeps_every_character() {
    let fetched = fetch(id_of(Scenario::Unicode)).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let columns = columns_for(&fetched.batch);
    let phones = export::phones_of(&fetched);
    for (delimiter, byte) in [
        (Delimiter::Comma, b','),
        (Delimiter::Semicolon, b';'),
        (Delimiter::Tab, b'\t'),
    ] {
        let path = dir.path().join(format!("unicode-{byte}.csv"));
        let options = ExportOptions {
            delimiter,
            ..ExportOptions::new(Format::Csv)
        };
        let report = export_to_path(&fetched, &path, &options).expect("exported");
        assert_eq!(report.rows, fetched.batch.results.len());
        let bytes = std::fs::read(&path).expect("read");
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 BOM for Excel");

        let (headers, rows) = read_csv(&path, byte);
        assert_eq!(
            headers[..6],
            [
                "Index",
                "Result",
                "Phone number",
                "Type",
                "National format",
                "Country"
            ]
        );
        assert_eq!(headers.len(), columns.len());
        assert_eq!(rows.len(), fetched.batch.results.len());
        for (row, batch_row) in rows.iter().zip(&fetched.batch.results) {
            for ((cell, column), header) in row.iter().zip(&columns).zip(&headers) {
                let expected = expected_text(column, batch_row, &phones);
                if *column == Column::Phone && is_e164(&expected) {
                    assert_eq!(cell, &expected, "phone kept exactly as Enrow sent it");
                } else if expected.starts_with(['=', '+', '-', '@']) {
                    assert_eq!(
                        cell,
                        &format!("'{expected}"),
                        "{header}: formula neutralised"
                    );
                } else {
                    assert_eq!(cell, &expected, "{header}");
                }
            }
        }
    }
    // The tricky cells really are in there.
    let text = std::fs::read_to_string(dir.path().join("unicode-44.csv")).expect("read");
    for needle in [
        "東京商事株式会社",
        "Zoë, \"\"VIP\"\"",
        "line one\nline two",
        "'=HYPERLINK",
        "'@mention",
        "+81312345678",
    ] {
        assert!(text.contains(needle), "missing {needle:?}");
    }
}

#[tokio::test]
async fn csv_without_bom_and_found_only() {
    let fetched = fetch(id_of(Scenario::Rows3000)).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("found.csv");
    let options = ExportOptions {
        bom: false,
        found_only: true,
        ..ExportOptions::new(Format::Csv)
    };
    let report = export_to_path(&fetched, &path, &options).expect("exported");
    let found = fetched
        .batch
        .results
        .iter()
        .filter(|r| r.is_found())
        .count();
    assert_eq!(report.rows, found);
    assert!(found > 1000 && found < 3000);
    let bytes = std::fs::read(&path).expect("read");
    assert!(bytes.starts_with(b"Index,"));
    let (_, rows) = read_csv(&path, b',');
    assert_eq!(rows.len(), found);
    assert!(rows.iter().all(|r| r[1] == "Found" && is_e164(&r[2])));
}

fn cell_text(data: &Data) -> String {
    match data {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        other => format!("{other:?}"),
    }
}

#[tokio::test]
async fn xlsx_round_trip_keeps_text_and_has_a_summary() {
    for scenario in [Scenario::Unicode, Scenario::Rows3000, Scenario::NotFoundMix] {
        let fetched = fetch(id_of(scenario)).await;
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("batch.xlsx");
        export_to_path(&fetched, &path, &ExportOptions::new(Format::Xlsx)).expect("exported");

        let mut workbook: Xlsx<_> = open_workbook(&path).expect("xlsx opens");
        assert_eq!(workbook.sheet_names(), ["Phone numbers", "Summary"]);
        let sheet = workbook
            .worksheet_range("Phone numbers")
            .expect("results sheet");
        let columns = columns_for(&fetched.batch);
        let phones = export::phones_of(&fetched);
        assert_eq!(sheet.height(), fetched.batch.results.len() + 1);
        for (row, batch_row) in sheet.rows().skip(1).zip(&fetched.batch.results) {
            for (cell, column) in row.iter().zip(&columns) {
                match column {
                    Column::Index => assert_eq!(cell, &Data::Float(batch_row.position() as f64)),
                    Column::Phone => match &batch_row.number {
                        // A text cell, never a number that Excel would show as 1.57E+10.
                        Some(number) => assert_eq!(cell, &Data::String(number.clone())),
                        None => assert_eq!(cell, &Data::Empty),
                    },
                    _ => assert_eq!(
                        cell_text(cell),
                        expected_text(column, batch_row, &phones),
                        "{column:?}"
                    ),
                }
            }
        }

        let summary = workbook.worksheet_range("Summary").expect("summary sheet");
        let value_of = |label: &str| {
            summary
                .rows()
                .find(|row| cell_text(&row[0]) == label)
                .map(|row| row[1].clone())
                .unwrap_or_else(|| panic!("no {label} line"))
        };
        assert_eq!(
            value_of("Batch id"),
            Data::String(fetched.batch.id().to_owned())
        );
        assert_eq!(value_of("Status"), Data::String("completed".into()));
        assert_eq!(
            value_of("Requested"),
            Data::Float(fetched.batch.requested() as f64)
        );
        assert_eq!(value_of("Found"), Data::Float(fetched.batch.found() as f64));
        let net = fetched.batch.net_credits().expect("net") as f64;
        assert_eq!(value_of("Net credits"), Data::Float(net));
        if let Some(rate) = fetched.batch.hit_rate() {
            assert_eq!(value_of("Hit rate"), Data::Float(rate));
        }
        if scenario == Scenario::NotFoundMix {
            assert_eq!(
                value_of("Custom data – campaign"),
                Data::String("Q4 leads".into())
            );
        }
    }
}

#[tokio::test]
async fn json_is_enrows_answer_pretty_printed() {
    let fetched = fetch(id_of(Scenario::NotFoundMix)).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("batch.json");
    export_to_path(&fetched, &path, &ExportOptions::new(Format::Json)).expect("exported");
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(text.contains("\n  \"general\": {"), "indented");
    let written: Value = serde_json::from_str(&text).expect("json");
    let sent: Value = serde_json::from_slice(&fetched.raw).expect("json");
    assert_eq!(written, sent, "unknown fields and order kept");

    let found_path = dir.path().join("found.json");
    let options = ExportOptions {
        found_only: true,
        ..ExportOptions::new(Format::Json)
    };
    let report = export_to_path(&fetched, &found_path, &options).expect("exported");
    let written: Value =
        serde_json::from_str(&std::fs::read_to_string(&found_path).expect("read")).expect("json");
    let results = written["results"].as_array().expect("results");
    assert_eq!(results.len(), report.rows);
    assert!(results.iter().all(|r| r["qualification"] == "found"));
}

#[tokio::test]
async fn the_documented_batch_exports_to_all_three() {
    let fetched = fetch(DOCUMENTED_ID).await;
    let dir = tempfile::tempdir().expect("temp dir");
    for format in [Format::Xlsx, Format::Csv, Format::Json] {
        let path = dir.path().join(format!("doc.{}", format.extension()));
        let report =
            export_to_path(&fetched, &path, &ExportOptions::new(format)).expect("exported");
        assert_eq!(report.rows, 2);
        assert!(std::fs::metadata(&path).expect("exists").len() > 0);
    }
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 3, "no temporary files left: {names:?}");
}

#[test]
fn a_large_csv_formatted_on_several_threads_keeps_the_row_order() {
    let rows = fake_enrow::sample::rows(30_000, 30, 60, true);
    let raw =
        fake_enrow::sample::completed("big", &rows, None, fake_enrow::sample::StatsStyle::Current);
    let fetched = FetchedBatch {
        batch: enrow::Batch::from_json(&raw).expect("valid"),
        raw,
    };
    let mut out = Vec::new();
    let written =
        export::write_csv(&fetched, &mut out, &ExportOptions::new(Format::Csv)).expect("written");
    assert_eq!(written, 30_000);
    let mut reader = csv::Reader::from_reader(&out[3..]);
    let mut count = 0;
    for (expected, record) in fetched.batch.results.iter().zip(reader.records()) {
        let record = record.expect("record");
        assert_eq!(record[0].parse::<u64>().ok(), Some(expected.position()));
        assert_eq!(&record[2], expected.number.as_deref().unwrap_or(""));
        count += 1;
    }
    assert_eq!(count, 30_000);
}

#[tokio::test]
async fn types_and_national_formats_follow_the_number_and_mobiles_only_keeps_mobiles() {
    let fetched = fetch(id_of(Scenario::Rows3000)).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("mobiles.csv");
    let options = ExportOptions {
        mobiles_only: true,
        ..ExportOptions::new(Format::Csv)
    };
    let report = export_to_path(&fetched, &path, &options).expect("exported");
    let (headers, rows) = read_csv(&path, b',');
    assert_eq!(headers[2..5], ["Phone number", "Type", "National format"]);
    assert_eq!(report.rows, rows.len());
    assert!(!rows.is_empty());
    let all = fetched
        .batch
        .results
        .iter()
        .filter(|r| r.is_found())
        .count();
    assert!(rows.len() < all, "some found numbers are not mobiles");
    for row in &rows {
        let info = enrow::phone::classify(&row[2], None);
        assert!(info.kind.may_be_mobile(), "{row:?}");
        assert!(
            ["Mobile", "Mobile or landline"].contains(&row[3].as_str()),
            "{row:?}"
        );
        assert_eq!(Some(row[4].as_str()), info.national.as_deref(), "{row:?}");
    }

    // The Excel file keeps the national form as text too (a leading 0 must survive).
    let xlsx = dir.path().join("mobiles.xlsx");
    export_to_path(
        &fetched,
        &xlsx,
        &ExportOptions {
            mobiles_only: true,
            ..ExportOptions::new(Format::Xlsx)
        },
    )
    .expect("exported");
    let mut workbook: Xlsx<_> = open_workbook(&xlsx).expect("xlsx opens");
    let sheet = workbook.worksheet_range("Phone numbers").expect("sheet");
    let first = sheet.rows().nth(1).expect("a row");
    assert!(
        matches!(&first[4], Data::String(national) if national.starts_with('0') || national.starts_with('(')),
        "{:?}",
        first[4]
    );
}
