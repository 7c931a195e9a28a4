//! Which flake a search reads, and building its index: the reference is
//! locked first (`nix flake metadata --json`: its `narHash` names the
//! revision), then read with `nix search --json REF ^` only when the cache
//! has no index of that revision.

use std::collections::{HashMap, HashSet};

use super::index::SearchIndex;
use super::store::{IndexCache, LockedIndex};
use crate::error::{Error, Result};
use crate::freeze::apply::RunNix;
use crate::freeze::ask;
use crate::i18n::gettext;
use crate::nix::NixSetup;
use crate::{Element, FlakeRef};

/// The flake the profile's packages come from most: the locked reference
/// (as the manifest records it) shared by the most elements from nixpkgs,
/// else by the most elements from any flake's `legacyPackages`, else by the
/// most elements at all. Searching it needs nothing new: the profile
/// already has it. `None` for a profile with no element from a flake.
pub fn default_source(elements: &[Element]) -> Option<String> {
    let nixpkgs = |e: &Element| {
        e.original_ref.as_ref().is_some_and(|r| r.is_nixpkgs())
            || e.locked_ref.as_ref().is_some_and(|r| r.is_nixpkgs())
    };
    let legacy = |e: &Element| {
        e.attr_path
            .as_deref()
            .is_some_and(|a| a.starts_with("legacyPackages."))
    };
    let any = |_: &Element| true;
    let tests: [&dyn Fn(&Element) -> bool; 3] = [&nixpkgs, &legacy, &any];
    tests.iter().find_map(|test| most_common(elements, test))
}

fn most_common(elements: &[Element], test: &dyn Fn(&Element) -> bool) -> Option<String> {
    let mut counts: HashMap<String, (usize, usize)> = HashMap::new();
    for (order, e) in elements.iter().enumerate() {
        let Some(locked) = e.locked_ref.as_ref().filter(|_| test(e)) else {
            continue;
        };
        counts.entry(locked.to_url()).or_insert((0, order)).0 += 1;
    }
    // The most elements; on a tie, the one installed first.
    counts
        .into_iter()
        .max_by_key(|(_, (n, order))| (*n, std::cmp::Reverse(*order)))
        .map(|(url, _)| url)
}

/// The key of a reference that is locked already (it holds its
/// `narHash`), so its index can be found without asking Nix.
pub fn locked_key(reference: &str) -> Option<String> {
    let parsed = FlakeRef::parse(reference).ok()?;
    parsed
        .nar_hash()
        .filter(|h| !h.is_empty())
        .map(str::to_owned)
}

/// The index of `reference` from the cache, when it is locked and its
/// index was built before: no `nix` runs at all.
pub fn cached(reference: &str, cache: &IndexCache) -> Option<LockedIndex> {
    cache.load(&locked_key(reference)?)
}

/// Whether two references name the same flake, whatever revision: the
/// same repository, folder or URL (and `dir`), or nixpkgs both.
pub fn same_flake(a: &FlakeRef, b: &FlakeRef) -> bool {
    (a.kind == b.kind && a.dir() == b.dir()) || (a.is_nixpkgs() && b.is_nixpkgs())
}

/// The key and locked URL of `reference`: itself when locked, else what
/// `nix flake metadata --json` locks it to (offline for a local or cached
/// source; a branch moves to its newest revision).
async fn lock(
    runner: &mut impl RunNix,
    setup: &NixSetup,
    reference: &str,
) -> Result<(String, String)> {
    FlakeRef::parse(reference)?;
    if let Some(key) = locked_key(reference) {
        return Ok((key, reference.to_owned()));
    }
    let args = [
        "flake",
        "metadata",
        "--json",
        "--no-write-lock-file",
        "--",
        reference,
    ];
    let metadata = ask::json(runner, setup, args).await?;
    let text = |v: Option<&serde_json::Value>| v.and_then(|v| v.as_str()).map(str::to_owned);
    let key = text(metadata.get("locked").and_then(|l| l.get("narHash")));
    let url = text(metadata.get("url"));
    match (key, url) {
        (Some(key), Some(url)) => Ok((key, url)),
        _ => Err(Error::FlakeRef {
            input: reference.to_owned(),
            detail: gettext("Nix did not lock it to a revision"),
        }),
    }
}

/// The index of `reference`'s packages: from the cache when this revision
/// was read before, else read with `nix search` and stored. A cache that cannot be written costs only
/// the next search's time.
pub(crate) async fn build(
    runner: &mut impl RunNix,
    setup: &NixSetup,
    reference: &str,
    cache: &IndexCache,
) -> Result<LockedIndex> {
    match build_locked(runner, setup, reference, cache).await {
        Err(e) if moved_on(reference, &e) => {
            // A folder or repository on this machine that changed since the
            // profile installed from it: the revision it recorded is gone
            // (Nix finds another NAR hash there). Search what it holds now.
            let unpinned = FlakeRef::parse(reference)?.unpinned().to_url();
            build_locked(runner, setup, &unpinned, cache).await
        }
        result => result,
    }
}

/// Whether `error` says that `reference`, a local source pinned by its
/// hash, no longer holds that revision.
fn moved_on(reference: &str, error: &Error) -> bool {
    let local_and_pinned = FlakeRef::parse(reference)
        .is_ok_and(|r| r.is_local() && r.nar_hash().is_some_and(|h| !h.is_empty()));
    local_and_pinned
        && matches!(error, Error::NixFailed { message, .. } if message.contains("NAR hash mismatch"))
}

/// [`build`] for `reference` as it is locked.
async fn build_locked(
    runner: &mut impl RunNix,
    setup: &NixSetup,
    reference: &str,
    cache: &IndexCache,
) -> Result<LockedIndex> {
    let (key, url) = lock(runner, setup, reference).await?;
    if let Some(index) = cache.load(&key) {
        return Ok(index);
    }
    let args = [
        "search",
        "--json",
        "--no-write-lock-file",
        "--",
        url.as_str(),
        "^",
    ];
    let cmd = setup.command(args);
    let command = cmd.display();
    let out = runner.run(cmd).await?;
    let packages = SearchIndex::from_nix_json(&command, &out.stdout)?;
    let index = LockedIndex::new(key, url, &packages);
    let _ = cache.store(&index);
    Ok(index)
}

/// The attribute paths the profile holds from the flake `source`, at any
/// revision: what a search marks as installed.
pub fn installed_from(elements: &[Element], source: &str) -> HashSet<String> {
    let Ok(source) = FlakeRef::parse(source) else {
        return HashSet::new();
    };
    elements
        .iter()
        .filter(|e| {
            [&e.locked_ref, &e.original_ref]
                .into_iter()
                .flatten()
                .any(|r| same_flake(r, &source))
        })
        .filter_map(|e| e.attr_path.clone())
        .collect()
}
