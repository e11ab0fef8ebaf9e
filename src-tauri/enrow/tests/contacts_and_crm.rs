//! vCards read back with a vCard parser and CRM files read back with the `csv` crate, compared
//! with the batch they came from.

// A test fails by panicking; helpers outside `#[test]` functions may too.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::HashMap;

use enrow::export::{self, ExportOptions, Format, Person, Preset, export_to_path};
use enrow::phone::PhoneType;
use enrow::{FetchedBatch, PhoneResult};
use fake_enrow::Scenario;
use fake_enrow::scenarios::id_of;
use ical::parser::vcard::component::VcardContact;

async fn fetch(scenario: Scenario) -> FetchedBatch {
    common::fetch_from_fake_enrow(id_of(scenario)).await
}

fn found(fetched: &FetchedBatch) -> Vec<&PhoneResult> {
    fetched
        .batch
        .results
        .iter()
        .filter(|row| row.is_found())
        .collect()
}

fn vcards(fetched: &FetchedBatch, options: &ExportOptions) -> (Vec<u8>, Vec<VcardContact>) {
    let mut out = Vec::new();
    let written = export::write_vcf(fetched, &mut out, options).expect("written");
    let cards: Vec<VcardContact> = ical::VcardParser::new(out.as_slice())
        .collect::<Result<_, _>>()
        .expect("a vCard parser reads every card");
    assert_eq!(cards.len(), written);
    (out, cards)
}

/// A card's properties by name: (parameters as `NAME=value` strings, value).
fn properties(card: &VcardContact) -> HashMap<String, (Vec<String>, String)> {
    card.properties
        .iter()
        .map(|property| {
            let params = property
                .params
                .iter()
                .flatten()
                .flat_map(|(name, values)| values.iter().map(move |v| format!("{name}={v}")))
                .collect();
            (
                property.name.clone(),
                (params, property.value.clone().unwrap_or_default()),
            )
        })
        .collect()
}

/// RFC 2426's text escapes undone, as an address book does on import.
fn unescape(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match (c, c == '\\') {
            (_, true) => match chars.next() {
                Some('n' | 'N') => out.push('\n'),
                Some(other) => out.push(other),
                None => out.push('\\'),
            },
            (c, false) => out.push(c),
        }
    }
    out
}

#[tokio::test]
async fn a_vcard_per_found_person_with_names_company_typed_number_link_and_note() {
    let fetched = fetch(Scenario::Unicode).await;
    let (bytes, cards) = vcards(&fetched, &ExportOptions::new(Format::Vcf));
    let found = found(&fetched);
    assert_eq!(cards.len(), found.len());
    assert!(
        cards.len() < fetched.batch.results.len(),
        "not-found rows get no card"
    );

    // Every physical line ends in CRLF and holds at most 75 octets, UTF-8 kept whole.
    let text = String::from_utf8(bytes).expect("UTF-8");
    assert!(text.ends_with("\r\n"));
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "{line:?} is {} octets", line.len());
        assert!(!line.contains('\n') && !line.contains('\r'), "{line:?}");
    }

    let phones = export::phones_of(&fetched);
    for (row, card) in found.iter().zip(&cards) {
        let person = Person::of(row);
        let props = properties(card);
        let value =
            |name: &str| unescape(&props.get(name).map(|p| p.1.clone()).unwrap_or_default());
        assert_eq!(value("VERSION"), "3.0");
        assert_eq!(value("FN"), person.display_name(), "{row:?}");
        assert!(!value("FN").is_empty());
        let n = &props["N"].1;
        if person.has_names() {
            assert_eq!(
                n,
                &format!("{};{};;;", person.last, person.first),
                "{row:?}"
            );
        } else {
            assert_eq!(n, &format!(";{};;;", person.handle), "{row:?}");
        }
        assert_eq!(value("ORG"), person.company, "{row:?}");
        let (tel_params, tel) = &props["TEL"];
        let number = row.number.as_deref().expect("found");
        assert_eq!(tel, number, "Enrow's E.164 number as sent");
        let expected_type = match phones[number].kind {
            PhoneType::Mobile => "TYPE=CELL",
            PhoneType::Landline => "TYPE=WORK",
            _ => "TYPE=VOICE",
        };
        assert_eq!(tel_params, &[expected_type.to_owned()], "{row:?}");
        assert_eq!(value("URL"), person.linkedin, "{row:?}");
        assert_eq!(value("NOTE"), person.note, "{row:?}");
    }

    // The hard cases by name: a company with a comma, a handle only, a JSON custom value.
    let by_fn: HashMap<String, HashMap<String, (Vec<String>, String)>> = cards
        .iter()
        .map(|card| {
            let props = properties(card);
            (unescape(&props["FN"].1), props)
        })
        .collect();
    assert_eq!(by_fn["Łukasz Żółć"]["ORG"].1, "Smith\\, Jones & Co");
    assert_eq!(by_fn["jürgen-groß"]["N"].1, ";jürgen-groß;;;");
    assert_eq!(by_fn["François Lefèvre-Müller"]["NOTE"].1, "Zoë\\, \"VIP\"");
    assert_eq!(
        by_fn["o-brien"]["NOTE"].1,
        r#"{"crm_id":42\,"owner":"Renée"}"#
    );
}

