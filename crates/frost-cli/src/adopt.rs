//! `frost adopt DIR`: a frozen folder manages the profile from now on;
//! `frost adopt --stop` hands each package back to its own source;
//! `frost adopt --add NAME…` takes packages installed from elsewhere into
//! the managing folder's flake, one commit and generation each. All run
//! through the queue like the other changes (progress on stderr, Ctrl+C
//! leaves the profile as it was); the summary, or JSON, on stdout.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::ArgMatches;
use frost_core::freeze::adopt::ManageReport;
use frost_core::freeze::managed::{home_shortened, managed_state_on_disk};
use frost_core::freeze::source::ApplySource;
use frost_core::i18n::{gettext_f, ngettext_f};
use frost_core::ops::{Completed, Operation};
use frost_core::profile::Profile;
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

/// Which of the three the command does.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Adopt,
    Stop,
    /// `--add NAME…`: packages not in the flake go into it.
    Add,
}

pub fn run(m: &ArgMatches) -> ExitCode {
    let profile = match crate::profile_path(m) {
        Ok(p) => p,
        Err(e) => return crate::fail(&e),
    };
    let json = m.get_flag("json");
    let added = crate::many(m, "add");
    if !added.is_empty() {
        return add(m, &profile, added, json);
    }
    let stop = m.get_flag("stop");
    let (op, kind) = if stop {
        let op = Operation::StopManaging {
            profile: profile.clone(),
        };
        (op, Kind::Stop)
    } else {
        let text = m.get_one::<String>("source").map_or(".", String::as_str);
        match ApplySource::parse(text) {
            Ok(source) => {
                let op = Operation::Adopt {
                    source,
                    into: m.get_one::<String>("into").map(PathBuf::from),
                    profile: profile.clone(),
                };
                (op, Kind::Adopt)
            }
            Err(e) => return crate::fail(&e),
        }
    };
    crate::operate::run_then(op, m, |done| finish(&done, &profile, kind, json))
}

/// `--add NAME…`: each package into the managing folder's flake, one
/// commit and one generation a package, as `frost install` adds them.
fn add(m: &ArgMatches, profile: &Path, names: Vec<String>, json: bool) -> ExitCode {
    let elements = match Profile::open(profile).and_then(|p| p.manifest(None)) {
        Ok(manifest) => manifest.elements,
        Err(e) => return crate::fail(&e),
    };
    let Some(managed) = managed_state_on_disk(&elements) else {
        return crate::fail(&frost_core::Error::NotManaged {
            profile: profile.to_owned(),
        });
    };
    for name in names {
        let op = Operation::AddToFlake {
            profile: profile.to_owned(),
            dir: managed.folder.clone(),
            name,
        };
        let code = crate::operate::run_then(op, m, |done| finish(&done, profile, Kind::Add, json));
        if code != ExitCode::SUCCESS {
            return code;
        }
    }
    ExitCode::SUCCESS
}

fn finish(done: &Completed, profile: &Path, kind: Kind, json: bool) -> ExitCode {
    match summarize(done, profile, kind, json) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => crate::fail(&e),
    }
}

fn summarize(done: &Completed, profile: &Path, kind: Kind, json: bool) -> frost_core::Result<()> {
    let report = done.managed.as_deref().cloned().unwrap_or_default();
    let generation = done.generations.and_then(|g| g.after);
    if json {
        return crate::print(&crate::json_text(&Report {
            profile,
            stopped: kind == Kind::Stop,
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
        ("names", report.replaced.join(", ")),
    ];
    let values: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let mut text = match (kind, n) {
        (Kind::Adopt, 0) => gettext_f(
            "{dir} manages the profile {profile} already; nothing was changed.",
            &values,
        ),
        (Kind::Adopt, _) => ngettext_f(
            "{dir} now manages {n} package of {profile} (generation {generation}); the store paths are the same.",
            "{dir} now manages {n} packages of {profile} (generation {generation}); the store paths are the same.",
            n as u64,
            &values,
        ),
        (Kind::Stop, _) => ngettext_f(
            "{n} package of {profile} comes from its own source again (generation {generation}); {dir} no longer manages it.",
            "{n} packages of {profile} come from their own sources again (generation {generation}); {dir} no longer manages them.",
            n as u64,
            &values,
        ),
        (Kind::Add, _) => gettext_f(
            "Added {names} to the flake in {dir}; it now comes from the folder (generation {generation}), with the same store paths.",
            &values,
        ),
    };
    text.push('\n');
    if let Some(copied) = report.copy_message() {
        text.insert_str(0, &format!("{copied}\n"));
    }
    if kind == Kind::Adopt && !report.kept.is_empty() {
        text.push_str(&gettext_f(
            "Left as they were: {names}",
            &[("names", &report.kept.join(", "))],
        ));
        text.push('\n');
    }
    crate::print(&text)
}
