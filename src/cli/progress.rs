//! A spinner on stderr for work that takes over a second: shown only on a
//! terminal, never with `--quiet`, and cleared before anything else is
//! printed, so logs and pipes never see it.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Work shorter than this shows no progress at all.
const SHOW_AFTER: Duration = Duration::from_secs(1);

pub struct Progress {
    bar: Option<ProgressBar>,
    /// Set once finished, so a late timer never draws a finished bar.
    done: Arc<Mutex<bool>>,
}

impl Progress {
    /// Starts timing `message`; the spinner appears after a second when
    /// `enabled` (a terminal, and no `--quiet`).
    pub fn start(enabled: bool, message: &str) -> Progress {
        let done = Arc::new(Mutex::new(false));
        if !enabled {
            return Progress { bar: None, done };
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} ({elapsed})") {
            bar.set_style(style);
        }
        bar.set_message(message.to_string());
        let (later, finished) = (bar.clone(), Arc::clone(&done));
        std::thread::spawn(move || {
            std::thread::sleep(SHOW_AFTER);
            let finished = finished.lock().unwrap_or_else(|e| e.into_inner());
            if !*finished {
                later.set_draw_target(ProgressDrawTarget::stderr());
                later.enable_steady_tick(Duration::from_millis(100));
            }
        });
        Progress {
            bar: Some(bar),
            done,
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        let mut done = self.done.lock().unwrap_or_else(|e| e.into_inner());
        *done = true;
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
