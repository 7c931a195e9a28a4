//! `frost freeze`: a profile into a folder holding a flake that installs
//! the same packages again; prints what was frozen, what was not and why.

use std::path::PathBuf;

use clap::ArgMatches;
use frost_core::freeze::branches::parse_nixpkgs_target;
use frost_core::freeze::engine::{freeze, read_source, FreezeReport, FreezeRequest};
use frost_core::freeze::plan::{Follow, FreezeOptions, Pin};
use frost_core::freeze::summary::summarize;
use frost_core::freeze::target::default_target;
use frost_core::freeze::verify::verify;
use frost_core::i18n::{gettext, gettext_f, ngettext_f};
use frost_core::nix::NixSetup;

use crate::verify::render_verify;

fn strings(m: &ArgMatches, id: &str) -> Vec<String> {
    m.get_many::<String>(id)
        .map(|v| v.cloned().collect())
        .unwrap_or_default()
}

pub fn run(m: &ArgMatches) -> frost_core::Result<bool> {
    // A generation link freezes that generation; a folder, its manifest.
    // `--generation N` picks one of the profile's generations instead.
    let view = crate::open_view(m)?;
    let number = m.get_one::<u64>("generation").copied();
    let source = read_source(&view, number)?;
    let mut follow = Vec::new();
    for f in strings(m, "follow") {
        follow.push(Follow::parse(&f)?);
    }
    if let Some(branch) = m.get_one::<String>("nixpkgs") {
        follow.push(parse_nixpkgs_target(branch)?);
    }
    let options = FreezeOptions {
        only: strings(m, "only"),
        follow,
        systems: strings(m, "system"),
        portable: m.get_flag("portable"),
    };
    let out = match m.get_one::<PathBuf>("out") {
        Some(out) => out.clone(),
        None => default_out()?,
    };
    let request = FreezeRequest {
        options,
        out: std::path::absolute(&out).unwrap_or(out),
        force: m.get_flag("force"),
        profile: source.profile.clone(),
        generation: source.generation,
        git: m.get_flag("git"),
    };
    let nix = NixSetup::default();
    let rt = crate::runtime()?;
    let report = rt.block_on(freeze(&nix, &source.elements, &request))?;
    let checked = if m.get_flag("verify") {
        Some(rt.block_on(verify(&nix, &report.out, &source.elements))?)
    } else {
        None
    };
    let ok = checked.as_ref().is_none_or(|c| c.all_identical());
    if m.get_flag("json") {
        let doc = serde_json::json!({
            "freeze": report,
            "summary": summarize(&report.plan),
            "verify": checked,
        });
        crate::print(&crate::json_text(&doc))?;
    } else {
        let mut text = render_report(&report);
        if let Some(c) = &checked {
            text.push('\n');
            text.push_str(&render_verify(c));
        }
        crate::print(&text)?;
    }
    Ok(ok)
}

/// The folder the wizard offers too: `~/nix-profile-flake`, numbered
/// when taken.
fn default_out() -> frost_core::Result<PathBuf> {
    match std::env::var_os("HOME").filter(|h| !h.is_empty()) {
        Some(home) => Ok(default_target(std::path::Path::new(&home))),
        None => Err(frost_core::Error::Write {
            what: gettext("the frozen flake"),
            source: std::io::Error::other(gettext(
                "HOME is not set, so there is no home folder to write to; choose a folder with --out",
            )),
        }),
    }
}

fn render_report(r: &FreezeReport) -> String {
    let mut t = String::new();
    let n = r.plan.packages.len();
    t.push_str(&ngettext_f(
        "Froze {n} package into {dir}.",
        "Froze {n} packages into {dir}.",
        n as u64,
        &[("n", &n.to_string()), ("dir", &r.out.display().to_string())],
    ));
    t.push('\n');
    let summary = summarize(&r.plan);
    t.push_str(&summary.text);
    t.push('\n');
    if let Some(mixed) = &summary.mixed {
        t.push_str(mixed);
        t.push('\n');
    }
    if let Some(g) = &r.git {
        let line = match (&g.commit, g.initialized) {
            (Some(c), true) => gettext_f(
                "Made the folder a Git repository and committed the files ({commit}).",
                &[("commit", c.get(..12).unwrap_or(c))],
            ),
            (Some(c), false) => gettext_f(
                "Committed the files to Git ({commit}).",
                &[("commit", c.get(..12).unwrap_or(c))],
            ),
            (None, _) => gettext("Git already has these very files: nothing to commit."),
        };
        t.push_str(&line);
        t.push('\n');
    }
    if !r.plan.inputs.is_empty() {
        t.push_str(&format!("\n{}\n", gettext("Sources:")));
        for i in &r.plan.inputs {
            let how = match &i.pin {
                Pin::Exact { locked } => {
                    gettext_f("exact: {locked}", &[("locked", &locked.to_url())])
                }
                Pin::Follow { .. } => gettext("moved, locked by nix flake lock"),
                Pin::Relock { .. } => gettext("no exact revision recorded, locked as it is now"),
            };
            t.push_str(&format!("  {}  {}  ({how})\n", i.name, i.url.to_url()));
        }
    }
    if !r.moved.is_empty() {
        t.push_str(&format!("\n{}\n", gettext("Moved packages:")));
        for m in &r.moved {
            let old = m.old_version.clone().unwrap_or_else(|| "?".into());
            let line = if m.missing {
                gettext_f(
                    "{name} {old}: not in the new {input}, left out",
                    &[("name", &m.name), ("old", &old), ("input", &m.input)],
                )
            } else {
                let new = m.new_version.clone().unwrap_or_else(|| "?".into());
                gettext_f(
                    "{name} {old} → {new}",
                    &[("name", &m.name), ("old", &old), ("new", &new)],
                )
            };
            t.push_str(&format!("  {line}\n"));
        }
    }
    if !r.plan.unfrozen.is_empty() {
        t.push_str(&format!("\n{}\n", gettext("Not frozen:")));
        for u in &r.plan.unfrozen {
            t.push_str(&format!("  {}: {}\n", u.name, u.reason.describe()));
        }
    }
    for c in &r.completed {
        t.push_str(&gettext_f(
            "Completed the lock of {input} with {keys} from nix flake metadata.",
            &[("input", &c.input), ("keys", &c.added.join(", "))],
        ));
        t.push('\n');
    }
    for i in &r.incomplete {
        t.push_str(&gettext_f(
            "The lock of {input} lacks {keys}, which Nix could not supply ({message}); run frost verify when Nix can reach the source.",
            &[
                ("input", &i.input),
                ("keys", &i.missing.join(", ")),
                ("message", &i.message),
            ],
        ));
        t.push('\n');
    }
    if !r.plan.notes.is_empty() {
        t.push_str(&format!("\n{}\n", gettext("Notes:")));
        for note in &r.plan.notes {
            t.push_str(&format!("  {}\n", note.describe()));
        }
    }
    t.push('\n');
    t.push_str(&gettext(
        "README.md in that folder has the nix commands that install these packages again.",
    ));
    t.push('\n');
    t
}
