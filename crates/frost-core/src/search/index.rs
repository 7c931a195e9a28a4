//! The packages of one flake revision, laid out for searching: each field
//! of every package in one text (a column), so a query scans a few long
//! texts with a fast substring search instead of 100,000 small ones, and
//! the index is read straight from its file's bytes: loading it copies and
//! allocates nothing per package (a new process pays for every page it
//! touches, and copying 20 MB was most of `frost search`'s time).

use std::borrow::Cow;
use std::collections::HashMap;

use memchr::memmem::Finder;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// One field of every package, one after the other. Each value ends with
/// a newline, which no query word holds, so a match never spans two
/// packages. Bytes, borrowed from the file when loaded: each value is read
/// as text when it is shown.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Column<'a> {
    #[serde(borrow)]
    text: Cow<'a, [u8]>,
    /// Where each value ends, its newline included: little-endian u32s.
    #[serde(borrow)]
    ends: Cow<'a, [u8]>,
}

/// The `i`th little-endian u32 of `bytes`.
fn u32_at(bytes: &[u8], i: usize) -> Option<usize> {
    let word = bytes.get(i * 4..i * 4 + 4)?;
    Some(u32::from_le_bytes(word.try_into().ok()?) as usize)
}

impl Column<'_> {
    fn push(&mut self, value: &str) {
        let text = self.text.to_mut();
        // Descriptions may hold newlines: they would end the value early.
        for c in value.chars() {
            let c = if c == '\n' || c == '\r' { ' ' } else { c };
            text.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
        }
        text.push(b'\n');
        let end = u32::try_from(text.len()).unwrap_or(u32::MAX);
        self.ends.to_mut().extend_from_slice(&end.to_le_bytes());
    }

    fn len(&self) -> usize {
        self.ends.len() / 4
    }

    fn end(&self, i: usize) -> Option<usize> {
        u32_at(&self.ends, i)
    }

    fn get(&self, i: usize) -> &str {
        let start = if i == 0 { Some(0) } else { self.end(i - 1) };
        let value = start
            .zip(self.end(i))
            .and_then(|(start, end)| self.text.get(start..end.checked_sub(1)?));
        value
            .and_then(|v| std::str::from_utf8(v).ok())
            .unwrap_or("")
    }

    /// Whether the column is whole: as many values as `n`, each end after
    /// the one before, just after a newline.
    fn consistent(&self, n: usize) -> bool {
        let mut previous = 0usize;
        self.ends.len() == n * 4
            && (0..n).all(|i| {
                let end = self.end(i).unwrap_or(0);
                let ok = end > previous && self.text.get(end - 1) == Some(&b'\n');
                previous = end;
                ok
            })
            && previous == self.text.len()
    }

    /// Calls `hit` once for every value that holds `finder`'s word, in
    /// order: one pass of the substring search over the whole column.
    fn each_holding(&self, finder: &Finder<'_>, mut hit: impl FnMut(usize)) {
        let bytes: &[u8] = &self.text;
        let mut from = 0usize;
        let mut i = 0usize;
        while let Some(at) = bytes.get(from..).and_then(|rest| finder.find(rest)) {
            let pos = from + at;
            // Matches come in order: walk the ends instead of searching them.
            while self.end(i).is_some_and(|e| e <= pos) {
                i += 1;
            }
            let Some(end) = self.end(i) else { break };
            hit(i);
            // The rest of this value cannot add anything.
            from = end;
            i += 1;
        }
    }

    /// Whether value `i` holds `finder`'s word.
    fn holds(&self, i: usize, finder: &Finder<'_>) -> bool {
        finder.find(self.get(i).as_bytes()).is_some()
    }
}

/// How well a package matches a query, best first. Every word of the
/// query matches every package that is found at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rank {
    /// The query is the package's name (attribute or pname).
    Exact,
    /// Every word starts the name, or its last part.
    NamePrefix,
    /// Every word is in the name.
    NameSubstring,
    /// Some word is only in the description.
    Description,
}

/// One package found by [`SearchIndex::search`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// Its place in the index (see [`SearchIndex::package`]).
    pub index: usize,
    pub rank: Rank,
}

/// One package as a person reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Package<'a> {
    /// The whole attribute path (`legacyPackages.x86_64-linux.hello`), what
    /// an install names after `#`.
    pub attr_path: String,
    /// The attribute path without `legacyPackages.<system>.`
    /// (`python3Packages.pip`): what people call the package.
    pub name: &'a str,
    pub pname: &'a str,
    pub version: &'a str,
    pub description: &'a str,
}

/// What `nix search --json` says of one package.
#[derive(Deserialize)]
struct NixEntry {
    #[serde(default)]
    pname: String,
    #[serde(default)]
    version: String,
    #[serde(default)]
    description: String,
}

