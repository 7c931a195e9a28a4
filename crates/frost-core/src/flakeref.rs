//! Flake references as they appear in profile manifests (`originalUrl`, `url`)
//! and flake.lock, parsed into a typed form.
//!
//! Nix keeps an input as a type plus a set of attributes (`owner`, `repo`,
//! `rev`, `narHash`, …); this module does the same, so the freeze engine can
//! turn a manifest's locked URL into a flake.lock node without losing anything.
//! Query values are percent-decoded: newer Nix writes `%3D`, older writes `=`.

use std::collections::BTreeMap;
use std::fmt;

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, CONTROLS};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::i18n::gettext_f;

/// The kind of source, with the attributes that identify it (not the ones that
/// pin it: those live in [`FlakeRef::attrs`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum FlakeRefKind {
    /// `flake:nixpkgs` or bare `nixpkgs`: resolved through the registry.
    Indirect {
        id: String,
    },
    Github {
        owner: String,
        repo: String,
    },
    Gitlab {
        owner: String,
        repo: String,
    },
    Sourcehut {
        owner: String,
        repo: String,
    },
    /// `git+file:///…`, `git+https://…`; `url` is without the `git+` prefix.
    Git {
        url: String,
    },
    /// `hg+https://…`; `url` is without the `hg+` prefix.
    Mercurial {
        url: String,
    },
    /// `path:/…` or an absolute path.
    Path {
        path: String,
    },
    /// An archive to unpack (`https://….tar.gz`, `tarball+https://…`).
    Tarball {
        url: String,
    },
    /// A single file (`file+https://…`).
    File {
        url: String,
    },
}

/// A parsed flake reference: its kind plus every other attribute (`ref`, `rev`,
/// `narHash`, `lastModified`, `revCount`, `dir`, `host`, …), decoded.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct FlakeRef {
    #[serde(flatten)]
    pub kind: FlakeRefKind,
    pub attrs: BTreeMap<String, String>,
}

// Characters that must be escaped inside a query value or path segment.
const QUERY_VALUE: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'&')
    .add(b'+')
    .add(b'=')
    .add(b'?')
    .add(b'<')
    .add(b'>')
    .add(b'`')
    .add(b'{')
    .add(b'}');

fn decode(s: &str) -> String {
    percent_decode_str(s).decode_utf8_lossy().into_owned()
}

