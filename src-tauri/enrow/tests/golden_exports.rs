//! Every export of one fixed batch, byte for byte as it was: work on speed and memory (phone data
//! loaded lazily, lighter rows, threads) must never change a file a person gets.
//!
//! The batch is `golden/batch.json`: 300 generated rows over ten countries, found and not,
//! with every odd number the phone reader meets (national, a JSON number, RFC 3966, spaces,
//! Arabic-Indic digits, an unknown calling code, formula text), rows in reverse order. Each
//! export's SHA-256 is in `golden/exports.sha256`. The same batch repeated past 20,000 rows
//! takes the parallel paths (classification and CSV formatting on several threads).
//!
//! On a difference, the files written are left in the test's target folder to compare.
//! After a change that is meant to alter a file, `ENROW_BLESS_GOLDEN=1` rewrites the hashes:
//! the diff of `exports.sha256` then shows which files changed, for the review.

// A test fails by panicking; helpers outside `#[test]` functions may too.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::io::{Cursor, Read};
use std::path::PathBuf;

use enrow::export::{
    self, Delimiter, ExportLabels, ExportOptions, Format, Preset, write_csv, write_json, write_vcf,
    write_xlsx,
};
use enrow::{Batch, FetchedBatch};
use sha2::{Digest, Sha256};

fn golden_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

fn fixture() -> FetchedBatch {
    let raw = std::fs::read(golden_dir().join("batch.json")).unwrap();
    FetchedBatch {
        batch: Batch::from_json(&raw).unwrap(),
        raw: raw.into(),
    }
}

/// The fixture's rows `times` over, each copy with its own indexes: past the size where
/// numbers are classified and CSV is formatted on several threads.
fn repeated(times: u64) -> FetchedBatch {
    let raw = std::fs::read(golden_dir().join("batch.json")).unwrap();
    let mut answer: serde_json::Value = serde_json::from_slice(&raw).unwrap();
    let rows = answer["results"].as_array().unwrap().clone();
    let count = rows.len() as u64;
    let mut all = Vec::new();
    for copy in 0..times {
        for row in &rows {
            let mut row = row.clone();
            let index = row["index"].as_u64().unwrap();
            row["index"] = (copy * count + index).into();
            all.push(row);
        }
    }
    answer["results"] = all.into();
    let raw = serde_json::to_vec(&answer).unwrap();
    FetchedBatch {
        batch: Batch::from_json(&raw).unwrap(),
        raw: raw.into(),
    }
}

fn options(format: Format) -> ExportOptions {
    ExportOptions {
        exported_at: time::macros::datetime!(2026-03-14 15:09:26 +01:00),
        ..ExportOptions::new(format)
    }
}

/// Labels of another language: headers, phone types and result values all come from them.
fn french() -> ExportLabels {
    serde_json::from_value(serde_json::json!({
        "resultsSheet": "Résultats", "summarySheet": "Résumé", "phone": "Téléphone",
        "phoneType": "Type de ligne", "nationalFormat": "Format national", "country": "Pays",
        "firstname": "Prénom", "lastname": "Nom", "companyName": "Entreprise",
        "found": "Trouvé", "notFound": "Introuvable", "typeMobile": "Mobile",
        "typeLandline": "Fixe", "typeInvalid": "Invalide", "exportedAt": "Exporté le",
    }))
    .unwrap()
}

/// The bytes of an Excel file apart from the moment rust_xlsxwriter stamps in its document
/// properties (the export's own time, on the summary sheet, is fixed above): every part of the
/// zip, named, in order.
fn xlsx_contents(bytes: &[u8]) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut contents = Vec::new();
    for i in 0..archive.len() {
        let mut part = archive.by_index(i).unwrap();
        let name = part.name().unwrap().into_owned();
        let mut text = Vec::new();
        part.read_to_end(&mut text).unwrap();
        if name == "docProps/core.xml" {
            text = without_dates(&String::from_utf8(text).unwrap()).into_bytes();
        }
        contents.extend_from_slice(name.as_bytes());
        contents.push(0);
        contents.extend_from_slice(&text);
    }
    contents
}

fn without_dates(core: &str) -> String {
    let mut out = String::new();
    let mut rest = core;
    while let Some(start) = rest.find("<dcterms:") {
        let Some(open_end) = rest[start..].find('>') else {
            break;
        };
        let Some(close) = rest[start..].find("</dcterms:") else {
            break;
        };
        out.push_str(&rest[..start + open_end + 1]);
        rest = &rest[start + close..];
    }
    out.push_str(rest);
    out
}

