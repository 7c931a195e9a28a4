//! `frost list`: the packages of a profile, as a table or as JSON.

use clap::ArgMatches;
use frost_core::describe::{DescribeCache, PackageKind};
use frost_core::freeze::managed::{home_shortened, managed_state_on_disk};
use frost_core::i18n::{gettext, gettext_f};

use frost_core::{ManifestFormat, Outputs};
use serde::Serialize;

use crate::table::Table;

pub fn run(m: &ArgMatches) -> frost_core::Result<()> {
    let view = crate::open_view(m)?;
    let generation = view.generation(m.get_one::<u64>("generation").copied())?;
    let dir = match &generation {
        Some(g) => g.store_path.clone(),
        None => view.path().to_path_buf(),
    };
    // Reading each element's store paths (desktop files, bin/) is the slow
    // part; store paths never change, so the answers are cached on disk.
    // The cache loads while the manifest is parsed.
    let (manifest, mut cache) = std::thread::scope(|s| {
        let cache = s.spawn(DescribeCache::open_default);
        let manifest = frost_core::Manifest::read_dir(&dir);
        (
            manifest,
            cache.join().unwrap_or_else(|_| DescribeCache::open(None)),
        )
    });
    let manifest = manifest?;
    let packages: Vec<&[String]> = manifest
        .elements
        .iter()
        .map(|e| e.store_paths.as_slice())
        .collect();
    let kinds: Vec<PackageKind> = cache.kinds(&packages);
    cache.save();
    // Reads the flake.nix of the folders elements came from: a few at most.
    let managed = managed_state_on_disk(&manifest.elements);

    if m.get_flag("json") {
        let head = ListJson {
            managed_by: managed.as_ref().map(|m| m.folder.as_path()),
            not_in_flake: managed
                .as_ref()
                .map(|m| m.not_in_flake.as_slice())
                .unwrap_or_default(),
            profile: view.profile().map(|p| p.path.as_path()),
            generation: generation.as_ref().map(|g| g.number),
            read_only: view.changeable().is_err(),
            manifest_dir: &dir,
            format: manifest.format,
        };
        let mut out = serde_json::to_string(&head).unwrap_or_default();
        out.pop();
        out.push_str(",\"elements\":[");
        out.reserve(manifest.elements.len() * 600);
        crate::list_json::push_elements(&mut out, &manifest.elements, &kinds);
        out.push_str("]}\n");
        let printed = crate::print(&out);
        // The process ends here: freeing every element and cache entry one
        // by one would cost a tenth of the command for nothing.
        std::mem::forget((manifest, cache));
        return printed;
    }

    if manifest.elements.is_empty() {
        return crate::print(&format!(
            "{}\n",
            gettext_f(
                "The profile {profile} has no packages yet.",
                &[("profile", &view.path().display().to_string())]
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
    let Some(managed) = managed else {
        return crate::print(&table.render());
    };
    let mut head = gettext_f(
        "Managed by {dir}",
        &[("dir", &home_shortened(&managed.folder))],
    );
    head.push_str("\n\n");
    let mut foot = String::new();
    if !managed.not_in_flake.is_empty() {
        foot.push('\n');
        foot.push_str(&gettext_f(
            "Not in your flake (installed from elsewhere): {names}",
            &[("names", &managed.not_in_flake.join(", "))],
        ));
        foot.push('\n');
    }
    crate::print_parts(&[head, table.render(), foot])
}

fn kind_label(kind: PackageKind) -> String {
    match kind {
        PackageKind::App => gettext("app"),
        PackageKind::Tool => gettext("tool"),
        PackageKind::Other => gettext("other"),
    }
}

pub fn outputs_label(outputs: &Outputs) -> String {
    match outputs {
        Outputs::Default => gettext("default"),
        Outputs::All => gettext("all"),
        Outputs::Named(names) => names.join(","),
    }
}

/// `frost list --json` without its `elements`, which are added after it.
/// `profile` and `generation` are null for a folder that is no profile's.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ListJson<'a> {
    profile: Option<&'a std::path::Path>,
    generation: Option<u64>,
    /// A generation link or a folder: changes must go to a profile.
    read_only: bool,
    /// Where the manifest was read: the generation's store path, or the folder.
    manifest_dir: &'a std::path::Path,
    format: ManifestFormat,
    /// The folder that manages the profile (see `frost adopt`), or null.
    managed_by: Option<&'a std::path::Path>,
    /// When managed: the elements that do not come from its flake.
    not_in_flake: &'a [String],
}
