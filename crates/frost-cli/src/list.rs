//! `frost list`: the packages of a profile, as a table or as JSON.

use clap::ArgMatches;
use frost_core::describe::{DescribeCache, PackageKind};
use frost_core::i18n::{gettext, gettext_f};
use std::rc::Rc;
use std::sync::Arc;

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
        let mut head = serde_json::to_string(&head).unwrap_or_default();
        head.pop();
        head.push_str(",\"elements\":[");
        let mut parts = vec![head];
        parts.extend(elements_json(&manifest.elements, &kinds));
        parts.push("]}\n".to_owned());
        return crate::print_parts(&parts);
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

/// The elements as a comma-separated list of JSON objects, in pieces to be
/// written one after the other. Compact, as `nix profile list --json` prints
/// it (pretty-printing cost a fifth of the run), and made on two threads:
/// it is half of what `frost list --json` does.
fn elements_json(elements: &[Element], kinds: &[PackageKind]) -> Vec<String> {
    let half = elements.len().div_ceil(2).max(1);
    let parts: Vec<String> = std::thread::scope(|s| {
        let handles: Vec<_> = elements
            .chunks(half)
            .zip(kinds.chunks(half))
            .map(|(elements, kinds)| {
                s.spawn(move || {
                    let mut urls = UrlMemo::default();
                    let mut out = String::with_capacity(elements.len() * 400);
                    for (e, k) in elements.iter().zip(kinds) {
                        if !out.is_empty() {
                            out.push(',');
                        }
                        let json = ElementJson::new(e, *k, &mut urls);
                        out.push_str(&serde_json::to_string(&json).unwrap_or_default());
                    }
                    out
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_default())
            .collect()
    });
    let mut pieces = Vec::with_capacity(parts.len() * 2);
    for (i, part) in parts.into_iter().enumerate() {
        if i > 0 {
            pieces.push(",".to_owned());
        }
        pieces.push(part);
    }
    pieces
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

/// Most elements of a profile share a handful of sources (the same `Arc`s,
/// as the manifest reader shares them): work out each source's URL and
/// words once.
#[derive(Default)]
struct UrlMemo {
    seen: Vec<(Arc<FlakeRef>, Rc<str>)>,
    sources: Vec<(SourceKey, Rc<str>)>,
}

type SourceKey = (Origin, Option<Arc<FlakeRef>>, Option<Arc<FlakeRef>>);

fn same(a: &Option<Arc<FlakeRef>>, b: &Option<Arc<FlakeRef>>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => Arc::ptr_eq(a, b) || a == b,
        (None, None) => true,
        _ => false,
    }
}

impl UrlMemo {
    fn source(&mut self, e: &Element) -> Rc<str> {
        let found = self
            .sources
            .iter()
            .rev()
            .take(8)
            .find(|((origin, o, l), _)| {
                *origin == e.origin && same(o, &e.original_ref) && same(l, &e.locked_ref)
            });
        if let Some((_, words)) = found {
            return words.clone();
        }
        let words: Rc<str> = e.source_description().into();
        let key = (e.origin, e.original_ref.clone(), e.locked_ref.clone());
        self.sources.push((key, words.clone()));
        words
    }

    fn url(&mut self, r: &Arc<FlakeRef>) -> Rc<str> {
        let found = self
            .seen
            .iter()
            .rev()
            .take(8)
            .find(|(seen, _)| Arc::ptr_eq(seen, r) || seen == r);
        if let Some((_, url)) = found {
            return url.clone();
        }
        let url: Rc<str> = r.to_url().into();
        self.seen.push((r.clone(), url.clone()));
        url
    }
}
