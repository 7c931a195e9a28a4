//! Names as Nix computes them: element names for manifests that do not store
//! them (versions 1 and 2, and nix-env profiles), and the package name /
//! version split of store path names.
//!
//! Element names matter beyond display: `nix profile remove NAME` and
//! `nix profile upgrade NAME` take them, so they must be exactly the names
//! Nix 2.20+ computes when it reads the same manifest (src/nix/profile.cc,
//! `ProfileManifest`; src/libflake/url-name.cc, `getNameFromURL`). Nix itself
//! gives up on some inputs (it throws on a URL it cannot parse); there these
//! functions still return a name, the closest one Nix's rules give.

use std::collections::BTreeSet;

use crate::element::Outputs;
use crate::flakeref::FlakeRef;

/// Nix's base-32 alphabet: digits and lowercase letters without e, o, u, t.
fn is_base32(b: u8) -> bool {
    matches!(b, b'0'..=b'9' | b'a'..=b'd' | b'f'..=b'n' | b'p'..=b's' | b'v'..=b'z')
}
const HASH_LEN: usize = 32;
/// Longest store path name Nix accepts.
const MAX_NAME_LEN: usize = 211;

/// The name part of a store path: `/nix/store/<hash>-hello-2.12.1` →
/// `hello-2.12.1`. `None` when the path is not a store path (a file inside
/// one, a bad hash, a name with characters Nix forbids).
///
/// Any absolute store directory is accepted, not only `/nix/store`, since a
/// profile on a store with another `store-dir` names its own paths.
pub fn store_path_name(path: &str) -> Option<&str> {
    let (dir, base) = path.rsplit_once('/')?;
    if !dir.starts_with('/') {
        return None;
    }
    let (hash, name) = (base.get(..HASH_LEN)?, base.get(HASH_LEN..)?);
    let name = name.strip_prefix('-')?;
    let hash_ok = hash.bytes().all(is_base32);
    (hash_ok && is_store_name(name)).then_some(name)
}

fn is_store_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= MAX_NAME_LEN
        && !name.starts_with('.')
        && name.bytes().all(|b| {
            matches!(b, b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'+' | b'-' | b'.' | b'_' | b'?' | b'=')
        })
}

/// Splits a derivation name exactly as Nix's `DrvName` does
/// (src/libstore/names.cc): the name ends at the first `-` that is followed
/// by a character that is not an ASCII letter; the rest is the version.
/// `hello-2.12.1` → (`hello`, `2.12.1`); `apache-httpd-2.0.48` →
/// (`apache-httpd`, `2.0.48`); `noversion` → (`noversion`, `None`).
pub fn split_drv_name(name: &str) -> (String, Option<String>) {
    let bytes = name.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        // Nix tests bytes with C's isalpha, so a non-ASCII byte after the dash
        // starts a version, like a digit does.
        if b == b'-' && bytes.get(i + 1).is_some_and(|n| !n.is_ascii_alphabetic()) {
            // `-` is ASCII, so both slices fall on character boundaries.
            return (name[..i].to_owned(), Some(name[i + 1..].to_owned()));
        }
    }
    (name.to_owned(), None)
}

/// Package name and version of an element, from its store paths.
///
/// A multi-output element lists one path per output: `multi-1.0`,
/// `multi-1.0-man`, `multi-1.0-dev`. Nix names the outputs other than `out`
/// `<name>-<output>`, so the main path's name is the one the others extend;
/// without `out` (only `man` and `dev` installed) it is the common part
/// before the output suffixes. Paths that are not store paths are ignored;
/// with none left the result is `("", None)`.
pub fn pname_version(store_paths: &[String]) -> (String, Option<String>) {
    // Most elements have one output: no list to build.
    if let [only] = store_paths {
        return store_path_name(only).map_or((String::new(), None), split_drv_name);
    }
    let names: Vec<&str> = store_paths
        .iter()
        .filter_map(|p| store_path_name(p))
        .collect();
    match main_name(&names) {
        Some(name) => split_drv_name(name),
        None => (String::new(), None),
    }
}

