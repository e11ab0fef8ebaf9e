//! Spreadsheets built to take a computer down: a used range of the whole sheet, a zip bomb, an
//! OpenDocument sheet that repeats a cell sixteen thousand times a row, an `.xls` whose cells
//! span its whole grid, a CSV of millions of empty cells, a file of hundreds of megabytes. Each
//! is read sparsely or refused with the limit it passed, never by running out of memory.

// A test fails by panicking; helpers outside `#[test]` functions may too.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::path::Path;

use enrow::export::ExportLabels;
use enrow::{Batch, FetchedBatch};
use merge::limits::{Limit, MAX_CELLS, MAX_FILE_BYTES, MAX_INFLATED_BYTES};
use merge::{ColumnChoice, MergeError};

fn too_large(result: Result<merge::Spreadsheet, MergeError>) -> Limit {
    match result {
        Err(MergeError::TooLarge { limit, .. }) => limit,
        Err(other) => panic!("refused for another reason: {other}"),
        Ok(_) => panic!("read in full"),
    }
}

fn batch() -> FetchedBatch {
    let raw = r#"{"general":{"status":"completed"},"results":[
        {"index":0,"qualification":"found","number":"+32470000001","country":"BE",
         "params":{"linkedin_url":"https://www.linkedin.com/in/ann"}}]}"#;
    FetchedBatch {
        batch: Batch::from_json(raw.as_bytes()).expect("batch"),
        raw: raw.as_bytes().to_vec().into(),
    }
}

#[test]
fn a_workbook_whose_used_range_is_the_whole_sheet_is_read_sparsely() {
    let dir = tempfile::tempdir().expect("dir");
    let input = dir.path().join("whole sheet.xlsx");
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, "LinkedIn").expect("A1");
    sheet
        .write_string(1, 0, "https://www.linkedin.com/in/ann")
        .expect("A2");
    // XFD1048576, Excel's very last cell: the used range is 17 billion cells.
    sheet
        .write_string(1_048_575, 16_383, "end")
        .expect("XFD1048576");
    workbook.save(&input).expect("saved");

    let spreadsheet = merge::open(&input).expect("read, sparsely");
    let cells: usize = spreadsheet.sheets[0].cells.iter().map(Vec::len).sum();
    assert!(
        cells < 20_000,
        "only the rows that hold something have cells: {cells}"
    );
    let fetched = batch();
    let plan = merge::plan(&spreadsheet, &fetched, None, &ColumnChoice::default()).expect("plan");
    assert_eq!(plan.matched(), 1);
    // No room is left after the last column for the new ones: said so, nothing written.
    let output = dir.path().join("copy.xlsx");
    let error = merge::write(
        &spreadsheet,
        &plan,
        &fetched,
        &ExportLabels::default(),
        &output,
    )
    .expect_err("no room");
    assert!(matches!(error, MergeError::NoRoom { .. }), "{error}");
    assert!(!output.exists());
}

#[test]
fn a_csv_of_more_cells_than_allowed_is_refused() {
    let dir = tempfile::tempdir().expect("dir");
    let input = dir.path().join("wide.csv");
    let columns = 4_000;
    let rows = MAX_CELLS / columns + 2;
    let line = format!("{}\n", ",".repeat(columns - 1));
    let mut file = std::io::BufWriter::new(std::fs::File::create(&input).expect("file"));
    file.write_all(b"LinkedIn\n").expect("header");
    for _ in 0..rows {
        file.write_all(line.as_bytes()).expect("row");
    }
    file.flush().expect("flush");
    drop(file);
    assert_eq!(too_large(merge::open(&input)), Limit::Cells);
}

#[test]
fn a_file_larger_than_allowed_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().expect("dir");
    let input = dir.path().join("huge.csv");
    let file = std::fs::File::create(&input).expect("file");
    file.set_len(MAX_FILE_BYTES + 1).expect("sized");
    let error = merge::open(&input).expect_err("too large");
    assert!(error.to_string().contains("larger than 100 MB"), "{error}");
    assert_eq!(too_large(Err(error)), Limit::FileSize);
}

#[test]
fn a_zip_bomb_is_refused_before_it_unpacks() {
    let dir = tempfile::tempdir().expect("dir");
    let input = dir.path().join("bomb.xlsx");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&input).expect("file"));
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    zip.start_file("xl/sharedStrings.xml", deflated)
        .expect("part");
    // Zeros pack a thousand to one: a file of a few hundred kilobytes.
    let chunk = vec![0u8; 1024 * 1024];
    for _ in 0..=(MAX_INFLATED_BYTES / chunk.len() as u64) {
        zip.write_all(&chunk).expect("zeros");
    }
    zip.finish().expect("zip");
    assert!(std::fs::metadata(&input).expect("meta").len() < 4 * 1024 * 1024);
    assert_eq!(too_large(merge::open(&input)), Limit::Inflated);
}

