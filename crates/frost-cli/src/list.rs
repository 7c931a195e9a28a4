//! `frost list`: the packages of a profile, as a table or as JSON.

use clap::ArgMatches;
use frost_core::describe::{DescribeCache, PackageKind};
use frost_core::i18n::{gettext, gettext_f};

use frost_core::{ManifestFormat, Outputs};
use serde::Serialize;

use crate::table::Table;

pub fn run(m: &ArgMatches) -> frost_core::Result<()> {
    let profile = crate::open_profile(m)?;
    let generation = match m.get_one::<u64>("generation") {
        Some(n) => profile.generation(*n)?,
        None => profile.current_generation()?,
    };
    // Reading each element's store paths (desktop files, bin/) is the slow
    // part; store paths never change, so the answers are cached on disk.
    // The cache loads while the manifest is parsed.
    let (manifest, mut cache) = std::thread::scope(|s| {
        let cache = s.spawn(DescribeCache::open_default);
        let manifest = generation.manifest();
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

    if m.get_flag("json") {
        let head = ListJson {
            profile: &profile.path,
            generation: generation.number,
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

pub fn outputs_label(outputs: &Outputs) -> String {
    match outputs {
        Outputs::Default => gettext("default"),
        Outputs::All => gettext("all"),
        Outputs::Named(names) => names.join(","),
    }
}

/// `frost list --json` without its `elements`, which are added after it.
#[derive(Serialize)]
struct ListJson<'a> {
    profile: &'a std::path::Path,
    generation: u64,
    format: ManifestFormat,
}