#[tokio::test]
async fn vcards_of_mobiles_only_are_all_cells() {
    let fetched = fetch(Scenario::Rows3000).await;
    let (_, all) = vcards(&fetched, &ExportOptions::new(Format::Vcf));
    assert_eq!(all.len(), found(&fetched).len());
    let (_, mobiles) = vcards(
        &fetched,
        &ExportOptions {
            mobiles_only: true,
            ..ExportOptions::new(Format::Vcf)
        },
    );
    assert!(!mobiles.is_empty() && mobiles.len() < all.len());
    for card in &mobiles {
        let tel = &properties(card)["TEL"];
        let kind = enrow::phone::classify(&tel.1, None).kind;
        assert!(kind.may_be_mobile(), "{tel:?}");
    }
}

fn preset_csv(fetched: &FetchedBatch, preset: Preset) -> (Vec<u8>, Vec<String>, Vec<Vec<String>>) {
    let mut out = Vec::new();
    let options = ExportOptions {
        preset: Some(preset),
        ..ExportOptions::new(Format::Csv)
    };
    let written = export::write_csv(fetched, &mut out, &options).expect("written");
    let mut reader = csv::Reader::from_reader(out.as_slice());
    let headers = reader
        .headers()
        .expect("headers")
        .iter()
        .map(str::to_owned)
        .collect();
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.expect("record").iter().map(str::to_owned).collect())
        .collect();
    assert_eq!(rows.len(), written);
    (out, headers, rows)
}

#[tokio::test]
async fn crm_files_carry_the_importers_column_names_and_put_mobiles_in_mobile_fields() {
    let fetched = fetch(Scenario::Rows3000).await;
    let found = found(&fetched);
    let phones = export::phones_of(&fetched);
    for preset in Preset::ALL {
        let (bytes, headers, rows) = preset_csv(&fetched, preset);
        assert!(!bytes.starts_with(b"\xEF\xBB\xBF"), "{preset:?}: no BOM");
        assert_eq!(headers, preset.headers(), "{preset:?}");
        assert_eq!(
            rows.len(),
            found.len(),
            "{preset:?}: one line per found number"
        );
        let column = |name: &str| {
            headers
                .iter()
                .position(|h| h == name)
                .unwrap_or_else(|| panic!("{preset:?} has {name}"))
        };
        let (mobile, other) = match preset {
            Preset::Hubspot => (Some("Mobile Phone Number"), "Phone Number"),
            Preset::Pipedrive => (None, "Phone"),
            Preset::Salesforce => (Some("Mobile"), "Phone"),
            Preset::Outlook => (Some("Mobile Phone"), "Business Phone"),
        };
        for (row, line) in found.iter().zip(&rows) {
            let number = row.number.as_deref().expect("found");
            let is_mobile = phones[number].kind == PhoneType::Mobile;
            let person = Person::of(row);
            match mobile {
                Some(mobile) => {
                    let (in_mobile, in_other) = (&line[column(mobile)], &line[column(other)]);
                    if is_mobile {
                        assert_eq!((in_mobile.as_str(), in_other.as_str()), (number, ""));
                    } else {
                        assert_eq!((in_mobile.as_str(), in_other.as_str()), ("", number));
                    }
                }
                None => assert_eq!(line[column(other)], number),
            }
            // The name every importer requires is never empty.
            let required = match preset {
                Preset::Pipedrive => "Name",
                _ => "Last Name",
            };
            assert!(!line[column(required)].is_empty(), "{preset:?} {line:?}");
            if preset == Preset::Salesforce {
                assert!(!line[column("Company")].is_empty(), "{line:?}");
            }
            if person.has_names() && preset != Preset::Pipedrive {
                assert_eq!(line[column("First Name")], person.first);
                assert_eq!(line[column("Last Name")], person.last);
            }
        }
    }
}

