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
        // The profile's address as a URI: percent-encoded, as RFC 6350 asks.
        let url = export::linkedin_profile_url(&person.linkedin).map(String::from);
        assert_eq!(value("URL"), url.unwrap_or_default(), "{row:?}");
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

/// Lines that would close the card being written and open a forged one, with its own name,
/// number and link, if they reached the file raw.
const FORGED: &str = "\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Forged\r\n\
                      TEL:+19005550199\r\nURL:https://evil.example\r\nEND:VCARD\r\nBEGIN:VCARD";

/// A hostile answer: line breaks of every kind, vCard and CSV separators, backslashes and
/// whole forged cards in names, company, link, custom value and number.
fn hostile_batch() -> FetchedBatch {
    let raw = serde_json::json!({
        "general": {"status": "completed"},
        "results": [
            {"index": 0, "qualification": "found", "number": "+32470123456", "country": "BE",
             "params": {"firstname": format!("Ann{FORGED}"), "lastname": "Lee\rCR\u{2028}LS",
                        "company_name": "Acme;\nInc,\r\nwith\\backslash"},
             "custom": format!("note\u{2029}para\u{85}nel{FORGED}")},
            // A link with raw line breaks: the URL parser would drop them and take the rest.
            {"index": 1, "qualification": "found", "number": "+33612345678", "country": "FR",
             "params": {"linkedin_url": format!("https://www.linkedin.com/in/ann{FORGED}")}},
            // Percent-encoded line breaks: a clean address, whose handle holds them decoded.
            {"index": 2, "qualification": "found", "number": "+4915112345678", "country": "DE",
             "params": {"linkedin_url":
                 "https://www.linkedin.com/in/x%0D%0AEND:VCARD%0D%0ABEGIN:VCARD%0D%0ATEL:+19005550198"},
             "custom": "a;b,c\\d\r\ne\nf\rg"},
            // Numbers that are not E.164: no card, whatever they hold.
            {"index": 3, "qualification": "found", "number": format!("+33612345679{FORGED}"),
             "country": "FR", "params": {"firstname": "Number", "lastname": "Forged"}},
            {"index": 4, "qualification": "found", "number": "+31 6 12345678", "country": "NL",
             "params": {"firstname": "Spaced", "lastname": "Number"}},
            {"index": 5, "qualification": "found", "number": "+12025550143\n", "country": "US",
             "params": {"firstname": "Trailing", "lastname": "Break"}},
            {"index": 6, "qualification": "not_found",
             "params": {"firstname": format!("Not{FORGED}"), "company_name": FORGED},
             "custom": FORGED},
            // Text a spreadsheet would run, a name that looks like a number among it.
            {"index": 7, "qualification": "found", "number": "+447400123456", "country": "GB",
             "params": {"firstname": "=cmd|' /C calc'!A0", "lastname": "+33612345678",
                        "company_name": format!("\tTab{FORGED}")},
             "custom": "\rCR first"},
            {"index": 8, "qualification": "found", "number": "+34612345678", "country": "ES",
             "params": {"firstname": "-Minus", "lastname": "@At",
                        "linkedin_url": "https://www.linkedin.com/in/ok-profile"},
             "custom": "\u{2028}"},
        ]
    })
    .to_string();
    FetchedBatch {
        batch: enrow::Batch::from_json(raw.as_bytes()).expect("batch"),
        raw: raw.into_bytes().into(),
    }
}

/// The rows of the hostile batch whose number may be dialled: found, and E.164.
fn legitimate(fetched: &FetchedBatch) -> Vec<&PhoneResult> {
    found(fetched)
        .into_iter()
        .filter(|row| row.number.as_deref().is_some_and(export::is_e164))
        .collect()
}

