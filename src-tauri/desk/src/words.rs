//! The few words Rust shows a person itself (system notices, the save dialog's file types, a
//! start-up failure), taken from the page's own string table, `ui/js/strings.js`, so every
//! word of the app is translated in one place.
//!
//! The table is read with a small reader written here rather than a JavaScript parser: the file
//! is ours, its entries are one-line single-quoted strings or `{ one: …, other: … }` plural
//! objects, and the page's tests keep it that way. Keys Rust needs are listed in [`RUST_KEYS`];
//! a test makes sure each one reads in every language.

use std::collections::HashMap;
use std::sync::LazyLock;

const TABLE: &str = include_str!("../../../ui/js/strings.js");

/// Every key of the table that Rust uses.
pub const RUST_KEYS: &[&str] = &[
    "app.name",
    "notice.ready",
    "notice.failed",
    "export.filterXlsx",
    "export.filterCsv",
    "export.filterJson",
    "export.filterVcf",
    "merge.fileSuffix",
    "merge.filterSheets",
    "app.startFailedNative",
    "tray.show",
    "tray.quit",
    "tray.tooltip",
    "list.partName",
];

/// A language the table has (the setting "automatic" resolved).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    En,
    Nl,
    Fr,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Nl, Lang::Fr];

    /// `en`, `nl` or `fr`: the page's name for it.
    pub fn tag(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::Nl => "nl",
            Self::Fr => "fr",
        }
    }

    /// The setting, or the system's language when it says "automatic".
    #[cfg(feature = "app")]
    pub fn of(setting: crate::settings::Language) -> Self {
        use crate::settings::Language;
        match setting {
            Language::En => Self::En,
            Language::Nl => Self::Nl,
            Language::Fr => Self::Fr,
            Language::Auto => Self::from_locale(&sys_locale::get_locale().unwrap_or_default()),
        }
    }

    pub fn from_locale(locale: &str) -> Self {
        let locale = locale.to_ascii_lowercase();
        if locale.starts_with("nl") {
            Self::Nl
        } else if locale.starts_with("fr") {
            Self::Fr
        } else {
            Self::En
        }
    }

    /// Which plural form `count` takes, as `Intl.PluralRules` says for these languages.
    fn is_one(self, count: u64) -> bool {
        match self {
            Self::Fr => count <= 1,
            _ => count == 1,
        }
    }

    /// Thousands grouped as the page's `Intl.NumberFormat` writes them.
    pub fn number(self, n: u64) -> String {
        let separator = match self {
            Self::Nl => ".",
            Self::Fr => "\u{202F}",
            Self::En => ",",
        };
        let digits = n.to_string();
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push_str(separator);
            }
            out.push(c);
        }
        out
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Entry {
    Plain(String),
    Plural { one: String, other: String },
}

/// A value for a `{placeholder}`.
pub enum Value<'a> {
    Text(&'a str),
    Number(u64),
}

static ENTRIES: LazyLock<HashMap<(Lang, String), Entry>> = LazyLock::new(|| read_table(TABLE));