fn is_flake_id(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

fn is_rev(s: &str) -> bool {
    (s.len() == 40 || s.len() == 64) && s.bytes().all(|b| b.is_ascii_hexdigit())
}

fn has_tarball_extension(path: &str) -> bool {
    const EXTS: [&str; 9] = [
        ".zip", ".tar", ".tgz", ".tar.gz", ".tar.xz", ".tar.bz2", ".tar.zst", ".tbz", ".txz",
    ];
    EXTS.iter().any(|e| path.ends_with(e))
}

impl FlakeRef {
    /// Parses a flake reference URL as Nix writes it in manifests and locks.
    /// A `#fragment` is ignored (manifests keep the attribute path apart).
    pub fn parse(input: &str) -> Result<FlakeRef> {
        let err = |detail: String| Error::FlakeRef {
            input: input.to_owned(),
            detail,
        };
        let without_fragment = input.split_once('#').map_or(input, |(a, _)| a);
        let (base, query) = match without_fragment.split_once('?') {
            Some((b, q)) => (b, Some(q)),
            None => (without_fragment, None),
        };
        if base.is_empty() {
            return Err(err(gettext_f("it is empty", &[])));
        }
        let mut attrs = BTreeMap::new();
        for pair in query.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            attrs.insert(decode(k), decode(v));
        }

        let kind = if let Some(rest) = base.strip_prefix("flake:") {
            Self::indirect(rest, &mut attrs).ok_or_else(|| err(gettext_f("bad flake id", &[])))?
        } else if base.starts_with('/') {
            FlakeRefKind::Path { path: decode(base) }
        } else if let Some(rest) = base.strip_prefix("path:") {
            FlakeRefKind::Path { path: decode(rest) }
        } else if let Some((scheme, rest)) = ["github:", "gitlab:", "sourcehut:"]
            .iter()
            .find_map(|s| base.strip_prefix(s).map(|r| (*s, r)))
        {
            let mut parts = rest.splitn(3, '/');
            let owner = decode(parts.next().unwrap_or(""));
            let repo = decode(parts.next().unwrap_or(""));
            if owner.is_empty() || repo.is_empty() {
                return Err(err(gettext_f("it needs an owner and a repository", &[])));
            }
            if let Some(r) = parts.next().filter(|r| !r.is_empty()) {
                let r = decode(r);
                let key = if is_rev(&r) { "rev" } else { "ref" };
                attrs.insert(key.to_owned(), r);
            }
            match scheme {
                "github:" => FlakeRefKind::Github { owner, repo },
                "gitlab:" => FlakeRefKind::Gitlab { owner, repo },
                _ => FlakeRefKind::Sourcehut { owner, repo },
            }
        } else if let Some(rest) = base.strip_prefix("git+") {
            FlakeRefKind::Git {
                url: rest.to_owned(),
            }
        } else if base.starts_with("git://") {
            FlakeRefKind::Git {
                url: base.to_owned(),
            }
        } else if let Some(rest) = base.strip_prefix("hg+") {
            FlakeRefKind::Mercurial {
                url: rest.to_owned(),
            }
        } else if let Some(rest) = base.strip_prefix("tarball+") {
            FlakeRefKind::Tarball {
                url: Self::with_query(rest, &attrs, &["narHash", "lastModified", "rev"]),
            }
        } else if let Some(rest) = base.strip_prefix("file+") {
            FlakeRefKind::File {
                url: Self::with_query(rest, &attrs, &["narHash", "lastModified", "rev"]),
            }
        } else if base.starts_with("https://") || base.starts_with("http://") {
            // A flake input must be a tree, so a plain URL is an archive.
            FlakeRefKind::Tarball {
                url: Self::with_query(base, &attrs, &["narHash", "lastModified", "rev"]),
            }
        } else if base.starts_with("file://") {
            FlakeRefKind::File {
                url: base.to_owned(),
            }
        } else {
            Self::indirect(base, &mut attrs).ok_or_else(|| {
                err(gettext_f(
                    "unknown scheme; expected github:, git+…, path: or a flake id",
                    &[],
                ))
            })?
        };
        if matches!(
            kind,
            FlakeRefKind::Tarball { .. } | FlakeRefKind::File { .. }
        ) {
            // Only Nix's own attributes stay; the rest belongs to the URL.
            attrs.retain(|k, _| matches!(k.as_str(), "narHash" | "lastModified" | "rev"));
        }
        Ok(FlakeRef { kind, attrs })
    }

    fn indirect(rest: &str, attrs: &mut BTreeMap<String, String>) -> Option<FlakeRefKind> {
        let mut parts = rest.splitn(3, '/');
        let id = parts.next().filter(|id| is_flake_id(id))?;
        for part in parts {
            let part = decode(part);
            let key = if is_rev(&part) { "rev" } else { "ref" };
            attrs.insert(key.to_owned(), part);
        }
        Some(FlakeRefKind::Indirect { id: id.to_owned() })
    }

    /// Tarball and file URLs keep their own query (other than Nix's
    /// attributes) as part of the URL.
    fn with_query(base: &str, attrs: &BTreeMap<String, String>, nix_keys: &[&str]) -> String {
        let rest: Vec<String> = attrs
            .iter()
            .filter(|(k, _)| !nix_keys.contains(&k.as_str()))
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect();
        if rest.is_empty() {
            base.to_owned()
        } else {
            format!("{base}?{}", rest.join("&"))
        }
    }

    pub fn attr(&self, key: &str) -> Option<&str> {
        self.attrs.get(key).map(String::as_str)
    }
    pub fn rev(&self) -> Option<&str> {
        self.attr("rev")
    }
    pub fn git_ref(&self) -> Option<&str> {
        self.attr("ref")
    }
    pub fn nar_hash(&self) -> Option<&str> {
        self.attr("narHash")
    }
    pub fn dir(&self) -> Option<&str> {
        self.attr("dir")
    }
    pub fn last_modified(&self) -> Option<u64> {
        self.attr("lastModified").and_then(|v| v.parse().ok())
    }
    pub fn rev_count(&self) -> Option<u64> {
        self.attr("revCount").and_then(|v| v.parse().ok())
    }
    /// The first seven characters of the revision, as `git log --oneline`.
    pub fn short_rev(&self) -> Option<&str> {
        self.rev().map(|r| r.get(..7).unwrap_or(r))
    }

    /// The Nix type name (`github`, `git`, `path`, …) as in flake.lock.
    pub fn type_name(&self) -> &'static str {
        match self.kind {
            FlakeRefKind::Indirect { .. } => "indirect",
            FlakeRefKind::Github { .. } => "github",
            FlakeRefKind::Gitlab { .. } => "gitlab",
            FlakeRefKind::Sourcehut { .. } => "sourcehut",
            FlakeRefKind::Git { .. } => "git",
            FlakeRefKind::Mercurial { .. } => "hg",
            FlakeRefKind::Path { .. } => "path",
            FlakeRefKind::Tarball { .. } => "tarball",
            FlakeRefKind::File { .. } => "file",
        }
    }

    /// True for a source on this machine only (`path:`, `git+file:`), which
    /// will not exist on another machine.
    pub fn is_local(&self) -> bool {
        match &self.kind {
            FlakeRefKind::Path { .. } => true,
            FlakeRefKind::Git { url } | FlakeRefKind::Mercurial { url } => {
                url.starts_with("file:") || url.starts_with('/')
            }
            FlakeRefKind::Tarball { url } | FlakeRefKind::File { url } => url.starts_with("file:"),
            _ => false,
        }
    }

    /// True when this is (a fork-free copy of) NixOS/nixpkgs, or the
    /// `nixpkgs` registry entry.
    pub fn is_nixpkgs(&self) -> bool {
        match &self.kind {
            FlakeRefKind::Indirect { id } => id == "nixpkgs",
            FlakeRefKind::Github { owner, repo } => {
                owner.eq_ignore_ascii_case("NixOS") && repo == "nixpkgs"
            }
            _ => false,
        }
    }

    /// The local folder (without `file://`), for `path:` and `git+file:`.
    pub fn local_path(&self) -> Option<&str> {
        match &self.kind {
            FlakeRefKind::Path { path } => Some(path),
            FlakeRefKind::Git { url } | FlakeRefKind::Mercurial { url } => url
                .strip_prefix("file://")
                .or_else(|| url.strip_prefix("file:")),
            _ => None,
        }
    }

    /// The local folder as a person reads it: [`FlakeRef::local_path`]
    /// with a `git+file:` URL's percent-encoding undone (a `path:` is
    /// decoded when parsed already).
    pub fn local_folder(&self) -> Option<String> {
        self.local_path().map(decode)
    }

    /// The canonical URL form, as Nix prints it: the inverse of [`parse`].
    /// `ref`/`rev` of github-like refs go into the path, other attributes
    /// into the query, percent-encoded.
    ///
    /// [`parse`]: FlakeRef::parse
    pub fn to_url(&self) -> String {
        let mut query: Vec<(&str, &str)> = Vec::new();
        let mut skip: &[&str] = &[];
        let base = match &self.kind {
            FlakeRefKind::Indirect { id } => {
                skip = &["ref", "rev"];
                let mut s = format!("flake:{id}");
                for key in ["ref", "rev"] {
                    if let Some(v) = self.attr(key) {
                        s.push('/');
                        s.push_str(&encode_path(v));
                    }
                }
                s
            }
            FlakeRefKind::Github { owner, repo }
            | FlakeRefKind::Gitlab { owner, repo }
            | FlakeRefKind::Sourcehut { owner, repo } => {
                let mut s = format!("{}:{}/{}", self.type_name(), encode(owner), encode(repo));
                // Nix puts the rev in the path when there is one, else the ref.
                if let Some(v) = self.rev().or(self.git_ref()) {
                    s.push('/');
                    s.push_str(&encode_path(v));
                    skip = if self.rev().is_some() {
                        &["rev"]
                    } else {
                        &["ref"]
                    };
                }
                s
            }
            FlakeRefKind::Git { url } => format!("git+{url}"),
            FlakeRefKind::Mercurial { url } => format!("hg+{url}"),
            FlakeRefKind::Path { path } => format!("path:{}", encode_path(path)),
            FlakeRefKind::Tarball { url } => {
                if has_tarball_extension(url.split('?').next().unwrap_or(url)) {
                    url.clone()
                } else {
                    format!("tarball+{url}")
                }
            }
            FlakeRefKind::File { url } => format!("file+{url}"),
        };
        for (k, v) in &self.attrs {
            if !skip.contains(&k.as_str()) {
                query.push((k, v));
            }
        }
        if query.is_empty() {
            return base;
        }
        let sep = if base.contains('?') { '&' } else { '?' };
        let q: Vec<String> = query
            .iter()
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect();
        format!("{base}{sep}{}", q.join("&"))
    }

    /// The same reference without what pins it (`rev`, `narHash`,
    /// `lastModified`, `revCount`): what `nix flake update` may move.
    pub fn unpinned(&self) -> FlakeRef {
        let mut r = self.clone();
        r.attrs
            .retain(|k, _| !matches!(k.as_str(), "rev" | "narHash" | "lastModified" | "revCount"));
        r
    }

    /// A short name for the source, as a person would say it: `nixpkgs`,
    /// `NixOS/nix`, the folder's last component, or the host of a URL.
    pub fn short_name(&self) -> String {
        match &self.kind {
            FlakeRefKind::Indirect { id } => id.clone(),
            FlakeRefKind::Github { owner, repo }
            | FlakeRefKind::Gitlab { owner, repo }
            | FlakeRefKind::Sourcehut { owner, repo } => {
                if self.is_nixpkgs() {
                    "nixpkgs".to_owned()
                } else {
                    format!("{owner}/{repo}")
                }
            }
            FlakeRefKind::Git { url } | FlakeRefKind::Mercurial { url } => {
                last_segment(url.split('?').next().unwrap_or(url)).to_owned()
            }
            FlakeRefKind::Path { path } => last_segment(path).to_owned(),
            FlakeRefKind::Tarball { url } | FlakeRefKind::File { url } => {
                let no_scheme = url.split_once("://").map_or(url.as_str(), |(_, r)| r);
                no_scheme.split('/').next().unwrap_or(no_scheme).to_owned()
            }
        }
    }
}

