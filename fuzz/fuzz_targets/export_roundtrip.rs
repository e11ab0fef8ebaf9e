//! Every export of whatever batch Enrow sends, read back with parsers written by others:
//! the table CSV (each separator, with and without a byte order mark) and every CRM file with
//! the csv crate, the workbook with calamine, the JSON with serde_json and the contact cards
//! with ical. Each must hold exactly the rows exported, each cell as the row holds it (modulo
//! the documented `'` before text a spreadsheet would run), and nothing else: no line of its
//! own from a line break inside a value, no forged card, number or link.
//!
//! An input starting with `{` is an answer as Enrow sends it (the seeds are real answers);
//! anything else is turned by `arbitrary` into rows of Enrow's shape, with line breaks,
//! separators, formula starters and vCard keywords among the values, which reaches the
//! writers' corners much sooner than mutated JSON does.
#![no_main]

use std::borrow::Cow;
use std::io::Cursor;

use arbitrary::{Arbitrary, Unstructured};
use calamine::{Data, Reader, Xlsx};
use enrow::export::{
    self, Cell, Column, Delimiter, ExportOptions, Format, Person, Preset, is_control, is_e164,
    neutralise_formula,
};
use enrow::phone::PhoneType;
use enrow::{Batch, FetchedBatch, PhoneResult};
use libfuzzer_sys::fuzz_target;
use serde_json::{Value, json};

fuzz_target!(|data: &[u8]| {
    let (raw, found_only, mobiles_only) = if data.first() == Some(&b'{') {
        // The filters from the answer's length, so each is tried on every kind of answer.
        (data.to_vec(), data.len() % 3 == 1, data.len() % 3 == 2)
    } else {
        let Ok(input) = Input::arbitrary_take_rest(Unstructured::new(data)) else {
            return;
        };
        let raw = serde_json::to_vec(&input.answer()).expect("JSON serialises");
        (raw, input.found_only, input.mobiles_only)
    };
    let Ok(batch) = Batch::from_json(&raw) else {
        assert!(data.first() == Some(&b'{'), "a generated answer is read");
        return;
    };
    let fetched = FetchedBatch {
        batch,
        raw: raw.into(),
    };
    let options = |format| ExportOptions {
        found_only,
        mobiles_only,
        ..ExportOptions::new(format)
    };
    check_csv(&fetched, &options(Format::Csv));
    check_crm(&fetched, &options(Format::Csv));
    check_xlsx(&fetched, &options(Format::Xlsx));
    check_json(&fetched, &options(Format::Json));
    check_vcf(&fetched, &options(Format::Vcf));
});

// ---------------------------------------------------------------------------------------------
// What the fuzzer makes answers of.

#[derive(Arbitrary, Debug)]
struct Input {
    id: Text,
    status: Text,
    custom: Option<Json>,
    rows: Vec<Row>,
    found_only: bool,
    mobiles_only: bool,
}

#[derive(Arbitrary, Debug)]
struct Row {
    index: Index,
    qualification: Qualification,
    number: Number,
    country: Option<Text>,
    params: Vec<(Param, Json)>,
    custom: Option<Json>,
}

#[derive(Arbitrary, Debug)]
enum Index {
    Missing,
    Number(u8),
    Text(u8),
    Spaced(u8),
}

#[derive(Arbitrary, Debug)]
enum Qualification {
    Found,
    NotFound,
    Missing,
    Null,
    Valid,
    Other(Text),
}

/// Numbers of the plans people's numbers come from (mobiles, landlines, one where the plan
/// cannot tell), so the types, the mobile fields and "Mobiles only" all get exercised.
const PREFIXES: [&str; 8] = [
    "+336", "+331", "+316", "+3120", "+4915", "+447", "+1570555", "+32470",
];

