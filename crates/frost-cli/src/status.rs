//! Progress on standard error, the way Nix shows its own: on a terminal one
//! line that keeps being redrawn, with Nix's messages printed above it;
//! into a pipe or a file, plain lines only, the progress at most once a
//! second. Builders' output is shown with `-L`, like `nix -L`.

use std::io::Write;
use std::time::{Duration, Instant};

use frost_core::i18n::ngettext_f;
use frost_core::ops::log::display_line;
use frost_core::ops::{LineKind, OpUpdate};

/// How often plain output repeats a changing progress phrase.
const PLAIN_EVERY: Duration = Duration::from_secs(1);

pub struct Status<W: Write> {
    out: W,
    /// `Some(columns)` on a terminal.
    terminal: Option<usize>,
    build_logs: bool,
    title: String,
    /// What the status line shows now (terminal) or showed last (plain).
    shown: String,
    plain_at: Option<Instant>,
    next_seq: u64,
    /// Nix's error messages, held back: the last one is the failure the
    /// final report shows, and printing it twice helps nobody.
    held: Vec<String>,
}

impl Status<std::io::Stderr> {
    pub fn stderr(title: String, build_logs: bool) -> Self {
        use std::io::IsTerminal;
        let err = std::io::stderr();
        let terminal = err.is_terminal().then(terminal_width);
        Status::new(err, terminal, title, build_logs)
    }
}

impl<W: Write> Status<W> {
    pub fn new(out: W, terminal: Option<usize>, title: String, build_logs: bool) -> Self {
        Status {
            out,
            terminal,
            build_logs,
            title,
            shown: String::new(),
            plain_at: None,
            next_seq: 0,
            held: Vec::new(),
        }
    }

    /// Shows the operation's title until Nix says more.
    pub fn start(&mut self) {
        let title = format!("{}…", self.title);
        self.show(title, None);
    }

    pub fn update(&mut self, update: &OpUpdate) {
        for line in &update.log.lines {
            if line.seq > self.next_seq && self.build_logs {
                let skipped = line.seq - self.next_seq;
                self.message(&ngettext_f(
                    "({n} line not shown)",
                    "({n} lines not shown)",
                    skipped,
                    &[("n", &skipped.to_string())],
                ));
            }
            self.next_seq = line.seq + 1;
            if line.source.is_some() && !self.build_logs {
                // A builder's output, shown at the end if the build fails.
                continue;
            }
            if line.kind == LineKind::Error && line.source.is_none() {
                self.held.push(line.text.to_string());
                continue;
            }
            self.flush_held();
            self.message(&display_line(line));
        }
        let progress = &update.progress;
        let phrase = progress
            .phrase
            .clone()
            .unwrap_or_else(|| format!("{}…", self.title));
        // Nix's bar ends with what the current build printed last.
        let detail = progress
            .current
            .as_ref()
            .and_then(|c| c.last_line.clone())
            .filter(|l| !l.trim().is_empty());
        self.show(phrase, detail);
    }

    fn show(&mut self, phrase: String, detail: Option<String>) {
        match self.terminal {
            Some(width) => {
                let text = match detail {
                    Some(detail) => format!("{phrase}: {detail}"),
                    None => phrase,
                };
                let text = fit(&text, width);
                if text != self.shown {
                    let _ = write!(self.out, "\r\x1b[K{text}");
                    let _ = self.out.flush();
                    self.shown = text;
                }
            }
            None => {
                let due = self.plain_at.is_none_or(|at| at.elapsed() >= PLAIN_EVERY);
                if phrase != self.shown && due {
                    let _ = writeln!(self.out, "{phrase}");
                    self.shown = phrase;
                    self.plain_at = Some(Instant::now());
                }
            }
        }
    }

    /// A line above the status line.
    pub fn message(&mut self, text: &str) {
        match self.terminal {
            Some(_) => {
                let _ = write!(self.out, "\r\x1b[K{text}\n{}", self.shown);
            }
            None => {
                let _ = writeln!(self.out, "{text}");
            }
        }
        let _ = self.out.flush();
    }

    fn flush_held(&mut self) {
        for line in std::mem::take(&mut self.held) {
            self.message(&line);
        }
    }

    /// Clears the status line for the final message, and prints the error
    /// messages held back unless they are `final_error` (Nix's message as
    /// the report shows it).
    pub fn finish_with(&mut self, final_error: Option<&str>) {
        let held = self.held.join("\n");
        let first = final_error
            .and_then(|e| e.lines().next())
            .unwrap_or_default();
        if first.is_empty() || !held.contains(first) {
            self.flush_held();
        }
        self.held.clear();
        self.finish();
    }

    fn finish(&mut self) {
        if self.terminal.is_some() && !self.shown.is_empty() {
            let _ = write!(self.out, "\r\x1b[K");
            let _ = self.out.flush();
        }
        self.shown.clear();
    }

