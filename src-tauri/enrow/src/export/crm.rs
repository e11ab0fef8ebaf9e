//! CSV files that a CRM's importer maps by itself: the column names are the field names each
//! importer offers, so nobody has to map "firstname" to "First Name" by hand.
//!
//! Where each convention comes from (README, "CRM files", cites the pages):
//! - HubSpot, contacts: the default contact properties' labels (`First Name`, `Last Name`,
//!   `Phone Number`, `Mobile Phone Number`, `Company Name`), which its import tool matches to
//!   column headers.
//! - Pipedrive, people: a person needs a name (its "mandatory fields" article); `Name`,
//!   `First name`, `Last name`, `Phone`, `Organization` and `Note` are the fields of a person
//!   and its organisation in the import mapping.
//! - Salesforce, leads (Data Import Wizard): `Last Name` and `Company` are required for a lead;
//!   the wizard maps `First Name`, `Phone`, `Mobile` and `Description` by their field labels.
//! - Outlook for Windows (File > Open & Export > Import/Export): the headers of Outlook's own
//!   contacts CSV. Outlook reads only the first card of a `.vcf`, so this is its way in.

use std::io::{self, Write};

use serde::{Deserialize, Serialize};

use super::csv_file::{into_io, is_e164, neutralise_formula};
use super::person::Person;
use super::{ExportOptions, phone_types_of, rows};
use crate::model::FetchedBatch;
use crate::phone::PhoneType;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Preset {
    Hubspot,
    Pipedrive,
    Salesforce,
    Outlook,
}

impl Preset {
    pub const ALL: [Preset; 4] = [
        Self::Hubspot,
        Self::Pipedrive,
        Self::Salesforce,
        Self::Outlook,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Hubspot => "hubspot",
            Self::Pipedrive => "pipedrive",
            Self::Salesforce => "salesforce",
            Self::Outlook => "outlook",
        }
    }

    /// The column names, which stay in English: they are the names the importers look for,
    /// whatever the app's language.
    pub fn headers(self) -> &'static [&'static str] {
        match self {
            Self::Hubspot => &[
                "First Name",
                "Last Name",
                "Mobile Phone Number",
                "Phone Number",
                "Company Name",
                "LinkedIn URL",
            ],
            Self::Pipedrive => &[
                "Name",
                "First name",
                "Last name",
                "Phone",
                "Organization",
                "Note",
            ],
            Self::Salesforce => &[
                "First Name",
                "Last Name",
                "Company",
                "Phone",
                "Mobile",
                "Description",
            ],
            Self::Outlook => &[
                "First Name",
                "Last Name",
                "Company",
                "Mobile Phone",
                "Business Phone",
                "Web Page",
                "Notes",
            ],
        }
    }

    fn record(self, person: &Person, number: &str, kind: PhoneType) -> Vec<String> {
        // Only a number the plan calls a mobile goes in a mobile field: a CRM texts those.
        let (mobile, other) = match kind {
            PhoneType::Mobile => (number, ""),
            _ => ("", number),
        };
        let (first, last) = names(person);
        let notes = || {
            [person.linkedin.as_str(), person.note.as_str()]
                .into_iter()
                .filter(|part| !part.is_empty())
                .collect::<Vec<_>>()
                .join("\n")
        };
        let owned = |parts: &[&str]| parts.iter().map(|part| (*part).to_owned()).collect();
        match self {
            Self::Hubspot => owned(&[
                first,
                last,
                mobile,
                other,
                &person.company,
                &person.linkedin,
            ]),
            Self::Pipedrive => vec![
                person.display_name(),
                first.to_owned(),
                last.to_owned(),
                number.to_owned(),
                person.company.clone(),
                notes(),
            ],
            Self::Salesforce => vec![
                first.to_owned(),
                last.to_owned(),
                // Salesforce's own placeholder for a lead without a company.
                match person.company.as_str() {
                    "" => "[not provided]".to_owned(),
                    company => company.to_owned(),
                },
                other.to_owned(),
                mobile.to_owned(),
                notes(),
            ],
            Self::Outlook => vec![
                first.to_owned(),
                last.to_owned(),
                person.company.clone(),
                mobile.to_owned(),
                other.to_owned(),
                person.linkedin.clone(),
                person.note.clone(),
            ],
        }
    }
}

/// First and last name; with only a LinkedIn link searched, the handle stands as the last
/// name, the field every CRM here requires.
fn names(person: &Person) -> (&str, &str) {
    if person.has_names() {
        (&person.first, &person.last)
    } else {
        ("", &person.handle)
    }
}

/// Writes a CSV for `preset`: one line per found number, comma-separated and UTF-8 without a
/// byte order mark (the importers read UTF-8; a mark would become part of the first header).
pub fn write_preset_csv<W: Write>(
    fetched: &FetchedBatch,
    out: W,
    options: &ExportOptions,
    preset: Preset,
) -> io::Result<usize> {
    let phones = phone_types_of(fetched);
    let mut writer = ::csv::Writer::from_writer(out);
    writer.write_record(preset.headers()).map_err(into_io)?;
    let mut written = 0;
    for row in rows(fetched, options, &phones) {
        let Some(number) = row.found_number() else {
            continue;
        };
        let kind = phones
            .get(number)
            .map_or(PhoneType::Invalid, |info| info.kind);
        let record = preset.record(&Person::of(row), number, kind);
        writer
            .write_record(record.iter().map(|field| {
                // Enrow's E.164 number stays as sent: an importer reads the `+` as part of it.
                if is_e164(field) {
                    field.as_bytes().to_vec()
                } else {
                    neutralise_formula(field).as_bytes().to_vec()
                }
            }))
            .map_err(into_io)?;
        written += 1;
    }
    writer.flush()?;
    Ok(written)
}