#[derive(Arbitrary, Debug)]
enum Number {
    Missing,
    Null,
    /// A real-looking E.164 number.
    Plan(u8, u32),
    /// `+` and digits, of any length.
    Digits(u64),
    /// A JSON number, as an older answer may send it.
    Json(u64),
    Text(Text),
}

#[derive(Arbitrary, Debug)]
enum Param {
    Linkedin,
    LinkedinCamel,
    First,
    FirstSdk,
    Last,
    LastSdk,
    Company,
    Domain,
    Other(Text),
}

#[derive(Arbitrary, Debug)]
enum Json {
    Text(Text),
    /// A LinkedIn link, with whatever follows the profile's path.
    Link(Text),
    Number(i64),
    Float(f64),
    Bool(bool),
    Null,
    Object(Vec<(Text, Leaf)>),
    Array(Vec<Leaf>),
}

#[derive(Arbitrary, Debug)]
enum Leaf {
    Text(Text),
    Number(i64),
    Null,
}

/// Text built of pieces that matter to one writer or another, or of anything at all.
#[derive(Arbitrary, Debug)]
struct Text(Vec<Piece>);

#[derive(Arbitrary, Debug)]
enum Piece {
    Free(String),
    Known(u8),
}

const PIECES: [&str; 32] = [
    "\r",
    "\n",
    "\r\n",
    "\u{2028}",
    "\u{2029}",
    "\u{85}",
    "\t",
    "\u{0}",
    "\u{1b}",
    "\u{7f}",
    ";",
    ",",
    "\\",
    "\"",
    ":",
    " ",
    "=",
    "+",
    "-",
    "@",
    "'",
    "END:VCARD\r\nBEGIN:VCARD\r\nTEL:+19005550199\r\n",
    "\r\nURL:https://evil.example\r\n",
    "_x000D_",
    "%0D%0A",
    "é",
    "東京",
    "📞",
    "\u{feff}",
    "+33612345678",
    "Ann",
    "https://www.linkedin.com/in/",
];

impl Text {
    fn text(&self) -> String {
        self.0
            .iter()
            .map(|piece| match piece {
                Piece::Free(text) => text.as_str(),
                Piece::Known(n) => PIECES[usize::from(*n) % PIECES.len()],
            })
            .collect()
    }
}

impl Input {
    fn answer(&self) -> Value {
        let results: Vec<Value> = self.rows.iter().map(Row::json).collect();
        let mut general = json!({"id": self.id.text(), "status": self.status.text()});
        if let Some(custom) = &self.custom {
            general["custom"] = custom.json();
        }
        json!({"general": general, "results": results, "stats": {"requested": self.rows.len()}})
    }
}

impl Row {
    fn json(&self) -> Value {
        let mut row = serde_json::Map::new();
        match self.index {
            Index::Missing => {}
            Index::Number(n) => {
                row.insert("index".into(), json!(n));
            }
            Index::Text(n) => {
                row.insert("index".into(), json!(n.to_string()));
            }
            Index::Spaced(n) => {
                row.insert("index".into(), json!(format!(" {n} ")));
            }
        }
        let qualification = match &self.qualification {
            Qualification::Found => Some(json!("found")),
            Qualification::NotFound => Some(json!("not_found")),
            Qualification::Missing => None,
            Qualification::Null => Some(Value::Null),
            Qualification::Valid => Some(json!("Valid")),
            Qualification::Other(text) => Some(json!(text.text())),
        };
        if let Some(qualification) = qualification {
            row.insert("qualification".into(), qualification);
        }
        let number = match &self.number {
            Number::Missing => None,
            Number::Null => Some(Value::Null),
            Number::Plan(prefix, digits) => Some(json!(format!(
                "{}{:07}",
                PREFIXES[usize::from(*prefix) % PREFIXES.len()],
                digits % 10_000_000
            ))),
            Number::Digits(digits) => Some(json!(format!("+{digits}"))),
            Number::Json(digits) => Some(json!(digits)),
            Number::Text(text) => Some(json!(text.text())),
        };
        if let Some(number) = number {
            row.insert("number".into(), number);
        }
        if let Some(country) = &self.country {
            row.insert("country".into(), json!(country.text()));
        }
        let params: serde_json::Map<String, Value> = self
            .params
            .iter()
            .map(|(name, value)| (name.name(), value.json()))
            .collect();
        row.insert("params".into(), Value::Object(params));
        if let Some(custom) = &self.custom {
            row.insert("custom".into(), custom.json());
        }
        Value::Object(row)
    }
}

