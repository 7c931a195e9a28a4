//! What Nix is doing, built from its event stream the way Nix's own progress
//! bar builds it (src/libmain/progress-bar.cc): activities with parents;
//! per activity type, the totals `SetExpected` announces and the `done` of
//! activities that stopped; per activity, its latest `Progress`. From that,
//! the counts Nix shows as `[1/2/5 built, 3 copied (34.0/120.0 MiB), …]`
//! and the activity it would show after them.
//!
//! Every event is applied in constant time; [`ProgressModel::snapshot`]
//! walks the live activities (a handful) and is meant to be called a few
//! times a second, not per event.

use std::collections::HashMap;
use std::sync::Arc;

use super::phrase;
use crate::names::{split_drv_name, store_path_name};
use crate::nix::{strip_ansi, ActivityType, Field, LogEvent, ResultType};

/// Activities tracked at once; a stream that starts more without stopping
/// them is not Nix, and its extra activities are ignored.
const MAX_ACTIVITIES: usize = 65_536;

/// Done, expected, running and failed, as Nix counts them for one kind of
/// work (builds, copied paths, bytes copied or downloaded).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub done: u64,
    pub expected: u64,
    pub running: u64,
    pub failed: u64,
}

impl Tally {
    /// Work is going on or announced and not finished.
    pub fn in_progress(&self) -> bool {
        self.running > 0 || self.done < self.expected
    }

    /// `done / expected`, when something is expected.
    pub fn fraction(&self) -> Option<f64> {
        (self.expected > 0).then(|| (self.done as f64 / self.expected as f64).min(1.0))
    }
}

/// The activity Nix's bar would show: the most recent visible one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurrentActivity {
    pub activity: ActivityType,
    /// The package it is about, for builds, copies and substitutions
    /// (`hello` for `/nix/store/…-hello-2.12.1.drv`).
    pub name: Option<String>,
    /// Nix's own description, without escapes (English, from Nix).
    pub text: String,
    /// The build phase (`buildPhase`), when the builder reports phases.
    pub phase: Option<String>,
    /// The builder's latest line, or a fetcher's status.
    pub last_line: Option<String>,
}

/// A picture of the progress, cheap to clone and send to a window.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Progress {
    pub builds: Tally,
    /// Store paths copied or substituted.
    pub copies: Tally,
    pub copied_bytes: Tally,
    pub downloaded_bytes: Tally,
    pub current: Option<CurrentActivity>,
    /// A short translated phrase: "Building hello (2 of 5)",
    /// "Downloading 34 MB of 120 MB"; `None` when Nix reports nothing a
    /// person would follow (the caller shows the operation's title then).
    pub phrase: Option<String>,
    /// For a progress bar; `None` means "pulse".
    pub fraction: Option<f64>,
    pub corrupted_paths: u64,
    pub untrusted_paths: u64,
}

#[derive(Debug)]
struct Activity {
    kind: ActivityType,
    parent: u64,
    text: String,
    name: Option<Arc<str>>,
    done: u64,
    expected: u64,
    running: u64,
    failed: u64,
    /// `SetExpected` announcements: (activity type, count).
    expected_by_type: Vec<(ActivityType, u64)>,
    phase: Option<String>,
    last_line: Option<String>,
    visible: bool,
    /// When it last started or printed: Nix shows the most recent one.
    touched: u64,
}

/// What stopped activities of one type left behind, and what is announced.
#[derive(Debug, Default, Clone, Copy)]
struct TypeTotals {
    done: u64,
    failed: u64,
    expected: u64,
}

#[derive(Debug, Default)]
pub struct ProgressModel {
    activities: HashMap<u64, Activity>,
    by_type: HashMap<ActivityType, TypeTotals>,
    clock: u64,
    corrupted_paths: u64,
    untrusted_paths: u64,
}

impl ProgressModel {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn observe(&mut self, event: &LogEvent) {
        match event {
            LogEvent::Start {
                id,
                parent,
                activity,
                text,
                fields,
                ..
            } => self.start(*id, *parent, *activity, text, fields),
            LogEvent::Stop { id } => self.stop(*id),
            LogEvent::Result { id, result, fields } => self.result(*id, *result, fields),
            LogEvent::Msg { .. } | LogEvent::Text(_) => {}
        }
    }