fn last_segment(s: &str) -> &str {
    s.trim_end_matches('/')
        .rsplit('/')
        .next()
        .filter(|s| !s.is_empty())
        .unwrap_or(s)
}

fn encode(s: &str) -> String {
    utf8_percent_encode(s, QUERY_VALUE).to_string()
}

fn encode_path(s: &str) -> String {
    // Slashes stay: `path:/a/b`, `github:o/r/release-24.05`.
    const PATH: &AsciiSet = &CONTROLS
        .add(b' ')
        .add(b'"')
        .add(b'#')
        .add(b'%')
        .add(b'?')
        .add(b'<')
        .add(b'>')
        .add(b'`')
        .add(b'{')
        .add(b'}');
    utf8_percent_encode(s, PATH).to_string()
}

impl fmt::Display for FlakeRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_url())
    }
}

/// `path:DIR` for a folder on this machine, percent-encoded the way Nix
/// parses it back: a folder name with spaces, `#`, `?` or non-ASCII letters
/// would otherwise end the URL early or fail to parse.
pub fn path_url(dir: &std::path::Path) -> String {
    format!("path:{}", encode_path(&dir.to_string_lossy()))
}

/// `git+file://DIR` for a Git repository on this machine, percent-encoded
/// like [`path_url`].
pub fn git_file_url(dir: &std::path::Path) -> String {
    format!("git+file://{}", encode_path(&dir.to_string_lossy()))
}

/// A Unix timestamp as an ISO date (`2024-05-12`), UTC, without a date crate.
pub fn iso_date(secs: u64) -> String {
    crate::time::utc_date(secs).to_string()
}

#[cfg(test)]
mod tests;
