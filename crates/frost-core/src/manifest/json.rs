//! `manifest.json` of `nix profile`, versions 1 to 3 (src/nix/profile.cc,
//! `ProfileManifest`), read with typed serde structs that borrow from the
//! input: no `Value` tree, no copy of strings without escapes.

use std::borrow::Cow;
use std::fmt;
use std::path::Path;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

use super::{corrupt, ElementNames, Manifest, ManifestFormat};
use crate::element::{Element, Origin, Outputs, DEFAULT_PRIORITY};
use crate::error::{Error, Result};
use crate::flakeref::FlakeRef;
use crate::i18n::gettext_f;
use crate::names::{element_name_from_url, pname_version, source_name, store_paths_identifier};
use std::sync::Arc;

#[derive(Deserialize)]
struct RawManifest<'a> {
    version: Option<i64>,
    #[serde(borrow, default)]
    elements: RawElements<'a>,
}

/// Versions 1 and 2 keep elements in an array, version 3 in an object keyed
/// by name.
#[derive(Default)]
enum RawElements<'a> {
    #[default]
    None,
    List(Vec<RawElement<'a>>),
    Named(Vec<(Str<'a>, RawElement<'a>)>),
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawElement<'a> {
    #[serde(borrow, default)]
    store_paths: Option<Vec<Str<'a>>>,
    #[serde(default)]
    active: Option<bool>,
    #[serde(default)]
    priority: Option<i64>,
    #[serde(borrow, default)]
    attr_path: Option<Str<'a>>,
    // Version 1 says `…Uri`, later ones `…Url`; an unreleased Nix mixed
    // them, so every version takes both.
    #[serde(borrow, default)]
    original_url: Option<Str<'a>>,
    #[serde(borrow, default)]
    original_uri: Option<Str<'a>>,
    #[serde(borrow, default)]
    url: Option<Str<'a>>,
    #[serde(borrow, default)]
    uri: Option<Str<'a>>,
    #[serde(borrow, default)]
    outputs: Option<Vec<Str<'a>>>,
}

/// A JSON string, borrowed from the input unless it has escapes.
struct Str<'a>(Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for Str<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Str<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Str<'de>, E> {
                Ok(Str(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Str<'de>, E> {
                Ok(Str(Cow::Owned(v.to_owned())))
            }
        }
        d.deserialize_str(V)
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for RawElements<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawElements<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an array or object of elements")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(RawElements::None)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut v = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
                while let Some(e) = seq.next_element()? {
                    v.push(e);
                }
                Ok(RawElements::List(v))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut v = Vec::with_capacity(map.size_hint().unwrap_or(0).min(4096));
                while let Some(entry) = map.next_entry()? {
                    v.push(entry);
                }
                Ok(RawElements::Named(v))
            }
        }
        d.deserialize_any(V)
    }
}

/// Only the version, for a manifest whose elements did not fit the known
/// shapes: a newer Nix may have changed them, and saying so beats "damaged".
#[derive(Deserialize)]
struct VersionOnly {
    version: Option<i64>,
}

pub(super) fn parse(bytes: &[u8], path: &Path) -> Result<Manifest> {
    // Checking the whole file for UTF-8 at once is much cheaper than
    // serde_json checking each string it borrows; a file that is not UTF-8
    // goes the slow way, which says where it goes wrong.
    let parsed = match std::str::from_utf8(bytes) {
        Ok(text) => serde_json::from_str(text),
        Err(_) => serde_json::from_slice(bytes),
    };
    let raw: RawManifest = match parsed {
        Ok(raw) => raw,
        Err(e) => {
            if let Ok(VersionOnly { version: Some(v) }) = serde_json::from_slice(bytes) {
                check_version(v, path)?;
            }
            return Err(corrupt(path, json_detail(&e)));
        }
    };
    let Some(version) = raw.version else {
        return Err(corrupt(path, gettext_f("it has no version number", &[])));
    };
    let version = check_version(version, path)?;
    let mut named = ElementNames::default();
    let mut refs = RefCache::default();
    match raw.elements {
        RawElements::None => {}
        RawElements::List(list) => {
            named.reserve(list.len());
            for raw in list {
                let (element, candidate) = convert(raw, version, false, &mut refs);
                named.add(&candidate, element);
            }
        }
        RawElements::Named(mut entries) => {
            // A repeated key: Nix's JSON reader keeps the last one.
            entries.reverse();
            let mut seen = crate::fasthash::FastSet::default();
            seen.reserve(entries.len());
            entries.retain(|(k, _)| seen.insert(k.0.clone()));
            entries.reverse();
            named.reserve(entries.len());
            for (key, raw) in entries {
                let (element, _) = convert(raw, version, true, &mut refs);
                named.add(&key.0, element);
            }
        }
    }
    Ok(Manifest {
        format: ManifestFormat::Json { version },
        elements: named.into_sorted(),
    })
}

