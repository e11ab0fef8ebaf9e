//! `enrow-batch fetch`.

use std::io::{self, IsTerminal};
use std::path::Path;

use bytes::Bytes;
use enrow::answer_numbers::{self, PlansAhead};
use enrow::export::{self, Delimiter, ExportOptions, Format, KnownPhones, Phones, Preset};
use enrow::phone::Forms;
use enrow::{
    Batch, BatchId, BatchStatus, ClientConfig, EnrowClient, EnrowError, FetchedBatch, WatchConfig,
    WatchControl, WatchError, Watcher,
};

use crate::args::{DelimiterArg, FetchArgs, FormatArg, PresetArg};
use crate::exit::Exit;
use crate::format::{percent, thousands};
use crate::progress::Reporter;
use crate::{Failure, key};

pub async fn run(args: FetchArgs, config: ClientConfig) -> Result<Exit, Failure> {
    let format = chosen_format(&args);
    let preset = args.preset.map(|preset| match preset {
        PresetArg::Hubspot => Preset::Hubspot,
        PresetArg::Pipedrive => Preset::Pipedrive,
        PresetArg::Salesforce => Preset::Salesforce,
        PresetArg::Outlook => Preset::Outlook,
    });
    if preset.is_some() && format != Format::Csv {
        return Err(Failure::usage(
            "A CRM file is a CSV file: use --preset with --format csv (or an --output ending \
             in .csv).",
        ));
    }
    if format == Format::Xlsx && args.output.is_none() && io::stdout().is_terminal() {
        return Err(Failure::usage(
            "An Excel file cannot be shown in a terminal. Add --output FILE.xlsx, or redirect \
             the output to a file.",
        ));
    }
    let options = ExportOptions {
        found_only: args.found_only,
        mobiles_only: args.mobiles_only,
        preset,
        labels: desk::words::export_labels(args.language.lang()),
        delimiter: match args.delimiter {
            DelimiterArg::Comma => Delimiter::Comma,
            DelimiterArg::Semicolon => Delimiter::Semicolon,
            DelimiterArg::Tab => Delimiter::Tab,
        },
        bom: !args.no_bom,
        ..ExportOptions::new(format)
    };
    let forms = export::forms_needed(&options);
    let source = Source {
        batch_id: args.batch_id.as_deref(),
        from_file: args.from_file.as_deref(),
        saved: args.saved,
        wait: args.wait,
    };
    // The plans that read a large answer's numbers load on another core while it is read.
    let ahead = match (forms, source.from_file) {
        (Some(_), Some(path)) => PlansAhead::start(std::fs::metadata(path).map_or(0, |m| m.len())),
        _ => PlansAhead::none(),
    };
    // A saved answer is read here rather than in `finished`: its numbers are classified on the
    // other cores while it is parsed (enrow::answer_numbers), and what is found points into its
    // bytes, which therefore stay until the file is written.
    let answer = source.from_file.map(read_answer_file).transpose()?;
    let (fetched, early) = match (&answer, source.from_file) {
        (Some(answer), Some(path)) => parse_saved(path, answer, forms, ahead)?,
        _ => (obtain(&source, config).await?, Phones::default()),
    };
    let mut fetched = match completed(fetched)? {
        Ok(fetched) => fetched,
        Err(exit) => return Ok(exit),
    };
    if format != Format::Json {
        // Enrow's own bytes serve the JSON export only: a 100,000-row answer is 16 MB less
        // held while the numbers are read and the file is written (when it came from Enrow).
        fetched.raw = Default::default();
    }
    let batch = &fetched.batch;
    let known = forms.map(|forms| KnownPhones::complete(early, forms, &batch.results));
    let rows = match &args.output {
        Some(path) => {
            export::export_to_path_knowing(&fetched, known.as_ref(), path, &options)
                .map_err(|e| Failure::other(e.to_string()))?
                .rows
        }
        None => write_stdout(&fetched, known.as_ref(), &options)?,
    };
    eprintln!("{}", summary(batch));
    if let Some(path) = &args.output {
        eprintln!(
            "Saved {} {} to {}",
            thousands(rows as u64),
            if format == Format::Vcf {
                "contacts"
            } else {
                "rows"
            },
            path.display()
        );
    }
    // The process ends now: freeing 100,000 rows one by one would only delay the exit.
    std::mem::forget(known);
    std::mem::forget(fetched);
    Ok(Exit::Done)
}

/// Where a batch's results come from: Enrow (waiting for it or not), a saved answer, or the
/// app's own copy.
pub struct Source<'a> {
    pub batch_id: Option<&'a str>,
    pub from_file: Option<&'a Path>,
    pub saved: bool,
    pub wait: bool,
}

/// The batch, once completed; `Err(exit)` when it is still running (said on stderr).
pub async fn finished(
    source: &Source<'_>,
    config: ClientConfig,
) -> Result<Result<FetchedBatch, Exit>, Failure> {
    let fetched = match source.from_file {
        Some(path) => parse_saved(path, &read_answer_file(path)?, None, PlansAhead::none())?.0,
        None => obtain(source, config).await?,
    };
    completed(fetched)
}

/// The batch from Enrow (waiting for it or not) or from the app's own copy.
async fn obtain(source: &Source<'_>, config: ClientConfig) -> Result<FetchedBatch, Failure> {
    let pasted = source.batch_id.unwrap_or_default();
    let id = BatchId::parse_forgiving(pasted).map_err(EnrowError::from)?;
    if source.saved {
        crate::saved::results(&id)
    } else {
        let client = EnrowClient::new(&key::api_key()?, config)?;
        if source.wait {
            wait_for(&client, &id).await
        } else {
            Ok(client.phone_bulk(&id).await?)
        }
    }
}