fn main_name<'a>(names: &[&'a str]) -> Option<&'a str> {
    let shortest = names.iter().copied().min_by_key(|n| n.len())?;
    let extends =
        |base: &str, n: &str| n == base || n.strip_prefix(base).is_some_and(|r| r.starts_with('-'));
    if names.iter().all(|n| extends(shortest, n)) {
        return Some(shortest);
    }
    // No `out` among them: cut the shortest back, dash by dash, until every
    // name extends it (`multi-1.0-man` + `multi-1.0-dev` → `multi-1.0`).
    let mut base = shortest;
    while let Some((head, _)) = base.rsplit_once('-') {
        if names.iter().all(|n| extends(head, n)) && !head.is_empty() {
            return Some(head);
        }
        base = head;
    }
    // Unrelated packages in one element: the shortest stands for them.
    Some(shortest)
}

/// The name Nix gives an element of a version 1 or 2 manifest
/// (`ProfileManifest` in src/nix/profile.cc, Nix 2.20+):
///
/// - with a source, [`name_from_url`] of `ORIGINAL#ATTRPATH^OUTPUTS`, and
///   when that finds nothing the whole `ORIGINAL#ATTRPATH^OUTPUTS` text;
/// - without one, the package names of its store paths, sorted, joined with
///   `, ` (`ripgrep`, `bar, foo`; an element without store paths gets `""`).
///
/// `url` is the element's *original* flake reference. The caller still has
/// to make the name unique with [`dedup_name`].
pub fn element_name_from_url(
    url: Option<&FlakeRef>,
    attr_path: Option<&str>,
    outputs: &Outputs,
    store_paths: &[String],
) -> String {
    match url {
        Some(url) => source_name(&url.to_url(), attr_path.unwrap_or(""), outputs),
        None => store_paths_identifier(store_paths),
    }
}

/// [`element_name_from_url`] for a source given as URL text, for manifests
/// whose URL Frost could not parse into a [`FlakeRef`].
pub(crate) fn source_name(original_url: &str, attr_path: &str, outputs: &Outputs) -> String {
    let installable = format!("{original_url}#{attr_path}{}", outputs_suffix(outputs));
    name_from_url(&installable).unwrap_or(installable)
}

/// How Nix writes an outputs spec after an installable: ``, `^*`, `^man,out`
/// (a set: sorted, no duplicates).
fn outputs_suffix(outputs: &Outputs) -> String {
    match outputs {
        Outputs::Default => String::new(),
        Outputs::All => "^*".to_owned(),
        Outputs::Named(names) => {
            let set: BTreeSet<&str> = names.iter().map(String::as_str).collect();
            format!("^{}", set.into_iter().collect::<Vec<_>>().join(","))
        }
    }
}

/// Nix's `identifier()` of an element without a source.
pub(crate) fn store_paths_identifier(store_paths: &[String]) -> String {
    let names: BTreeSet<String> = store_paths
        .iter()
        .filter_map(|p| store_path_name(p))
        .map(|n| split_drv_name(n).0)
        .filter(|n| !n.is_empty())
        .collect();
    names.into_iter().collect::<Vec<_>>().join(", ")
}

/// Nix's `getNameFromURL` (src/libflake/url-name.cc) on an installable URL
/// such as `flake:nixpkgs#legacyPackages.x86_64-linux.hello^*`:
/// the `dir=` query value; else the last attribute of the fragment unless it
/// is `default` or follows `defaultPackage.`; else the repository of a
/// github/gitlab/sourcehut URL; else the last path segment; else `None`.
pub fn name_from_url(url: &str) -> Option<String> {
    let parts = UrlParts::split(url);
    if let Some(dir) = parts.query_value("dir") {
        return Some(dir);
    }
    if let Some((prefix, last)) = last_attribute(&parts.fragment) {
        if prefix != "defaultPackage." && last != "default" {
            return Some(last.to_owned());
        }
    }
    if matches!(parts.scheme, "github" | "gitlab" | "sourcehut") {
        if let Some(repo) = second_path_segment(&parts.path) {
            return Some(repo.to_owned());
        }
    }
    // Nix tries git URLs first and then any URL with the same rule.
    last_path_segment(&parts.path).map(str::to_owned)
}

