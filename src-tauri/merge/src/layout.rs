//! Where a sheet's header row is and which columns hold what was searched.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::normalize;
use crate::sheet::Sheet;

/// What a column holds, as Enrow's search parameters name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Role {
    Linkedin,
    First,
    Last,
    /// First and last name in one cell.
    FullName,
    Company,
    Domain,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Self::Linkedin,
        Self::First,
        Self::Last,
        Self::FullName,
        Self::Company,
        Self::Domain,
    ];

    /// Headers people write, in English, Dutch, French, German and Spanish, reduced as
    /// [`normalize::header`] reduces them.
    fn headers(self) -> &'static [&'static str] {
        match self {
            Self::Linkedin => &[
                "linkedin",
                "linkedinurl",
                "linkedinprofile",
                "linkedinlink",
                // Apollo, Phantombuster, Lemlist and Sales Navigator exports.
                "personlinkedinurl",
                "linkedinprofileurl",
                "defaultprofileurl",
                "publicprofileurl",
                "profilelink",
                "profileurl",
                "profilurl",
                "profile",
                "profil",
                "linkedinprofiel",
                "urllinkedin",
                "profillinkedin",
            ],
            Self::First => &[
                "firstname",
                "first",
                "givenname",
                "forename",
                "prenom",
                "voornaam",
                "vorname",
                "nombre",
            ],
            Self::Last => &[
                "lastname",
                "last",
                "surname",
                "familyname",
                "nom",
                "nomdefamille",
                "achternaam",
                "familienaam",
                "nachname",
                "apellido",
                "apellidos",
            ],
            Self::FullName => &[
                "name",
                "fullname",
                "contactname",
                "contact",
                "person",
                "naam",
                "volledigenaam",
                "nomcomplet",
                "nometprenom",
                "prenometnom",
                "vollstandigername",
                "nombrecompleto",
            ],
            Self::Company => &[
                "company",
                "companyname",
                "organization",
                "organisation",
                "organizationname",
                "account",
                "accountname",
                "employer",
                "societe",
                "entreprise",
                "nomdelentreprise",
                "bedrijf",
                "bedrijfsnaam",
                "organisatie",
                "firma",
                "unternehmen",
                "empresa",
            ],
            Self::Domain => &[
                "domain",
                "companydomain",
                "website",
                "companywebsite",
                "web",
                "site",
                "url",
                "domaine",
                "siteweb",
                "siteinternet",
                "domein",
                "webseite",
                "sitioweb",
            ],
        }
    }

    /// The name `enrow-batch merge --columns` and the page use: `linkedin=D`, `company=C`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Linkedin => "linkedin",
            Self::First => "first",
            Self::Last => "last",
            Self::FullName => "name",
            Self::Company => "company",
            Self::Domain => "domain",
        }
    }

    pub fn from_name(name: &str) -> Option<Role> {
        let name = name.trim().to_ascii_lowercase();
        let name = match name.as_str() {
            "website" | "domain" => "domain",
            "fullname" | "full_name" | "name" => "name",
            "firstname" | "first_name" | "first" => "first",
            "lastname" | "last_name" | "last" => "last",
            "linkedin_url" | "linkedin" => "linkedin",
            "company_name" | "company" => "company",
            _ => return None,
        };
        Self::ALL.into_iter().find(|role| role.name() == name)
    }

    fn of_header(text: &str) -> Option<Role> {
        let header = normalize::header(text);
        if header.is_empty() {
            return None;
        }
        Self::ALL
            .into_iter()
            .find(|role| role.headers().contains(&header.as_str()))
    }
}

/// The columns found, each by its index in the sheet.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Columns {
    pub linkedin: Option<usize>,
    pub first: Option<usize>,
    pub last: Option<usize>,
    pub full_name: Option<usize>,
    pub company: Option<usize>,
    pub domain: Option<usize>,
}

impl Columns {
    fn slot(&mut self, role: Role) -> &mut Option<usize> {
        match role {
            Role::Linkedin => &mut self.linkedin,
            Role::First => &mut self.first,
            Role::Last => &mut self.last,
            Role::FullName => &mut self.full_name,
            Role::Company => &mut self.company,
            Role::Domain => &mut self.domain,
        }
    }

