//! `frost apply`: a flake's packages (a frozen folder, or any flake
//! reference) into a profile, through the same queue as the other changes
//! (progress on stderr, Ctrl+C cancels and leaves the profile as it was);
//! the summary, or the report as JSON, on stdout. `--dry-run` runs the
//! preview instead and changes nothing.

use std::path::Path;
use std::process::ExitCode;

use clap::ArgMatches;
use frost_core::freeze::restore_preview::{PreviewPackage, RestorePreview};
use frost_core::freeze::source::ApplySource;
use frost_core::i18n::{gettext, gettext_f, ngettext_f};
use frost_core::ops::{Completed, Operation};
use serde::Serialize;

/// What `--json` prints.
#[derive(Serialize)]
struct Report<'a> {
    profile: &'a Path,
    installed: &'a [String],
    /// The generation the profile is at afterwards.
    generation: Option<u64>,
}

/// What `--dry-run --json` prints.
#[derive(Serialize)]
struct PreviewReport<'a> {
    profile: &'a Path,
    #[serde(flatten)]
    preview: &'a RestorePreview,
}

pub fn run(m: &ArgMatches) -> ExitCode {
    let profile = match crate::profile_path(m) {
        Ok(p) => p,
        Err(e) => return crate::fail(&e),
    };
    let text = m.get_one::<String>("source").map_or(".", String::as_str);
    let source = match ApplySource::parse(text) {
        Ok(source) => source,
        Err(e) => return crate::fail(&e),
    };
    let only = crate::many(m, "only");
    let json = m.get_flag("json");
    if m.get_flag("dry-run") {
        let op = Operation::PreviewApply {
            source,
            profile: profile.clone(),
        };
        return crate::operate::run_then(op, m, |done| {
            match show_preview(&done, &profile, &only, json) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => crate::fail(&e),
            }
        });
    }
    let op = Operation::Apply {
        source,
        profile: profile.clone(),
        replace: m.get_flag("replace"),
        only,
    };
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

fn show_preview(
    done: &Completed,
    profile: &Path,
    only: &[String],
    json: bool,
) -> frost_core::Result<()> {
    let preview = done.preview.as_deref().cloned().unwrap_or_default();
    let preview = preview.only(only)?;
    let text = if json {
        let report = PreviewReport {
            profile,
            preview: &preview,
        };
        crate::json_text(&report)
    } else {
        preview_text(&preview, profile)
    };
    crate::print(&text)
}

/// A version to print, or "unknown version".
pub(crate) fn version(v: Option<&String>) -> String {
    v.cloned().unwrap_or_else(|| gettext("unknown version"))
}

/// The preview as a person reads it: a heading, then each group that has
/// packages, then that nothing changed.
fn preview_text(preview: &RestorePreview, profile: &Path) -> String {
    let mut out = gettext_f(
        "What applying {source} would do to {profile} ({system}):",
        &[
            ("source", &preview.source),
            ("profile", &profile.display().to_string()),
            ("system", &preview.system),
        ],
    );
    out.push('\n');
    let group = |out: &mut String,
                 heading: String,
                 list: &[PreviewPackage],
                 line: &dyn Fn(&PreviewPackage) -> String| {
        if list.is_empty() {
            return;
        }
        out.push('\n');
        out.push_str(&heading);
        out.push('\n');
        for p in list {
            out.push_str("  ");
            out.push_str(&line(p));
            out.push('\n');
        }
    };
    let count = |n: usize| n.to_string();
    let added = &preview.will_be_added;
    group(
        &mut out,
        gettext_f("Will be added ({n}):", &[("n", &count(added.len()))]),
        added,
        &|p| format!("{} {}", p.name, version(p.incoming_version.as_ref())),
    );
    let same = &preview.already_installed;
    group(
        &mut out,
        gettext_f("Already installed ({n}):", &[("n", &count(same.len()))]),
        same,
        &|p| format!("{} {}", p.name, version(p.incoming_version.as_ref())),
    );
    let different = &preview.different_version;
    group(
        &mut out,
        gettext_f(
            "Different version here, replaced when added ({n}):",
            &[("n", &count(different.len()))],
        ),
        different,
        &|p| {
            let name = match &p.element {
                Some(e) if *e != p.name => gettext_f(
                    "{name} (installed as {element})",
                    &[("name", &p.name), ("element", e)],
                ),
                _ => p.name.clone(),
            };
            format!(
                "{name} {} → {}",
                version(p.installed_version.as_ref()),
                version(p.incoming_version.as_ref())
            )
        },
    );
    let kept = &preview.only_in_profile;
    group(
        &mut out,
        gettext_f("Only in your profile ({n}):", &[("n", &count(kept.len()))]),
        kept,
        &|p| format!("{} {}", p.name, version(p.installed_version.as_ref())),
    );
    out.push('\n');
    out.push_str(&gettext(
        "Nothing was changed (--dry-run). Apply without --dry-run to add these packages, or with --replace to make the profile hold exactly them.",
    ));
    out.push('\n');
    out
}
