//! Numbers classified while a large answer is parsed (`enrow::answer_numbers`) give every row
//! exactly what classifying after the parse gives it: the files written from them are the same
//! bytes, with answers crafted to mislead the search for numbers in the bytes.

// A test fails by panicking; helpers outside `#[test]` functions may too.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use enrow::answer_numbers::{BESIDE_FROM_BYTES, PlansAhead, parse_classifying};
use enrow::export::{
    ExportOptions, Format, KnownPhones, Phones, Preset, forms_needed, write_to_stream,
};
use enrow::phone::Forms;
use enrow::{Batch, FetchedBatch};
use fake_enrow::sample::{StatsStyle, completed, rows};
use serde_json::json;

/// Rows whose number text also appears, elsewhere in the answer, where it must not decide
/// anything, each inserted among generated rows.
const MISLEADING_ROWS: &[&str] = &[
    // Read in Enrow's country for the row: a mobile in France, a landline... or invalid without
    // one. Had the search taken it (it is not E.164), it would have been read without a country.
    r#"{"index":900001,"qualification":"found","number":"0612345678","country":"FR","params":{}}"#,
    // The same text in another country: the first row's country decides, as after the parse.
    r#"{"index":900002,"qualification":"found","number":"0612345678","country":"NL","params":{}}"#,
    // Written with an escape: the bytes are not the text, so the search must not take them.
    r#"{"index":900003,"qualification":"found","number":"\u002b31201234567","country":"NL","params":{}}"#,
    // A `"number"` key that is not the row's number, with a number of its own.
    r#"{"index":900004,"qualification":"found","number":"+447400123456","country":"GB","params":{"number":"+33800123456"}}"#,
    // JSON's spaces around the colon.
    "{\"index\":900005,\"qualification\":\"found\",\"number\" :\n \"+4915123456789\",\"country\":\"DE\",\"params\":{}}",
    // A number with spaces: read by the parser after the parse, never by the search.
    r#"{"index":900006,"qualification":"found","number":"+33 6 12 34 56 78","country":"FR","params":{}}"#,
    // A custom field holding what looks like a number key.
    r#"{"index":900007,"qualification":"not_found","params":{},"custom":"\"number\":\"0612345678\""}"#,
];

/// A completed answer of `count` generated rows with [`MISLEADING_ROWS`] spread through it.
fn misleading_answer(count: usize) -> Vec<u8> {
    let generated = completed(
        "0000e201-0000-4000-8000-00000000b351",
        &rows(count, 7, 62, true),
        None,
        StatsStyle::Current,
    );
    let mut answer: serde_json::Value = serde_json::from_slice(&generated).unwrap();
    let results = answer["results"].as_array_mut().unwrap();
    for place in 0..MISLEADING_ROWS.len() {
        let at = (place + 1) * results.len() / (MISLEADING_ROWS.len() + 1);
        // A placeholder, replaced by the row's own bytes below (serde would re-escape them).
        results.insert(at, json!(format!("MISLEADING-{place}")));
    }
    let mut text = serde_json::to_string(&answer).unwrap();
    for (place, row) in MISLEADING_ROWS.iter().enumerate() {
        text = text.replace(&format!("\"MISLEADING-{place}\""), row);
    }
    text.into_bytes()
}

fn written(
    fetched: &FetchedBatch,
    known: Option<&KnownPhones<'_>>,
    options: &ExportOptions,
) -> Vec<u8> {
    let mut out = Vec::new();
    write_to_stream(fetched, known, &mut out, options).unwrap();
    out
}

#[test]
fn files_from_numbers_read_beside_the_parse_are_those_read_after_it() {
    let answer = misleading_answer(20_000);
    assert!(
        answer.len() >= BESIDE_FROM_BYTES,
        "the answer is large enough to be read beside"
    );
    files_are_those_read_after_the_parse(&answer, PlansAhead::start(answer.len() as u64));
}

#[test]
fn files_from_numbers_read_with_plans_of_each_threads_own_are_the_same() {
    let answer = misleading_answer(20_000);
    files_are_those_read_after_the_parse(&answer, PlansAhead::none());
}

/// Every kind of file made from the numbers read beside the parse of `answer`, with the plans
/// loaded `ahead`, is byte for byte the one made from numbers read after the parse.
fn files_are_those_read_after_the_parse(answer: &[u8], ahead: PlansAhead) {
    let (batch, early) =
        parse_classifying(answer, Forms::National, ahead, || Batch::from_json(answer));
    let fetched = FetchedBatch {
        batch: batch.unwrap(),
        raw: answer.to_vec().into(),
    };
    // Most numbers were found in the bytes (one core or none would find none).
    if std::thread::available_parallelism().map_or(1, usize::from) > 1 {
        assert!(
            early.len() > 10_000,
            "{} numbers found beside the parse",
            early.len()
        );
    }
    assert!(
        !early.contains_key("0612345678"),
        "a national number read without its country"
    );
    assert!(!early.contains_key("+33 6 12 34 56 78"));
    let known = KnownPhones::complete(early, Forms::National, &fetched.batch.results);

    let mut every_kind_of_file = vec![
        ExportOptions::new(Format::Csv),
        ExportOptions {
            preset: Some(Preset::Hubspot),
            ..ExportOptions::new(Format::Csv)
        },
        ExportOptions::new(Format::Vcf),
        ExportOptions {
            mobiles_only: true,
            ..ExportOptions::new(Format::Json)
        },
    ];
    for options in &mut every_kind_of_file {
        options.exported_at = time::macros::datetime!(2026-12-07 09:00 UTC);
        assert_eq!(
            String::from_utf8(written(&fetched, Some(&known), options)).unwrap(),
            String::from_utf8(written(&fetched, None, options)).unwrap(),
            "{:?} with preset {:?}",
            options.format,
            options.preset
        );
    }
    // The crafted rows are typed as after the parse: the national number in France's plan.
    let table = String::from_utf8(written(&fetched, Some(&known), &every_kind_of_file[0])).unwrap();
    let crafted = table
        .lines()
        .find(|line| line.starts_with("900001,"))
        .unwrap();
    assert!(crafted.contains(",Mobile,06 12 34 56 78,FR,"), "{crafted}");
}

#[test]
fn numbers_known_without_the_forms_a_file_needs_are_read_again() {
    let answer = misleading_answer(100);
    let batch = Batch::from_json(&answer).unwrap();
    let fetched = FetchedBatch {
        batch,
        raw: answer.clone().into(),
    };
    // Types alone, as for contact cards, handed to a table that shows national forms.
    let types_only =
        KnownPhones::complete(Phones::default(), Forms::Neither, &fetched.batch.results);
    let mut table = ExportOptions::new(Format::Csv);
    table.exported_at = time::macros::datetime!(2026-12-07 09:00 UTC);
    assert_eq!(forms_needed(&table), Some(Forms::National));
    assert_eq!(
        written(&fetched, Some(&types_only), &table),
        written(&fetched, None, &table)
    );
}

#[test]
fn a_large_answer_cut_short_is_refused() {
    let mut answer = misleading_answer(20_000);
    answer.truncate(answer.len() / 2);
    let ahead = PlansAhead::start(answer.len() as u64);
    let (batch, _early) = parse_classifying(&answer, Forms::National, ahead, || {
        Batch::from_json(&answer)
    });
    assert!(batch.is_err());
}
