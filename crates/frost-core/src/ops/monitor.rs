//! Turns Nix's event stream into what a person watches: the progress model
//! and the log, plus the little an operation's result needs (the log's last
//! lines, Nix's warnings). One [`Monitor`] per run of Nix.

use std::collections::VecDeque;

use super::log::{LineKind, LogBatch, LogLine, LogModel};
use super::progress::{Progress, ProgressModel};
use crate::nix::{ActivityType, Field, LogEvent, ResultType};

/// Lines of the log kept for a failure report, whatever the view dropped.
pub const TAIL_LINES: usize = 30;
/// Warnings kept for the result; more are in the log.
const MAX_WARNINGS: usize = 20;
/// Nix's default verbosity (`info`): messages and activities above it are
/// what `-v` would add, and stay out of the log as they do in Nix's.
const SHOWN_LEVEL: u8 = 3;

/// What changed since the last update: the progress now and the new lines.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OpUpdate {
    pub progress: Progress,
    pub log: LogBatch,
}

#[derive(Debug)]
pub struct Monitor {
    progress: ProgressModel,
    /// Lines not yet handed to a view.
    pending: LogModel,
    /// The last lines already handed over.
    tail: VecDeque<LogLine>,
    warnings: Vec<String>,
}

impl Default for Monitor {
    fn default() -> Self {
        Self::new(LogModel::new())
    }
}

impl Monitor {
    /// `pending` holds the lines between two updates; its limits bound what
    /// piles up while nobody takes updates.
    pub fn new(pending: LogModel) -> Self {
        Monitor {
            progress: ProgressModel::new(),
            pending,
            tail: VecDeque::with_capacity(TAIL_LINES),
            warnings: Vec::new(),
        }
    }

    pub fn observe(&mut self, event: &LogEvent) {
        self.progress.observe(event);
        match event {
            LogEvent::Result {
                id,
                result: ResultType::BuildLogLine | ResultType::PostBuildLogLine,
                fields,
            } => {
                let Some(line) = fields.first().and_then(Field::as_str) else {
                    return;
                };
                let source = self.progress.activity_name(*id).cloned();
                self.pending.push_build_line(source, line);
            }
            LogEvent::Msg { level, msg, .. } if *level <= SHOWN_LEVEL => {
                let kind = match level {
                    0 if msg.starts_with("trace:") => LineKind::Info,
                    0 => LineKind::Error,
                    1 => LineKind::Warning,
                    _ => LineKind::Info,
                };
                if kind == LineKind::Warning && self.warnings.len() < MAX_WARNINGS {
                    let text = msg.strip_prefix("warning: ").unwrap_or(msg);
                    self.warnings.push(text.trim().to_owned());
                }
                self.push_message(kind, msg);
            }
            LogEvent::Start {
                level,
                text,
                activity,
                ..
            } if *level <= SHOWN_LEVEL
                && !text.is_empty()
                && *activity != ActivityType::BuildWaiting =>
            {
                // As Nix's own logger prints a started activity.
                self.push_message(LineKind::Info, &format!("{text}..."));
            }
            LogEvent::Text(line) => {
                let kind = if line.starts_with("error:") {
                    LineKind::Error
                } else if line.starts_with("warning:") {
                    LineKind::Warning
                } else {
                    LineKind::Info
                };
                self.push_message(kind, line);
            }
            _ => {}
        }
    }

    fn push_message(&mut self, kind: LineKind, text: &str) {
        for line in text.trim_end_matches('\n').split('\n') {
            self.pending.push(kind, None, line);
        }
    }

    /// The progress now and every line since the last update.
    pub fn take_update(&mut self) -> OpUpdate {
        let log = self.pending.take_batch();
        // The tail outlives the batches: copy the few lines it needs.
        let keep = log.lines.len().min(TAIL_LINES);
        for line in &log.lines[log.lines.len() - keep..] {
            if self.tail.len() == TAIL_LINES {
                self.tail.pop_front();
            }
            self.tail.push_back(line.clone());
        }
        OpUpdate {
            progress: self.progress.snapshot(),
            log,
        }
    }

    pub fn progress(&self) -> Progress {
        self.progress.snapshot()
    }

    /// The log's last [`TAIL_LINES`] lines.
    pub fn tail(&self) -> Vec<LogLine> {
        let all = self.tail.iter().chain(self.pending.iter());
        let skip = (self.tail.len() + self.pending.len()).saturating_sub(TAIL_LINES);
        all.skip(skip).cloned().collect()
    }

    /// A line of Frost's own in the log, between Nix's (such as "trying
    /// again").
    pub fn note(&mut self, text: &str) {
        self.push_message(LineKind::Info, text);
    }

    /// Nix's warnings, without the `warning: ` prefix.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }
}
