//! `frost search TERM…`: the packages of a flake (by default the nixpkgs
//! the profile uses most) that match every word, best first, with whether
//! the profile has each. The flake's index comes from the cache when this
//! revision was read before (no `nix` runs at all for a locked reference);
//! otherwise it is built through the queue, with progress on stderr and
//! Ctrl+C to cancel.

use std::collections::HashSet;
use std::io::Write;
use std::process::ExitCode;

use clap::ArgMatches;
use frost_core::i18n::{gettext, gettext_f};
use frost_core::ops::Operation;
use frost_core::search::{self, IndexCache, LockedIndex, Rank};
use frost_core::Element;
use serde::Serialize;

use crate::table::Table;

/// One package of `--json`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Found<'a> {
    name: &'a str,
    attr_path: &'a str,
    pname: &'a str,
    version: &'a str,
    description: &'a str,
    installed: bool,
    /// What `frost install` takes to install it.
    installable: String,
    rank: Rank,
}

#[derive(Serialize)]
struct Report<'a> {
    /// The locked reference searched.
    source: &'a str,
    packages: Vec<Found<'a>>,
}

pub fn run(m: &ArgMatches) -> ExitCode {
    // The profile only says what is installed and where to search by
    // default: with --from, a missing one is no obstacle.
    let from = m.get_one::<String>("from").cloned();
    let elements: Vec<Element> = match crate::open_view(m).and_then(|v| v.manifest(None)) {
        Ok(manifest) => manifest.elements,
        Err(e) if from.is_none() => return crate::fail(&e),
        Err(_) => Vec::new(),
    };
    let source = match from.or_else(|| search::default_source(&elements)) {
        Some(source) => source,
        None => {
            return crate::fail(&frost_core::Error::FlakeRef {
                input: String::new(),
                detail: gettext(
                    "the profile has no package from a flake to search; choose one with --from",
                ),
            })
        }
    };
    let terms = crate::many(m, "terms").join(" ");
    let json = m.get_flag("json");
    let show = |index: &LockedIndex| {
        let installed = search::installed_from(&elements, &source);
        match crate::print_with(|out| render(index, &terms, &installed, json, out)) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => crate::fail(&e),
        }
    };
    if let Some(index) = search::cached(&source, &IndexCache::open_default()) {
        let code = show(&index);
        // The process ends here: freeing the index costs time for nothing.
        std::mem::forget(index);
        return code;
    }
    let op = Operation::BuildSearchIndex {
        source: source.clone(),
    };
    crate::operate::run_with(op, false, |done| match done.search {
        Some(index) => show(&index),
        None => ExitCode::FAILURE,
    })
}

/// Writes what `terms` finds in `index` to `out`: a table, or `--json`.
fn render(
    index: &LockedIndex,
    terms: &str,
    installed: &HashSet<String>,
    json: bool,
    out: &mut impl Write,
) -> std::io::Result<()> {
    let packages_of = index.index();
    let hits = packages_of.search(terms);
    if json {
        let packages: Vec<_> = hits
            .iter()
            .filter_map(|h| Some((packages_of.package(h.index)?, h.rank)))
            .collect();
        let report = Report {
            source: &index.url,
            packages: packages
                .iter()
                .map(|(p, rank)| Found {
                    name: p.name,
                    attr_path: &p.attr_path,
                    pname: p.pname,
                    version: p.version,
                    description: p.description,
                    installed: installed.contains(&p.attr_path),
                    installable: format!("{}#{}", index.url, p.attr_path),
                    rank: *rank,
                })
                .collect(),
        };
        serde_json::to_writer_pretty(&mut *out, &report)?;
        return out.write_all(b"\n");
    }
    if hits.is_empty() {
        let text = gettext_f("No package matches “{terms}”.", &[("terms", terms)]) + "\n";
        return out.write_all(text.as_bytes());
    }
    // Tens of thousands of rows for a short word: each borrows its cells
    // from the index, and only a package whose attribute path is as long
    // as an installed one's is looked up.
    let mut table: Table<[&[u8]; 4]> = Table::new(vec![
        gettext("NAME"),
        gettext("VERSION"),
        gettext("INSTALLED"),
        gettext("DESCRIPTION"),
    ]);
    let installed_mark = gettext("installed");
    let mut lengths = vec![false; installed.iter().map(String::len).max().map_or(0, |l| l + 1)];
    for path in installed {
        lengths[path.len()] = true;
    }
    let mut attr_path = Vec::new();
    for hit in &hits {
        let Some(p) = packages_of.listing(hit.index) else {
            continue;
        };
        let is_installed = lengths.get(p.prefix.len() + p.name.len()) == Some(&true) && {
            attr_path.clear();
            attr_path.extend_from_slice(p.prefix.as_bytes());
            attr_path.extend_from_slice(p.name);
            std::str::from_utf8(&attr_path).is_ok_and(|a| installed.contains(a))
        };
        let mark = if is_installed {
            installed_mark.as_bytes()
        } else {
            b""
        };
        // A version that is not text reads as none, as a package's does.
        let version = if p.version.is_empty()
            || !(p.version.is_ascii() || std::str::from_utf8(p.version).is_ok())
        {
            "–".as_bytes()
        } else {
            p.version
        };
        table.push([p.name, version, mark, p.description]);
    }
    table.write_to(out)
}