#[test]
fn injected_line_breaks_never_forge_a_card_a_number_or_a_link() {
    let fetched = hostile_batch();
    let expected = legitimate(&fetched);
    assert_eq!(expected.len(), 5, "the fixture's dialable numbers");
    let (bytes, cards) = vcards(&fetched, &ExportOptions::new(Format::Vcf));
    assert_eq!(
        cards.len(),
        expected.len(),
        "one card per E.164 number found"
    );

    let text = String::from_utf8(bytes).expect("UTF-8");
    for line in text.split_terminator("\r\n") {
        assert!(line.len() <= 75, "{line:?}");
        assert!(
            !line.chars().any(enrow::export::is_control),
            "a control character written raw: {line:?}"
        );
    }
    // Unfolded, the file's lines that start a card, a number or a link are only ours.
    let unfolded = text.replace("\r\n ", "");
    let starting = |prefix: &str| {
        unfolded
            .split("\r\n")
            .filter(|line| line.starts_with(prefix))
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    assert_eq!(starting("BEGIN:").len(), expected.len(), "{text}");
    assert_eq!(starting("END:").len(), expected.len(), "{text}");
    let tels: Vec<String> = starting("TEL")
        .iter()
        .map(|line| line.rsplit(':').next().unwrap_or_default().to_owned())
        .collect();
    let numbers: Vec<&str> = expected
        .iter()
        .filter_map(|row| row.number.as_deref())
        .collect();
    assert_eq!(tels, numbers, "{text}");
    assert!(
        starting("URL")
            .iter()
            .all(|line| line.starts_with("URL:https://www.linkedin.com/in/")),
        "{text}"
    );

    for (row, card) in expected.iter().zip(&cards) {
        let count = |name: &str| card.properties.iter().filter(|p| p.name == name).count();
        assert_eq!(
            (count("BEGIN"), count("FN"), count("N"), count("TEL")),
            (0, 1, 1, 1),
            "{card:?}"
        );
        let props = properties(card);
        assert_eq!(props["TEL"].1, row.number.as_deref().expect("found"));
        let person = Person::of(row);
        match export::linkedin_profile_url(&person.linkedin) {
            Some(url) => assert_eq!(props["URL"].1, url.as_str(), "{row:?}"),
            None => assert_eq!(count("URL"), 0, "{card:?}"),
        }
    }
    // Only the clean profile links became links; the one with raw line breaks did not.
    let urls: Vec<String> = cards
        .iter()
        .filter_map(|card| properties(card).get("URL").map(|p| p.1.clone()))
        .collect();
    assert_eq!(
        urls,
        [
            "https://www.linkedin.com/in/x%0D%0AEND:VCARD%0D%0ABEGIN:VCARD%0D%0ATEL:+19005550198",
            "https://www.linkedin.com/in/ok-profile"
        ]
    );

    // Text comes back whole, each line break as an escaped one.
    let by_tel: HashMap<String, HashMap<String, (Vec<String>, String)>> = cards
        .iter()
        .map(|card| {
            let props = properties(card);
            (props["TEL"].1.clone(), props)
        })
        .collect();
    let ann = &by_tel["+32470123456"];
    assert_eq!(unescape(&ann["ORG"].1), "Acme;\nInc,\nwith\\backslash");
    assert_eq!(
        unescape(&ann["N"].1.replace("\\;", "\u{0}"))
            .split(';')
            .count(),
        5
    );
    assert_eq!(
        unescape(&ann["NOTE"].1),
        format!("note\npara\nnel{}", FORGED.replace("\r\n", "\n"))
    );
    assert_eq!(
        unescape(&by_tel["+4915112345678"]["NOTE"].1),
        "a;b,c\\d\ne\nf\ng"
    );
    assert_eq!(
        unescape(&by_tel["+4915112345678"]["FN"].1),
        "x\nEND:VCARD\nBEGIN:VCARD\nTEL:+19005550198"
    );
}

/// The cells a CRM file or a table export reads back as, from the csv crate.
fn read_back(bytes: &[u8], delimiter: u8) -> Vec<Vec<String>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .from_reader(bytes)
        .records()
        .map(|r| r.expect("record").iter().map(str::to_owned).collect())
        .collect()
}

/// What a text cell must read as: formula starters neutralised with `'`, nothing else touched.
fn neutralised(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_owned(),
    }
}