/// The searchable packages of one flake revision: built in memory, or
/// read from a file's bytes, which it then borrows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchIndex<'a> {
    /// What comes before each name in its attribute path
    /// (`legacyPackages.x86_64-linux.`): a few, stored once each.
    prefixes: Vec<String>,
    /// Which prefix each package has: little-endian u32s.
    #[serde(borrow)]
    prefix_of: Cow<'a, [u8]>,
    /// The attribute path after its prefix.
    #[serde(borrow)]
    name: Column<'a>,
    #[serde(borrow)]
    pname: Column<'a>,
    #[serde(borrow)]
    version: Column<'a>,
    #[serde(borrow)]
    description: Column<'a>,
    /// `name` and `pname` lowercased, with a tab between them.
    #[serde(borrow)]
    names_lower: Column<'a>,
    #[serde(borrow)]
    description_lower: Column<'a>,
}

/// The attribute path without its output and system (`legacyPackages.
/// x86_64-linux.hello` → `hello`); a path of another shape stays whole.
fn short_name(attr_path: &str) -> &str {
    let mut parts = attr_path.splitn(3, '.');
    match (parts.next(), parts.next(), parts.next()) {
        (Some("legacyPackages" | "packages"), Some(_system), Some(rest)) => rest,
        _ => attr_path,
    }
}

/// The attribute path before its short name (`legacyPackages.
/// x86_64-linux.`), empty for a path of another shape.
fn prefix(attr_path: &str) -> &str {
    let name = short_name(attr_path);
    &attr_path[..attr_path.len() - name.len()]
}

