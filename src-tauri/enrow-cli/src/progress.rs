//! What `--wait` shows while a batch runs: a bar in a terminal, plain lines in a log.

use std::io::IsTerminal;
use std::time::Duration;

use enrow::WatchEvent;
use indicatif::{ProgressBar, ProgressStyle};

pub struct Reporter {
    bar: Option<ProgressBar>,
}

impl Reporter {
    pub fn new() -> Self {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::new(0);
            if let Ok(style) = ProgressStyle::with_template(
                "{spinner} [{bar:36}] {pos}/{len} searches done  {msg}",
            ) {
                bar.set_style(style.progress_chars("=> "));
            }
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        });
        Self { bar }
    }

    pub fn report(&self, event: &WatchEvent) {
        let line = match event {
            // The bar's spinner already shows that it is working.
            WatchEvent::Checking { .. } => return,
            WatchEvent::Progress(progress) => {
                if let Some(bar) = &self.bar {
                    bar.set_length(progress.requested);
                    bar.set_position(progress.finished);
                }
                format!(
                    "{} of {} searches done; next check in {}",
                    progress.finished,
                    progress.requested,
                    seconds(progress.next_check_in)
                )
            }
            WatchEvent::Retrying {
                error,
                next_check_in,
                ..
            } => format!("{error} Checking again in {}.", seconds(*next_check_in)),
        };
        match &self.bar {
            Some(bar) if matches!(event, WatchEvent::Progress(_)) => {
                bar.set_message(format!("next check in {}", seconds(next_check_in(event))));
            }
            Some(bar) => bar.println(line),
            None => eprintln!("{line}"),
        }
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

fn next_check_in(event: &WatchEvent) -> Duration {
    match event {
        WatchEvent::Progress(progress) => progress.next_check_in,
        WatchEvent::Retrying { next_check_in, .. } => *next_check_in,
        WatchEvent::Checking { .. } => Duration::ZERO,
    }
}

fn seconds(duration: Duration) -> String {
    format!("{} s", duration.as_secs_f64().round() as u64)
}