/// `fetched` if its batch is completed; `Err(exit)` when it is still running (said on stderr).
fn completed(fetched: FetchedBatch) -> Result<Result<FetchedBatch, Exit>, Failure> {
    let batch = &fetched.batch;
    match batch.status() {
        BatchStatus::Completed => Ok(Ok(fetched)),
        BatchStatus::Failed => {
            eprintln!("{}", summary(batch));
            Err(EnrowError::BatchFailed {
                batch_id: batch.id().to_owned(),
            }
            .into())
        }
        _ => {
            let (finished, requested) = batch.progress().unwrap_or((0, batch.requested()));
            eprintln!(
                "Batch {} is still running: {finished} of {requested} searches done. Run this \
                 again later, or add --wait to wait for it. No file was written.",
                batch.id()
            );
            Ok(Err(Exit::Ongoing))
        }
    }
}

fn chosen_format(args: &FetchArgs) -> Format {
    let from_extension = args
        .output
        .as_deref()
        .and_then(Path::extension)
        .and_then(
            |ext| match ext.to_string_lossy().to_ascii_lowercase().as_str() {
                "xlsx" => Some(Format::Xlsx),
                "json" => Some(Format::Json),
                "vcf" | "vcard" => Some(Format::Vcf),
                "csv" | "tsv" | "txt" => Some(Format::Csv),
                _ => None,
            },
        );
    match args.format {
        Some(FormatArg::Xlsx) => Format::Xlsx,
        Some(FormatArg::Csv) => Format::Csv,
        Some(FormatArg::Json) => Format::Json,
        Some(FormatArg::Vcf) => Format::Vcf,
        None => from_extension.unwrap_or(Format::Csv),
    }
}

async fn wait_for(client: &EnrowClient, id: &BatchId) -> Result<FetchedBatch, Failure> {
    let watcher = Watcher::new(client.clone(), WatchConfig::default());
    let control = WatchControl::new();
    let reporter = Reporter::new();
    let interrupted = {
        let control = control.clone();
        async move {
            let _ = tokio::signal::ctrl_c().await;
            control.cancel();
        }
    };
    let watch = watcher.watch(id, &control, |event| reporter.report(&event));
    let outcome = tokio::select! {
        outcome = watch => outcome,
        () = interrupted => Err(WatchError::Cancelled),
    };
    reporter.finish();
    match outcome {
        Ok(fetched) => Ok(fetched),
        Err(WatchError::Failed(error)) => Err(error.into()),
        Err(WatchError::Cancelled) => Err(Failure {
            exit: Exit::Ongoing,
            message: "Stopped before the batch finished. No file was written.".to_owned(),
        }),
    }
}

fn read_answer_file(path: &Path) -> Result<Bytes, Failure> {
    let raw = enrow::atomic::read_at_most(path, enrow::atomic::MAX_SAVED_ANSWER_BYTES).map_err(
        |e| match e.kind() {
            std::io::ErrorKind::FileTooLarge => Failure::usage(format!(
                "{} is larger than any answer Enrow sends ({} MB at most): it is not a saved batch.",
                path.display(),
                enrow::atomic::MAX_SAVED_ANSWER_BYTES / (1024 * 1024)
            )),
            _ => Failure::usage(format!("Cannot read {}: {e}", path.display())),
        },
    )?;
    Ok(raw.into())
}

fn parse_answer(path: &Path, answer: &[u8]) -> Result<Batch, Failure> {
    Batch::from_json(answer).map_err(|e| {
        Failure::usage(format!(
            "{} is not a saved Enrow batch answer: {e}",
            path.display()
        ))
    })
}

/// The saved `answer`, with what its numbers are (as far as they are found in its bytes) when
/// the export needs their `forms`, read with the plans loaded `ahead`.
fn parse_saved<'a>(
    path: &Path,
    answer: &'a Bytes,
    forms: Option<Forms>,
    ahead: PlansAhead,
) -> Result<(FetchedBatch, Phones<'a>), Failure> {
    let (batch, early) = match forms {
        Some(forms) => {
            answer_numbers::parse_classifying(answer, forms, ahead, || parse_answer(path, answer))
        }
        None => (parse_answer(path, answer), Phones::default()),
    };
    let fetched = FetchedBatch {
        batch: batch?,
        raw: answer.clone(),
    };
    Ok((fetched, early))
}

fn write_stdout(
    fetched: &FetchedBatch,
    known: Option<&KnownPhones<'_>>,
    options: &ExportOptions,
) -> Result<usize, Failure> {
    let written = export::write_to_stream(fetched, known, io::stdout().lock(), options);
    match written {
        Ok(rows) => Ok(rows),
        // The reader went away (`| head`): what it wanted, it got.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(0),
        Err(e) => Err(Failure::other(format!("Could not write the output: {e}"))),
    }
}

/// One line a person can read: status, found of requested, credits.
pub fn summary(batch: &Batch) -> String {
    let mut line = format!(
        "Batch {}: {}, {} of {} found",
        batch.id(),
        batch.status(),
        thousands(batch.found()),
        thousands(batch.requested())
    );
    if let Some(rate) = batch.hit_rate() {
        line.push_str(&format!(" ({})", percent(rate)));
    }
    if let Some(charged) = batch.credits_charged() {
        line.push_str(&format!(
            "; credits: {} charged, {} refunded, {} net",
            thousands(charged),
            thousands(batch.credits_refunded()),
            thousands(batch.net_credits().unwrap_or(charged))
        ));
    }
    line
}
