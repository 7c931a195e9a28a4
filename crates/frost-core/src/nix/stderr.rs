//! What the runner makes of Nix's stderr: lines, bounded and decoded
//! leniently, and the error message to show when Nix fails.

use std::collections::VecDeque;

use super::events::{strip_ansi, LogEvent};
use crate::i18n::gettext;

/// Longest stderr line kept; the rest of a longer line is dropped. Nix's
/// longest lines are error messages with traces, far below this.
pub const MAX_LINE: usize = 1 << 20;

/// Plain-text stderr lines kept for the error message when Nix printed no
/// JSON error (e.g. it failed before its logger was set up).
const TEXT_TAIL: usize = 10;

/// What the line buffer may keep between lines, so that one long line does
/// not hold a megabyte for the rest of the run.
const KEEP_CAPACITY: usize = 64 * 1024;

/// Splits stderr bytes into lines, keeping at most [`MAX_LINE`] bytes of each
/// and decoding them leniently (Nix passes builder output through as is).
#[derive(Debug, Default)]
pub(crate) struct LineSplitter {
    partial: Vec<u8>,
    pub(crate) ready: VecDeque<String>,
}

impl LineSplitter {
    pub(crate) fn push(&mut self, mut bytes: &[u8]) {
        while let Some(end) = bytes.iter().position(|&b| b == b'\n') {
            self.extend(&bytes[..end]);
            self.end_line();
            bytes = &bytes[end + 1..];
        }
        self.extend(bytes);
    }

    fn extend(&mut self, bytes: &[u8]) {
        let room = MAX_LINE.saturating_sub(self.partial.len());
        self.partial
            .extend_from_slice(&bytes[..bytes.len().min(room)]);
    }

    fn end_line(&mut self) {
        let line = self.partial.strip_suffix(b"\r").unwrap_or(&self.partial);
        self.ready
            .push_back(String::from_utf8_lossy(line).into_owned());
        self.partial.clear();
        self.partial.shrink_to(KEEP_CAPACITY);
    }

    /// A last line without a newline still counts.
    pub(crate) fn finish(&mut self) {
        if !self.partial.is_empty() {
            self.end_line();
        }
    }
}

/// Remembers what Nix said about a failure while the events go by.
#[derive(Debug, Default)]
pub(crate) struct ErrorTrail {
    /// The last error Nix raised as an error (it carries `raw_msg`).
    error: Option<String>,
    /// The last other level-0 message (`trace:` output, hints).
    other: Option<String>,
    text: VecDeque<String>,
}

impl ErrorTrail {
    pub(crate) fn observe(&mut self, event: &LogEvent) {
        match event {
            LogEvent::Msg {
                level: 0,
                msg,
                raw_msg,
                ..
            } => {
                let slot = if raw_msg.is_some() {
                    &mut self.error
                } else {
                    &mut self.other
                };
                *slot = Some(msg.clone());
            }
            LogEvent::Text(line) => {
                let line = strip_ansi(line);
                if !line.trim().is_empty() {
                    if self.text.len() == TEXT_TAIL {
                        self.text.pop_front();
                    }
                    self.text.push_back(line.into_owned());
                }
            }
            _ => {}
        }
    }

    pub(crate) fn message(&self) -> String {
        let joined;
        let message = if let Some(error) = &self.error {
            error
        } else if !self.text.is_empty() {
            joined = Vec::from_iter(self.text.iter().map(String::as_str)).join("\n");
            &joined
        } else if let Some(other) = &self.other {
            other
        } else {
            return gettext("Nix stopped without saying why.");
        };
        // The sentence around it already says that the command failed.
        message
            .strip_prefix("error: ")
            .unwrap_or(message)
            .trim()
            .to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nix::events::parse_line;

    #[test]
    fn lines_are_split_bounded_and_decoded_leniently() {
        let mut lines = LineSplitter::default();
        lines.push(b"one\r\ntw");
        lines.push(b"o\n\xff\xfe bad\n");
        lines.push(&vec![b'a'; MAX_LINE + 10]);
        lines.push(b"a\nlast");
        lines.finish();
        let got: Vec<String> = lines.ready.into_iter().collect();
        assert_eq!(got.len(), 5);
        assert_eq!(got[..3], ["one", "two", "\u{fffd}\u{fffd} bad"]);
        assert_eq!(got[3].len(), MAX_LINE);
        assert_eq!(got[4], "last");
        assert!(lines.partial.capacity() <= KEEP_CAPACITY);
    }

    #[test]
    fn the_error_nix_raised_wins_over_traces_hints_and_text() {
        let mut trail = ErrorTrail::default();
        for line in [
            "warning: plain text before the logger",
            r#"@nix {"action":"msg","level":0,"msg":"trace: hello"}"#,
            r#"@nix {"action":"msg","level":0,"msg":"\u001b[31;1merror:\u001b[0m 'frobnicate' is not a recognised command","raw_msg":"x"}"#,
            r#"@nix {"action":"msg","level":0,"msg":"Try 'nix --help' for more information."}"#,
        ] {
            trail.observe(&parse_line(line));
        }
        assert_eq!(trail.message(), "'frobnicate' is not a recognised command");
    }

    #[test]
    fn without_a_json_error_the_last_text_lines_explain() {
        let mut trail = ErrorTrail::default();
        trail.observe(&parse_line(
            r#"@nix {"action":"msg","level":0,"msg":"trace: x"}"#,
        ));
        for n in 0..15 {
            trail.observe(&parse_line(&format!("\x1b[1mline {n}\x1b[0m")));
        }
        trail.observe(&parse_line("   "));
        let expected: Vec<String> = (5..15).map(|n| format!("line {n}")).collect();
        assert_eq!(trail.message(), expected.join("\n"));

        let mut hints_only = ErrorTrail::default();
        hints_only.observe(&parse_line(
            r#"@nix {"action":"msg","level":0,"msg":"trace: x"}"#,
        ));
        assert_eq!(hints_only.message(), "trace: x");
        assert!(!ErrorTrail::default().message().is_empty());
    }
}
