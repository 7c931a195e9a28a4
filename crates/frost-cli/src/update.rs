//! `frost update`: the folder that manages the profile has its inputs
//! moved to their newest (`nix flake update`), each managed package's
//! installed version is shown beside its new one, and after a yes the new
//! versions are installed as one generation (committed first when the
//! folder is a Git repository). A no, Ctrl+C, or no terminal to ask on
//! puts flake.lock back byte for byte.
//!
//! `frost update --folder DIR`: a frozen folder's inputs moved to their
//! newest, through the same queue as the other changes, and each package's
//! installed version beside its new one on stdout (or the preview as
//! JSON). Nothing is installed: `frost apply DIR` does that. `--dry-run`
//! puts flake.lock back afterwards, byte for byte.

use std::collections::BTreeSet;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::apply::version;
use clap::ArgMatches;
use frost_core::freeze::managed::{home_shortened, managed_state_on_disk};
use frost_core::freeze::update::{Change, FolderUpdate, PackageUpdate};
use frost_core::i18n::{gettext, gettext_f};
use frost_core::ops::{Completed, Operation};
use frost_core::profile::Profile;
use serde::Serialize;

/// What a shell reports for a command stopped by Ctrl+C.
const EXIT_CANCELLED: u8 = 130;

pub fn run(m: &ArgMatches) -> ExitCode {
    let Some(dir) = m.get_one::<PathBuf>("folder").cloned() else {
        return run_managed(m);
    };
    let dry_run = m.get_flag("dry-run");
    let json = m.get_flag("json");
    let op = Operation::UpdateFolder { dir };
    crate::operate::run_then(op, m, |done| match finish(done, dry_run, json) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => crate::fail(&e),
    })
}

fn finish(done: Completed, dry_run: bool, json: bool) -> frost_core::Result<()> {
    let Some(update) = done.folder_update else {
        return Ok(());
    };
    if dry_run {
        update.saved.restore()?;
    }
    let text = if json {
        crate::json_text(&update)
    } else {
        preview_text(&update, dry_run)
    };
    crate::print(&text)
}

fn line(p: &PackageUpdate) -> String {
    let installed = version(p.installed_version.as_ref());
    let new = version(p.new_version.as_ref());
    match p.change {
        Change::Unchanged => gettext_f("{version} (unchanged)", &[("version", &installed)]),
        Change::Updated => format!("{installed} → {new}"),
        Change::Added => gettext_f("{version} (new)", &[("version", &new)]),
        Change::Removed => gettext_f("{version} (no longer offered)", &[("version", &installed)]),
    }
}

/// A line a package, the versions aligned.
fn table(packages: &[PackageUpdate]) -> String {
    let width = packages
        .iter()
        .map(|p| p.name.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for p in packages {
        let pad = width - p.name.chars().count();
        out.push_str(&format!("  {}{}  {}\n", p.name, " ".repeat(pad), line(p)));
    }
    out
}

/// A heading, a line a package, and what happened to flake.lock.
fn preview_text(update: &FolderUpdate, dry_run: bool) -> String {
    let dir = update.dir.display().to_string();
    let mut out = gettext_f(
        "The packages of {dir} ({system}), installed → after the update:",
        &[("dir", &dir), ("system", &update.system)],
    );
    out.push('\n');
    out.push_str(&table(&update.packages));
    out.push('\n');
    out.push_str(&if dry_run {
        gettext("Nothing was changed (--dry-run): flake.lock is as it was.")
    } else if update.changes_anything() {
        gettext_f(
            "flake.lock now holds the new versions. Install them with “frost apply {dir}”.",
            &[("dir", &dir)],
        )
    } else {
        format!(
            "{}.",
            gettext("Every package is already at its newest version")
        )
    });
    out.push('\n');
    out
}

/// What `frost update --json` prints for a managed profile.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ManagedReport<'a> {
    profile: &'a Path,
    folder: &'a Path,
    /// The managed packages, installed → new.
    packages: &'a [PackageUpdate],
    /// Whether the new versions were installed.
    installed: bool,
    /// The generation the profile is at afterwards, when it changed.
    generation: Option<u64>,
    /// What the commit of the update says, when the folder is a Git
    /// repository.
    commit_message: Option<&'a str>,
}

/// A person's answer to the question.
enum Answer {
    Yes,
    No,
    /// Ctrl+C while asking.
    Interrupted,
}

/// Asks `question` on the terminal; Ctrl+C is an answer too, so that the
/// lock can be put back before frost ends.
fn ask(question: &str) -> Answer {
    let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    else {
        return Answer::No;
    };
    let _ = write!(std::io::stderr(), "{question} ");
    let _ = std::io::stderr().flush();
    runtime.block_on(async {
        let (tx, rx) = tokio::sync::oneshot::channel();
        // A plain thread: a blocked read must not hold the runtime when
        // it is dropped after a Ctrl+C.
        std::thread::spawn(move || {
            let mut line = String::new();
            let read = std::io::stdin().read_line(&mut line);
            let _ = tx.send(read.map(|_| line));
        });
        tokio::select! {
            _ = tokio::signal::ctrl_c() => Answer::Interrupted,
            line = rx => match line {
                Ok(Ok(line)) if is_yes(&line) => Answer::Yes,
                _ => Answer::No,
            },
        }
    })
}