/// The text of `key` in `lang` with its placeholders filled; plural entries choose their form
/// by the `count` value. Falls back to English, then to the key itself.
pub fn text(lang: Lang, key: &str, values: &[(&str, Value<'_>)]) -> String {
    let entry = ENTRIES
        .get(&(lang, key.to_owned()))
        .or_else(|| ENTRIES.get(&(Lang::En, key.to_owned())));
    let Some(entry) = entry else {
        return key.to_owned();
    };
    let template = match entry {
        Entry::Plain(text) => text,
        Entry::Plural { one, other } => {
            let count = values.iter().find_map(|(name, value)| match value {
                Value::Number(n) if *name == "count" => Some(*n),
                _ => None,
            });
            if count.is_some_and(|n| lang.is_one(n)) {
                one
            } else {
                other
            }
        }
    };
    let mut out = template.clone();
    for (name, value) in values {
        let shown = match value {
            Value::Text(text) => (*text).to_owned(),
            Value::Number(n) => lang.number(*n),
        };
        out = out.replace(&format!("{{{name}}}"), &shown);
    }
    out
}

/// The words of an export (headers, results, phone types, the summary sheet) in `lang`, from
/// the page's `export.label.*` entries: the same words as the app's own exports.
pub fn export_labels(lang: Lang) -> enrow::export::ExportLabels {
    let defaults = enrow::export::ExportLabels::default();
    let Ok(serde_json::Value::Object(mut fields)) = serde_json::to_value(&defaults) else {
        return defaults;
    };
    for (field, value) in &mut fields {
        let key = format!("export.label.{field}");
        if has(lang, &key) {
            *value = serde_json::Value::String(text(lang, &key, &[]));
        }
    }
    serde_json::from_value(serde_json::Value::Object(fields)).unwrap_or(defaults)
}

/// Whether the table has `key` in `lang` (for tests that hold other lists to the table).
pub fn has(lang: Lang, key: &str) -> bool {
    ENTRIES.contains_key(&(lang, key.to_owned()))
}

/// Reads the `en`, `nl` and `fr` blocks of the table.
fn read_table(table: &str) -> HashMap<(Lang, String), Entry> {
    let mut entries = HashMap::new();
    let mut lang = None;
    let mut plural: Option<(String, Option<String>, Option<String>)> = None;
    for line in table.lines() {
        let trimmed = line.trim();
        if let Some(found) = Lang::ALL
            .into_iter()
            .find(|l| line == format!("  {}: {{", l.tag()))
        {
            lang = Some(found);
            continue;
        }
        let Some(current) = lang else { continue };
        if line == "  }," {
            lang = None;
            continue;
        }
        if let Some((key, one, other)) = plural.as_mut() {
            if trimmed.starts_with('}') {
                if let (Some(one), Some(other)) = (one.take(), other.take()) {
                    entries.insert((current, key.clone()), Entry::Plural { one, other });
                }
                plural = None;
            } else if let Some(rest) = trimmed.strip_prefix("one: ") {
                *one = literal(rest);
            } else if let Some(rest) = trimmed.strip_prefix("other: ") {
                *other = literal(rest);
            }
            continue;
        }
        let Some((key, rest)) = trimmed
            .strip_prefix('\'')
            .and_then(|rest| rest.split_once("': "))
        else {
            continue;
        };
        if rest == "{" {
            plural = Some((key.to_owned(), None, None));
        } else if let Some(text) = literal(rest) {
            entries.insert((current, key.to_owned()), Entry::Plain(text));
        }
    }
    entries
}

/// `'text',` as the string it spells, JavaScript escapes included; `None` for anything else
/// (template literals and expressions, which Rust never needs).
fn literal(source: &str) -> Option<String> {
    let body = source.strip_prefix('\'')?;
    let mut out = String::new();
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' => return Some(out),
            '\\' => match chars.next()? {
                'u' => {
                    let hex: String = chars.by_ref().take(4).collect();
                    out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
                }
                'n' => out.push('\n'),
                other => out.push(other),
            },
            other => out.push(other),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_rust_uses_reads_in_every_language() {
        for lang in Lang::ALL {
            for key in RUST_KEYS {
                assert!(
                    ENTRIES.contains_key(&(lang, (*key).to_owned())),
                    "{key} is missing in {lang:?}"
                );
            }
        }
    }

    #[test]
    fn the_table_reads_as_the_page_reads_it() {
        let table = "export const strings = {\n  en: {\n    'a.b': 'It\\u2019s {n}\\'s',\n    \
                     'p': {\n      one: '{count} file',\n      other: '{count} files',\n    },\n  \
                     },\n  fr: {\n    'a.b': 'Oui\\u202f!',\n  },\n};\n";
        let entries = read_table(table);
        assert_eq!(
            entries.get(&(Lang::En, "a.b".into())),
            Some(&Entry::Plain("It\u{2019}s {n}'s".into()))
        );
        assert_eq!(
            entries.get(&(Lang::Fr, "a.b".into())),
            Some(&Entry::Plain("Oui\u{202f}!".into()))
        );
        assert!(matches!(
            entries.get(&(Lang::En, "p".into())),
            Some(Entry::Plural { .. })
        ));
        assert_eq!(entries.len(), 3);
    }

    #[test]
    fn plurals_and_numbers_follow_the_language() {
        assert_eq!(Lang::En.number(1_234_567), "1,234,567");
        assert_eq!(Lang::Nl.number(3000), "3.000");
        assert_eq!(Lang::Fr.number(3000), "3\u{202F}000");
        assert!(Lang::Fr.is_one(0) && !Lang::En.is_one(0));
        assert_eq!(Lang::from_locale("nl-BE"), Lang::Nl);
        assert_eq!(Lang::from_locale("fr_CA.UTF-8"), Lang::Fr);
        assert_eq!(Lang::from_locale("de-DE"), Lang::En);
    }

    #[test]
    fn export_labels_come_from_the_table_in_each_language() {
        let dutch = export_labels(Lang::Nl);
        assert_eq!(dutch.results_sheet, "Telefoonnummers");
        assert_ne!(dutch.type_mobile, "Mobile");
        let english = export_labels(Lang::En);
        assert_eq!(english, enrow::export::ExportLabels::default());
    }

    #[test]
    fn an_unknown_key_reads_as_itself() {
        assert_eq!(text(Lang::Nl, "no.such.key", &[]), "no.such.key");
    }
}