#[test]
fn injected_line_breaks_stay_inside_quoted_csv_fields_and_formulas_are_neutralised() {
    let fetched = hostile_batch();
    for preset in Preset::ALL {
        let options = ExportOptions {
            preset: Some(preset),
            ..ExportOptions::new(Format::Csv)
        };
        let mut out = Vec::new();
        let written = export::write_csv(&fetched, &mut out, &options).expect("written");
        let records = read_back(&out, b',');
        let found = found(&fetched);
        assert_eq!(written, found.len(), "{preset:?}");
        assert_eq!(
            records.len(),
            found.len() + 1,
            "{preset:?}: header and one per found"
        );
        assert_eq!(records[0], preset.headers(), "{preset:?}");
        for (row, record) in found.iter().zip(&records[1..]) {
            assert_eq!(
                record.len(),
                preset.headers().len(),
                "{preset:?} {record:?}"
            );
            let person = Person::of(row);
            let number = row.number.as_deref().expect("found");
            let column = |name: &str| {
                let at = preset.headers().iter().position(|h| *h == name);
                at.map(|at| record[at].as_str())
            };
            // The number stays as sent when it is E.164, and is text like any other when not.
            let phone_cells: Vec<&str> = match preset {
                Preset::Hubspot => vec!["Mobile Phone Number", "Phone Number"],
                Preset::Pipedrive => vec!["Phone"],
                Preset::Salesforce => vec!["Phone", "Mobile"],
                Preset::Outlook => vec!["Mobile Phone", "Business Phone"],
            }
            .into_iter()
            .filter_map(column)
            .filter(|cell| !cell.is_empty())
            .collect();
            let sent = if export::is_e164(number) {
                number.to_owned()
            } else {
                neutralised(number)
            };
            assert_eq!(phone_cells, [sent.as_str()], "{preset:?} {record:?}");
            let (first, last) = match preset {
                Preset::Pipedrive => ("First name", "Last name"),
                _ => ("First Name", "Last Name"),
            };
            if person.has_names() {
                assert_eq!(column(first), Some(neutralised(&person.first).as_str()));
                assert_eq!(column(last), Some(neutralised(&person.last).as_str()));
            }
            let company = ["Company Name", "Organization", "Company"]
                .into_iter()
                .find_map(column)
                .expect("a company column");
            if !person.company.is_empty() {
                assert_eq!(company, neutralised(&person.company), "{preset:?}");
            }
        }
        assert!(
            records.iter().flatten().any(|cell| cell == "'+33612345678"),
            "{preset:?}: a name that looks like a number is neutralised: {records:?}"
        );
    }

    // The full table, with each separator: every cell comes back as the row holds it.
    let columns = export::columns_for(&fetched.batch);
    let labels = export::ExportLabels::default();
    let table_phones = export::phones_of(&fetched);
    for delimiter in [
        export::Delimiter::Comma,
        export::Delimiter::Semicolon,
        export::Delimiter::Tab,
    ] {
        let options = ExportOptions {
            delimiter,
            ..ExportOptions::new(Format::Csv)
        };
        let mut out = Vec::new();
        export::write_csv(&fetched, &mut out, &options).expect("written");
        let records = read_back(&out, delimiter.byte());
        assert_eq!(
            records.len(),
            fetched.batch.results.len() + 1,
            "{delimiter:?}"
        );
        for (row, record) in fetched.batch.results.iter().zip(&records[1..]) {
            assert_eq!(record.len(), columns.len());
            for (cell, column) in record.iter().zip(&columns) {
                let expected = export::Cell::of(column, row, &labels, &table_phones)
                    .as_text()
                    .into_owned();
                if *column == export::Column::Phone && export::is_e164(&expected) {
                    assert_eq!(cell, &expected);
                } else {
                    assert_eq!(cell, &neutralised(&expected), "{column:?}");
                }
            }
        }
    }
}

#[test]
fn an_excel_file_keeps_injected_line_breaks_inside_text_cells() {
    use calamine::{Data, Reader, Xlsx};
    let fetched = hostile_batch();
    let mut out = std::io::Cursor::new(Vec::new());
    let written =
        export::write_xlsx(&fetched, &mut out, &ExportOptions::new(Format::Xlsx)).expect("xlsx");
    assert_eq!(written, fetched.batch.results.len());
    let mut workbook = Xlsx::new(std::io::Cursor::new(out.into_inner())).expect("opens");
    let sheet = workbook.worksheet_range("Phone numbers").expect("sheet");
    assert_eq!(sheet.height(), written + 1);
    let columns = export::columns_for(&fetched.batch);
    let labels = export::ExportLabels::default();
    let phones = export::phones_of(&fetched);
    for (row, cells) in fetched.batch.results.iter().zip(sheet.rows().skip(1)) {
        for (cell, column) in cells.iter().zip(&columns) {
            // Excel runs no formula from a text cell: the text is kept exactly, not neutralised.
            match export::Cell::of(column, row, &labels, &phones) {
                export::Cell::Text(text) => assert_eq!(cell, &Data::String(text.into_owned())),
                export::Cell::Number(n) => assert_eq!(cell, &Data::Float(n as f64)),
                export::Cell::Empty => assert_eq!(cell, &Data::Empty),
            }
        }
    }
}
