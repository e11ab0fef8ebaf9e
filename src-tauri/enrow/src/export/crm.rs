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
use super::{ExportOptions, KnownPhones, phones_needed, rows};
use crate::model::FetchedBatch;
use crate::phone::{Forms, PhoneType};

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

    fn record(self, person: &Person, number: &str, kind: PhoneType) -> Vec<Field> {
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
        let text = |part: &str| Field::Text(part.to_owned());
        let phone = |part: &str| Field::Phone(part.to_owned());
        match self {
            Self::Hubspot => vec![
                text(first),
                text(last),
                phone(mobile),
                phone(other),
                text(&person.company),
                text(&person.linkedin),
            ],
            Self::Pipedrive => vec![
                Field::Text(person.display_name()),
                text(first),
                text(last),
                phone(number),
                text(&person.company),
                Field::Text(notes()),
            ],
            Self::Salesforce => vec![
                text(first),
                text(last),
                // Salesforce's own placeholder for a lead without a company.
                text(match person.company.as_str() {
                    "" => "[not provided]",
                    company => company,
                }),
                phone(other),
                phone(mobile),
                Field::Text(notes()),
            ],
            Self::Outlook => vec![
                text(first),
                text(last),
                text(&person.company),
                phone(mobile),
                phone(other),
                text(&person.linkedin),
                text(&person.note),
            ],
        }
    }
}

/// A cell of a CRM file: a phone field keeps Enrow's E.164 number as sent, while anything else
/// that a spreadsheet would run as a formula is neutralised, a name that looks like a number
/// included.
enum Field {
    Phone(String),
    Text(String),
}

impl Field {
    fn into_cell(self) -> String {
        match self {
            // An importer reads the `+` as part of the number.
            Self::Phone(number) if is_e164(&number) => number,
            Self::Phone(text) | Self::Text(text) => match neutralise_formula(&text) {
                std::borrow::Cow::Borrowed(_) => text,
                std::borrow::Cow::Owned(safe) => safe,
            },
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
    write_preset_csv_knowing(fetched, None, out, options, preset)
}

/// As [`write_preset_csv`], with the batch's numbers classified already if `known`.
pub(super) fn write_preset_csv_knowing<W: Write>(
    fetched: &FetchedBatch,
    known: Option<&KnownPhones<'_>>,
    out: W,
    options: &ExportOptions,
    preset: Preset,
) -> io::Result<usize> {
    let phones = phones_needed(fetched, known, Forms::Neither);
    let phones = &*phones;
    let mut writer = ::csv::Writer::from_writer(out);
    writer.write_record(preset.headers()).map_err(into_io)?;
    let mut written = 0;
    for row in rows(fetched, options, phones) {
        let Some(number) = row.found_number() else {
            continue;
        };
        let kind = phones
            .get(number)
            .map_or(PhoneType::Invalid, |info| info.kind);
        let record = preset.record(&Person::of(row), number, kind);
        // The csv crate quotes any field holding a line break, a quote or the separator.
        writer
            .write_record(record.into_iter().map(Field::into_cell))
            .map_err(into_io)?;
        written += 1;
    }
    writer.flush()?;
    Ok(written)
}