impl Param {
    fn name(&self) -> String {
        match self {
            Self::Linkedin => "linkedin_url".into(),
            Self::LinkedinCamel => "linkedinUrl".into(),
            Self::First => "firstname".into(),
            Self::FirstSdk => "first_name".into(),
            Self::Last => "lastname".into(),
            Self::LastSdk => "last_name".into(),
            Self::Company => "company_name".into(),
            Self::Domain => "company_domain".into(),
            Self::Other(text) => text.text(),
        }
    }
}

impl Json {
    fn json(&self) -> Value {
        match self {
            Self::Text(text) => json!(text.text()),
            Self::Link(rest) => json!(format!("https://www.linkedin.com/in/{}", rest.text())),
            Self::Number(n) => json!(n),
            Self::Float(f) => json!(f),
            Self::Bool(b) => json!(b),
            Self::Null => Value::Null,
            Self::Object(fields) => Value::Object(
                fields
                    .iter()
                    .map(|(name, leaf)| (name.text(), leaf.json()))
                    .collect(),
            ),
            Self::Array(leaves) => Value::Array(leaves.iter().map(Leaf::json).collect()),
        }
    }
}

impl Leaf {
    fn json(&self) -> Value {
        match self {
            Self::Text(text) => json!(text.text()),
            Self::Number(n) => json!(n),
            Self::Null => Value::Null,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The checks.

/// The rows an export with `options` holds, as the engine chooses them.
fn exported<'a>(
    fetched: &'a FetchedBatch,
    options: &'a ExportOptions,
    phones: &'a export::Phones<'a>,
) -> Vec<&'a PhoneResult> {
    export::rows(fetched, options, phones).collect()
}

/// Whether a spreadsheet would run a cell starting so (OWASP's list).
fn runs_as_formula(cell: &str) -> bool {
    cell.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

fn read_csv(bytes: &[u8], delimiter: u8) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .from_reader(bytes)
        .records()
        .map(|record| {
            record
                .expect("the csv crate reads what was written")
                .iter()
                .map(str::to_owned)
                .collect()
        })
        .collect()
}

fn check_csv(fetched: &FetchedBatch, base: &ExportOptions) {
    let phones = export::phones_of(fetched);
    let rows = exported(fetched, base, &phones);
    let columns = export::columns_for(&fetched.batch);
    let labels = &base.labels;
    for delimiter in [Delimiter::Comma, Delimiter::Semicolon, Delimiter::Tab] {
        for bom in [true, false] {
            let options = ExportOptions {
                delimiter,
                bom,
                ..base.clone()
            };
            let mut out = Vec::new();
            let written = export::write_csv(fetched, &mut out, &options).expect("CSV in memory");
            assert_eq!(written, rows.len());
            let body = match out.strip_prefix(b"\xEF\xBB\xBF") {
                Some(body) => {
                    assert!(bom, "a byte order mark only when asked for");
                    body
                }
                None => {
                    assert!(!bom, "the byte order mark asked for");
                    &out[..]
                }
            };
            let records = read_csv(body, delimiter.byte());
            assert_eq!(
                records.len(),
                rows.len() + 1,
                "the header and one line per row"
            );
            let headers: Vec<String> = columns
                .iter()
                .map(|column| neutralise_formula(column.header(labels)).into_owned())
                .collect();
            assert_eq!(records[0], headers);
            for (row, record) in rows.iter().zip(&records[1..]) {
                assert_eq!(record.len(), columns.len(), "{record:?}");
                for (cell, column) in record.iter().zip(&columns) {
                    let expected = Cell::of(column, row, labels, &phones)
                        .as_text()
                        .into_owned();
                    if *column == Column::Phone && is_e164(&expected) {
                        assert_eq!(cell, &expected, "Enrow's number as sent");
                    } else {
                        assert_eq!(cell, &neutralise_formula(&expected), "{column:?}");
                        assert!(!runs_as_formula(cell), "{column:?}: {cell:?}");
                    }
                }
            }
        }
    }
}

/// Where each preset puts the first name, the last name, a mobile and any other number.
fn crm_columns(preset: Preset) -> (usize, usize, Option<usize>, usize) {
    match preset {
        Preset::Hubspot => (0, 1, Some(2), 3),
        Preset::Pipedrive => (1, 2, None, 3),
        Preset::Salesforce => (0, 1, Some(4), 3),
        Preset::Outlook => (0, 1, Some(3), 4),
    }
}

fn check_crm(fetched: &FetchedBatch, base: &ExportOptions) {
    let phones = export::phone_types_of(fetched);
    let found: Vec<&PhoneResult> = exported(fetched, base, &phones)
        .into_iter()
        .filter(|row| row.found_number().is_some())
        .collect();
    for preset in Preset::ALL {
        let options = ExportOptions {
            preset: Some(preset),
            ..base.clone()
        };
        let mut out = Vec::new();
        let written = export::write_csv(fetched, &mut out, &options).expect("CSV in memory");
        assert_eq!(written, found.len(), "{preset:?}: a line per found number");
        assert!(
            !out.starts_with(b"\xEF\xBB\xBF"),
            "no byte order mark for importers"
        );
        let records = read_csv(&out, b',');
        assert_eq!(records.len(), found.len() + 1, "{preset:?}");
        assert_eq!(records[0], preset.headers());
        let (first, last, mobile, other) = crm_columns(preset);
        for (row, record) in found.iter().zip(&records[1..]) {
            assert_eq!(
                record.len(),
                preset.headers().len(),
                "{preset:?} {record:?}"
            );
            let number = row.found_number().expect("found");
            let kind = phones
                .get(number)
                .map_or(PhoneType::Invalid, |info| info.kind);
            let phone_column = match mobile {
                Some(mobile) if kind == PhoneType::Mobile => mobile,
                _ => other,
            };
            let sent = if is_e164(number) {
                Cow::Borrowed(number)
            } else {
                neutralise_formula(number)
            };
            assert_eq!(record[phone_column], sent, "{preset:?} {record:?}");
            for (at, cell) in record.iter().enumerate() {
                let is_phone = at == other || Some(at) == mobile;
                if is_phone && at != phone_column {
                    assert_eq!(cell, "", "{preset:?}: one phone field filled");
                }
                if !(is_phone && is_e164(cell)) {
                    assert!(!runs_as_formula(cell), "{preset:?}: {cell:?}");
                }
            }
            let person = Person::of(row);
            let (first_name, last_name) = if person.has_names() {
                (person.first.as_str(), person.last.as_str())
            } else {
                ("", person.handle.as_str())
            };
            assert_eq!(record[first], neutralise_formula(first_name), "{preset:?}");
            assert_eq!(record[last], neutralise_formula(last_name), "{preset:?}");
        }
    }
}

fn check_xlsx(fetched: &FetchedBatch, options: &ExportOptions) {
    let phones = export::phones_of(fetched);
    let rows = exported(fetched, options, &phones);
    let columns = export::columns_for(&fetched.batch);
    let labels = &options.labels;
    let mut out = Cursor::new(Vec::new());
    let written = export::write_xlsx(fetched, &mut out, options).expect("a workbook in memory");
    assert_eq!(written, rows.len());
    out.set_position(0);
    let mut workbook = Xlsx::new(out).expect("calamine opens the workbook");
    assert_eq!(
        workbook.sheet_names(),
        [labels.results_sheet.as_str(), labels.summary_sheet.as_str()]
    );
    let sheet = workbook
        .worksheet_range(&labels.results_sheet)
        .expect("the results sheet");
    // Every row is there (the index and the result are never empty); an empty cell, such as
    // the header of a parameter without a name, reads back as no cell at all.
    assert_eq!(sheet.height(), rows.len() + 1);
    assert!(sheet.width() <= columns.len());
    let text = |text: &str| match text {
        "" => Data::Empty,
        text => Data::String(text.to_owned()),
    };
    let at = |line: usize, column: usize| {
        let position = (line as u32, column as u32);
        sheet.get_value(position).cloned().unwrap_or(Data::Empty)
    };
    for (c, column) in columns.iter().enumerate() {
        assert_eq!(at(0, c), text(column.header(labels)), "{column:?}");
    }
    for (line, row) in rows.iter().enumerate() {
        for (c, column) in columns.iter().enumerate() {
            // A workbook's text cell is never run: its text is kept exactly as the row holds it.
            let expected = match Cell::of(column, row, labels, &phones) {
                Cell::Text(value) => text(&value),
                Cell::Number(n) => Data::Float(n as f64),
                Cell::Empty => Data::Empty,
            };
            assert_eq!(at(line + 1, c), expected, "{column:?}");
        }
    }
    let summary = workbook
        .worksheet_range(&labels.summary_sheet)
        .expect("the summary sheet");
    let id = summary
        .rows()
        .find(|line| line.first() == Some(&Data::String(labels.batch_id.clone())))
        .and_then(|line| line.get(1).cloned());
    let expected_id = match fetched.batch.id() {
        "" => Data::Empty,
        id => Data::String(id.to_owned()),
    };
    assert_eq!(id.unwrap_or(Data::Empty), expected_id);
}

fn check_json(fetched: &FetchedBatch, options: &ExportOptions) {
    let phones = export::phones_of(fetched);
    let rows = exported(fetched, options, &phones);
    let mut out = Vec::new();
    let written = export::write_json(fetched, &mut out, options).expect("JSON in memory");
    assert_eq!(written, rows.len());
    let exported: Value = serde_json::from_slice(&out).expect("the export is JSON");
    let sent: Value = serde_json::from_slice(&fetched.raw).expect("the answer was JSON");
    if !options.found_only && !options.mobiles_only {
        assert_eq!(exported, sent, "Enrow's answer as sent");
        return;
    }
    // Filtered: the same answer, with only the rows exported, in the order sent.
    let (Value::Object(mut exported), Value::Object(mut sent)) = (exported, sent) else {
        panic!("a batch is an object");
    };
    let kept = exported.remove("results");
    let all = sent.remove("results");
    assert_eq!(exported, sent, "everything but the rows as sent");
    let kept = match kept {
        Some(Value::Array(kept)) => kept,
        other => {
            assert!(rows.is_empty(), "{other:?}");
            return;
        }
    };
    assert_eq!(kept.len(), rows.len());
    let Some(Value::Array(all)) = all else {
        panic!("rows kept from no rows");
    };
    let mut rest = all.iter();
    for row in &kept {
        assert!(rest.any(|sent| sent == row), "a row kept as sent, in order");
        if options.found_only {
            // Found as `Batch::from_json` decides it: said so, or a number without a word.
            let parsed: PhoneResult = serde_json::from_value(row.clone()).expect("a row");
            let said_nothing = parsed.qualification == enrow::Qualification::Missing;
            assert!(
                parsed.is_found() || (said_nothing && parsed.number.is_some()),
                "{row}"
            );
        }
    }
}

/// A vCard text value read back: RFC 2426's escapes undone, as an address book does.
fn unescape(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// What a text becomes on a card: line breaks as line breaks, a tab a space, other control
/// characters left out, no space at either end.
fn on_a_card(text: &str) -> String {
    let shown: String = text
        .replace("\r\n", "\n")
        .chars()
        .filter_map(|c| match c {
            '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}' => Some('\n'),
            '\t' => Some(' '),
            c if is_control(c) => None,
            c => Some(c),
        })
        .collect();
    shown.trim_matches(' ').to_owned()
}

fn check_vcf(fetched: &FetchedBatch, options: &ExportOptions) {
    let phones = export::phone_types_of(fetched);
    let rows: Vec<&PhoneResult> = exported(fetched, options, &phones)
        .into_iter()
        .filter(|row| row.found_number().is_some_and(is_e164))
        .collect();
    let mut out = Vec::new();
    let written = export::write_vcf(fetched, &mut out, options).expect("cards in memory");
    assert_eq!(written, rows.len(), "a card per E.164 number found");
    let text = String::from_utf8(out).expect("cards are UTF-8");
    // ical, like other readers, trims each line: a line may end in a space only where a run
    // of spaces fills it whole, and then values are compared without their spaces.
    let mut spaces_lost = false;
    for line in text.split_terminator("\r\n") {
        assert!(line.len() <= 75, "{line:?}");
        assert!(!line.chars().any(is_control), "{line:?}");
        if line.ends_with(' ') {
            assert!(line.trim_start_matches(' ').is_empty(), "{line:?}\n{text}");
            spaces_lost = true;
        }
    }
    let same = |read: &str, expected: &str| {
        // ical drops the colons a value starts with (it trims them as the separator's), which
        // RFC 2426 allows in text.
        let expected = expected.trim_start_matches(':');
        if spaces_lost {
            read.replace(' ', "") == expected.replace(' ', "")
        } else {
            read == expected
        }
    };
    assert!(text.is_empty() || text.ends_with("\r\n"));
    let cards: Vec<_> = ical::VcardParser::new(text.as_bytes())
        .collect::<Result<_, _>>()
        .unwrap_or_else(|error| panic!("ical reads every card: {error:?}\n{text}"));
    assert_eq!(cards.len(), rows.len(), "{text}");
    for (row, card) in rows.iter().zip(&cards) {
        let values = |name: &str| -> Vec<String> {
            card.properties
                .iter()
                .filter(|property| property.name == name)
                .map(|property| property.value.clone().unwrap_or_default())
                .collect()
        };
        let number = row.found_number().expect("found");
        assert_eq!(values("TEL"), [number], "{text}");
        assert_eq!(values("VERSION"), ["3.0"]);
        let person = Person::of(row);
        let url = export::linkedin_profile_url(&person.linkedin).map(String::from);
        assert_eq!(values("URL"), Vec::from_iter(url), "{text}");
        // Never an empty name: the number stands in.
        let display = match on_a_card(&person.display_name()) {
            name if name.is_empty() => number.to_owned(),
            name => name,
        };
        let fn_ = values("FN");
        assert_eq!(fn_.len(), 1, "{text}");
        let name = unescape(&fn_[0]);
        assert!(same(&name, &display), "{name:?} for {display:?}\n{text}");
        assert_eq!(values("N").len(), 1, "{text}");
        let org = values("ORG")
            .first()
            .map(|org| unescape(org))
            .unwrap_or_default();
        assert!(same(&org, &on_a_card(&person.company)), "{text}");
        let note = values("NOTE")
            .first()
            .map(|note| unescape(note))
            .unwrap_or_default();
        assert!(same(&note, &on_a_card(&person.note)), "{text}");
        let known = ["VERSION", "PRODID", "N", "FN", "ORG", "TEL", "URL", "NOTE"];
        for property in &card.properties {
            assert!(
                known.contains(&property.name.as_str()),
                "{property:?}\n{text}"
            );
        }
    }
}
