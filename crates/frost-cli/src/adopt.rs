//! `frost adopt DIR`: a frozen folder manages the profile from now on;
//! `frost adopt --stop` hands each package back to its own source. Both run
//! through the queue like the other changes (progress on stderr, Ctrl+C
//! leaves the profile as it was); the summary, or JSON, on stdout.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::ArgMatches;
use frost_core::freeze::adopt::ManageReport;
use frost_core::freeze::managed::home_shortened;
use frost_core::freeze::source::ApplySource;
use frost_core::i18n::{gettext_f, ngettext_f};
use frost_core::ops::{Completed, Operation};
use serde::Serialize;

/// What `--json` prints.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Report<'a> {
    profile: &'a Path,
    /// True for `--stop`.
    stopped: bool,
    #[serde(flatten)]
    report: &'a ManageReport,
    /// The generation the profile is at afterwards.
    generation: Option<u64>,
}

pub fn run(m: &ArgMatches) -> ExitCode {
    let profile = match crate::profile_path(m) {
        Ok(p) => p,
        Err(e) => return crate::fail(&e),
    };
    let stop = m.get_flag("stop");
    let op = if stop {
        Operation::StopManaging {
            profile: profile.clone(),
        }
    } else {
        let text = m.get_one::<String>("source").map_or(".", String::as_str);
        match ApplySource::parse(text) {
            Ok(source) => Operation::Adopt {
                source,
                into: m.get_one::<String>("into").map(PathBuf::from),
                profile: profile.clone(),
            },
            Err(e) => return crate::fail(&e),
        }
    };
    let json = m.get_flag("json");
    crate::operate::run_then(op, m, |done| match summarize(&done, &profile, stop, json) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => crate::fail(&e),
    })
}

fn summarize(done: &Completed, profile: &Path, stop: bool, json: bool) -> frost_core::Result<()> {
    let report = done.managed.as_deref().cloned().unwrap_or_default();
    let generation = done.generations.and_then(|g| g.after);
    if json {
        return crate::print(&crate::json_text(&Report {
            profile,
            stopped: stop,
            report: &report,
            generation,
        }));
    }
    let n = report.replaced.len();
    let values = [
        ("n", n.to_string()),
        ("dir", home_shortened(&report.folder)),
        ("profile", profile.display().to_string()),
        (
            "generation",
            generation.map_or_else(|| "?".into(), |g| g.to_string()),
        ),
    ];
    let values: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let mut text = match (stop, n) {
        (false, 0) => gettext_f(
            "{dir} manages the profile {profile} already; nothing was changed.",
            &values,
        ),
        (false, _) => ngettext_f(
            "{dir} now manages {n} package of {profile} (generation {generation}); the store paths are the same.",
            "{dir} now manages {n} packages of {profile} (generation {generation}); the store paths are the same.",
            n as u64,
            &values,
        ),
        (true, _) => ngettext_f(
            "{n} package of {profile} comes from its own source again (generation {generation}); {dir} no longer manages it.",
            "{n} packages of {profile} come from their own sources again (generation {generation}); {dir} no longer manages them.",
            n as u64,
            &values,
        ),
    };
    text.push('\n');
    if let Some(copied) = report.copy_message() {
        text.insert_str(0, &format!("{copied}\n"));
    }
    if !stop && !report.kept.is_empty() {
        text.push_str(&gettext_f(
            "Left as they were: {names}",
            &[("names", &report.kept.join(", "))],
        ));
        text.push('\n');
    }
    crate::print(&text)
}