    #[cfg(test)]
    pub fn into_inner(self) -> W {
        self.out
    }
}

/// Cuts `text` to fit in `width` columns (one left free for the cursor),
/// counting characters: a good enough measure for Nix's output.
fn fit(text: &str, width: usize) -> String {
    let room = width.saturating_sub(1).max(1);
    if text.chars().count() <= room {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(room.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

fn terminal_width() -> usize {
    // SAFETY: TIOCGWINSZ only fills the struct we pass.
    let mut size: libc::winsize = unsafe { std::mem::zeroed() };
    let ok = unsafe { libc::ioctl(libc::STDERR_FILENO, libc::TIOCGWINSZ, &mut size) } == 0;
    if ok && size.ws_col > 0 {
        usize::from(size.ws_col)
    } else {
        80
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use frost_core::nix::parse_line;
    use frost_core::ops::Monitor;

    /// An update made by the core from real-looking Nix lines.
    fn update(monitor: &mut Monitor, lines: &[&str]) -> OpUpdate {
        for line in lines {
            monitor.observe(&parse_line(line));
        }
        monitor.take_update()
    }

    const BUILD: &str = r#"@nix {"action":"start","fields":["/nix/store/fc70kvgcxh9q5cgpsrfha91nj0zn1klf-hello-2.12.drv","",1,1],"id":5,"level":3,"parent":0,"text":"building '/nix/store/fc70kvgcxh9q5cgpsrfha91nj0zn1klf-hello-2.12.drv'","type":105}"#;
    const LINE: &str =
        r#"@nix {"action":"result","fields":["compiling hello.c"],"id":5,"type":101}"#;
    const WARNING: &str = r#"@nix {"action":"msg","level":1,"msg":"warning: something odd"}"#;

    #[test]
    fn a_terminal_gets_one_redrawn_line_and_messages_above_it() {
        let mut monitor = Monitor::default();
        let mut status = Status::new(Vec::new(), Some(40), "Installing hello".into(), false);
        status.start();
        let u = update(&mut monitor, &[BUILD, LINE, WARNING]);
        status.update(&u);
        status.finish_with(None);
        let out = String::from_utf8(status.into_inner()).unwrap();
        assert_eq!(
            out,
            "\r\x1b[KInstalling hello…\
             \r\x1b[Kbuilding '/nix/store/fc70kvgcxh9q5cgpsrfha91nj0zn1klf-hello-2.12.drv'...\nInstalling hello…\
             \r\x1b[Kwarning: something odd\nInstalling hello…\
             \r\x1b[KBuilding hello: compiling hello.c\
             \r\x1b[K"
        );
    }

    #[test]
    fn a_pipe_gets_plain_lines_and_build_output_only_with_l() {
        let mut monitor = Monitor::default();
        let mut status = Status::new(Vec::new(), None, "Installing hello".into(), true);
        let u = update(&mut monitor, &[BUILD, LINE]);
        status.update(&u);
        // Within a second, a new phrase is not repeated.
        status.show("Building hello (2 of 2)".into(), None);
        status.finish_with(None);
        let out = String::from_utf8(status.into_inner()).unwrap();
        assert_eq!(
            out,
            "building '/nix/store/fc70kvgcxh9q5cgpsrfha91nj0zn1klf-hello-2.12.drv'...\n\
             hello> compiling hello.c\n\
             Building hello\n"
        );
        assert!(!out.contains('\x1b'));
    }

    #[test]
    fn nixs_final_error_is_left_to_the_report_and_others_are_shown() {
        const ERROR: &str = r#"@nix {"action":"msg","level":0,"msg":"error: builder for 'x' failed\n       with exit code 2","raw_msg":"builder for 'x' failed"}"#;
        const LINE_ERROR: &str =
            r#"@nix {"action":"result","fields":["x.c:1: error: nope"],"id":5,"type":101}"#;
        let run = |final_error: Option<&str>| {
            let mut monitor = Monitor::default();
            let mut status = Status::new(Vec::new(), None, "Installing hello".into(), false);
            let u = update(&mut monitor, &[BUILD, LINE_ERROR, ERROR]);
            status.update(&u);
            status.finish_with(final_error);
            String::from_utf8(status.into_inner()).unwrap()
        };
        let same = run(Some("builder for 'x' failed\n       with exit code 2"));
        assert!(!same.contains("error:"), "{same}");
        assert!(
            !same.contains("nope"),
            "builder output waits for the end: {same}"
        );
        let other = run(Some("something else"));
        assert!(
            other.ends_with("error: builder for 'x' failed\n       with exit code 2\n"),
            "{other}"
        );
    }

    #[test]
    fn long_lines_are_cut_to_the_terminal() {
        assert_eq!(fit("abcdef", 10), "abcdef");
        assert_eq!(fit("abcdefghijkl", 6), "abcd…");
        assert_eq!(fit("ééééé", 3), "é…");
        assert_eq!(fit("abc", 0), "…");
    }
}
