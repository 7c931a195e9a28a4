//! `frost list`: the packages of a profile, as a table or as JSON.

use clap::ArgMatches;
use frost_core::describe::{DescribeCache, PackageKind};
use frost_core::i18n::{gettext, gettext_f};
use std::rc::Rc;

use frost_core::element::Origin;
use frost_core::{Element, FlakeRef, ManifestFormat, Outputs};
use serde::Serialize;

use crate::table::Table;

pub fn run(m: &ArgMatches) -> frost_core::Result<()> {
    let profile = crate::open_profile(m)?;
    let generation = match m.get_one::<u64>("generation") {
        Some(n) => profile.generation(*n)?,
        None => profile.current_generation()?,
    };
    let manifest = profile.manifest(Some(generation.number))?;
    // Reading each element's store paths (desktop files, bin/) is the slow
    // part; store paths never change, so the answers are cached on disk.
    let mut cache = DescribeCache::open_default();
    let packages: Vec<&[String]> = manifest
        .elements
        .iter()
        .map(|e| e.store_paths.as_slice())
        .collect();
    let kinds: Vec<PackageKind> = cache.kinds(&packages);
    cache.save();

    if m.get_flag("json") {
        let mut urls = UrlMemo::default();
        let elements: Vec<ElementJson> = manifest
            .elements
            .iter()
            .zip(&kinds)
            .map(|(e, k)| ElementJson::new(e, *k, &mut urls))
            .collect();
        let doc = ListJson {
            profile: &profile.path,
            generation: generation.number,
            format: manifest.format,
            elements,
        };
        // Compact, as `nix profile list --json` prints it: for scripts (and
        // `jq` for people); pretty-printing cost a fifth of the run.
        let mut text = serde_json::to_string(&doc).unwrap_or_default();
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

pub fn outputs_label(outputs: &Outputs) -> String {
    match outputs {
        Outputs::Default => gettext("default"),
        Outputs::All => gettext("all"),
        Outputs::Named(names) => names.join(","),
    }
}

#[derive(Serialize)]
struct ListJson<'a> {
    profile: &'a std::path::Path,
    generation: u64,
    format: ManifestFormat,
    elements: Vec<ElementJson<'a>>,
}

/// The JSON form of an element: the manifest's own keys (so scripts written
/// for `nix profile list --json` keep working) plus what Frost adds.
/// Serialized straight from borrowed fields: building a `serde_json::Value`
/// tree first tripled the time of `frost list --json` on 1,000 elements.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ElementJson<'a> {
    name: &'a str,
    pname: &'a str,
    version: Option<&'a str>,
    kind: PackageKind,
    source: Rc<str>,
    origin: Origin,
    attr_path: Option<&'a str>,
    original_url: Option<Rc<str>>,
    url: Option<Rc<str>>,
    outputs: serde_json::Value,
    priority: i64,
    active: bool,
    store_paths: &'a [String],
}

impl<'a> ElementJson<'a> {
    fn new(e: &'a Element, kind: PackageKind, urls: &mut UrlMemo) -> Self {
        ElementJson {
            name: &e.name,
            pname: &e.pname,
            version: e.version.as_deref(),
            kind,
            source: urls.source(e),
            origin: e.origin,
            attr_path: e.attr_path.as_deref(),
            original_url: e.original_ref.as_ref().map(|r| urls.url(r)),
            url: e.locked_ref.as_ref().map(|r| urls.url(r)),
            outputs: e.outputs.to_json(),
            priority: e.priority,
            active: e.active,
            store_paths: &e.store_paths,
        }
    }
}

/// Most elements of a profile share a handful of sources; work out each
/// source's URL and words once.
#[derive(Default)]
struct UrlMemo {
    seen: Vec<(FlakeRef, Rc<str>)>,
    sources: Vec<(SourceKey, Rc<str>)>,
}

type SourceKey = (Origin, Option<FlakeRef>, Option<FlakeRef>);

impl UrlMemo {
    fn source(&mut self, e: &Element) -> Rc<str> {
        let key = (e.origin, e.original_ref.clone(), e.locked_ref.clone());
        if let Some((_, words)) = self.sources.iter().rev().take(8).find(|(k, _)| *k == key) {
            return words.clone();
        }
        let words: Rc<str> = e.source_description().into();
        self.sources.push((key, words.clone()));
        words
    }

    fn url(&mut self, r: &FlakeRef) -> Rc<str> {
        if let Some((_, url)) = self.seen.iter().rev().take(8).find(|(seen, _)| seen == r) {
            return url.clone();
        }
        let url: Rc<str> = r.to_url().into();
        self.seen.push((r.clone(), url.clone()));
        url
    }
}