fn export(fetched: &FetchedBatch, options: &ExportOptions) -> Vec<u8> {
    let mut out = Vec::new();
    match options.format {
        Format::Csv => {
            write_csv(fetched, &mut out, options).unwrap();
        }
        Format::Json => {
            write_json(fetched, &mut out, options).unwrap();
        }
        Format::Vcf => {
            write_vcf(fetched, &mut out, options).unwrap();
        }
        Format::Xlsx => {
            let mut file = Cursor::new(Vec::new());
            write_xlsx(fetched, &mut file, options).unwrap();
            out = file.into_inner();
        }
    }
    out
}

/// Every export the app and enrow-batch can make of `fetched`, by name.
fn every_export(fetched: &FetchedBatch, prefix: &str) -> BTreeMap<String, Vec<u8>> {
    let mut made = BTreeMap::new();
    let mut add = |name: &str, options: ExportOptions| {
        let ext = options.format.extension();
        made.insert(format!("{prefix}{name}.{ext}"), export(fetched, &options));
    };
    add("all", options(Format::Csv));
    add(
        "found-semicolon-nobom",
        ExportOptions {
            found_only: true,
            delimiter: Delimiter::Semicolon,
            bom: false,
            ..options(Format::Csv)
        },
    );
    add(
        "mobiles-tab",
        ExportOptions {
            mobiles_only: true,
            delimiter: Delimiter::Tab,
            ..options(Format::Csv)
        },
    );
    add(
        "french",
        ExportOptions {
            labels: french(),
            ..options(Format::Csv)
        },
    );
    for preset in Preset::ALL {
        add(
            &format!("preset-{preset:?}").to_lowercase(),
            ExportOptions {
                preset: Some(preset),
                ..options(Format::Csv)
            },
        );
    }
    add("all", options(Format::Json));
    add(
        "found",
        ExportOptions {
            found_only: true,
            ..options(Format::Json)
        },
    );
    add(
        "mobiles",
        ExportOptions {
            mobiles_only: true,
            ..options(Format::Json)
        },
    );
    add("all", options(Format::Vcf));
    add(
        "mobiles",
        ExportOptions {
            mobiles_only: true,
            ..options(Format::Vcf)
        },
    );
    add("all", options(Format::Xlsx));
    add(
        "french-found",
        ExportOptions {
            labels: french(),
            found_only: true,
            ..options(Format::Xlsx)
        },
    );
    made
}

fn digest(name: &str, bytes: &[u8]) -> String {
    let contents = if name.ends_with(".xlsx") {
        xlsx_contents(bytes)
    } else {
        bytes.to_vec()
    };
    Sha256::digest(&contents)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn every_export_of_the_fixture_batch_is_byte_for_byte_as_before() {
    let mut made = every_export(&fixture(), "");
    // 80 copies: 25,280 rows, past the 20,000 where the parallel paths start.
    let large = repeated(80);
    assert!(large.batch.results.len() > 20_000);
    made.extend(every_export(&large, "large-"));

    let actual: String = made
        .iter()
        .map(|(name, bytes)| format!("{}  {name}\n", digest(name, bytes)))
        .collect();
    let expected_path = golden_dir().join("exports.sha256");
    if std::env::var_os("ENROW_BLESS_GOLDEN").is_some() {
        std::fs::write(&expected_path, &actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&expected_path).unwrap();
    if actual != expected {
        let written = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("golden-exports");
        std::fs::create_dir_all(&written).unwrap();
        for (name, bytes) in &made {
            std::fs::write(written.join(name), bytes).unwrap();
        }
        panic!(
            "exports differ from tests/golden/exports.sha256; the files made are in {}\n\
             expected:\n{expected}\nmade:\n{actual}",
            written.display()
        );
    }
}

/// The fixture holds what the test says it does, so the hashes cover those paths.
#[test]
fn the_fixture_covers_every_phone_reader_path() {
    let fetched = fixture();
    let rows = &fetched.batch.results;
    let numbers: Vec<&str> = rows.iter().filter_map(|r| r.number.as_deref()).collect();
    assert!(numbers.iter().any(|n| !n.starts_with('+')), "national");
    assert!(numbers.contains(&"33612345678"), "a JSON number");
    assert!(numbers.iter().any(|n| n.starts_with("tel:")), "RFC 3966");
    assert!(numbers.iter().any(|n| n.contains(' ')), "spaces");
    assert!(rows.iter().any(|r| !r.is_found()), "not found");
    let phones = export::phones_of(&fetched);
    let kinds: std::collections::HashSet<_> = phones.values().map(|info| info.kind).collect();
    assert!(kinds.len() >= 8, "{kinds:?}");
}