#[tokio::test]
async fn crm_files_keep_accents_and_neutralise_formulas_but_not_numbers() {
    let fetched = fetch(Scenario::Unicode).await;
    let (_, headers, rows) = preset_csv(&fetched, Preset::Hubspot);
    let company = headers
        .iter()
        .position(|h| h == "Company Name")
        .expect("column");
    let companies: Vec<&str> = rows.iter().map(|r| r[company].as_str()).collect();
    assert!(
        companies.contains(&"Société Générale d'Études"),
        "{companies:?}"
    );
    assert!(companies.contains(&"東京商事株式会社"), "{companies:?}");
    let mobile = headers
        .iter()
        .position(|h| h == "Mobile Phone Number")
        .expect("column");
    assert!(rows.iter().any(|r| r[mobile] == "+33612345678"), "{rows:?}");

    let (_, headers, rows) = preset_csv(&fetched, Preset::Pipedrive);
    let note = headers.iter().position(|h| h == "Note").expect("column");
    assert!(
        rows.iter()
            .any(|r| r[note].starts_with("https://www.linkedin.com/in/j")
                && r[note].ends_with("=HYPERLINK(\"http://evil.example\",\"click\")")),
        "the note holds the link and the custom value: {rows:?}"
    );
    let (_, headers, rows) = preset_csv(&fetched, Preset::Outlook);
    let notes = headers.iter().position(|h| h == "Notes").expect("column");
    assert!(
        rows.iter().any(|r| r[notes].starts_with("'=HYPERLINK")),
        "a formula is neutralised: {rows:?}"
    );
}

#[tokio::test]
async fn vcf_and_crm_files_are_written_atomically_to_disk() {
    let fetched = fetch(Scenario::Unicode).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let vcf = dir.path().join("contacts.vcf");
    let report = export_to_path(&fetched, &vcf, &ExportOptions::new(Format::Vcf)).expect("vcf");
    assert_eq!(report.rows, found(&fetched).len());
    let cards = ical::VcardParser::new(std::io::BufReader::new(
        std::fs::File::open(&vcf).expect("opens"),
    ))
    .count();
    assert_eq!(cards, report.rows);
    let csv = dir.path().join("hubspot.csv");
    let options = ExportOptions {
        preset: Some(Preset::Salesforce),
        ..ExportOptions::new(Format::Csv)
    };
    assert_eq!(
        export_to_path(&fetched, &csv, &options).expect("csv").rows,
        report.rows
    );
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .expect("dir")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(names.len(), 2, "no temporary file left: {names:?}");
}

#[test]
fn long_and_multiline_values_come_back_whole_through_a_parser() {
    let company =
        "Société d'Études Générales et de Télécommunications Européennes; Bruxelles, Liège";
    let note = "Rappeler lundi; demander Zoë\nligne deux, avec une virgule\\fin";
    let raw = serde_json::json!({
        "general": {"status": "completed"},
        "results": [{
            "index": 0, "qualification": "found", "number": "+32470123456", "country": "BE",
            "params": {"firstname": "Anne-Marie", "lastname": "Van den Broeck-Dupont",
                       "company_name": company},
            "custom": note,
        }]
    })
    .to_string();
    let fetched = FetchedBatch {
        batch: enrow::Batch::from_json(raw.as_bytes()).expect("batch"),
        raw: raw.into_bytes().into(),
    };
    let (bytes, cards) = vcards(&fetched, &ExportOptions::new(Format::Vcf));
    let text = String::from_utf8(bytes).expect("UTF-8");
    assert!(text.contains("\r\n "), "a long line was folded: {text}");
    let props = properties(&cards[0]);
    assert_eq!(unescape(&props["ORG"].1), company);
    assert_eq!(unescape(&props["NOTE"].1), note);
    assert_eq!(props["TEL"].0, ["TYPE=CELL"]);
}