/// An OpenDocument spreadsheet holding `rows` (table rows, without white space between them).
fn ods_file(path: &Path, rows: &str) {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Leads">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).expect("file"));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).expect("mimetype");
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .expect("mimetype");
    zip.start_file("content.xml", stored).expect("content");
    zip.write_all(content.as_bytes()).expect("content");
    zip.start_file("META-INF/manifest.xml", stored)
        .expect("manifest");
    zip.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#)
        .expect("manifest");
    zip.finish().expect("zip");
}

const HEADER_ROW: &str = r#"<table:table-row><table:table-cell office:value-type="string"><text:p>LinkedIn</text:p></table:table-cell></table:table-row><table:table-row><table:table-cell office:value-type="string"><text:p>https://www.linkedin.com/in/ann</text:p></table:table-cell></table:table-row>"#;

#[test]
fn opendocument_sheets_that_repeat_their_way_to_billions_of_cells_are_refused() {
    let dir = tempfile::tempdir().expect("dir");
    // A value repeated across every column, on a row repeated a thousand times: 16 million
    // cells from a few hundred bytes.
    let repeated = dir.path().join("repeated.ods");
    ods_file(
        &repeated,
        &format!(
            r#"{HEADER_ROW}<table:table-row table:number-rows-repeated="1000"><table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="16384"/></table:table-row>"#
        ),
    );
    assert_eq!(too_large(merge::open(&repeated)), Limit::Cells);

    // A value in A1 and one in the far corner, empty rows repeated between them.
    let corners = dir.path().join("corners.ods");
    ods_file(
        &corners,
        &format!(
            r#"{HEADER_ROW}<table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="16384"/></table:table-row><table:table-row><table:table-cell table:number-columns-repeated="16383"/><table:table-cell office:value-type="string"><text:p>end</text:p></table:table-cell></table:table-row>"#
        ),
    );
    assert_eq!(too_large(merge::open(&corners)), Limit::Cells);

    // The same sheet without its far cell is read.
    let plain = dir.path().join("plain.ods");
    ods_file(&plain, HEADER_ROW);
    let spreadsheet = merge::open(&plain).expect("read");
    assert_eq!(
        spreadsheet.sheets[0].text(1, 0),
        "https://www.linkedin.com/in/ann"
    );
}

#[test]
fn an_xls_whose_cells_span_its_whole_grid_is_refused_before_calamine_builds_it() {
    let dir = tempfile::tempdir().expect("dir");
    let input = dir.path().join("corners.xls");
    let record = |kind: u16, body: &[u8]| {
        let mut out = kind.to_le_bytes().to_vec();
        out.extend((body.len() as u16).to_le_bytes());
        out.extend(body);
        out
    };
    let number = |row: u16, column: u16| {
        let mut body = row.to_le_bytes().to_vec();
        body.extend(column.to_le_bytes());
        body.extend([0; 10]);
        record(0x0203, &body)
    };
    let stream = [
        record(0x0809, &[0; 16]),
        number(0, 0),
        number(65_535, 255),
        record(0x000A, &[]),
    ]
    .concat();
    let mut file = cfb::create(&input).expect("compound file");
    file.create_stream("/Workbook")
        .expect("stream")
        .write_all(&stream)
        .expect("records");
    file.flush().expect("flush");
    drop(file);
    assert_eq!(too_large(merge::open(&input)), Limit::Cells);
}

/// The workbook the `sheet` fuzz target found (its cells are written `r="FrRN…"`, a reference
/// of a dozen letters): calamine 0.38 overflows counting its column, which stopped this build
/// (tests check overflows). It is named unreadable before calamine reads it.
#[test]
fn a_workbook_whose_cell_references_overflow_is_named_unreadable() {
    let found_by_fuzzing = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fuzz/seeds/sheet/overflowing-reference.xlsx");
    match merge::open(&found_by_fuzzing) {
        Err(MergeError::Unreadable { detail, .. }) => {
            assert!(detail.contains("cell reference"), "{detail}")
        }
        Err(other) => panic!("refused for another reason: {other}"),
        Ok(_) => panic!("read"),
    }
}
