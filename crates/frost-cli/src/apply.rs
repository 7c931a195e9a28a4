//! `frost apply`: a frozen flake's packages into a profile, through the
//! same queue as the other changes (progress on stderr, Ctrl+C cancels and
//! leaves the profile as it was); the summary, or the report as JSON, on
//! stdout.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::ArgMatches;
use frost_core::i18n::ngettext_f;
use frost_core::ops::{Completed, Operation};
use frost_core::profile::{default_profile, NixEnvironment};
use serde::Serialize;

/// What `--json` prints.
#[derive(Serialize)]
struct Report<'a> {
    profile: &'a Path,
    installed: &'a [String],
    /// The generation the profile is at afterwards.
    generation: Option<u64>,
}

pub fn run(m: &ArgMatches) -> ExitCode {
    // The profile may not exist yet: apply creates it.
    let profile = match m.get_one::<PathBuf>("profile") {
        Some(p) => p.clone(),
        None => match default_profile(&NixEnvironment::from_process()) {
            Ok(p) => p,
            Err(e) => return crate::fail(&e),
        },
    };
    let dir = m
        .get_one::<PathBuf>("dir")
        .cloned()
        .unwrap_or_else(|| PathBuf::from("."));
    let op = Operation::Apply {
        dir,
        profile: profile.clone(),
        replace: m.get_flag("replace"),
    };
    let json = m.get_flag("json");
    crate::operate::run_then(op, m, |done| match summarize(&done, &profile, json) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => crate::fail(&e),
    })
}

fn summarize(done: &Completed, profile: &Path, json: bool) -> frost_core::Result<()> {
    let report = Report {
        profile,
        installed: &done.installed,
        generation: done.generations.and_then(|g| g.after),
    };
    let mut text = if json {
        serde_json::to_string_pretty(&report).unwrap_or_default()
    } else {
        let n = report.installed.len();
        let generation = report
            .generation
            .map_or_else(|| "?".into(), |g| g.to_string());
        ngettext_f(
            "Installed {n} package into {profile} (generation {generation}).",
            "Installed {n} packages into {profile} (generation {generation}).",
            n as u64,
            &[
                ("n", &n.to_string()),
                ("profile", &profile.display().to_string()),
                ("generation", &generation),
            ],
        )
    };
    text.push('\n');
    crate::print(&text)
}
