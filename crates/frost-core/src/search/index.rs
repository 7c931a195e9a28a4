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

    /// Value `i`'s bytes, without its newline; empty past the end.
    fn bytes(&self, i: usize) -> &[u8] {
        let start = if i == 0 { Some(0) } else { self.end(i - 1) };
        start
            .zip(self.end(i))
            .and_then(|(start, end)| self.text.get(start..end.checked_sub(1)?))
            .unwrap_or_default()
    }

    fn get(&self, i: usize) -> &str {
        std::str::from_utf8(self.bytes(i)).unwrap_or("")
    }

    /// Whether the column is whole: as many values as `n`, each end after
    /// the one before, just after a newline.
    fn consistent(&self, n: usize) -> bool {
        if self.ends.len() != n * 4 {
            return false;
        }
        let mut previous = 0usize;
        for word in self.ends.chunks_exact(4) {
            let end = u32::from_le_bytes([word[0], word[1], word[2], word[3]]) as usize;
            if end <= previous || self.text.get(end - 1) != Some(&b'\n') {
                return false;
            }
            previous = end;
        }
        previous == self.text.len()
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
        finder.find(self.bytes(i)).is_some()
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

/// Package `i` as [`SearchIndex::listing`] gives it: its values as the
/// index holds them, UTF-8 in an index that passed its checks ([`Package`]
/// reads them as text, an empty one where they are not).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Listing<'a> {
    /// What comes before the name in its attribute path.
    pub prefix: &'a str,
    pub name: &'a [u8],
    pub version: &'a [u8],
    pub description: &'a [u8],
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
            && self.prefix_of.chunks_exact(4).all(|w| {
                (u32::from_le_bytes([w[0], w[1], w[2], w[3]]) as usize) < self.prefixes.len()
            })
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

    /// What a table shows of package `i`, as the index's bytes: for listing
    /// tens of thousands without checking each value's UTF-8 or building
    /// its attribute path. `None` past the end.
    pub fn listing(&self, i: usize) -> Option<Listing<'_>> {
        if i >= self.len() {
            return None;
        }
        let prefix = self.prefixes.get(u32_at(&self.prefix_of, i)?)?;
        Some(Listing {
            prefix,
            name: self.name.bytes(i),
            version: self.version.bytes(i),
            description: self.description.bytes(i),
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
        // Where each package holds the word: nowhere, only in its
        // description, or in its name.
        const NOWHERE: u8 = 0;
        const DESCRIPTION: u8 = 1;
        const NAME: u8 = 2;
        let mut held = vec![NOWHERE; n];
        let mark = |finder: &Finder<'_>, held: &mut Vec<u8>| {
            held.fill(NOWHERE);
            let mut in_names = 0;
            self.names_lower.each_holding(finder, |i| {
                held[i] = NAME;
                in_names += 1;
            });
            // A short word found in most names: the rest's descriptions
            // one by one cost less than a pass over all of them.
            if in_names > n / 2 {
                for (i, h) in held.iter_mut().enumerate() {
                    if *h == NOWHERE && self.description_lower.holds(i, finder) {
                        *h = DESCRIPTION;
                    }
                }
            } else {
                self.description_lower.each_holding(finder, |i| {
                    if held[i] == NOWHERE {
                        held[i] = DESCRIPTION;
                    }
                });
            }
        };
        let finders: Vec<Finder<'_>> = words.iter().map(|w| Finder::new(w.as_bytes())).collect();
        mark(&finders[0], &mut held);
        // Each package found, and whether every word so far is in its name.
        let mut found: Vec<(usize, bool)> = held
            .iter()
            .enumerate()
            .filter(|(_, &h)| h != NOWHERE)
            .map(|(i, &h)| (i, h == NAME))
            .collect();
        for finder in &finders[1..] {
            // Few packages left: look at each rather than at all.
            if found.len() < n / 8 {
                found.retain_mut(|(i, in_name)| {
                    if self.names_lower.holds(*i, finder) {
                        true
                    } else {
                        *in_name = false;
                        self.description_lower.holds(*i, finder)
                    }
                });
            } else {
                mark(finder, &mut held);
                found.retain_mut(|(i, in_name)| {
                    *in_name = *in_name && held[*i] == NAME;
                    held[*i] != NOWHERE
                });
            }
        }
        // Stable: the index's order within a rank.
        let whole = words.join(" ");
        let mut ranks: [Vec<Hit>; 4] = Default::default();
        for (index, in_name) in found {
            let rank = if in_name {
                self.rank_by_name(index, &words, &whole)
            } else {
                // A word only in the description ranks the package there,
                // and the whole query cannot be its name.
                Rank::Description
            };
            ranks[rank as usize].push(Hit { index, rank });
        }
        ranks.concat()
    }

    /// The rank of package `i`, whose name holds every word: [`Rank::Exact`]
    /// when the query is its name, its name's last part or its pname; else
    /// [`Rank::NamePrefix`] when every word starts one of them.
    fn rank_by_name(&self, i: usize, words: &[String], whole: &str) -> Rank {
        let names = self.names_lower.bytes(i);
        let (name, pname) = match memchr::memchr(b'\t', names) {
            Some(tab) => (&names[..tab], &names[tab + 1..]),
            None => (names, &names[names.len()..]),
        };
        let last = match memchr::memrchr(b'.', name) {
            Some(dot) => &name[dot + 1..],
            None => name,
        };
        let whole = whole.as_bytes();
        if whole == name || whole == last || whole == pname {
            return Rank::Exact;
        }
        let starts = |w: &[u8]| name.starts_with(w) || last.starts_with(w) || pname.starts_with(w);
        if words.iter().all(|w| starts(w.as_bytes())) {
            Rank::NamePrefix
        } else {
            Rank::NameSubstring
        }
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
