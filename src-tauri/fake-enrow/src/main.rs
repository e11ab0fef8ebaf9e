//! `fake-enrow`: the fake Enrow API as a small server, for trying the app and the CLI by hand.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::Duration;

use std::io::Write;

use clap::{Parser, Subcommand};
use fake_enrow::{FakeConfig, FakeEnrow, Fault, Reply, SCENARIOS};

/// A fake of Enrow's phone API, on this computer only.
#[derive(Debug, Parser)]
#[command(
    version,
    after_help = "Then, in another terminal:\n  \
    ENROW_API_URL=http://127.0.0.1:8787 ENROW_API_KEY=fake-key-valid-0000a1b2 \
    enrow-batch fetch e3b61122-d6a6-4ea7-b331-9b734682a76a"
)]
struct Args {
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 8787)]
    port: u16,
    /// Checks a batch created with POST /phone/bulk stays ongoing.
    #[arg(long, default_value_t = 3)]
    ongoing_checks: u32,
    /// Milliseconds added before every answer, to play a slow network.
    #[arg(long, default_value_t = 0)]
    latency_ms: u64,
    #[command(subcommand)]
    command: Option<Tool>,
}

#[derive(Debug, Subcommand)]
enum Tool {
    /// Print a scenario's (first) answer body and exit, e.g. to save a large batch for benchmarks.
    Dump {
        /// A scenario name from the list `fake-enrow` prints, such as rows-100000.
        name: String,
    },
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let args = Args::parse();
    if let Some(Tool::Dump { name }) = &args.command {
        return dump(name);
    }
    let config = FakeConfig {
        ongoing_checks: args.ongoing_checks,
        latency: Duration::from_millis(args.latency_ms),
        ..FakeConfig::default()
    };
    let addr = SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), args.port);
    let enrow = FakeEnrow::start_on(addr, config).await?;
    println!("Fake Enrow listening on {}", enrow.url());
    println!();
    println!("Keys:");
    println!(
        "  {:<32} phone search, 36,000 credits",
        fake_enrow::VALID_KEY
    );
    println!(
        "  {:<32} plan without phone search",
        fake_enrow::NO_PHONE_KEY
    );
    println!("  {:<32} no credits left", fake_enrow::NO_CREDITS_KEY);
    println!("  anything else                    refused (401)");
    println!();
    println!("Batches:");
    for named in SCENARIOS {
        println!("  {}  {}", named.id, named.name);
    }
    println!();
    println!("Faults (what a broken or hostile network can answer):");
    for fault in Fault::ALL {
        println!("  {}  {}", fault.id(), fault.name());
    }
    println!();
    println!("Press Ctrl+C to stop.");
    tokio::signal::ctrl_c().await?;
    enrow.stop().await;
    Ok(())
}

fn dump(name: &str) -> std::io::Result<()> {
    let Some(named) = SCENARIOS.iter().find(|named| named.name == name) else {
        let names: Vec<_> = SCENARIOS.iter().map(|named| named.name).collect();
        eprintln!("Unknown scenario {name:?}. Known: {}", names.join(", "));
        std::process::exit(2);
    };
    match named.scenario.script(named.id).first_reply() {
        Reply::Body { body, .. } => std::io::stdout().lock().write_all(&body),
        _ => {
            eprintln!("{name} has no plain body to print");
            std::process::exit(2);
        }
    }
}
