//! The system notice shown when a batch finishes while the window is in the background. Built in
//! Rust, because the page may be asleep (minimised) when it goes out, with words from the page's
//! string table (see `words`).

use crate::history::HistoryEntry;
use crate::words::{Lang, Value, text};

/// Title and body, e.g. "Batch ‘Q4 leads’ is ready: 1,812 of 3,000 numbers found".
pub fn text_of(entry: &HistoryEntry, lang: Lang) -> (String, String) {
    let short = entry.id.split('-').next().unwrap_or(&entry.id);
    let name = entry.label.as_deref().unwrap_or(short);
    let body = if entry.status == "failed" {
        text(lang, "notice.failed", &[("name", Value::Text(name))])
    } else {
        text(
            lang,
            "notice.ready",
            &[
                ("name", Value::Text(name)),
                ("count", Value::Number(entry.found.unwrap_or(0))),
                ("requested", Value::Number(entry.requested.unwrap_or(0))),
            ],
        )
    };
    (text(lang, "app.name", &[]), body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(label: Option<&str>, status: &str, found: u64) -> HistoryEntry {
        HistoryEntry {
            label: label.map(str::to_owned),
            status: status.to_owned(),
            found: Some(found),
            requested: Some(3000),
            ..HistoryEntry::new("e3b61122-d6a6-4ea7-b331-9b734682a76a", false, 0)
        }
    }

    #[test]
    fn says_what_is_ready_in_each_language() {
        let ready = entry(Some("Q4 leads"), "completed", 1812);
        assert_eq!(
            text_of(&ready, Lang::En),
            (
                "Enrow Desk".to_owned(),
                "Batch ‘Q4 leads’ is ready: 1,812 of 3,000 numbers found".to_owned()
            )
        );
        assert_eq!(
            text_of(&ready, Lang::Nl).1,
            "Batch ‘Q4 leads’ is klaar: 1.812 van 3.000 nummers gevonden"
        );
        assert_eq!(
            text_of(&ready, Lang::Fr).1,
            "Le lot «\u{a0}Q4 leads\u{a0}» est prêt\u{a0}: 1\u{202F}812 numéros trouvés sur 3\u{202F}000"
        );
        let one = entry(Some("Q4 leads"), "completed", 1);
        assert_eq!(
            text_of(&one, Lang::Fr).1,
            "Le lot «\u{a0}Q4 leads\u{a0}» est prêt\u{a0}: 1 numéro trouvé sur 3\u{202F}000"
        );
    }

    #[test]
    fn unnamed_batches_go_by_their_short_id_and_failures_say_so() {
        let failed = entry(None, "failed", 0);
        assert_eq!(
            text_of(&failed, Lang::En).1,
            "Batch ‘e3b61122’ failed at Enrow."
        );
        assert_eq!(
            text_of(&failed, Lang::Nl).1,
            "Batch ‘e3b61122’ is bij Enrow mislukt."
        );
    }
}
