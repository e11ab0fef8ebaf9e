//! What the page is shown of a batch: plain figures and text, no Enrow wire format.

use std::sync::Arc;

use std::collections::HashMap;

use enrow::PhoneInfo;
use enrow::export::{Cell, Column, cell_value, columns_for, phones_with};
use enrow::phone::Forms;
use enrow::{Batch, FetchedBatch, Progress};
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};
use serde_json::Value;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BatchSummary {
    pub id: String,
    pub status: String,
    pub requested: u64,
    pub finished: Option<u64>,
    pub found: u64,
    pub hit_rate: Option<f64>,
    pub credits_charged: Option<u64>,
    pub credits_refunded: u64,
    pub credits_net: Option<u64>,
    /// The batch's custom data as name and text pairs.
    pub custom: Vec<(String, String)>,
    pub row_count: usize,
    /// Milliseconds since 1970, when Enrow was last asked.
    pub checked_at: i64,
}

impl BatchSummary {
    pub fn of(batch: &Batch, checked_at: i64) -> Self {
        Self {
            id: batch.id().to_owned(),
            status: batch.status().as_str().to_owned(),
            requested: batch.requested(),
            finished: batch.progress().map(|(finished, _)| finished),
            found: batch.found(),
            hit_rate: batch.hit_rate(),
            credits_charged: batch.credits_charged(),
            credits_refunded: batch.credits_refunded(),
            credits_net: batch.net_credits(),
            custom: custom_pairs(batch.general.custom.as_ref()),
            row_count: batch.results.len(),
            checked_at,
        }
    }

    /// A running batch as its last check described it.
    pub fn of_progress(id: &str, progress: &Progress, checked_at: i64) -> Self {
        Self {
            id: id.to_owned(),
            status: progress.status.as_str().to_owned(),
            requested: progress.requested,
            finished: Some(progress.finished),
            found: 0,
            hit_rate: None,
            credits_charged: None,
            credits_refunded: 0,
            credits_net: None,
            custom: Vec::new(),
            row_count: 0,
            checked_at,
        }
    }
}

fn custom_pairs(custom: Option<&Value>) -> Vec<(String, String)> {
    let text = |value: &Value| cell_value(Some(value)).as_text().into_owned();
    match custom {
        Some(Value::Object(fields)) => fields
            .iter()
            .filter(|(_, value)| !value.is_null())
            .map(|(name, value)| (name.clone(), text(value)))
            .collect(),
        Some(Value::Null) | None => Vec::new(),
        Some(other) => vec![(String::new(), text(other))],
    }
}

/// The results grid's data: the export's columns, and one array of cells per row. Serialised
/// straight from the batch, so 100,000 rows never exist twice in memory.
pub struct Rows {
    fetched: Arc<FetchedBatch>,
    columns: Vec<Column>,
    /// What is known of each found number (type, formats), by the number.
    phones: HashMap<String, PhoneInfo>,
}

impl Rows {
    pub fn of(fetched: Arc<FetchedBatch>) -> Self {
        let columns = columns_for(&fetched.batch);
        let phones = phones_with(&fetched, Forms::International)
            .into_iter()
            .map(|(number, info)| (number.to_owned(), info))
            .collect();
        Self {
            fetched,
            columns,
            phones,
        }
    }

    pub fn len(&self) -> usize {
        self.fetched.batch.results.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Serialize for Rows {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("columns", &ColumnsView(&self.columns))?;
        map.serialize_entry(
            "rows",
            &RowsView {
                columns: &self.columns,
                fetched: &self.fetched,
                phones: &self.phones,
            },
        )?;
        map.end()
    }
}

struct ColumnsView<'a>(&'a [Column]);

impl Serialize for ColumnsView<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.0.len()))?;
        for column in self.0 {
            match column {
                Column::Index => seq.serialize_element(&serde_json::json!({"id": "index"}))?,
                Column::Qualification => {
                    seq.serialize_element(&serde_json::json!({"id": "qualification"}))?
                }
                Column::Phone => seq.serialize_element(&serde_json::json!({"id": "phone"}))?,
                Column::PhoneType => {
                    seq.serialize_element(&serde_json::json!({"id": "phoneType"}))?
                }
                // The grid shows the number as written from abroad; exports the national form.
                Column::NationalFormat => {
                    seq.serialize_element(&serde_json::json!({"id": "international"}))?
                }
                Column::Country => seq.serialize_element(&serde_json::json!({"id": "country"}))?,
                Column::Param(name) => {
                    seq.serialize_element(&serde_json::json!({"id": "param", "name": name}))?
                }
                Column::Custom => seq.serialize_element(&serde_json::json!({"id": "custom"}))?,
            }
        }
        seq.end()
    }
}

