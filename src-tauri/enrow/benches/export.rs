//! Parse, CSV and XLSX export of 3,000 rows (Enrow's maximum batch) and 100,000 rows (headroom),
//! and the phone numbers of 3,000 rows classified (type, formats).
//! `cargo bench -p enrow --bench export`; README has the figures.

// A test fails by panicking; helpers outside `#[test]` functions may too.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::io::{self, Cursor};
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use enrow::export::{ExportOptions, Format, write_csv, write_xlsx};
use enrow::{Batch, FetchedBatch};
use fake_enrow::sample::{self, StatsStyle};

fn answer(rows: usize) -> bytes::Bytes {
    let data = sample::rows(rows, rows as u64, 62, true);
    sample::completed(
        "e3b61122-d6a6-4ea7-b331-9b734682a76a",
        &data,
        None,
        StatsStyle::Current,
    )
}

fn benches(c: &mut Criterion) {
    let mut group = c.benchmark_group("batch");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    for rows in [3_000usize, 100_000] {
        let raw = answer(rows);
        let fetched = FetchedBatch {
            batch: Batch::from_json(&raw).expect("valid answer"),
            raw: raw.clone(),
        };
        group.throughput(Throughput::Elements(rows as u64));
        group.bench_with_input(BenchmarkId::new("parse", rows), &raw, |b, raw| {
            b.iter(|| Batch::from_json(black_box(raw)).expect("valid"));
        });
        let csv = ExportOptions::new(Format::Csv);
        group.bench_with_input(BenchmarkId::new("csv", rows), &fetched, |b, fetched| {
            b.iter(|| write_csv(black_box(fetched), io::sink(), &csv).expect("written"));
        });
        let xlsx = ExportOptions::new(Format::Xlsx);
        group.bench_with_input(BenchmarkId::new("xlsx", rows), &fetched, |b, fetched| {
            b.iter(|| {
                let mut out = Cursor::new(Vec::with_capacity(8 << 20));
                write_xlsx(black_box(fetched), &mut out, &xlsx).expect("written")
            });
        });
    }
    group.finish();
}

/// 3,000 distinct numbers of many countries, once libphonenumber's data is loaded.
fn phones(c: &mut Criterion) {
    let numbers: Vec<(String, Option<String>)> = sample::rows(3_000, 3_000, 100, false)
        .into_iter()
        .filter_map(|row| Some((row.number?, row.country)))
        .collect();
    enrow::phone::warm_up();
    let mut group = c.benchmark_group("phone");
    group.sample_size(20);
    group.throughput(Throughput::Elements(numbers.len() as u64));
    group.bench_function(BenchmarkId::new("classify", numbers.len()), |b| {
        b.iter(|| {
            enrow::phone::classify_all(
                black_box(&numbers)
                    .iter()
                    .map(|(n, c)| (n.as_str(), c.as_deref())),
            )
        });
    });
    group.finish();
}

criterion_group!(export, benches, phones);
criterion_main!(export);
