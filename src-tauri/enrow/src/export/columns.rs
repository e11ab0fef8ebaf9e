//! The columns of an export, shared by the CSV and Excel writers (and mirrored by the app's grid).

use serde_json::Value;

use crate::model::{Batch, PhoneResult, Qualification};
use crate::phone::PhoneInfo;

/// What is known of each number of a batch, by the number as Enrow sent it.
pub type Phones<'a> = crate::phone::ByNumber<'a>;

use super::labels::ExportLabels;

/// Search parameters people know, in the order they read them. Any other parameter follows,
/// sorted by name, so the column order is the same for every export of the same batch.
pub const KNOWN_PARAMS: [&str; 5] = [
    "linkedin_url",
    "firstname",
    "lastname",
    "company_name",
    "company_domain",
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Column {
    Index,
    Qualification,
    Phone,
    /// Mobile, landline…, from the numbering plan.
    PhoneType,
    /// The number as its country writes it (`06 12 34 56 78`).
    NationalFormat,
    Country,
    Param(String),
    Custom,
}

/// The columns for `batch`: the fixed ones, one per search parameter present in any row, and
/// the per-row custom value when any row carries one.
pub fn columns_for(batch: &Batch) -> Vec<Column> {
    let mut seen = Seen::default();
    for part in crate::row_parts::on_parts(&batch.results, Seen::in_rows) {
        seen.add(part);
    }
    let Seen {
        known,
        others,
        has_custom,
    } = seen;
    let mut columns = vec![
        Column::Index,
        Column::Qualification,
        Column::Phone,
        Column::PhoneType,
        Column::NationalFormat,
        Column::Country,
    ];
    columns.extend(
        KNOWN_PARAMS
            .iter()
            .zip(known)
            .filter(|(_, present)| *present)
            .map(|(name, _)| Column::Param((*name).to_owned())),
    );
    columns.extend(
        others
            .into_iter()
            .map(|name| Column::Param(name.to_owned())),
    );
    if has_custom {
        columns.push(Column::Custom);
    }
    columns
}

/// What some rows carry besides their number: which of the usual parameters, which others,
/// and whether a custom value.
#[derive(Default)]
struct Seen<'b> {
    known: [bool; KNOWN_PARAMS.len()],
    others: std::collections::BTreeSet<&'b str>,
    has_custom: bool,
}

impl<'b> Seen<'b> {
    fn in_rows(rows: &'b [PhoneResult]) -> Self {
        let mut seen = Self::default();
        for row in rows {
            for name in row.params.keys() {
                match KNOWN_PARAMS.iter().position(|known| *known == name) {
                    Some(position) => seen.known[position] = true,
                    None => {
                        seen.others.insert(name);
                    }
                }
            }
            seen.has_custom |= row.custom.as_ref().is_some_and(|c| !c.is_null());
        }
        seen
    }

    fn add(&mut self, other: Self) {
        for (known, also) in self.known.iter_mut().zip(other.known) {
            *known |= also;
        }
        self.others.extend(other.others);
        self.has_custom |= other.has_custom;
    }
}

impl Column {
    pub fn header<'a>(&'a self, labels: &'a ExportLabels) -> &'a str {
        match self {
            Self::Index => &labels.index,
            Self::Qualification => &labels.qualification,
            Self::Phone => &labels.phone,
            Self::PhoneType => &labels.phone_type,
            Self::NationalFormat => &labels.national_format,
            Self::Country => &labels.country,
            Self::Param(name) => labels.param(name),
            Self::Custom => &labels.custom,
        }
    }

    /// Text cells that came from whoever submitted the batch, which is where spreadsheet
    /// formula injection can hide.
    pub fn is_submitted_text(&self) -> bool {
        matches!(self, Self::Param(_) | Self::Custom)
    }
}

/// A cell's content before a writer formats it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell<'a> {
    Number(u64),
    Text(std::borrow::Cow<'a, str>),
    Empty,
}

