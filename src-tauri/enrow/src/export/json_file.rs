//! The batch as Enrow sent it, pretty-printed.

use std::io::{self, Write};

use serde_json::Value;

use super::{ExportOptions, KnownPhones, Phones, phones_needed};
use crate::model::{FetchedBatch, PhoneResult, Qualification};
use crate::phone::Forms;

/// Writes Enrow's own answer, indented; with `found_only` or `mobiles_only`, its `results` keep
/// only those rows. Returns the number of result rows written.
pub fn write_json<W: Write>(
    fetched: &FetchedBatch,
    out: W,
    options: &ExportOptions,
) -> io::Result<usize> {
    write_json_knowing(fetched, None, out, options)
}

/// As [`write_json`], with the batch's numbers classified already if `known`.
pub(super) fn write_json_knowing<W: Write>(
    fetched: &FetchedBatch,
    known: Option<&KnownPhones<'_>>,
    mut out: W,
    options: &ExportOptions,
) -> io::Result<usize> {
    let phones = if options.mobiles_only {
        phones_needed(fetched, known, Forms::Neither)
    } else {
        std::borrow::Cow::Owned(Phones::default())
    };
    let phones = &*phones;
    let rows = super::rows(fetched, options, phones).count();
    if fetched.raw.is_empty() {
        // Not Enrow's bytes (a batch rebuilt from elsewhere): write what was parsed.
        serde_json::to_writer_pretty(&mut out, &fetched.batch).map_err(into_io)?;
    } else if options.found_only || options.mobiles_only {
        let mut value: Value = serde_json::from_slice(&fetched.raw).map_err(into_io)?;
        if let Some(Value::Array(results)) = value.get_mut("results") {
            // Each row read again as the export reads it, so the same rows are kept.
            results.retain(|row| {
                serde_json::from_value::<PhoneResult>(row.clone())
                    .map(|parsed| {
                        let parsed = PhoneResult {
                            // What `Batch::from_json` decides for a row Enrow did not qualify.
                            qualification: match parsed.qualification {
                                Qualification::Missing if parsed.number.is_some() => {
                                    Qualification::Found
                                }
                                other => other,
                            },
                            ..parsed
                        };
                        super::keeps(options, phones, &parsed)
                    })
                    .unwrap_or(false)
            });
        }
        serde_json::to_writer_pretty(&mut out, &value).map_err(into_io)?;
    } else {
        // Re-indented token by token, so unknown fields and the order of everything survive
        // untouched and a 100,000-row answer never becomes a tree in memory. Numbers keep their
        // exact value (floats are parsed correctly rounded), though not always their spelling:
        // `1.50` comes out as `1.5`.
        let mut reader = serde_json::Deserializer::from_slice(&fetched.raw);
        let mut writer = serde_json::Serializer::pretty(&mut out);
        serde_transcode::transcode(&mut reader, &mut writer).map_err(into_io)?;
    }
    out.write_all(b"\n")?;
    out.flush()?;
    Ok(rows)
}

/// Keeps the I/O error kind, so a full disk is still recognised as one.
fn into_io(error: serde_json::Error) -> io::Error {
    match error.io_error_kind() {
        Some(kind) => io::Error::new(kind, error),
        None => io::Error::other(error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::Format;
    use crate::model::Batch;

    fn export(raw: &str, options: &ExportOptions) -> Value {
        let fetched = FetchedBatch {
            batch: Batch::from_json(raw.as_bytes()).expect("an answer"),
            raw: bytes::Bytes::copy_from_slice(raw.as_bytes()),
        };
        let mut out = Vec::new();
        write_json(&fetched, &mut out, options).expect("in memory");
        serde_json::from_slice(&out).expect("JSON")
    }

    /// Found by fuzzing (export_roundtrip): without correctly rounded float parsing, a
    /// number such as this one came out of the export one digit off what Enrow sent.
    #[test]
    fn numbers_are_kept_exactly_as_sent() {
        let raw = r#"{"general":{"status":"completed"},"results":[{"index":0,
            "qualification":"found","number":"+33612345678",
            "params":{"first_name":-8.1605436893524575e-53},"custom":0.30000000000000004}]}"#;
        let sent: Value = serde_json::from_str(raw).expect("JSON");
        let all = ExportOptions::new(Format::Json);
        assert_eq!(export(raw, &all), sent);
        let found = ExportOptions {
            found_only: true,
            ..all
        };
        assert_eq!(export(raw, &found), sent);
    }
}