    /// The package name of an activity (builds, copies, substitutions), to
    /// label the log lines it prints.
    pub fn activity_name(&self, id: u64) -> Option<&Arc<str>> {
        self.activities.get(&id)?.name.as_ref()
    }

    fn tick(&mut self) -> u64 {
        self.clock += 1;
        self.clock
    }

    fn start(&mut self, id: u64, parent: u64, kind: ActivityType, text: &str, fields: &[Field]) {
        if self.activities.len() >= MAX_ACTIVITIES && !self.activities.contains_key(&id) {
            return;
        }
        let path = fields.first().and_then(Field::as_str);
        let name = match kind {
            ActivityType::Build | ActivityType::PostBuildHook => path.map(drv_package_name),
            ActivityType::Substitute | ActivityType::CopyPath | ActivityType::QueryPathInfo => {
                path.map(path_package_name)
            }
            _ => None,
        }
        .map(Arc::from);
        // Transfers inside a copy or a query, and copies inside a
        // substitution, are details of their parent (as in Nix's bar).
        let hidden = match kind {
            ActivityType::FileTransfer => {
                self.has_ancestor(parent, ActivityType::CopyPath)
                    || self.has_ancestor(parent, ActivityType::QueryPathInfo)
            }
            ActivityType::CopyPath => self.has_ancestor(parent, ActivityType::Substitute),
            _ => false,
        };
        let touched = self.tick();
        // A repeated id replaces the old activity; undo what it counted.
        self.stop_without_totals(id);
        self.activities.insert(
            id,
            Activity {
                kind,
                parent,
                text: strip_ansi(text).into_owned(),
                name,
                done: 0,
                expected: 0,
                running: 0,
                failed: 0,
                expected_by_type: Vec::new(),
                phase: None,
                last_line: None,
                visible: !hidden && kind != ActivityType::BuildWaiting,
                touched,
            },
        );
    }

    fn has_ancestor(&self, mut id: u64, kind: ActivityType) -> bool {
        // Bounded: a malformed stream could make parents form a loop.
        for _ in 0..64 {
            let Some(activity) = self.activities.get(&id) else {
                return false;
            };
            if activity.kind == kind {
                return true;
            }
            id = activity.parent;
        }
        false
    }

    fn stop(&mut self, id: u64) {
        if let Some(activity) = self.stop_without_totals(id) {
            let totals = self.by_type.entry(activity.kind).or_default();
            totals.done = totals.done.saturating_add(activity.done);
            totals.failed = totals.failed.saturating_add(activity.failed);
        }
    }

    /// Removes an activity and takes back what it announced.
    fn stop_without_totals(&mut self, id: u64) -> Option<Activity> {
        let activity = self.activities.remove(&id)?;
        for (kind, n) in &activity.expected_by_type {
            let totals = self.by_type.entry(*kind).or_default();
            totals.expected = totals.expected.saturating_sub(*n);
        }
        Some(activity)
    }

