//! `frost apply`: a frozen flake's packages into a profile.

use std::path::PathBuf;

use clap::ArgMatches;
use frost_core::freeze::apply::{apply, ApplyRequest};
use frost_core::i18n::ngettext_f;
use frost_core::nix::NixSetup;
use frost_core::profile::{default_profile, NixEnvironment};

pub fn run(m: &ArgMatches) -> frost_core::Result<bool> {
    // The profile may not exist yet: apply creates it.
    let profile = match m.get_one::<PathBuf>("profile") {
        Some(p) => p.clone(),
        None => default_profile(&NixEnvironment::from_process())?,
    };
    let dir = m
        .get_one::<PathBuf>("dir")
        .cloned()
        .unwrap_or_else(|| PathBuf::from("."));
    let request = ApplyRequest {
        dir,
        profile,
        replace: m.get_flag("replace"),
    };
    let rt = crate::runtime()?;
    let report = rt.block_on(apply(&NixSetup::default(), &request))?;
    if m.get_flag("json") {
        let mut text = serde_json::to_string_pretty(&report).unwrap_or_default();
        text.push('\n');
        crate::print(&text)?;
    } else {
        let n = report.installed.len();
        let generation = report
            .generation
            .map_or_else(|| "?".into(), |g| g.to_string());
        let mut text = ngettext_f(
            "Installed {n} package into {profile} (generation {generation}).",
            "Installed {n} packages into {profile} (generation {generation}).",
            n as u64,
            &[
                ("n", &n.to_string()),
                ("profile", &report.profile.display().to_string()),
                ("generation", &generation),
            ],
        );
        text.push('\n');
        crate::print(&text)?;
    }
    Ok(true)
}
