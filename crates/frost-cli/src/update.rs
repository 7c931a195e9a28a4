//! `frost update --folder DIR`: a frozen folder's inputs moved to their
//! newest (`nix flake update`), through the same queue as the other
//! changes, and each package's installed version beside its new one on
//! stdout (or the preview as JSON). Nothing is installed: `frost apply DIR`
//! does that. `--dry-run` puts flake.lock back afterwards, byte for byte.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::ArgMatches;
use frost_core::freeze::update::{Change, FolderUpdate, PackageUpdate};
use frost_core::i18n::{gettext, gettext_f};
use frost_core::ops::{Completed, Operation};

pub fn run(m: &ArgMatches) -> ExitCode {
    let Some(dir) = m.get_one::<PathBuf>("folder").cloned() else {
        return ExitCode::FAILURE;
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
        let mut text = serde_json::to_string_pretty(&update).unwrap_or_default();
        text.push('\n');
        text
    } else {
        preview_text(&update, dry_run)
    };
    crate::print(&text)
}

fn version(v: Option<&String>) -> String {
    v.cloned().unwrap_or_else(|| gettext("unknown version"))
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

/// A heading, a line a package, and what happened to flake.lock.
fn preview_text(update: &FolderUpdate, dry_run: bool) -> String {
    let dir = update.dir.display().to_string();
    let mut out = gettext_f(
        "The packages of {dir} ({system}), installed → after the update:",
        &[("dir", &dir), ("system", &update.system)],
    );
    out.push('\n');
    let width = update
        .packages
        .iter()
        .map(|p| p.name.chars().count())
        .max()
        .unwrap_or(0);
    for p in &update.packages {
        let pad = width - p.name.chars().count();
        out.push_str(&format!("  {}{}  {}\n", p.name, " ".repeat(pad), line(p)));
    }
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