/// `[a-zA-Z0-9_-]+`, the only characters Nix's name rules take.
fn is_segment(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// Nix's `lastAttributeRegex`: `^((?:SEG\.)*)(SEG)(\^.*)?$`, giving the
/// prefix with its dots and the last attribute.
fn last_attribute(fragment: &str) -> Option<(&str, &str)> {
    let (attrs, outputs) = match fragment.split_once('^') {
        Some((a, o)) => (a, Some(o)),
        None => (fragment, None),
    };
    // `.` in std::regex (ECMAScript) stops at line ends.
    if outputs.is_some_and(has_line_end) {
        return None;
    }
    let (prefix, last) = match attrs.rsplit_once('.') {
        Some((head, last)) => (&attrs[..head.len() + 1], last),
        None => ("", attrs),
    };
    let prefix_ok = prefix.is_empty() || prefix[..prefix.len() - 1].split('.').all(is_segment);
    (prefix_ok && is_segment(last)).then_some((prefix, last))
}

/// Nix's `secondPathSegmentRegex`: `(?:SEG)/(SEG)(?:/.*)?`.
fn second_path_segment(path: &str) -> Option<&str> {
    let mut it = path.splitn(3, '/');
    let (first, second, rest) = (it.next()?, it.next()?, it.next());
    (is_segment(first) && is_segment(second) && !rest.is_some_and(has_line_end)).then_some(second)
}

/// Nix's `lastPathSegmentRegex`: `.*/(SEG)`.
fn last_path_segment(path: &str) -> Option<&str> {
    let (head, last) = path.rsplit_once('/')?;
    (!has_line_end(head) && is_segment(last)).then_some(last)
}

fn has_line_end(s: &str) -> bool {
    s.contains(['\n', '\r'])
}

/// The pieces of a URL that Nix's `parseURL` gives `getNameFromURL`. Lenient
/// where Nix throws: a name is better than no profile at all.
struct UrlParts<'a> {
    scheme: &'a str,
    path: String,
    query: &'a str,
    fragment: String,
}

impl<'a> UrlParts<'a> {
    fn split(url: &'a str) -> Self {
        let (rest, fragment) = url.split_once('#').unwrap_or((url, ""));
        let (rest, query) = rest.split_once('?').unwrap_or((rest, ""));
        let (scheme, rest) = match rest.split_once(':') {
            Some((s, r)) if is_scheme(s) => (s, r),
            _ => ("", rest),
        };
        let path = match rest.strip_prefix("//") {
            // `scheme://authority/path`: the path starts at the next slash.
            Some(auth_path) => auth_path.find('/').map_or("", |i| &auth_path[i..]),
            None => rest,
        };
        UrlParts {
            scheme,
            path: percent_decode(path),
            query,
            fragment: percent_decode(fragment),
        }
    }

    /// Nix keeps the first of repeated keys, skips pairs without `=` and
    /// decodes only values.
    fn query_value(&self, key: &str) -> Option<String> {
        self.query
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .find(|(k, _)| *k == key)
            .map(|(_, v)| percent_decode(v))
    }
}

fn is_scheme(s: &str) -> bool {
    let mut bytes = s.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_lowercase())
        && bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"+.-".contains(&b))
}

fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

/// Makes `base` unique the way Nix's `addElement` does: `base` if free,
/// else the first free one of `base-1`, `base-2`, …
pub fn dedup_name(taken: &impl Fn(&str) -> bool, base: &str) -> String {
    dedup_name_from(taken, base, 1).0
}

/// [`dedup_name`] starting the search at `base-start`, for callers that
/// remember where the last search for `base` ended: names are only ever
/// added, so the ones before stay taken, and a profile of thousands of
/// same-named elements is not quadratic. Returns the name and the next
/// suffix to try.
pub(crate) fn dedup_name_from(
    taken: &impl Fn(&str) -> bool,
    base: &str,
    start: u64,
) -> (String, u64) {
    if !taken(base) {
        return (base.to_owned(), start);
    }
    let mut i = start.max(1);
    loop {
        let candidate = format!("{base}-{i}");
        if !taken(&candidate) {
            return (candidate, i + 1);
        }
        i += 1;
    }
}
