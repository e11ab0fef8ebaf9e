//! `enrow-batch submit`: a list sent to Enrow from a script or a terminal, as careful as the app
//! is: the rows checked and the cost said first, a confirmation (or `--yes`), every part written
//! down before it leaves, never sent twice by itself, and with `--wait --output` the copy of the
//! list with each number on the rows it was searched from.

use std::io::{BufRead, IsTerminal, Write};

use enrow::{BatchId, ClientConfig, EnrowClient, EnrowError, WatchConfig, WatchControl, Watcher};
use merge::Role;
use submit::{Cost, ListPlan, SendOutcome, Skip, Store, Submission};

use crate::Failure;
use crate::args::SubmitArgs;
use crate::exit::Exit;
use crate::format::thousands;

pub async fn run(args: SubmitArgs, config: ClientConfig) -> Result<Exit, Failure> {
    let spreadsheet = merge::open(&args.sheet).map_err(|e| Failure::usage(e.to_string()))?;
    let choice = args.columns.clone().unwrap_or_default();
    let mut plan = submit::plan::plan(&spreadsheet, args.sheet_name.as_deref(), &choice)
        .map_err(|e| Failure::usage(e.to_string()))?;
    if let Some(first) = args.first {
        plan = plan.first(first);
    }
    say_columns(&spreadsheet.sheets[plan.sheet], &plan);
    say_checks(&plan);

    // The balance, to weigh the cost against; a dry run goes on without a key.
    let key = crate::key::api_key();
    let client = match &key {
        Ok(key) => Some(EnrowClient::new(key, config.clone())?),
        Err(_) if args.dry_run => None,
        Err(error) => return Err(error.clone().into()),
    };
    let balance = match &client {
        Some(client) => client.account_info().await?.credits,
        None => None,
    };
    let cost = Cost::of(plan.searches.len(), balance);
    say_cost(&cost);

    let store = Store::new(&data_folder()?);
    let now = submit::send::now_ms();
    let hash = submit::record::searches_hash(&plan.searches);
    let before = store.sent_before(&hash, now);
    for earlier in &before {
        eprintln!(
            "This list was sent before, on {} ({}): sending it again may be charged again.",
            when(earlier.created_at),
            earlier
                .batch_ids()
                .iter()
                .map(|(_, id)| id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    if args.dry_run {
        eprintln!("Dry run: nothing was sent.");
        return Ok(Exit::Done);
    }
    if !before.is_empty() && !args.again {
        return Err(Failure::usage(
            "Nothing was sent. To send the same list again (it may be charged again), add \
             --again.",
        ));
    }
    if !args.yes && !confirmed(&cost)? {
        return Err(Failure::usage("Nothing was sent."));
    }
    let Some(client) = client else {
        return Err(EnrowError::MissingKey.into());
    };

    let bytes = enrow::atomic::read_at_most(&args.sheet, merge::limits::MAX_FILE_BYTES)
        .map_err(|e| Failure::usage(e.to_string()))?;
    let hash = submit::record::file_hash(&bytes);
    let mut submission = Submission::new(&plan, &args.sheet, &hash, now);
    store
        .save(&submission)
        .map_err(|e| Failure::other(e.to_string()))?;
    let parts = submission.parts.len();
    let outcome = submit::send_parts(
        &mut submission,
        &store,
        &client,
        &submit::SendConfig::default(),
        None,
        |event| match event {
            submit::SendEvent::Sending { part } => {
                eprintln!("Sending part {} of {parts}…", part + 1);
            }
            submit::SendEvent::Sent { batch_id, name, .. } => {
                // The ids on stdout, one a line, for scripts.
                println!("{batch_id}");
                eprintln!("Enrow took {name}: batch {batch_id}.");
            }
            submit::SendEvent::Waiting { seconds, .. } => {
                eprintln!("Enrow asks to wait: sending again in {seconds} s.");
            }
        },
    )
    .await
    .map_err(|e| Failure::other(e.to_string()))?;
    match outcome {
        SendOutcome::AllSent => {}
        SendOutcome::Refused {
            part,
            code,
            message,
            ..
        } => {
            let nothing_sent = submission.batch_ids().is_empty();
            let exit = if nothing_sent {
                Exit::for_error(code_of(&code))
            } else {
                Exit::PartlySent
            };
            return Err(Failure {
                exit,
                message: format!(
                    "Enrow refused part {} of {parts}, and took nothing for it: {message}{}",
                    part + 1,
                    later(&submission)
                ),
            });
        }
        SendOutcome::NotSent {
            part,
            code,
            message,
            ..
        } => {
            let exit = if submission.batch_ids().is_empty() {
                Exit::for_error(code_of(&code))
            } else {
                Exit::PartlySent
            };
            return Err(Failure {
                exit,
                message: format!(
                    "Part {} of {parts} was not sent (it never reached Enrow): {message}{}",
                    part + 1,
                    later(&submission)
                ),
            });
        }
        SendOutcome::Unknown { part, message } => {
            return Err(Failure {
                exit: Exit::Unknown,
                message: format!("Part {} of {parts}: {message}", part + 1),
            });
        }
    }
    if !args.wait {
        eprintln!(
            "Sent: {} searches in {parts} batch(es). Fetch each with `enrow-batch fetch ID --wait`.",
            thousands(submission.searches.len() as u64)
        );
        return Ok(Exit::Done);
    }

    // Every part, once finished.
    let mut finished = Vec::new();
    for (part, id) in submission.batch_ids() {
        let id = BatchId::parse_forgiving(&id).map_err(EnrowError::from)?;
        eprintln!("Waiting for part {} of {parts}…", part + 1);
        let watcher = Watcher::new(client.clone(), WatchConfig::default());
        let fetched = watcher
            .watch(&id, &WatchControl::new(), |_| {})
            .await
            .map_err(|e| Failure::other(e.to_string()))?;
        eprintln!("{}", crate::fetch::summary(&fetched.batch));
        finished.push(Some(fetched));
    }
    let Some(output) = &args.output else {
        return Ok(Exit::Done);
    };
    // Read again: the copy is made from the file as it is now.
    let spreadsheet = merge::open(&args.sheet).map_err(|e| Failure::usage(e.to_string()))?;
    let (combined, placed) = submit::place(&submission, &spreadsheet, &finished)
        .map_err(|e| Failure::other(e.to_string()))?;
    let labels = desk::words::export_labels(args.language.lang());
    let written = merge::write(&spreadsheet, &placed, &combined, &labels, output)
        .map_err(|e| Failure::other(e.to_string()))?;
    eprintln!(
        "Saved {}: {} rows with their result.",
        written.path.display(),
        thousands(written.matched as u64)
    );
    Ok(Exit::Done)
}

fn data_folder() -> Result<std::path::PathBuf, Failure> {
    desk::paths::data_dir().ok_or_else(|| {
        Failure::other(format!(
            "This computer has no data folder for Enrow Desk's records; set {} to one.",
            desk::paths::DATA_DIR_ENV
        ))
    })
}

/// Which column each role is read from, with its header.
fn say_columns(sheet: &merge::Sheet, plan: &ListPlan) {
    let header = plan.layout.header;
    let shown: Vec<String> = Role::ALL
        .into_iter()
        .filter_map(|role| {
            let column = plan.layout.columns.get(role)?;
            let title = header
                .map(|row| sheet.text(row, column))
                .filter(|title| !title.trim().is_empty())
                .map(|title| format!(" (“{}”)", title.trim()))
                .unwrap_or_default();
            Some(format!(
                "{} = {}{title}",
                role.name(),
                merge::column_letter(column)
            ))
        })
        .collect();
    eprintln!(
        "Sheet “{}”, columns: {}.",
        plan.sheet_name,
        shown.join(", ")
    );
}

/// Each group of rows, counted and listed as the spreadsheet numbers them.
fn say_checks(plan: &ListPlan) {
    let rows =
        |rows: &[usize]| merge::row_ranges(&rows.iter().map(|row| row + 1).collect::<Vec<_>>());
    let rows_sent: usize = plan.rows_of.iter().map(Vec::len).sum();
    eprintln!(
        "{} searches from {} rows.",
        thousands(plan.searches.len() as u64),
        thousands(rows_sent as u64)
    );
    let duplicates = plan.duplicates();
    if !duplicates.is_empty() {
        eprintln!(
            "  {} rows are the same person as an earlier row (searched once, the number goes on \
             each): rows {}",
            thousands(duplicates.len() as u64),
            rows(&duplicates)
        );
    }
    for (skip, what) in [
        (
            Skip::TooLittle,
            "hold too little to search (no LinkedIn link, and not first name, last name and \
             company), not sent",
        ),
        (
            Skip::NotAProfile,
            "have a link that is not a person's LinkedIn profile, not sent",
        ),
    ] {
        let skipped = plan.skipped_for(skip);
        if !skipped.is_empty() {
            eprintln!(
                "  {} rows {what}: rows {}",
                thousands(skipped.len() as u64),
                rows(&skipped)
            );
        }
    }
}

fn say_cost(cost: &Cost) {
    eprintln!(
        "{} searches. Enrow charges 40 credits for each number it finds (50 on older plans) and \
         nothing for the others: at most {} credits.{}",
        thousands(cost.searches),
        thousands(cost.at_most),
        cost.balance
            .map(|balance| format!(" You have {}.", thousands(balance)))
            .unwrap_or_default()
    );
    if let (Some(false), Some(affordable)) = (cost.covered, cost.affordable) {
        eprintln!(
            "Your balance does not cover the worst case. Send anyway (Enrow stops at your \
             balance), or only the first {} searches with --first {affordable}.",
            thousands(affordable)
        );
    }
}

/// Asks on the terminal; no terminal, no sending.
fn confirmed(cost: &Cost) -> Result<bool, Failure> {
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        return Err(Failure::usage(
            "Nothing was sent: there is no terminal to ask. Add --yes to send without asking.",
        ));
    }
    eprint!(
        "Send {} searches (at most {} credits)? [y/N] ",
        thousands(cost.searches),
        thousands(cost.at_most)
    );
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    stdin
        .lock()
        .read_line(&mut answer)
        .map_err(|e| Failure::usage(e.to_string()))?;
    Ok(matches!(
        answer.trim().to_ascii_lowercase().as_str(),
        "y" | "yes"
    ))
}

/// What the rest of the list is waiting for.
fn later(submission: &Submission) -> String {
    let sent = submission.batch_ids();
    if sent.is_empty() {
        return String::new();
    }
    format!(
        " Sent before it: {}.",
        sent.iter()
            .map(|(part, id)| format!("part {} as {id}", part + 1))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

fn code_of(code: &str) -> enrow::ErrorCode {
    use enrow::ErrorCode as C;
    [
        C::InsufficientCredits,
        C::InvalidKey,
        C::MissingKey,
        C::PhoneNotAllowed,
        C::RateLimited,
        C::Network,
        C::Timeout,
        C::ServerError,
    ]
    .into_iter()
    .find(|known| known.as_str() == code)
    .unwrap_or(C::UnexpectedResponse)
}

/// A record's date, as a person reads it (UTC).
fn when(ms: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .map(|at| {
            format!(
                "{}-{:02}-{:02} at {:02}:{:02} UTC",
                at.year(),
                u8::from(at.month()),
                at.day(),
                at.hour(),
                at.minute()
            )
        })
        .unwrap_or_default()
}
