//! The words of the system notice shown when a batch finishes while the window is in the
//! background. They live here, not in the page's string table, because the page may be asleep
//! (minimised) when the notice goes out.

use super::history::HistoryEntry;
use super::settings::Language;

/// The language of notices: the setting, or the system's when it says "automatic".
pub fn language(setting: Language) -> Language {
    match setting {
        Language::Auto => {
            let system = sys_locale::get_locale()
                .unwrap_or_default()
                .to_ascii_lowercase();
            if system.starts_with("nl") {
                Language::Nl
            } else if system.starts_with("fr") {
                Language::Fr
            } else {
                Language::En
            }
        }
        chosen => chosen,
    }
}

/// Title and body, e.g. "Batch ‘Q4 leads’ is ready: 1,812 of 3,000 numbers found".
pub fn text(entry: &HistoryEntry, language: Language) -> (String, String) {
    let name = entry
        .label
        .clone()
        .unwrap_or_else(|| entry.id.split('-').next().unwrap_or(&entry.id).to_owned());
    let found = number(entry.found.unwrap_or(0), language);
    let requested = number(entry.requested.unwrap_or(0), language);
    let failed = entry.status == "failed";
    let body = match (language, failed) {
        (Language::Nl, false) => {
            format!("Batch ‘{name}’ is klaar: {found} van {requested} nummers gevonden")
        }
        (Language::Nl, true) => format!("Batch ‘{name}’ is bij Enrow mislukt."),
        (Language::Fr, false) => {
            format!("Le lot « {name} » est prêt : {found} numéros trouvés sur {requested}")
        }
        (Language::Fr, true) => format!("Le lot « {name} » a échoué chez Enrow."),
        (_, false) => format!("Batch ‘{name}’ is ready: {found} of {requested} numbers found"),
        (_, true) => format!("Batch ‘{name}’ failed at Enrow."),
    };
    ("Enrow Desk".to_owned(), body)
}

/// Thousands grouped as each language writes them. Hand-written: one format for three
/// languages does not justify a localisation crate.
fn number(n: u64, language: Language) -> String {
    let separator = match language {
        Language::Nl => ".",
        Language::Fr => "\u{202F}",
        _ => ",",
    };
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push_str(separator);
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(label: Option<&str>, status: &str) -> HistoryEntry {
        HistoryEntry {
            label: label.map(str::to_owned),
            status: status.to_owned(),
            found: Some(1812),
            requested: Some(3000),
            ..HistoryEntry::new("e3b61122-d6a6-4ea7-b331-9b734682a76a", false, 0)
        }
    }

    #[test]
    fn says_what_is_ready_in_each_language() {
        let ready = entry(Some("Q4 leads"), "completed");
        assert_eq!(
            text(&ready, Language::En).1,
            "Batch ‘Q4 leads’ is ready: 1,812 of 3,000 numbers found"
        );
        assert_eq!(
            text(&ready, Language::Nl).1,
            "Batch ‘Q4 leads’ is klaar: 1.812 van 3.000 nummers gevonden"
        );
        assert_eq!(
            text(&ready, Language::Fr).1,
            "Le lot « Q4 leads » est prêt : 1\u{202F}812 numéros trouvés sur 3\u{202F}000"
        );
    }

    #[test]
    fn unnamed_batches_go_by_their_short_id_and_failures_say_so() {
        let failed = entry(None, "failed");
        assert_eq!(
            text(&failed, Language::En).1,
            "Batch ‘e3b61122’ failed at Enrow."
        );
    }
}
