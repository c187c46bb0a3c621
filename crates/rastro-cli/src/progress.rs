//! Progress bars that stay out of the way: nothing is drawn when quiet or when standard error is
//! not a terminal, so that logs of scripted runs are not filled with redraws.

use std::io::IsTerminal;
use std::sync::{Mutex, MutexGuard, PoisonError};

use indicatif::{ProgressBar, ProgressStyle};
use rastro_app::{Progress, Unit};

/// Bars for the stages a use case reports, one at a time.
pub struct Bars {
    shown: bool,
    current: Mutex<Option<ProgressBar>>,
}

impl Bars {
    pub fn new(quiet: bool) -> Bars {
        Bars {
            shown: !quiet && std::io::stderr().is_terminal(),
            current: Mutex::new(None),
        }
    }

    /// The bar being drawn; a panic elsewhere does not stop the drawing.
    fn current(&self) -> MutexGuard<'_, Option<ProgressBar>> {
        self.current.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn with_bar(&self, f: impl FnOnce(&ProgressBar)) {
        if !self.shown {
            return;
        }
        if let Some(bar) = self.current().as_ref() {
            f(bar);
        }
    }
}

impl Progress for Bars {
    fn start(&self, label: &str, total: u64, unit: Unit) {
        if !self.shown {
            return;
        }
        let template = match unit {
            Unit::Bytes => "{msg} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} eta {eta}",
            Unit::Items => "{msg} [{bar:30}] {pos}/{len} {per_sec} eta {eta}",
        };
        let bar = ProgressBar::new(total);
        bar.set_style(
            ProgressStyle::with_template(template)
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        bar.set_message(label.to_string());
        let previous = self.current().replace(bar);
        if let Some(previous) = previous {
            previous.finish_and_clear();
        }
    }

    fn advance(&self, by: u64) {
        self.with_bar(|bar| bar.inc(by));
    }

    fn set_position(&self, position: u64) {
        self.with_bar(|bar| bar.set_position(position));
    }

    fn finish(&self) {
        if !self.shown {
            return;
        }
        if let Some(bar) = self.current().take() {
            bar.finish_and_clear();
        }
    }
}
