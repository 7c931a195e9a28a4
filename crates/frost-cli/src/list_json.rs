//! The JSON of `frost list --json`, written straight into one string.
//!
//! Going through serde cost a third of the whole command on 1,000 elements:
//! serde_json escapes strings byte by byte, and almost none of these strings
//! (names, store paths, URLs) has anything to escape. Here a string is
//! checked for characters JSON must escape first and copied whole when it
//! has none; the rare one that has goes through serde_json. The tests hold
//! the output byte for byte to what serde_json writes for the same fields.

use std::fmt::Write;
use std::rc::Rc;
use std::sync::Arc;

use frost_core::describe::PackageKind;
use frost_core::element::Origin;
use frost_core::{Element, FlakeRef, Outputs};

/// True when JSON needs no escape in `s`: no control character, `"` or `\`.
/// Checked 16 bytes at a time without early exit, which the compiler turns
/// into vector instructions.
fn plain(s: &str) -> bool {
    s.as_bytes().chunks(16).all(|chunk| {
        chunk
            .iter()
            .fold(true, |ok, &b| ok & (b >= 0x20) & (b != b'"') & (b != b'\\'))
    })
}

/// Appends `s` as a JSON string.
pub fn push_str(out: &mut String, s: &str) {
    if plain(s) {
        out.reserve(s.len() + 2);
        out.push('"');
        out.push_str(s);
        out.push('"');
    } else {
        // Serializing a str cannot fail.
        out.push_str(&serde_json::to_string(s).unwrap_or_default());
    }
}

fn push_opt(out: &mut String, s: Option<&str>) {
    match s {
        Some(s) => push_str(out, s),
        None => out.push_str("null"),
    }
}

/// Appends any serializable value (the enums, spelled as serde spells them).
fn push_value<T: serde::Serialize>(out: &mut String, value: &T) {
    out.push_str(&serde_json::to_string(value).unwrap_or_else(|_| "null".to_owned()));
}

/// Appends the elements as a comma-separated list of JSON objects: the
/// manifest's own keys (so scripts written for `nix profile list --json`
/// keep working) plus what Frost adds.
pub fn push_elements(out: &mut String, elements: &[Element], kinds: &[PackageKind]) {
    let mut memo = Memo::default();
    for (i, (e, kind)) in elements.iter().zip(kinds).enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_element(out, e, *kind, &mut memo);
    }
}

fn push_element(out: &mut String, e: &Element, kind: PackageKind, memo: &mut Memo) {
    out.push_str("{\"name\":");
    push_str(out, &e.name);
    out.push_str(",\"pname\":");
    push_str(out, &e.pname);
    out.push_str(",\"version\":");
    push_opt(out, e.version.as_deref());
    out.push_str(",\"kind\":");
    out.push_str(&memo.kind(kind));
    out.push_str(",\"source\":");
    out.push_str(&memo.source(e));
    out.push_str(",\"origin\":");
    out.push_str(&memo.origin(e.origin));
    out.push_str(",\"attrPath\":");
    push_opt(out, e.attr_path.as_deref());
    out.push_str(",\"originalUrl\":");
    memo.push_url(out, e.original_ref.as_ref());
    out.push_str(",\"url\":");
    memo.push_url(out, e.locked_ref.as_ref());
    out.push_str(",\"outputs\":");
    match &e.outputs {
        Outputs::Default => out.push_str("null"),
        Outputs::All => out.push_str("[\"*\"]"),
        Outputs::Named(names) => push_list(out, names),
    }
    // Writing into a String cannot fail.
    let _ = write!(
        out,
        ",\"priority\":{},\"active\":{},\"storePaths\":",
        e.priority, e.active
    );
    push_list(out, &e.store_paths);
    out.push('}');
}

fn push_list(out: &mut String, items: &[String]) {
    out.push('[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_str(out, item);
    }
    out.push(']');
}

/// Most elements of a profile share a handful of sources (the same `Arc`s,
/// as the manifest reader shares them): each source's URL and words are
/// worked out and written as JSON once.
#[derive(Default)]
struct Memo {
    urls: Vec<(Arc<FlakeRef>, Rc<str>)>,
    sources: Vec<(SourceKey, Rc<str>)>,
    labels: Vec<(Label, Rc<str>)>,
}

type SourceKey = (Origin, Option<Arc<FlakeRef>>, Option<Arc<FlakeRef>>);

#[derive(PartialEq, Clone, Copy)]
enum Label {
    Kind(PackageKind),
    Origin(Origin),
}

fn same(a: &Option<Arc<FlakeRef>>, b: &Option<Arc<FlakeRef>>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => Arc::ptr_eq(a, b) || a == b,
        (None, None) => true,
        _ => false,
    }
}

fn json(text: &str) -> Rc<str> {
    let mut out = String::new();
    push_str(&mut out, text);
    out.into()
}

impl Memo {
    fn label(&mut self, label: Label) -> Rc<str> {
        if let Some((_, json)) = self.labels.iter().find(|(l, _)| *l == label) {
            return json.clone();
        }
        let mut out = String::new();
        match label {
            Label::Kind(k) => push_value(&mut out, &k),
            Label::Origin(o) => push_value(&mut out, &o),
        }
        let out: Rc<str> = out.into();
        self.labels.push((label, out.clone()));
        out
    }

