//! Stopping a running `nix` and everything it started.
//!
//! Nix runs in a process group of its own. SIGTERM lets it stop cleanly: it
//! kills its builders itself (seen in 2.26). A builder runs in a session of
//! its own (`setsid` in Nix's child setup), so killing Nix's group alone
//! would orphan it; when Nix does not stop within the grace period, its
//! descendants are found through /proc before everything is killed.
//!
//! When `nix` runs on the host through flatpak-spawn (see [`super::host`]),
//! only signals flatpak-spawn forwards reach it, and SIGKILL is not one: a
//! cancel sends SIGTERM, then SIGINT and SIGTERM in turn each grace period,
//! and kills flatpak-spawn only after [`HOST_GIVE_UP`] (its bus connection
//! closing makes the host send SIGINT once more).

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread;
use std::time::{Duration, Instant};

use super::host::HOST_GIVE_UP;

/// How long Nix gets to stop by itself before it is killed.
pub const CANCEL_GRACE: Duration = Duration::from_secs(3);

const POLL: Duration = Duration::from_millis(50);

/// Cancels a running `nix`: SIGTERM to its process group, SIGKILL to the
/// group and every descendant after [`CANCEL_GRACE`] if still alive.
/// Cheap to clone; usable from any thread, with or without a Tokio runtime.
#[derive(Debug, Clone)]
pub struct Canceller {
    state: Arc<CancelState>,
}

#[derive(Debug)]
struct CancelState {
    /// Also the group id: Nix is spawned as the leader of its own group.
    pid: libc::pid_t,
    /// `pid` is flatpak-spawn, which forwards some signals to `nix` on the
    /// host; what runs there is out of our reach otherwise.
    forwarded: bool,
    cancelled: AtomicBool,
    /// Set once the runner has reaped Nix: the id may then be reused, so no
    /// signal must be sent to it any more.
    finished: AtomicBool,
    /// Held while the last kill is decided and sent, so that the runner's
    /// [`Canceller::finish`] cannot slip between the check and the kill.
    last_kill: Mutex<()>,
}

impl Canceller {
    /// `forwarded`: `pid` is flatpak-spawn running `nix` on the host.
    pub(crate) fn new(pid: libc::pid_t, forwarded: bool) -> Self {
        Canceller {
            state: Arc::new(CancelState {
                pid,
                forwarded,
                cancelled: AtomicBool::new(false),
                finished: AtomicBool::new(false),
                last_kill: Mutex::new(()),
            }),
        }
    }

    /// Asks Nix to stop. Returns at once; calling it again does nothing.
    pub fn cancel(&self) {
        let state = &self.state;
        if state.finished.load(Ordering::SeqCst) || state.cancelled.swap(true, Ordering::SeqCst) {
            return;
        }
        signal_group(state.pid, libc::SIGTERM);
        let watched = Arc::clone(state);
        let spawned = thread::Builder::new()
            .name("frost-nix-cancel".into())
            .spawn(move || escalate_after_grace(&watched));
        if spawned.is_err() {
            // Without a watcher nothing would ever escalate: kill now.
            kill_unless_reaped(state);
        }
    }

    pub fn is_cancelled(&self) -> bool {
        self.state.cancelled.load(Ordering::SeqCst)
    }

    /// Called by the runner as soon as it has reaped Nix, and again when it
    /// is done (only the first call counts). Members of the group that
    /// outlived a cancelled Nix are killed first: the group id cannot have
    /// been reused while any of them is alive. After that, nothing is sent
    /// to the id: with ids wrapping at 32768 (seen on these machines) it
    /// may soon be another process's, another Nix's builder for one.
    pub(crate) fn finish(&self) {
        let _deciding = self
            .state
            .last_kill
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if self.state.finished.swap(true, Ordering::SeqCst) {
            return;
        }
        if self.is_cancelled() && group_exists(self.state.pid) {
            signal_group(self.state.pid, libc::SIGKILL);
        }
    }
}

fn escalate_after_grace(state: &CancelState) {
    if state.forwarded {
        return forward_until_gone(state);
    }
    let deadline = Instant::now() + CANCEL_GRACE;
    while Instant::now() < deadline {
        if state.finished.load(Ordering::SeqCst) || !group_exists(state.pid) {
            return;
        }
        thread::sleep(POLL);
    }
    kill_unless_reaped(state);
}

/// For `nix` on the host: SIGINT (flatpak-spawn sends it to the host
/// command's whole process group) and SIGTERM in turn, one each grace
/// period, while flatpak-spawn waits for the host command; after
/// [`HOST_GIVE_UP`], flatpak-spawn itself is killed.
fn forward_until_gone(state: &CancelState) {
    let start = Instant::now();
    let mut next = start + CANCEL_GRACE;
    let mut signal = libc::SIGINT;
    while Instant::now() < start + HOST_GIVE_UP {
        if state.finished.load(Ordering::SeqCst) || !group_exists(state.pid) {
            return;
        }
        if Instant::now() >= next {
            send_unless_reaped(state, signal);
            signal = if signal == libc::SIGINT {
                libc::SIGTERM
            } else {
                libc::SIGINT
            };
            next += CANCEL_GRACE;
        }
        thread::sleep(POLL);
    }
    kill_unless_reaped(state);
}

