//! `frost list`: the packages of a profile, as a table or as JSON.

use clap::ArgMatches;
use frost_core::describe::{describe, PackageKind};
use frost_core::i18n::{gettext, gettext_f};
use frost_core::{Element, Outputs};
use serde_json::json;

use crate::table::Table;

pub fn run(m: &ArgMatches) -> frost_core::Result<()> {
    let profile = crate::open_profile(m)?;
    let generation = match m.get_one::<u64>("generation") {
        Some(n) => profile.generation(*n)?,
        None => profile.current_generation()?,
    };
    let manifest = profile.manifest(Some(generation.number))?;
    // Reading each element's store paths (desktop files, bin/) is the slow
    // part; do it once per element.
    let kinds: Vec<PackageKind> = manifest
        .elements
        .iter()
        .map(|e| describe(&e.store_paths).kind)
        .collect();

    if m.get_flag("json") {
        let elements: Vec<_> = manifest
            .elements
            .iter()
            .zip(&kinds)
            .map(|(e, k)| element_json(e, *k))
            .collect();
        let doc = json!({
            "profile": profile.path,
            "generation": generation.number,
            "format": manifest.format,
            "elements": elements,
        });
        let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
        text.push('\n');
        return crate::print(&text);
    }

    if manifest.elements.is_empty() {
        return crate::print(&format!(
            "{}\n",
            gettext_f(
                "The profile {profile} has no packages yet.",
                &[("profile", &profile.path.display().to_string())]
            )
        ));
    }
    let mut table = Table::new(vec![
        gettext("NAME"),
        gettext("VERSION"),
        gettext("KIND"),
        gettext("OUTPUTS"),
        gettext("PRIORITY"),
        gettext("SOURCE"),
    ]);
    for (e, k) in manifest.elements.iter().zip(&kinds) {
        table.push(vec![
            e.name.clone(),
            e.version.clone().unwrap_or_else(|| "–".to_owned()),
            kind_label(*k),
            outputs_label(&e.outputs),
            e.priority.to_string(),
            e.source_description(),
        ]);
    }
    crate::print(&table.render())
}

fn kind_label(kind: PackageKind) -> String {
    match kind {
        PackageKind::App => gettext("app"),
        PackageKind::Tool => gettext("tool"),
        PackageKind::Other => gettext("other"),
    }
}

fn kind_key(kind: PackageKind) -> &'static str {
    match kind {
        PackageKind::App => "app",
        PackageKind::Tool => "tool",
        PackageKind::Other => "other",
    }
}

pub fn outputs_label(outputs: &Outputs) -> String {
    match outputs {
        Outputs::Default => gettext("default"),
        Outputs::All => gettext("all"),
        Outputs::Named(names) => names.join(","),
    }
}

/// The JSON form of an element: the manifest's own keys (so scripts written
/// for `nix profile list --json` keep working) plus what Frost adds.
fn element_json(e: &Element, kind: PackageKind) -> serde_json::Value {
    json!({
        "name": e.name,
        "pname": e.pname,
        "version": e.version,
        "kind": kind_key(kind),
        "source": e.source_description(),
        "origin": e.origin,
        "attrPath": e.attr_path,
        "originalUrl": e.original_ref.as_ref().map(|r| r.to_url()),
        "url": e.locked_ref.as_ref().map(|r| r.to_url()),
        "outputs": e.outputs.to_json(),
        "priority": e.priority,
        "active": e.active,
        "storePaths": e.store_paths,
    })
}