fn check_version(version: i64, path: &Path) -> Result<u32> {
    match version {
        1 => Ok(1),
        2 => Ok(2),
        3 => Ok(3),
        _ => Err(Error::ManifestVersion {
            path: path.to_owned(),
            version,
        }),
    }
}

fn json_detail(e: &serde_json::Error) -> String {
    let line = e.line().to_string();
    let column = e.column().to_string();
    let at = [("line", line.as_str()), ("column", column.as_str())];
    match e.classify() {
        serde_json::error::Category::Eof => {
            gettext_f("it ends too early, at line {line}, column {column}", &at)
        }
        serde_json::error::Category::Syntax => {
            gettext_f("it is not valid JSON at line {line}, column {column}", &at)
        }
        serde_json::error::Category::Data => gettext_f(
            "it holds an unexpected value at line {line}, column {column}",
            &at,
        ),
        serde_json::error::Category::Io => gettext_f("it could not be read", &[]),
    }
}

fn text<'s>(s: &'s Option<Str<'_>>) -> Option<&'s str> {
    s.as_ref().map(|s| s.0.as_ref())
}

/// Parsed flake refs by URL: most elements of a profile share a few (one
/// nixpkgs lock), and a clone costs a fraction of a parse.
#[derive(Default)]
struct RefCache(crate::fasthash::FastMap<String, Option<Arc<FlakeRef>>>);

impl RefCache {
    fn parse(&mut self, url: &str) -> Option<Arc<FlakeRef>> {
        if let Some(r) = self.0.get(url) {
            return r.clone();
        }
        let r = FlakeRef::parse(url).ok().map(Arc::new);
        self.0.insert(url.to_owned(), r.clone());
        r
    }
}

/// One element, and the name Nix would give it in a version 1 or 2
/// manifest; `named` (version 3, where the key is the name) skips that.
fn convert(raw: RawElement, version: u32, named: bool, refs: &mut RefCache) -> (Element, String) {
    // The key this version's Nix reads first, the other one as fallback.
    let pick = |native: &Option<Str>, other: &Option<Str>| -> Option<String> {
        let (first, second) = if version == 1 {
            (other, native)
        } else {
            (native, other)
        };
        text(first).or(text(second)).map(str::to_owned)
    };
    let locked_text = pick(&raw.url, &raw.uri).filter(|u| !u.is_empty());
    let original_text = pick(&raw.original_url, &raw.original_uri).filter(|u| !u.is_empty());
    let store_paths: Vec<String> = raw
        .store_paths
        .unwrap_or_default()
        .into_iter()
        .map(|s| s.0.into_owned())
        .collect();
    let (pname, version_str) = pname_version(&store_paths);
    let mut element = Element {
        name: String::new(),
        origin: Origin::StorePath,
        attr_path: None,
        original_ref: None,
        locked_ref: None,
        outputs: Outputs::Default,
        priority: raw.priority.unwrap_or(DEFAULT_PRIORITY),
        active: raw.active.unwrap_or(true),
        store_paths,
        pname,
        version: version_str,
    };
    // Like Nix, an element has a source exactly when its URL is not empty.
    let Some(locked_text) = locked_text else {
        let candidate = if named {
            String::new()
        } else {
            store_paths_identifier(&element.store_paths)
        };
        return (element, candidate);
    };
    let attr_path = text(&raw.attr_path).unwrap_or("").to_owned();
    element.origin = Origin::Flake;
    element.outputs = outputs(raw.outputs);
    // A ref Frost cannot parse (damage, or a scheme from a newer Nix) stays
    // `None` instead of failing the whole profile: the element keeps its
    // name, attribute path and store paths, and reads as "no source".
    element.locked_ref = refs.parse(&locked_text);
    element.original_ref = original_text.as_deref().and_then(|o| refs.parse(o));
    let candidate = match (named, &element.original_ref, &original_text) {
        (true, _, _) => String::new(),
        (false, Some(original), _) => element_name_from_url(
            Some(original),
            Some(&attr_path),
            &element.outputs,
            &element.store_paths,
        ),
        // Nix would fail on this element; name it from the text it has.
        (false, None, text) => source_name(
            text.as_deref().unwrap_or(&locked_text),
            &attr_path,
            &element.outputs,
        ),
    };
    element.attr_path = Some(attr_path);
    (element, candidate)
}

/// `null` or absent: default outputs; `["*"]`: all; else the named ones, as
/// the set Nix makes of them (sorted, each once).
fn outputs(raw: Option<Vec<Str>>) -> Outputs {
    let Some(list) = raw else {
        return Outputs::Default;
    };
    let mut names: Vec<String> = list.into_iter().map(|s| s.0.into_owned()).collect();
    names.sort_unstable();
    names.dedup();
    if names.len() == 1 && names[0] == "*" {
        Outputs::All
    } else {
        Outputs::Named(names)
    }
}