struct RowsView<'a> {
    columns: &'a [Column],
    fetched: &'a FetchedBatch,
    phones: &'a HashMap<String, PhoneInfo>,
}

impl Serialize for RowsView<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let rows = &self.fetched.batch.results;
        let mut seq = serializer.serialize_seq(Some(rows.len()))?;
        for row in rows {
            seq.serialize_element(&RowView {
                columns: self.columns,
                row,
                phone: row.number.as_deref().and_then(|n| self.phones.get(n)),
            })?;
        }
        seq.end()
    }
}

struct RowView<'a> {
    columns: &'a [Column],
    row: &'a enrow::PhoneResult,
    phone: Option<&'a PhoneInfo>,
}

impl Serialize for RowView<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.columns.len()))?;
        for column in self.columns {
            match column {
                Column::Index => seq.serialize_element(&self.row.position())?,
                // Enrow's own value; the page translates it.
                Column::Qualification => seq.serialize_element(self.row.qualification.as_str())?,
                Column::Phone => seq.serialize_element(&self.row.number)?,
                // The type's code (`mobile`…); the page says it in the person's language.
                Column::PhoneType => {
                    seq.serialize_element(&self.phone.map(|info| info.kind.as_str()))?
                }
                Column::NationalFormat => seq.serialize_element(
                    &self.phone.and_then(|info| info.international.as_deref()),
                )?,
                Column::Country => seq.serialize_element(&self.row.country)?,
                Column::Param(name) => {
                    seq.serialize_element(&cell_text(self.row.params.get(name)))?
                }
                Column::Custom => seq.serialize_element(&cell_text(self.row.custom.as_ref()))?,
            }
        }
        seq.end()
    }
}

/// A parameter or custom value as the exports write it (text as is, anything else as compact
/// JSON); `null` for none, so the page can tell an empty cell.
fn cell_text(value: Option<&Value>) -> Option<std::borrow::Cow<'_, str>> {
    match cell_value(value) {
        Cell::Text(text) => Some(text),
        Cell::Number(_) | Cell::Empty => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fetched(json: &str) -> Arc<FetchedBatch> {
        Arc::new(FetchedBatch {
            batch: Batch::from_json(json.as_bytes()).expect("valid"),
            raw: json.to_owned().into(),
        })
    }

    #[test]
    fn rows_serialise_as_columns_and_cell_arrays() {
        let batch = fetched(
            r#"{"general":{"id":"x","status":"completed"},"results":[
            {"index":1,"qualification":"not_found","params":{"linkedin_url":"https://www.linkedin.com/in/b"}},
            {"index":0,"qualification":"found","number":"+31612345678","country":"NL",
             "params":{"linkedin_url":"https://www.linkedin.com/in/a"},"custom":{"crm":7}}]}"#,
        );
        let json = serde_json::to_value(Rows::of(batch)).expect("serialises");
        assert_eq!(
            json["columns"],
            serde_json::json!([{"id":"index"},{"id":"qualification"},{"id":"phone"},
                {"id":"phoneType"},{"id":"international"},{"id":"country"},
                {"id":"param","name":"linkedin_url"},{"id":"custom"}])
        );
        assert_eq!(
            json["rows"],
            serde_json::json!([
                [
                    0,
                    "found",
                    "+31612345678",
                    "mobile",
                    "+31 6 12345678",
                    "NL",
                    "https://www.linkedin.com/in/a",
                    "{\"crm\":7}"
                ],
                [
                    1,
                    "not_found",
                    null,
                    null,
                    null,
                    null,
                    "https://www.linkedin.com/in/b",
                    null
                ]
            ])
        );
    }

    #[test]
    fn summary_has_the_figures_people_read() {
        let batch = fetched(
            r#"{"general":{"id":"x","status":"completed","custom":{"campaign":"Q4","n":2,"none":null}},
            "results":[],"stats":{"credits_cost":200,"credits_to_refund":120,"found":2,"requested":5}}"#,
        );
        let summary = BatchSummary::of(&batch.batch, 42);
        assert_eq!(summary.credits_net, Some(80));
        assert_eq!(summary.hit_rate, Some(0.4));
        assert_eq!(
            summary.custom,
            vec![("campaign".into(), "Q4".into()), ("n".into(), "2".into())]
        );
        let json = serde_json::to_value(&summary).expect("serialises");
        assert_eq!(json["creditsRefunded"], 120);
        assert_eq!(json["custom"][0], serde_json::json!(["campaign", "Q4"]));
    }
}