    fn kind(&mut self, kind: PackageKind) -> Rc<str> {
        self.label(Label::Kind(kind))
    }

    fn origin(&mut self, origin: Origin) -> Rc<str> {
        self.label(Label::Origin(origin))
    }

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
        let words = json(&e.source_description());
        let key = (e.origin, e.original_ref.clone(), e.locked_ref.clone());
        self.sources.push((key, words.clone()));
        words
    }

    fn push_url(&mut self, out: &mut String, r: Option<&Arc<FlakeRef>>) {
        let Some(r) = r else {
            out.push_str("null");
            return;
        };
        let found = self
            .urls
            .iter()
            .rev()
            .take(8)
            .find(|(seen, _)| Arc::ptr_eq(seen, r) || seen == r);
        if let Some((_, url)) = found {
            out.push_str(url);
            return;
        }
        let url = json(&r.to_url());
        out.push_str(&url);
        self.urls.push((r.clone(), url));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use frost_core::ManifestFormat;
    use serde::Serialize;

    /// What serde_json writes for an element: the reference the hand-made
    /// writer must match byte for byte.
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Reference<'a> {
        name: &'a str,
        pname: &'a str,
        version: Option<&'a str>,
        kind: PackageKind,
        source: String,
        origin: Origin,
        attr_path: Option<&'a str>,
        original_url: Option<String>,
        url: Option<String>,
        outputs: serde_json::Value,
        priority: i64,
        active: bool,
        store_paths: &'a [String],
    }

    fn reference(e: &Element, kind: PackageKind) -> String {
        serde_json::to_string(&Reference {
            name: &e.name,
            pname: &e.pname,
            version: e.version.as_deref(),
            kind,
            source: e.source_description(),
            origin: e.origin,
            attr_path: e.attr_path.as_deref(),
            original_url: e.original_ref.as_ref().map(|r| r.to_url()),
            url: e.locked_ref.as_ref().map(|r| r.to_url()),
            outputs: e.outputs.to_json(),
            priority: e.priority,
            active: e.active,
            store_paths: &e.store_paths,
        })
        .unwrap()
    }

    const HOSTILE: &[&str] = &[
        "",
        "plain",
        "quote \" inside",
        "back\\slash",
        "new\nline\ttab\r\u{1}\u{1f}",
        "${x} and '' and é ü 日本 \u{7f}",
        "a string longer than sixteen bytes with a \" near the end",
        "sixteen bytes!!\"",
    ];

    #[test]
    fn strings_are_written_as_serde_json_writes_them() {
        for s in HOSTILE {
            let mut out = String::new();
            push_str(&mut out, s);
            assert_eq!(out, serde_json::to_string(s).unwrap(), "{s:?}");
        }
        for b in 0u8..=127 {
            let s = format!("abcdefghijklmnopq{}xyz", b as char);
            let mut out = String::new();
            push_str(&mut out, &s);
            assert_eq!(out, serde_json::to_string(&s).unwrap(), "byte {b}");
        }
    }

    #[test]
    fn elements_are_written_as_serde_json_writes_them() {
        let hostile_name = HOSTILE[4];
        let manifest = format!(
            r#"{{"version":3,"elements":{{
              {name}:{{"active":false,"attrPath":"legacyPackages.x86_64-linux.\"7zip\"","originalUrl":"path:/tmp/a \"b\"","url":"path:/tmp/a%20b?narHash=sha256-x","outputs":["man","out"],"priority":3,"storePaths":["/nix/store/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-7zip-23.01","/nix/store/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-7zip-23.01-man"]}},
              "bare":{{"active":true,"priority":5,"storePaths":["/nix/store/bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb-cowsay-3.7.0"]}},
              "multi":{{"active":true,"attrPath":"packages.x86_64-linux.multi","originalUrl":"git+file:///src/m","url":"git+file:///src/m?rev=0123456789abcdef0123456789abcdef01234567","outputs":["*"],"priority":5,"storePaths":["/nix/store/cccccccccccccccccccccccccccccccc-multi-1.0"]}},
              "hello":{{"active":true,"attrPath":"packages.x86_64-linux.hello","originalUrl":"github:NixOS/nixpkgs/nixos-25.11","url":"github:NixOS/nixpkgs/9693852a2070b398ee123a329e68f0dab5526681","outputs":null,"priority":5,"storePaths":[]}}
            }}}}"#,
            name = serde_json::to_string(hostile_name).unwrap()
        );
        let parsed = frost_core::Manifest::parse_json(
            manifest.as_bytes(),
            std::path::Path::new("manifest.json"),
        )
        .unwrap();
        assert_eq!(parsed.format, ManifestFormat::Json { version: 3 });
        assert_eq!(parsed.elements.len(), 4);
        let kinds = [
            PackageKind::App,
            PackageKind::Tool,
            PackageKind::Other,
            PackageKind::Tool,
        ];
        let mut ours = String::new();
        push_elements(&mut ours, &parsed.elements, &kinds);
        let theirs: Vec<String> = parsed
            .elements
            .iter()
            .zip(kinds)
            .map(|(e, k)| reference(e, k))
            .collect();
        assert_eq!(ours, theirs.join(","));
        assert!(ours.contains(&serde_json::to_string(hostile_name).unwrap()));
    }
}