fn send_unless_reaped(state: &CancelState, signal: libc::c_int) {
    let _deciding = state
        .last_kill
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    if !state.finished.load(Ordering::SeqCst) {
        signal_group(state.pid, signal);
    }
}

/// Kills Nix and everything it started, unless the runner has reaped it
/// meanwhile (its id may then be another process's).
fn kill_unless_reaped(state: &CancelState) {
    let _deciding = state
        .last_kill
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    if state.finished.load(Ordering::SeqCst) {
        return;
    }
    if state.forwarded {
        // Only flatpak-spawn is ours; the host command is not in /proc.
        signal_group(state.pid, libc::SIGKILL);
    } else {
        kill_tree(state.pid);
    }
}

fn signal_group(pgid: libc::pid_t, signal: libc::c_int) {
    // A pgid of 0 or 1 would signal our own group or every process.
    if pgid > 1 {
        // SAFETY: killpg only sends a signal; a stale id yields ESRCH.
        unsafe { libc::killpg(pgid, signal) };
    }
}

fn group_exists(pgid: libc::pid_t) -> bool {
    // SAFETY: signal 0 only checks that the group exists.
    pgid > 1 && unsafe { libc::killpg(pgid, 0) } == 0
}

/// SIGKILL to Nix's group, to every descendant and to the groups those
/// descendants lead (a builder's `setsid` makes it one). Descendants are
/// listed before anything is killed, because once Nix dies they are
/// re-parented and can no longer be told apart.
fn kill_tree(pid: libc::pid_t) {
    let descendants = descendants_of(pid);
    signal_group(pid, libc::SIGKILL);
    let pids: HashSet<libc::pid_t> = descendants.iter().map(|p| p.pid).collect();
    for process in &descendants {
        if process.pgid != pid && pids.contains(&process.pgid) {
            signal_group(process.pgid, libc::SIGKILL);
        }
        if process.pid > 1 {
            // SAFETY: the process was alive and unreaped a moment ago, as a
            // descendant of Nix; kill only sends a signal.
            unsafe { libc::kill(process.pid, libc::SIGKILL) };
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct ProcessEntry {
    pid: libc::pid_t,
    ppid: libc::pid_t,
    pgid: libc::pid_t,
}

/// Every process below `root`, from /proc (empty where there is none).
fn descendants_of(root: libc::pid_t) -> Vec<ProcessEntry> {
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    let mut children: HashMap<libc::pid_t, Vec<ProcessEntry>> = HashMap::new();
    for entry in dir.flatten() {
        let Some(pid) = entry.file_name().to_str().and_then(|s| s.parse().ok()) else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        if let Some(process) = parse_stat(pid, &stat) {
            children.entry(process.ppid).or_default().push(process);
        }
    }
    let mut found = Vec::new();
    let mut queue = vec![root];
    while let Some(parent) = queue.pop() {
        for child in children.remove(&parent).unwrap_or_default() {
            queue.push(child.pid);
            found.push(child);
        }
    }
    found
}

/// `/proc/PID/stat` is `pid (comm) state ppid pgrp …`; comm may itself hold
/// spaces and parentheses, so the fields are read after the last `)`.
fn parse_stat(pid: libc::pid_t, stat: &str) -> Option<ProcessEntry> {
    let rest = &stat[stat.rfind(')')? + 1..];
    let mut fields = rest.split_ascii_whitespace().skip(1);
    let ppid = fields.next()?.parse().ok()?;
    let pgid = fields.next()?.parse().ok()?;
    Some(ProcessEntry { pid, ppid, pgid })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stat_lines_with_odd_command_names_parse() {
        let entry = parse_stat(42, "42 (sh -c (x) ) S 7 42 42 0 -1 4194560 97 0").unwrap();
        assert_eq!((entry.pid, entry.ppid, entry.pgid), (42, 7, 42));
        assert!(parse_stat(42, "42 (truncated").is_none());
        assert!(parse_stat(42, "42 (x) S").is_none());
    }

    #[test]
    fn our_own_children_are_found_as_descendants() {
        let mut child = std::process::Command::new("/bin/sh")
            .args(["-c", "sleep 30 & wait"])
            .spawn()
            .unwrap();
        let me = libc::pid_t::try_from(std::process::id()).unwrap();
        let shell = libc::pid_t::try_from(child.id()).unwrap();
        // The shell forks `sleep` after it starts; give it a moment.
        let deadline = Instant::now() + Duration::from_secs(10);
        let grandchild = loop {
            let found = descendants_of(me);
            if let Some(sleep) = found.iter().find(|p| p.ppid == shell) {
                assert!(found.iter().any(|p| p.pid == shell));
                break sleep.pid;
            }
            assert!(Instant::now() < deadline, "sleep never appeared");
            thread::sleep(POLL);
        };
        unsafe { libc::kill(grandchild, libc::SIGKILL) };
        child.wait().unwrap();
    }
}