    fn result(&mut self, id: u64, result: ResultType, fields: &[Field]) {
        let int = |n: usize| fields.get(n).and_then(Field::as_int);
        let text = || fields.first().and_then(Field::as_str);
        match result {
            ResultType::UntrustedPath => self.untrusted_paths += 1,
            ResultType::CorruptedPath => self.corrupted_paths += 1,
            ResultType::BuildLogLine | ResultType::PostBuildLogLine | ResultType::FetchStatus => {
                let Some(line) = text() else { return };
                let touched = self.tick();
                if let Some(activity) = self.activities.get_mut(&id) {
                    activity.last_line = Some(strip_ansi(line.trim_end()).into_owned());
                    // Nix moves an activity that prints to the front, except
                    // for fetch status, which only updates the line.
                    if result != ResultType::FetchStatus {
                        activity.touched = touched;
                    }
                }
            }
            ResultType::SetPhase => {
                if let (Some(phase), Some(activity)) = (text(), self.activities.get_mut(&id)) {
                    activity.phase = Some(phase.to_owned());
                }
            }
            ResultType::Progress => {
                let (Some(done), Some(expected), Some(running), Some(failed)) =
                    (int(0), int(1), int(2), int(3))
                else {
                    return;
                };
                if let Some(activity) = self.activities.get_mut(&id) {
                    (activity.done, activity.expected) = (done, expected);
                    (activity.running, activity.failed) = (running, failed);
                }
            }
            ResultType::SetExpected => {
                let (Some(code), Some(expected)) = (int(0), int(1)) else {
                    return;
                };
                let kind = ActivityType::from_code(code);
                let Some(activity) = self.activities.get_mut(&id) else {
                    return;
                };
                let slot = match activity
                    .expected_by_type
                    .iter_mut()
                    .find(|(k, _)| *k == kind)
                {
                    Some((_, slot)) => slot,
                    None => {
                        activity.expected_by_type.push((kind, 0));
                        match activity.expected_by_type.last_mut() {
                            Some((_, slot)) => slot,
                            None => return,
                        }
                    }
                };
                let previous = std::mem::replace(slot, expected);
                let totals = self.by_type.entry(kind).or_default();
                totals.expected = totals
                    .expected
                    .saturating_sub(previous)
                    .saturating_add(expected);
            }
            ResultType::FileLinked | ResultType::Other(_) => {}
        }
    }

    /// Nix's `renderActivity`: stopped activities' done plus the live ones',
    /// and the larger of the live expectations and the announced total.
    fn tally(&self, kind: ActivityType) -> Tally {
        let totals = self.by_type.get(&kind).copied().unwrap_or_default();
        let mut tally = Tally {
            done: totals.done,
            expected: totals.done,
            running: 0,
            failed: totals.failed,
        };
        for activity in self.activities.values().filter(|a| a.kind == kind) {
            tally.done = tally.done.saturating_add(activity.done);
            tally.expected = tally.expected.saturating_add(activity.expected);
            tally.running = tally.running.saturating_add(activity.running);
            tally.failed = tally.failed.saturating_add(activity.failed);
        }
        tally.expected = tally.expected.max(totals.expected);
        tally
    }

    /// The most recent visible activity that has something to show.
    fn current(&self) -> Option<CurrentActivity> {
        let activity = self
            .activities
            .values()
            .filter(|a| a.visible && (!a.text.is_empty() || a.last_line.is_some()))
            .max_by_key(|a| a.touched)?;
        Some(CurrentActivity {
            activity: activity.kind,
            name: activity.name.as_deref().map(str::to_owned),
            text: activity.text.clone(),
            phase: activity.phase.clone(),
            last_line: activity.last_line.clone(),
        })
    }

    /// The name of the build that printed or started last.
    fn latest_build(&self) -> Option<&str> {
        self.activities
            .values()
            .filter(|a| a.kind == ActivityType::Build && a.name.is_some())
            .max_by_key(|a| a.touched)
            .and_then(|a| a.name.as_deref())
    }

    pub fn snapshot(&self) -> Progress {
        let mut progress = Progress {
            builds: self.tally(ActivityType::Builds),
            copies: self.tally(ActivityType::CopyPaths),
            copied_bytes: self.tally(ActivityType::CopyPath),
            downloaded_bytes: self.tally(ActivityType::FileTransfer),
            current: self.current(),
            phrase: None,
            fraction: None,
            corrupted_paths: self.corrupted_paths,
            untrusted_paths: self.untrusted_paths,
        };
        progress.phrase = phrase::describe(&progress, self.latest_build());
        progress.fraction = phrase::fraction(&progress);
        progress
    }
}

/// `/nix/store/…-hello-2.12.1.drv` → `hello`, as Nix's bar names builds.
fn drv_package_name(drv: &str) -> String {
    let name = store_path_name(drv).unwrap_or(drv);
    let name = name.strip_suffix(".drv").unwrap_or(name);
    split_drv_name(name).0
}

/// `/nix/store/…-hello-2.12.1` → `hello`.
fn path_package_name(path: &str) -> String {
    split_drv_name(store_path_name(path).unwrap_or(path)).0
}

#[cfg(test)]
#[path = "progress_tests.rs"]
mod tests;
