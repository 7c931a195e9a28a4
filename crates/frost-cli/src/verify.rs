//! `frost verify`: a frozen flake against a profile, per package.

use std::path::PathBuf;

use clap::ArgMatches;
use frost_core::freeze::verify::{verify, Verdict, VerifyReport};
use frost_core::i18n::{gettext, gettext_f};
use frost_core::nix::NixSetup;

use crate::table::Table;

pub fn run(m: &ArgMatches) -> frost_core::Result<bool> {
    let manifest = crate::open_view(m)?.manifest(None)?;
    let dir = m
        .get_one::<PathBuf>("dir")
        .cloned()
        .unwrap_or_else(|| PathBuf::from("."));
    let dir = std::path::absolute(&dir).unwrap_or(dir);
    let rt = crate::runtime()?;
    let report = rt.block_on(verify(&NixSetup::default(), &dir, &manifest.elements))?;
    if m.get_flag("json") {
        crate::print(&crate::json_text(&report))?;
    } else {
        crate::print(&render_verify(&report))?;
    }
    Ok(report.all_identical())
}

pub fn render_verify(r: &VerifyReport) -> String {
    let mut table = Table::new(vec![gettext("NAME"), gettext("RESULT"), gettext("DETAIL")]);
    for e in &r.elements {
        let (result, detail) = match &e.verdict {
            Verdict::Identical => (gettext("identical"), String::new()),
            Verdict::Different {
                profile_paths,
                flake_paths,
                profile_priority,
                flake_priority,
            } => {
                let detail = if profile_paths != flake_paths {
                    gettext_f(
                        "profile {a}, flake {b}",
                        &[
                            ("a", &profile_paths.join(" ")),
                            ("b", &flake_paths.join(" ")),
                        ],
                    )
                } else {
                    gettext_f(
                        "priority {a} in the profile, {b} in the flake",
                        &[
                            ("a", &profile_priority.to_string()),
                            ("b", &flake_priority.to_string()),
                        ],
                    )
                };
                (gettext("different"), detail)
            }
            Verdict::CouldNotCheck { message } => (gettext("could not check"), message.clone()),
            Verdict::NotFrozen => (gettext("not frozen"), String::new()),
        };
        table.push(vec![e.name.clone(), result, detail]);
    }
    let mut text = table.render();
    for name in &r.extra {
        text.push_str(&gettext_f(
            "{name} is in the flake but not in the profile.",
            &[("name", name)],
        ));
        text.push('\n');
    }
    text
}
