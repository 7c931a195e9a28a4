//! Nix failures that say only "not now": the store's database was busy, or
//! two `nix` processes raced to set up a store that had never been used.
//! Without a daemon (the common single-user install on Debian, Ubuntu and
//! macOS) every `nix` opens the store itself, so Frost's own evaluations
//! beside a profile change, or a terminal's `nix` beside Frost, can meet
//! one of these. Trying again a moment later works.
//!
//! This is the one place that decides what counts as such a failure
//! ([`is_transient`]); the runners retry with [`Retry`], and
//! [`crate::ops::failure`] explains it when the retries run out.

use std::time::Duration;

use super::events::strip_ansi;
use super::runner::{run, NixCommand, NixOutput};
use crate::error::{Error, Result};

/// Tries after the first, and the wait before the first of them; each wait
/// doubles (0.25 + 0.5 + 1 + 2 s): long enough for another `nix` to finish
/// its transaction or its first-use setup, short enough that a person
/// waiting on a busy store sees the explanation within seconds.
pub const RETRIES: u32 = 4;
pub const FIRST_WAIT: Duration = Duration::from_millis(250);

/// What Nix said that makes a failure transient.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transient {
    /// `SQLite database '/nix/var/nix/db/db.sqlite' is busy` (also a
    /// fetcher or eval cache's database): Nix met a lock it does not wait
    /// for, outside its own retry loop (src/libstore/sqlite.cc).
    DatabaseBusy,
    /// A store used for the first time by several `nix` at once: one made
    /// `gcroots/profiles` between another's check and its symlink ("File
    /// exists"), or read `db/schema` while another was writing it ("is
    /// corrupt"). Both seen with Nix 2.26 on a new `/nix`.
    FirstUse,
}

/// Whether Nix's error `message` (ANSI escapes allowed) is a transient
/// failure, and which.
pub fn is_transient(message: &str) -> Option<Transient> {
    let message = strip_ansi(message);
    let busy = message.lines().any(|l| {
        (l.contains("SQLite database '") && l.contains("' is busy"))
            || (l.contains("SQLite") && l.contains(": database is locked"))
    });
    if busy {
        return Some(Transient::DatabaseBusy);
    }
    let first_use = message.lines().any(|l| {
        (l.contains("creating symlink '") && l.contains("/gcroots/") && l.contains("File exists"))
            || (l.contains("/db/schema'") && l.contains("is corrupt"))
    });
    first_use.then_some(Transient::FirstUse)
}

/// Nix's message when `error` is a transient failure of Nix.
pub fn transient_error(error: &Error) -> Option<Transient> {
    match error {
        Error::NixFailed { message, .. } => is_transient(message),
        _ => None,
    }
}

/// Counts the tries of one command and says how long to wait before the
/// next one.
#[derive(Debug, Clone, Default)]
pub struct Retry {
    done: u32,
}

impl Retry {
    /// After a failed try: the wait before trying again, or `None` when the
    /// failure is not transient, `unchanged` is false (the try changed
    /// something, so running it again could do it twice), or the retries
    /// are used up.
    pub fn after(&mut self, error: &Error, unchanged: bool) -> Option<Duration> {
        if self.done >= RETRIES || !unchanged || transient_error(error).is_none() {
            return None;
        }
        let wait = FIRST_WAIT * 2u32.pow(self.done);
        self.done += 1;
        Some(wait)
    }

    /// Tries made after the first.
    pub fn retries(&self) -> u32 {
        self.done
    }
}

/// Runs a command that changes nothing Frost watches (an evaluation, a
/// lock of a flake in a staging folder) to its end, trying again while Nix
/// fails transiently.
pub async fn run_retrying(cmd: NixCommand) -> Result<NixOutput> {
    let mut retry = Retry::default();
    loop {
        match run(cmd.clone()).await {
            Err(error) => match retry.after(&error, true) {
                Some(wait) => tokio::time::sleep(wait).await,
                None => return Err(error),
            },
            done => return done,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failed(message: &str) -> Error {
        Error::NixFailed {
            command: "nix".into(),
            code: Some(1),
            signal: None,
            message: message.into(),
        }
    }

    #[test]
    fn waits_grow_and_run_out() {
        let busy = failed("error: SQLite database '/nix/var/nix/db/db.sqlite' is busy");
        let mut retry = Retry::default();
        let waits: Vec<_> = std::iter::from_fn(|| retry.after(&busy, true)).collect();
        assert_eq!(
            waits,
            [250, 500, 1000, 2000].map(Duration::from_millis).to_vec()
        );
        assert_eq!(retry.retries(), RETRIES);
    }

    #[test]
    fn only_transient_unchanged_failures_are_tried_again() {
        let busy = failed("error: SQLite database '/nix/var/nix/db/db.sqlite' is busy");
        assert_eq!(Retry::default().after(&busy, false), None);
        let other = failed("error: flake 'path:/x' does not provide attribute 'y'");
        assert_eq!(Retry::default().after(&other, true), None);
        assert_eq!(Retry::default().after(&Error::Cancelled, true), None);
    }

    #[test]
    fn what_counts_as_transient() {
        assert_eq!(
            is_transient(
                "error: SQLite database '/nix/var/nix/db/db.sqlite' is busy (SQLITE_PROTOCOL)"
            ),
            Some(Transient::DatabaseBusy)
        );
        assert_eq!(
            is_transient(
                "error: SQLite database '/root/.cache/nix/fetcher-cache-v3.sqlite' is busy"
            ),
            Some(Transient::DatabaseBusy)
        );
        // A file that exists for a reason of its own is no race.
        assert_eq!(
            is_transient("error: creating symlink '/home/a/result' -> '/nix/store/x': File exists"),
            None
        );
        assert_eq!(
            is_transient("error: build of '/nix/store/x.drv' failed"),
            None
        );
        assert_eq!(is_transient(""), None);
    }
}