impl<'a> Cell<'a> {
    /// `phones` holds what is known of the batch's numbers (see [`super::phones_of`]).
    pub fn of(
        column: &Column,
        row: &'a PhoneResult,
        labels: &'a ExportLabels,
        phones: &'a Phones<'a>,
    ) -> Self {
        Self::of_row(column, row, labels, Self::phone_of(row, phones))
    }

    /// What `phones` knows of `row`'s number: look it up once per row for [`Cell::of_row`].
    pub fn phone_of(row: &PhoneResult, phones: &'a Phones<'_>) -> Option<&'a PhoneInfo> {
        row.number.as_deref().and_then(|n| phones.get(n))
    }

    /// As [`Cell::of`], with what is known of the row's number (`phone`) looked up already:
    /// a large file's rows each look their number up once, not once per phone column.
    pub fn of_row(
        column: &Column,
        row: &'a PhoneResult,
        labels: &'a ExportLabels,
        phone: Option<&'a PhoneInfo>,
    ) -> Self {
        match column {
            Column::Index => Cell::Number(row.position()),
            Column::Qualification => Cell::Text(match &row.qualification {
                Qualification::Found => labels.found.as_str().into(),
                Qualification::NotFound => labels.not_found.as_str().into(),
                other => other.as_str().into(),
            }),
            Column::Phone => text(row.number.as_deref()),
            Column::PhoneType => phone.map_or(Cell::Empty, |info| {
                Cell::Text(labels.phone_type(info.kind).into())
            }),
            Column::NationalFormat => text(phone.and_then(|info| info.national.as_deref())),
            Column::Country => text(row.country.as_deref()),
            Column::Param(name) => value(row.params.get(name)),
            Column::Custom => value(row.custom.as_ref()),
        }
    }

    /// The text a CSV cell or a text-only view shows.
    pub fn as_text(&self) -> std::borrow::Cow<'_, str> {
        match self {
            Cell::Number(n) => n.to_string().into(),
            Cell::Text(text) => std::borrow::Cow::Borrowed(text),
            Cell::Empty => "".into(),
        }
    }
}

fn text(value: Option<&str>) -> Cell<'_> {
    value.map_or(Cell::Empty, |text| Cell::Text(text.into()))
}

/// A parameter or custom value: text as is, anything else (a number, an object) as compact JSON.
pub fn value(value: Option<&Value>) -> Cell<'_> {
    match value {
        None | Some(Value::Null) => Cell::Empty,
        Some(Value::String(text)) => Cell::Text(text.as_str().into()),
        Some(other) => Cell::Text(other.to_string().into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn batch(json: &str) -> Batch {
        Batch::from_json(json.as_bytes()).expect("valid")
    }

    #[test]
    fn known_params_first_then_others_sorted_then_custom() {
        let batch = batch(
            r#"{"general":{"status":"completed"},"results":[
            {"index":0,"params":{"zeta":"z","company_domain":"acme.com","firstname":"Ann"}},
            {"index":1,"params":{"alpha":"a","lastname":"Lee","linkedin_url":"https://x"},"custom":"c1"}]}"#,
        );
        let names: Vec<String> = columns_for(&batch)
            .iter()
            .map(|c| c.header(&ExportLabels::default()).to_owned())
            .collect();
        assert_eq!(
            names,
            [
                "Index",
                "Result",
                "Phone number",
                "Type",
                "National format",
                "Country",
                "LinkedIn URL",
                "First name",
                "Last name",
                "Company domain",
                "alpha",
                "zeta",
                "Custom"
            ]
        );
    }

    #[test]
    fn no_custom_column_without_custom_values() {
        let batch = batch(
            r#"{"general":{"status":"completed"},"results":[{"index":0,"params":{"linkedin_url":"u"},"custom":null}]}"#,
        );
        assert!(!columns_for(&batch).contains(&Column::Custom));
    }

    #[test]
    fn non_text_values_become_compact_json() {
        let v = serde_json::json!({"crm_id": 42});
        assert_eq!(value(Some(&v)), Cell::Text(r#"{"crm_id":42}"#.into()));
        assert_eq!(value(Some(&Value::from(7))), Cell::Text("7".into()));
        assert_eq!(value(Some(&Value::Null)), Cell::Empty);
    }
}