    pub fn get(&self, role: Role) -> Option<usize> {
        match role {
            Role::Linkedin => self.linkedin,
            Role::First => self.first,
            Role::Last => self.last,
            Role::FullName => self.full_name,
            Role::Company => self.company,
            Role::Domain => self.domain,
        }
    }

    fn set(&mut self, role: Role, column: usize) {
        // The first column of a kind counts ("Company" before "Company 2").
        self.slot(role).get_or_insert(column);
    }

    /// Whether a column can tell people apart: a LinkedIn link or a name. A company or a
    /// domain alone cannot (colleagues share it).
    fn names_people(&self) -> bool {
        self.linkedin.is_some()
            || self.first.is_some()
            || self.last.is_some()
            || self.full_name.is_some()
    }

    fn count(&self) -> usize {
        [
            self.linkedin,
            self.first,
            self.last,
            self.full_name,
            self.company,
            self.domain,
        ]
        .iter()
        .filter(|c| c.is_some())
        .count()
    }
}

/// The columns the person chose themselves, by role: a column, or none at all. They replace
/// what the headers said; roles not named keep what was found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ColumnChoice(pub BTreeMap<Role, Option<usize>>);

impl ColumnChoice {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn apply(&self, columns: &mut Columns) {
        for (role, column) in &self.0 {
            *columns.slot(*role) = *column;
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// The header row (0-based), when the sheet has one.
    pub header: Option<usize>,
    /// The rows holding a person, in order: every non-empty row below the header.
    pub data_rows: Vec<usize>,
    pub columns: Columns,
}

/// Rows above the header (a title, a date, an empty line) are looked through this far.
const HEADER_SEARCH_ROWS: usize = 30;

/// Finds the header row (the row among the first 30 that names the most searched columns)
/// and the columns; without any header, a column of LinkedIn links is enough. The person's
/// own `choice` of columns replaces what was found. `None` when no column names a person (a
/// LinkedIn link or a name).
pub fn find(sheet: &Sheet, choice: &ColumnChoice) -> Option<Layout> {
    let mut best: Option<(usize, Columns)> = None;
    for row in 0..sheet.cells.len().min(HEADER_SEARCH_ROWS) {
        let mut columns = Columns::default();
        for column in 0..sheet.cells[row].len() {
            if let Some(role) = Role::of_header(&sheet.text(row, column)) {
                columns.set(role, column);
            }
        }
        if columns.count() > best.as_ref().map_or(0, |(_, c)| c.count()) {
            best = Some((row, columns));
        }
    }
    let (header, mut columns) = match best {
        Some((row, columns)) => (Some(row), columns),
        None => (None, Columns::default()),
    };
    let first_data = header.map_or(0, |row| row + 1);
    let data_rows: Vec<usize> = (first_data..sheet.cells.len())
        .filter(|&row| !sheet.row_is_empty(row))
        .collect();
    if columns.linkedin.is_none() {
        columns.linkedin = linkedin_by_content(sheet, &data_rows);
        // A "URL" or "Website" column full of profile links holds no company websites.
        if columns.linkedin.is_some() && columns.domain == columns.linkedin {
            columns.domain = None;
        }
    }
    choice.apply(&mut columns);
    columns.names_people().then_some(Layout {
        header,
        data_rows,
        columns,
    })
}

/// The column where most filled cells are LinkedIn links, for a sheet whose header says
/// "URL" or nothing at all.
fn linkedin_by_content(sheet: &Sheet, rows: &[usize]) -> Option<usize> {
    let sample: Vec<usize> = rows.iter().copied().take(200).collect();
    (0..sheet.width())
        .map(|column| {
            let filled: Vec<String> = sample
                .iter()
                .map(|&row| sheet.text(row, column))
                .filter(|text| !text.trim().is_empty())
                .collect();
            // People's profiles only: a column of company pages beside it is not the one.
            let links = filled
                .iter()
                .filter(|text| normalize::is_profile_link(text))
                .count();
            (column, links, filled.len())
        })
        .filter(|&(_, links, filled)| links > 0 && links * 2 >= filled)
        .max_by_key(|&(column, links, _)| (links, std::cmp::Reverse(column)))
        .map(|(column, _, _)| column)
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::Data;

    /// As the headers say, without a choice of the person's.
    fn find(sheet: &Sheet) -> Option<Layout> {
        super::find(sheet, &ColumnChoice::default())
    }

    fn sheet_of(rows: &[&[&str]]) -> Sheet {
        Sheet {
            name: "Sheet1".into(),
            cells: rows
                .iter()
                .map(|row| {
                    row.iter()
                        .map(|text| match *text {
                            "" => Data::Empty,
                            text => Data::String(text.into()),
                        })
                        .collect()
                })
                .collect(),
            formulas: Vec::new(),
        }
    }

    #[test]
    fn the_header_below_a_title_names_the_columns() {
        let layout = find(&sheet_of(&[
            &["Leads Q4", "", ""],
            &[""],
            &["Prénom", "Nom", "Société", "Notes"],
            &["Ann", "Peeters", "De Gans", "x"],
            &[""],
            &["Bram", "Vos", "Acme", ""],
        ]))
        .expect("found");
        assert_eq!(layout.header, Some(2));
        assert_eq!(layout.data_rows, [3, 5]);
        assert_eq!(
            (
                layout.columns.first,
                layout.columns.last,
                layout.columns.company
            ),
            (Some(0), Some(1), Some(2))
        );
    }

    #[test]
    fn a_column_of_links_without_a_header_is_enough() {
        let layout = find(&sheet_of(&[
            &["https://www.linkedin.com/in/ann", "7"],
            &["linkedin.com/in/bram", "8"],
        ]))
        .expect("found");
        assert_eq!((layout.header, layout.columns.linkedin), (None, Some(0)));
        assert_eq!(layout.data_rows, [0, 1]);
        assert!(find(&sheet_of(&[&["hello", "world"], &["1", "2"]])).is_none());
    }

    #[test]
    fn exports_of_prospecting_tools_are_read_and_company_pages_are_not_people() {
        // Apollo's headers.
        let apollo = find(&sheet_of(&[
            &[
                "First Name",
                "Last Name",
                "Company",
                "Person Linkedin Url",
                "Website",
            ],
            &[
                "Ann",
                "Peeters",
                "De Gans",
                "https://www.linkedin.com/in/ann",
                "degans.be",
            ],
        ]))
        .expect("found");
        assert_eq!(
            (apollo.columns.linkedin, apollo.columns.domain),
            (Some(3), Some(4))
        );
        // Unnamed columns: the company pages come first, the profiles second.
        let unnamed = find(&sheet_of(&[
            &[
                "https://www.linkedin.com/company/degans",
                "https://www.linkedin.com/in/ann",
            ],
            &[
                "https://www.linkedin.com/company/acme",
                "https://www.linkedin.com/in/bram",
            ],
        ]))
        .expect("found");
        assert_eq!(unnamed.columns.linkedin, Some(1));
    }

    #[test]
    fn the_persons_choice_replaces_what_the_headers_said() {
        let sheet = sheet_of(&[
            &[
                "First name",
                "Last name",
                "Current employer (2024)",
                "Company",
            ],
            &["Ann", "Peeters", "De Gans", "old"],
        ]);
        assert_eq!(find(&sheet).expect("found").columns.company, Some(3));
        let choice = ColumnChoice([(Role::Company, Some(2)), (Role::Last, None)].into());
        let chosen = super::find(&sheet, &choice).expect("found");
        assert_eq!(
            (
                chosen.columns.company,
                chosen.columns.last,
                chosen.columns.first
            ),
            (Some(2), None, Some(0))
        );
        // Choosing away every column that names a person leaves nothing to match on.
        let nobody = ColumnChoice([(Role::First, None), (Role::Last, None)].into());
        assert!(super::find(&sheet, &nobody).is_none());
        assert_eq!(Role::from_name("Website"), Some(Role::Domain));
        assert_eq!(
            serde_json::from_str::<ColumnChoice>(r#"{"company":2,"last":null}"#).expect("json"),
            choice
        );
    }
}
