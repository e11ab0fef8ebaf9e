//! Whatever file a person picks for "Add to my spreadsheet": `merge::open` never panics, and
//! every sheet it reads can be lined up with a batch (`merge::plan`, and the preview the page
//! shows) without panicking, giving rows and results that exist.
//!
//! The bytes are written to a file named `….csv` and one named `….xlsx` (the reader goes by
//! content, but the name gives a CSV its sheet name and the copy its type). Run with
//! `-rss_limit_mb=2048`: a workbook can claim a huge sheet in a few bytes.
#![no_main]

use std::path::PathBuf;
use std::sync::LazyLock;

use enrow::export::ExportLabels;
use enrow::{Batch, FetchedBatch};
use libfuzzer_sys::fuzz_target;

/// A small batch of the usual shapes: a profile link, names and a company, a domain, a row
/// not found, a string index.
const ANSWER: &str = r#"{"general":{"id":"e3b61122-d6a6-4ea7-b331-9b734682a76a","status":"completed"},
"results":[
 {"index":0,"qualification":"found","number":"+33612345678","country":"FR",
  "params":{"linkedin_url":"https://www.linkedin.com/in/michael-scott"}},
 {"index":1,"qualification":"found","number":"+31612345678","country":"NL",
  "params":{"firstname":"Ann","lastname":"Peeters","company_name":"De Gans"}},
 {"index":"2","qualification":"not_found",
  "params":{"first_name":"François","last_name":"Lefèvre","company_domain":"acme.com"}},
 {"index":3,"qualification":"found","number":"+4915112345678","country":"DE",
  "params":{"firstname":"Ann","lastname":"Peeters","company_name":"Other"}}
],"stats":{"requested":4,"found":3}}"#;

static BATCH: LazyLock<FetchedBatch> = LazyLock::new(|| FetchedBatch {
    batch: Batch::from_json(ANSWER.as_bytes()).expect("the fixed batch parses"),
    raw: bytes::Bytes::from_static(ANSWER.as_bytes()),
});

/// One folder for the whole run, removed when the process ends normally.
static FOLDER: LazyLock<tempfile::TempDir> =
    LazyLock::new(|| tempfile::tempdir().expect("a temporary folder"));

static FILES: LazyLock<[PathBuf; 2]> = LazyLock::new(|| {
    [
        FOLDER.path().join("Leads.csv"),
        FOLDER.path().join("Leads.xlsx"),
    ]
});

fuzz_target!(|data: &[u8]| {
    let fetched = &*BATCH;
    let labels = ExportLabels::default();
    for path in FILES.iter() {
        std::fs::write(path, data).expect("the temporary file is written");
        let Ok(spreadsheet) = merge::open(path) else {
            continue;
        };
        let mut names = Vec::new();
        for (index, sheet) in spreadsheet.sheets.iter().enumerate() {
            // Every cell of every row reads as text.
            for row in 0..sheet.cells.len() {
                for column in 0..sheet.width() {
                    let _ = sheet.text(row, column);
                }
                let _ = sheet.row_is_empty(row);
            }
            // Sheets sharing a name are reached by position: `plan` takes the first.
            if names.contains(&sheet.name) {
                continue;
            }
            names.push(sheet.name.clone());
            let Ok(plan) = merge::plan(
                &spreadsheet,
                fetched,
                Some(&sheet.name),
                &Default::default(),
            ) else {
                continue;
            };
            assert_eq!(plan.sheet, index);
            check(&plan, sheet.cells.len(), fetched);
            let preview = plan.preview(&spreadsheet, fetched, &labels);
            assert_eq!(preview.matched, plan.matched());
            assert!(preview.matched <= preview.rows);
            assert_eq!(preview.unmatched_rows.len(), preview.rows - preview.matched);
        }
        if let Ok(plan) = merge::plan(&spreadsheet, fetched, None, &Default::default()) {
            check(&plan, spreadsheet.sheets[plan.sheet].cells.len(), fetched);
        }
    }
});

/// A plan names rows of its sheet, in order, and results of the batch, each at most once.
fn check(plan: &merge::Plan, height: usize, fetched: &FetchedBatch) {
    let rows = &plan.layout.data_rows;
    assert!(
        rows.windows(2).all(|w| w[0] < w[1]),
        "rows in order, once each"
    );
    assert!(rows.iter().all(|&row| row < height));
    assert_eq!(plan.alignment.results.len(), rows.len());
    let mut seen = vec![false; fetched.batch.results.len()];
    for result in plan.alignment.results.iter().flatten() {
        assert!(
            !std::mem::replace(&mut seen[*result], true),
            "a result placed twice"
        );
    }
    let placed = seen.iter().filter(|s| **s).count();
    // Results rows are waiting for (a column to check them against, a way to tell rows
    // apart) are not orphans: at most the unplaced ones are.
    assert!(plan.alignment.orphans <= fetched.batch.results.len() - placed);
    // Every row without a result says why.
    for (result, reason) in plan.alignment.results.iter().zip(&plan.alignment.unmatched) {
        assert_eq!(
            result.is_none(),
            reason.is_some(),
            "a reason exactly when empty"
        );
    }
}