impl<'a> SearchIndex<'a> {
    /// The index of what `nix search --json REF ^` printed: an object keyed
    /// by attribute path (`legacyPackages.x86_64-linux.hello`, unquoted even
    /// when a part holds a dot), each with `pname`, `version` and
    /// `description` (empty when the package has none). Sorted by name, so
    /// that packages of the same rank come in the same order every time.
    pub fn from_nix_json(command: &str, stdout: &[u8]) -> Result<SearchIndex<'static>> {
        let entries: HashMap<String, NixEntry> =
            serde_json::from_slice(stdout).map_err(|e| Error::NixFailed {
                command: command.to_owned(),
                code: Some(0),
                signal: None,
                message: e.to_string(),
            })?;
        let mut sorted: Vec<(String, NixEntry)> = entries.into_iter().collect();
        let key = |attr: &str| (short_name(attr).to_lowercase(), attr.to_owned());
        sorted.sort_by_cached_key(|(attr, _)| key(attr));
        Ok(Self::from_entries(sorted.iter().map(|(attr, e)| {
            (
                attr.as_str(),
                e.pname.as_str(),
                e.version.as_str(),
                e.description.as_str(),
            )
        })))
    }

    /// The index of `(attr_path, pname, version, description)`, in this
    /// order.
    pub fn from_entries<'e>(
        entries: impl IntoIterator<Item = (&'e str, &'e str, &'e str, &'e str)>,
    ) -> SearchIndex<'static> {
        let mut index = SearchIndex::default();
        let mut names = String::new();
        for (attr, pname, version, description) in entries {
            let before = prefix(attr);
            let p = match index.prefixes.iter().position(|p| p == before) {
                Some(p) => p,
                None => {
                    index.prefixes.push(before.to_owned());
                    index.prefixes.len() - 1
                }
            };
            let p = u32::try_from(p).unwrap_or(u32::MAX);
            index.prefix_of.to_mut().extend_from_slice(&p.to_le_bytes());
            index.name.push(short_name(attr));
            index.pname.push(pname);
            index.version.push(version);
            index.description.push(description);
            names.clear();
            names.push_str(&short_name(attr).to_lowercase());
            names.push('\t');
            names.push_str(&pname.to_lowercase());
            index.names_lower.push(&names);
            index.description_lower.push(&description.to_lowercase());
        }
        index
    }

    pub fn len(&self) -> usize {
        self.name.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether every column has one value per package: a file that decoded
    /// but does not pass this is damaged.
    pub(crate) fn consistent(&self) -> bool {
        let n = self.name.len();
        self.prefix_of.len() == n * 4
            && (0..n).all(|i| u32_at(&self.prefix_of, i).is_some_and(|p| p < self.prefixes.len()))
            && [
                &self.name,
                &self.pname,
                &self.version,
                &self.description,
                &self.names_lower,
                &self.description_lower,
            ]
            .iter()
            .all(|c| c.consistent(n))
    }

    /// Package `i`; `None` past the end.
    pub fn package(&self, i: usize) -> Option<Package<'_>> {
        if i >= self.len() {
            return None;
        }
        let name = self.name.get(i);
        let prefix = self.prefixes.get(u32_at(&self.prefix_of, i)?)?;
        Some(Package {
            attr_path: format!("{prefix}{name}"),
            name,
            pname: self.pname.get(i),
            version: self.version.get(i),
            description: self.description.get(i),
        })
    }

    /// The packages that match every word of `query` (case-insensitive) in
    /// their name, pname or description, best first: the exact name, then
    /// names that start with the words, then names that hold them, then
    /// descriptions; in the index's order within each rank. An empty query
    /// finds nothing.
    pub fn search(&self, query: &str) -> Vec<Hit> {
        let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
        if words.is_empty() {
            return Vec::new();
        }
        let n = self.len();
        // Which packages hold the word, in their name or description.
        let mut held = vec![false; n];
        let mark = |finder: &Finder<'_>, held: &mut Vec<bool>| {
            held.fill(false);
            let mut in_names = 0;
            self.names_lower.each_holding(finder, |i| {
                held[i] = true;
                in_names += 1;
            });
            // A short word found in most names: the rest's descriptions
            // one by one cost less than a pass over all of them.
            if in_names > n / 2 {
                for (i, h) in held.iter_mut().enumerate() {
                    *h = *h || self.description_lower.holds(i, finder);
                }
            } else {
                self.description_lower
                    .each_holding(finder, |i| held[i] = true);
            }
        };
        mark(&Finder::new(words[0].as_bytes()), &mut held);
        let mut found: Vec<usize> = (0..n).filter(|&i| held[i]).collect();
        for word in &words[1..] {
            let finder = Finder::new(word.as_bytes());
            // Few packages left: look at each rather than at all.
            if found.len() < n / 8 {
                found.retain(|&i| {
                    self.names_lower.holds(i, &finder) || self.description_lower.holds(i, &finder)
                });
            } else {
                mark(&finder, &mut held);
                found.retain(|&i| held[i]);
            }
        }
        // Stable: the index's order within a rank.
        let whole = words.join(" ");
        let mut ranks: [Vec<Hit>; 4] = Default::default();
        for index in found {
            let rank = self.rank(index, &words, &whole);
            ranks[rank as usize].push(Hit { index, rank });
        }
        ranks.concat()
    }

    fn rank(&self, i: usize, words: &[String], whole: &str) -> Rank {
        let names = self.names_lower.get(i);
        let (name, pname) = names.split_once('\t').unwrap_or((names, ""));
        let last = name.rsplit('.').next().unwrap_or(name);
        if whole == name || whole == last || whole == pname {
            return Rank::Exact;
        }
        words
            .iter()
            .map(|w| {
                if name.starts_with(w.as_str())
                    || last.starts_with(w.as_str())
                    || pname.starts_with(w.as_str())
                {
                    Rank::NamePrefix
                } else if names.contains(w.as_str()) {
                    Rank::NameSubstring
                } else {
                    Rank::Description
                }
            })
            .max()
            .unwrap_or(Rank::Description)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::{decode, encode, LockedIndex};

    #[test]
    fn an_index_read_from_a_file_borrows_its_bytes() {
        let built = SearchIndex::from_entries([("a", "a", "1", "x"), ("b", "b", "2", "y")]);
        let locked = LockedIndex::new("k".into(), "path:/x".into(), &built);
        let read = locked.index();
        assert_eq!(read, built);
        for column in [&read.name, &read.description_lower] {
            assert!(matches!(column.text, Cow::Borrowed(_)));
            assert!(matches!(column.ends, Cow::Borrowed(_)));
        }
    }

    #[test]
    fn columns_that_do_not_add_up_are_damage() {
        let whole = SearchIndex::from_entries([("a", "a", "1", "x"), ("b", "b", "2", "y")]);
        assert!(whole.consistent());
        let mut short = whole.clone();
        let ends = short.version.ends.to_mut();
        ends.truncate(ends.len() - 4);
        let mut past = whole.clone();
        past.description.ends.to_mut()[4] += 1;
        let mut backwards = whole.clone();
        let ends = backwards.pname.ends.to_mut();
        let (first, second) = ends.split_at_mut(4);
        first.swap_with_slice(&mut second[..4]);
        let mut prefix = whole.clone();
        prefix.prefix_of.to_mut()[4] = 7;
        for broken in [short, past, backwards, prefix] {
            assert!(!broken.consistent());
            // Even in a file whose checksum is right for it.
            let file = encode(&LockedIndex::new("k".into(), "path:/x".into(), &broken));
            assert_eq!(decode(&file), None);
        }
    }
}
