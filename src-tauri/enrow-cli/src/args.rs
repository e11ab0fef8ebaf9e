//! The command line.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

const EXIT_CODES: &str = "\
Exit codes:
  0   done
  1   anything else (e.g. the file could not be written)
  2   bad usage or batch id
  3   API key missing, invalid, or its plan has no phone search
  4   batch not found (unknown, expired, or made with another account)
  5   the batch failed on Enrow's side
  6   insufficient credits
  7   Enrow or the network still failing after retries
  8   merge: some rows of the sheet could not be matched (the file is still written)
  9   submit: some parts of the list were sent, the rest was not (see stderr)
  10  submit: Enrow may or may not have received a part: look at your Enrow dashboard
  75  batch still running (without --wait)

The API key comes from ENROW_API_KEY, or else from the keychain entry Enrow Desk saved.
ENROW_API_URL overrides https://api.enrow.io (https, or http to 127.0.0.1 only).
ENROW_DESK_DATA_DIR replaces the folder where Enrow Desk keeps its batches.";

/// Fetch Enrow bulk phone searches and export them to Excel, CSV, JSON, contact cards or CRM files.
#[derive(Debug, Parser)]
#[command(name = "enrow-batch", version, after_help = EXIT_CODES)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Fetch a batch: data to FILE (or stdout for csv/json), a summary on stderr.
    #[command(after_help = EXIT_CODES)]
    Fetch(FetchArgs),
    /// Print the account's credit balance.
    #[command(after_help = EXIT_CODES)]
    Account,
    /// List the batches Enrow Desk keeps on this computer (no network, no key).
    #[command(after_help = EXIT_CODES)]
    Saved,
    /// Put a batch's numbers back into the spreadsheet it was made from, next to the right
    /// person, in a new file (the original is never changed).
    #[command(after_help = EXIT_CODES)]
    Merge(MergeArgs),
    /// Send your own list to Enrow as bulk phone searches: the rows checked and the cost shown
    /// first; with --wait --output, the copy of the list with the numbers.
    #[command(after_help = EXIT_CODES)]
    Submit(SubmitArgs),
}

#[derive(Debug, Args)]
pub struct SubmitArgs {
    /// The list: .xlsx, .xls, .xlsb, .ods, or CSV.
    pub sheet: PathBuf,

    /// The sheet to send [default: the one with the most rows to search].
    #[arg(long = "sheet", visible_alias = "sheet-name", value_name = "NAME")]
    pub sheet_name: Option<String>,

    /// Which column holds what, where the headers do not say (as `merge --columns`):
    /// `linkedin=C,first=A,last=B,company=D`.
    #[arg(long, value_name = "ROLE=COLUMN,…", value_parser = parse_columns)]
    pub columns: Option<merge::ColumnChoice>,

    /// Print the columns, the rows checked and the cost, and send nothing.
    #[arg(long)]
    pub dry_run: bool,

    /// Send without asking (a script). Without it, a terminal is asked, and with no terminal
    /// nothing is sent.
    #[arg(long)]
    pub yes: bool,

    /// Send a list that was sent before (the same searches): it may be charged again.
    #[arg(long)]
    pub again: bool,

    /// Send only the first N searches (what your balance covers, say).
    #[arg(long, value_name = "N")]
    pub first: Option<usize>,

    /// Wait until every part is finished.
    #[arg(long)]
    pub wait: bool,

    /// With --wait: write a copy of the list with the numbers on their rows (.xlsx for a
    /// workbook, the same type for CSV).
    #[arg(long, short, value_name = "OUT", requires = "wait")]
    pub output: Option<PathBuf>,

    /// The language of the copy's new columns.
    #[arg(long, value_enum, default_value_t = LanguageArg::En)]
    pub language: LanguageArg,
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The batch id, as pasted: the id itself, a URL with ?id=…, or JSON with "id".
    #[arg(required_unless_present = "from_file")]
    pub batch_id: Option<String>,

    /// The spreadsheet the batch was made from: .xlsx, .xls, .xlsb, .ods, or CSV.
    #[arg(long, value_name = "SHEET")]
    pub into: PathBuf,

    /// Where to write the copy with the numbers (.xlsx for a workbook, the same type for CSV).
    #[arg(long, short, value_name = "OUT")]
    pub output: PathBuf,

    /// The sheet to fill [default: the one where the most rows match].
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,

