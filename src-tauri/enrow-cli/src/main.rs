//! `enrow-batch`: Enrow bulk phone searches from a terminal or a script, over the same engine as
//! Enrow Desk.

mod args;
mod exit;
mod fetch;
mod format;
mod key;
mod merge;
mod progress;
mod saved;
mod submit;

use std::process::ExitCode;

use clap::Parser;
use enrow::{BaseUrl, ClientConfig, EnrowClient, EnrowError};

use crate::args::{Cli, Command};
use crate::exit::Exit;

// The system's allocator, not mimalloc: mimalloc 3 takes transparent huge pages on Linux, so a
// 100,000-row batch peaked at 188 MiB against 118 with the system's, in the same time, and the
// kernel spent half the run zeroing pages (README, "Benchmarks").

/// Why the command stopped, with the exit code scripts see.
#[derive(Debug)]
pub struct Failure {
    pub exit: Exit,
    pub message: String,
}

impl Failure {
    pub fn usage(message: impl Into<String>) -> Self {
        Self {
            exit: Exit::Usage,
            message: message.into(),
        }
    }

    pub fn other(message: impl Into<String>) -> Self {
        Self {
            exit: Exit::Other,
            message: message.into(),
        }
    }
}

impl From<EnrowError> for Failure {
    fn from(error: EnrowError) -> Self {
        Self {
            exit: Exit::for_error(error.code()),
            message: error.to_string(),
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("Error: could not start: {e}");
            return Exit::Other.into();
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(exit) => exit.into(),
        Err(failure) => {
            eprintln!("Error: {}", failure.message);
            failure.exit.into()
        }
    }
}

async fn run(cli: Cli) -> Result<Exit, Failure> {
    let config = ClientConfig {
        base_url: BaseUrl::from_env().map_err(|e| Failure::usage(e.to_string()))?,
        user_agent: format!("EnrowDesk/{} enrow-batch", env!("CARGO_PKG_VERSION")),
        ..ClientConfig::default()
    };
    match cli.command {
        Command::Fetch(args) => fetch::run(args, config).await,
        Command::Account => {
            let client = EnrowClient::new(&key::api_key()?, config)?;
            let info = client.account_info().await?;
            let credits = info.credits.unwrap_or(0);
            println!("{credits}");
            eprintln!(
                "{} credits left on this Enrow account.",
                format::thousands(credits)
            );
            Ok(Exit::Done)
        }
        Command::Saved => saved::list(),
        Command::Merge(args) => merge::run(args, config).await,
        Command::Submit(args) => submit::run(args, config).await,
    }
}
