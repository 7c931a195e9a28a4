//! The log of an operation, bounded: a build that prints a million lines
//! keeps only the last [`DEFAULT_MAX_LINES`] (and at most
//! [`DEFAULT_MAX_BYTES`] of text), and counts the ones it dropped.
//!
//! The same [`LogModel`] serves both sides of the worker: the operation fills
//! one as events arrive and hands its new lines over in a [`LogBatch`] a few
//! times a second ([`LogModel::take_batch`]); the window keeps its own and
//! applies each batch at once ([`LogModel::apply`]), which says how many rows
//! to remove at the top and how many to add at the bottom, so a list view is
//! updated with one splice instead of one change per line.

use std::collections::VecDeque;
use std::sync::Arc;

use crate::nix::strip_ansi;

/// Lines a log keeps by default.
pub const DEFAULT_MAX_LINES: usize = 10_000;
/// Text a log keeps by default; with [`MAX_LINE_BYTES`] per line this is
/// what bounds a log of very long lines.
pub const DEFAULT_MAX_BYTES: usize = 16 << 20;
/// Longer lines are cut here (at a character boundary) and end in `…`.
pub const MAX_LINE_BYTES: usize = 8 << 10;

/// What a line is, for highlighting and counting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LineKind {
    /// Printed by a builder.
    Build,
    /// A message from Nix, or an activity it started.
    Info,
    Warning,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogLine {
    /// Position in the whole log, counting dropped lines: stable across
    /// batches, so a view can tell lines apart and see gaps.
    pub seq: u64,
    pub kind: LineKind,
    /// The package whose build printed the line (`hello`), if any.
    pub source: Option<Arc<str>>,
    /// Without terminal escapes.
    pub text: Box<str>,
}

impl LogLine {
    /// What keeping the line costs: the line itself and its text.
    fn cost(&self) -> usize {
        std::mem::size_of::<LogLine>() + self.text.len()
    }
}

/// Counts over the whole log, dropped lines included.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LogCounts {
    pub total: u64,
    pub warnings: u64,
    pub errors: u64,
}

/// New lines for a view, in order; `counts` are the log's totals so far.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LogBatch {
    pub lines: Vec<LogLine>,
    pub counts: LogCounts,
}

impl LogBatch {
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }
}

/// What [`LogModel::apply`] changed: remove `removed_front` rows from the
/// top of a view, then append the model's last `appended` lines.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Applied {
    pub removed_front: usize,
    pub appended: usize,
}

#[derive(Debug, Clone)]
pub struct LogModel {
    lines: VecDeque<LogLine>,
    max_lines: usize,
    max_bytes: usize,
    bytes: usize,
    counts: LogCounts,
}

impl Default for LogModel {
    fn default() -> Self {
        Self::new()
    }
}

impl LogModel {
    pub fn new() -> Self {
        Self::with_limits(DEFAULT_MAX_LINES, DEFAULT_MAX_BYTES)
    }

    /// A log keeping at most `max_lines` lines (at least one) and about
    /// `max_bytes` bytes (the newest line is always kept).
    pub fn with_limits(max_lines: usize, max_bytes: usize) -> Self {
        LogModel {
            lines: VecDeque::new(),
            max_lines: max_lines.max(1),
            max_bytes,
            bytes: 0,
            counts: LogCounts::default(),
        }
    }

    /// Adds a line: escapes removed, a carriage-return progress line reduced
    /// to what a terminal would end up showing, cut at [`MAX_LINE_BYTES`].
    pub fn push(&mut self, kind: LineKind, source: Option<Arc<str>>, text: &str) {
        self.push_with(|_| kind, source, text);
    }

    /// Adds a builder's line, classified by [`classify_build_line`] once its
    /// escapes are gone.
    pub fn push_build_line(&mut self, source: Option<Arc<str>>, text: &str) {
        self.push_with(classify_build_line, source, text);
    }

    fn push_with(
        &mut self,
        kind: impl FnOnce(&str) -> LineKind,
        source: Option<Arc<str>>,
        text: &str,
    ) {
        let text = strip_ansi(text);
        let text = last_overwrite(&text);
        let kind = kind(text);
        let line = LogLine {
            seq: self.counts.total,
            kind,
            source,
            text: truncate(text).into(),
        };
        self.count(kind);
        self.counts.total += 1;
        self.insert(line);
    }

    /// Adds a message of one or more lines (Nix's errors span several).
    pub fn push_message(&mut self, kind: LineKind, text: &str) {
        let text = text.trim_end_matches('\n');
        for line in text.split('\n') {
            self.push(kind, None, line);
        }
    }

    fn count(&mut self, kind: LineKind) {
        match kind {
            LineKind::Warning => self.counts.warnings += 1,
            LineKind::Error => self.counts.errors += 1,
            LineKind::Build | LineKind::Info => {}
        }
    }