    /// Which column holds what, where the headers do not say: ROLE=COLUMN pairs separated by
    /// commas, COLUMN a letter (D) or a number from 1, or `none`. Roles: linkedin, first,
    /// last, name (first and last in one cell), company, domain. E.g. `--columns company=D`.
    #[arg(long, value_name = "ROLE=COLUMN,…", value_parser = parse_columns)]
    pub columns: Option<merge::ColumnChoice>,

    /// The language of the new columns' headers and words.
    #[arg(long, value_enum, default_value_t = LanguageArg::En)]
    pub language: LanguageArg,

    /// Read a saved `GET /phone/bulk` answer instead of asking Enrow (no key needed).
    #[arg(long, value_name = "FILE", conflicts_with = "saved")]
    pub from_file: Option<PathBuf>,

    /// Use the results Enrow Desk saved for this batch on this computer (no network, no key).
    #[arg(long)]
    pub saved: bool,
}

/// `company=D,first=A,domain=none` as the person's choice of columns.
fn parse_columns(text: &str) -> Result<merge::ColumnChoice, String> {
    let mut choice = merge::ColumnChoice::default();
    for pair in text.split(',').filter(|pair| !pair.trim().is_empty()) {
        let (role, column) = pair
            .split_once('=')
            .ok_or_else(|| format!("“{pair}” is not ROLE=COLUMN, such as company=D"))?;
        let role = merge::Role::from_name(role).ok_or_else(|| {
            format!(
                "“{}” is not a role: use linkedin, first, last, name, company or domain",
                role.trim()
            )
        })?;
        let column = match column.trim() {
            none if none.eq_ignore_ascii_case("none") => None,
            column => Some(merge::parse_column(column).ok_or_else(|| {
                format!("“{column}” is not a column: use a letter such as D, or a number from 1")
            })?),
        };
        choice.0.insert(role, column);
    }
    Ok(choice)
}

#[derive(Debug, Args)]
pub struct FetchArgs {
    /// The batch id, as pasted: the id itself, a URL with ?id=…, or JSON with "id".
    #[arg(required_unless_present = "from_file")]
    pub batch_id: Option<String>,

    /// Keep checking until the batch is completed or failed (a progress bar in a terminal).
    #[arg(long)]
    pub wait: bool,

    /// Output format [default: from --output's extension, else csv].
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,

    /// Write to FILE instead of stdout (atomically: a failed write leaves no partial file).
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// A CSV that HubSpot (contacts), Pipedrive (people), Salesforce (leads) or Outlook
    /// imports with its columns already matched: one line per found number.
    #[arg(long, value_enum)]
    pub preset: Option<PresetArg>,

    /// Only the rows whose number was found.
    #[arg(long)]
    pub found_only: bool,

    /// Only mobiles (and numbers that may be one, where the country's plan cannot tell).
    #[arg(long)]
    pub mobiles_only: bool,

    /// The language of the headers and the phone types in CSV and Excel files.
    #[arg(long, value_enum, default_value_t = LanguageArg::En)]
    pub language: LanguageArg,

    /// CSV separator; semicolon suits Excel in Dutch, French or German settings.
    #[arg(long, value_enum, default_value_t = DelimiterArg::Comma)]
    pub delimiter: DelimiterArg,

    /// No UTF-8 byte order mark at the start of a CSV (Excel on Windows needs it for accents).
    #[arg(long)]
    pub no_bom: bool,

    /// Read a saved `GET /phone/bulk` answer instead of asking Enrow (no key needed).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["saved", "wait"])]
    pub from_file: Option<PathBuf>,

    /// Export the results Enrow Desk saved for this batch on this computer, without asking
    /// Enrow (no network, no key). See `enrow-batch saved`.
    #[arg(long, conflicts_with = "wait")]
    pub saved: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Xlsx,
    Csv,
    Json,
    /// Contact cards (vCard 3.0) for Google Contacts, an iPhone, a Mac or Outlook.
    Vcf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PresetArg {
    Hubspot,
    Pipedrive,
    Salesforce,
    Outlook,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LanguageArg {
    En,
    Nl,
    Fr,
}

impl LanguageArg {
    pub fn lang(self) -> desk::words::Lang {
        match self {
            Self::En => desk::words::Lang::En,
            Self::Nl => desk::words::Lang::Nl,
            Self::Fr => desk::words::Lang::Fr,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DelimiterArg {
    Comma,
    Semicolon,
    Tab,
}