/// “y”, “yes”, or the translated ones.
fn is_yes(line: &str) -> bool {
    let answer = line.trim().to_lowercase();
    // TRANSLATORS: the short and the long answer that mean yes to
    // “Install these versions? [y/N]”, separated by “|”.
    let words = gettext("y|yes");
    !answer.is_empty()
        && (answer == "y"
            || answer == "yes"
            || words.split('|').any(|w| w.trim().to_lowercase() == answer))
}

/// `frost update [--profile P] [--yes]`: see the module's comment.
fn run_managed(m: &ArgMatches) -> ExitCode {
    let profile = match crate::profile_path(m) {
        Ok(p) => p,
        Err(e) => return crate::fail(&e),
    };
    let elements = match Profile::open(&profile).and_then(|p| p.manifest(None)) {
        Ok(manifest) => manifest.elements,
        Err(e) => return crate::fail(&e),
    };
    let Some(managed) = managed_state_on_disk(&elements) else {
        return crate::fail(&frost_core::Error::NotManaged { profile });
    };
    // The flake's names of the managed packages.
    let names: BTreeSet<String> = elements
        .iter()
        .filter(|e| managed.in_flake.contains(&e.name))
        .filter_map(|e| e.short_attr_path().map(str::to_owned))
        .collect();
    let yes = m.get_flag("yes");
    let json = m.get_flag("json");
    let dir = managed.folder.clone();
    let op = Operation::UpdateFolder { dir: dir.clone() };
    let mut update = None;
    let code = crate::operate::run_then(op, m, |done| {
        update = done.folder_update;
        ExitCode::SUCCESS
    });
    let Some(mut update) = update else {
        return code;
    };
    update.packages.retain(|p| names.contains(&p.name));
    let restore = |update: &FolderUpdate| update.saved.restore();
    let report = |installed: bool, generation: Option<u64>, commit: Option<&str>| {
        crate::json_text(&ManagedReport {
            profile: &profile,
            folder: &dir,
            packages: &update.packages,
            installed,
            generation,
            commit_message: commit,
        })
    };
    let preview = managed_preview(&update);
    if !update.changes_anything() {
        let result = restore(&update).and_then(|()| {
            crate::print(&if json {
                report(false, None, None)
            } else {
                format!(
                    "{preview}\n{}.\n",
                    gettext("Every package is already at its newest version")
                )
            })
        });
        return result.map_or_else(|e| crate::fail(&e), |()| ExitCode::SUCCESS);
    }
    if !json {
        if let Err(e) = crate::print(&preview) {
            let _ = restore(&update);
            return crate::fail(&e);
        }
    }
    let answer = if yes {
        Answer::Yes
    } else if std::io::stdin().is_terminal() {
        ask(&gettext("Install these versions? [y/N]"))
    } else {
        Answer::No
    };
    let kept = match answer {
        Answer::Yes => None,
        Answer::No if !yes && !std::io::stdin().is_terminal() => Some((
            gettext("Nothing was installed: there is no terminal to ask on, and --yes was not given. flake.lock is as it was."),
            ExitCode::SUCCESS,
        )),
        Answer::No => Some((
            gettext("Nothing was installed; flake.lock is as it was."),
            ExitCode::SUCCESS,
        )),
        Answer::Interrupted => Some((
            format!("\n{}", gettext("Cancelled. Nothing was installed; flake.lock is as it was.")),
            ExitCode::from(EXIT_CANCELLED),
        )),
    };
    if let Some((message, code)) = kept {
        if let Err(e) = restore(&update) {
            return crate::fail(&e);
        }
        if json {
            let _ = crate::print(&report(false, None, None));
        }
        let _ = writeln!(std::io::stderr(), "{message}");
        return code;
    }
    let op = Operation::UpgradeManaged {
        profile: profile.clone(),
        dir: dir.clone(),
        message: update.commit_message.clone(),
    };
    let mut finished = None;
    let code = crate::operate::run_then(op, m, |done| {
        finished = Some(done);
        ExitCode::SUCCESS
    });
    let Some(done) = finished else {
        // Failed or cancelled: the profile is as it was, and so is the lock.
        if let Err(e) = restore(&update) {
            return crate::fail(&e);
        }
        let _ = writeln!(std::io::stderr(), "{}", gettext("flake.lock is as it was."));
        return code;
    };
    let generation = done.generations.and_then(|g| g.after);
    let text = if json {
        report(true, generation, update.commit_message.as_deref())
    } else {
        let mut text = gettext_f(
            "Installed the new versions from {dir} (generation {generation}). “frost rollback” goes back.",
            &[
                ("dir", &home_shortened(&dir)),
                (
                    "generation",
                    &generation.map_or_else(|| "?".into(), |g| g.to_string()),
                ),
            ],
        );
        text.push('\n');
        text
    };
    crate::print(&text).map_or_else(|e| crate::fail(&e), |()| ExitCode::SUCCESS)
}

/// The managed packages, installed → new.
fn managed_preview(update: &FolderUpdate) -> String {
    let mut out = gettext_f(
        "The packages {dir} manages, installed → new:",
        &[("dir", &home_shortened(&update.dir))],
    );
    out.push('\n');
    out.push_str(&table(&update.packages));
    out
}