    fn insert(&mut self, line: LogLine) {
        self.bytes += line.cost();
        self.lines.push_back(line);
        while self.lines.len() > self.max_lines
            || (self.bytes > self.max_bytes && self.lines.len() > 1)
        {
            if let Some(old) = self.lines.pop_front() {
                self.bytes -= old.cost();
            }
        }
    }

    /// Hands over every line held (the model is empty afterwards, its counts
    /// stay). Lines dropped before this show as gaps in `seq`.
    pub fn take_batch(&mut self) -> LogBatch {
        self.bytes = 0;
        LogBatch {
            lines: Vec::from(std::mem::take(&mut self.lines)),
            counts: self.counts,
        }
    }

    /// Appends a batch from [`take_batch`](Self::take_batch), dropping the
    /// oldest lines beyond the limits. All batches applied to one model must
    /// come from one operation: `seq` and the counts are per operation.
    pub fn apply(&mut self, batch: LogBatch) -> Applied {
        let old_len = self.lines.len();
        let batch_len = batch.lines.len();
        for line in batch.lines {
            self.insert(line);
        }
        self.counts = batch.counts;
        let new_len = self.lines.len();
        // Old lines go first, so the batch's own lines are the last ones
        // unless the batch alone overflowed the model.
        let appended = batch_len.min(new_len);
        Applied {
            removed_front: old_len + appended - new_len,
            appended,
        }
    }

    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    pub fn get(&self, index: usize) -> Option<&LogLine> {
        self.lines.get(index)
    }

    /// Oldest first.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &LogLine> + ExactSizeIterator {
        self.lines.iter()
    }

    pub fn counts(&self) -> LogCounts {
        self.counts
    }

    /// Lines seen but no longer held.
    pub fn dropped(&self) -> u64 {
        self.counts.total.saturating_sub(self.lines.len() as u64)
    }

    /// Memory the held lines take: each line's own size plus its text.
    pub fn bytes_held(&self) -> usize {
        self.bytes
    }

    /// Indices of the lines containing `query`, ignoring case.
    pub fn search(&self, query: &str) -> Vec<usize> {
        if query.is_empty() {
            return Vec::new();
        }
        let query = query.to_lowercase();
        self.lines
            .iter()
            .enumerate()
            .filter(|(_, l)| l.text.to_lowercase().contains(&query))
            .map(|(i, _)| i)
            .collect()
    }

    /// The last `n` lines as text, `source> text` for build lines, the way
    /// `nix build -L` prints them.
    pub fn tail_text(&self, n: usize) -> Vec<String> {
        let skip = self.lines.len().saturating_sub(n);
        self.lines.iter().skip(skip).map(display_line).collect()
    }

    /// Every held line as one text, for copying.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for line in &self.lines {
            out.push_str(&display_line(line));
            out.push('\n');
        }
        out
    }
}

/// A line as `nix build -L` shows it: `hello> text` for build output.
pub fn display_line(line: &LogLine) -> String {
    match &line.source {
        Some(source) => format!("{source}> {}", line.text),
        None => line.text.to_string(),
    }
}

/// What a builder's line is: errors and warnings as compilers and build
/// tools write them (`error:`, `Warning:`, `ERROR …`, make's
/// `*** [all] Error 2`), else plain output. `-Werror` or `0 errors` are not.
pub fn classify_build_line(text: &str) -> LineKind {
    let bytes = text.as_bytes();
    if tagged(bytes, b"error")
        || text.starts_with("ERROR")
        || (text.contains("*** ") && text.contains("] Error "))
    {
        LineKind::Error
    } else if tagged(bytes, b"warning") || text.starts_with("WARN") {
        LineKind::Warning
    } else {
        LineKind::Build
    }
}

/// Whether `word` (ASCII case ignored) stands right before a `:` and is not
/// the end of a longer word. Looks at the colons only: most lines have few.
fn tagged(bytes: &[u8], word: &[u8]) -> bool {
    bytes.iter().enumerate().any(|(colon, &b)| {
        b == b':'
            && colon >= word.len()
            && bytes[colon - word.len()..colon].eq_ignore_ascii_case(word)
            && (colon == word.len() || !bytes[colon - word.len() - 1].is_ascii_alphanumeric())
    })
}

/// A line redrawn with `\r` (progress output) shows its last part.
fn last_overwrite(text: &str) -> &str {
    match text.trim_end_matches('\r').rsplit_once('\r') {
        Some((_, last)) => last,
        None => text.trim_end_matches('\r'),
    }
}

fn truncate(text: &str) -> String {
    if text.len() <= MAX_LINE_BYTES {
        return text.to_owned();
    }
    let mut end = MAX_LINE_BYTES - '…'.len_utf8();
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}

#[cfg(test)]
#[path = "log_tests.rs"]
mod tests;
