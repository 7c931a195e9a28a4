//! The packages of one flake revision, laid out for searching: each field
//! of every package in one text (a column), so a query scans a few long
//! texts with a fast substring search instead of 100,000 small ones, and
//! the index loads from disk without one allocation per package.

use std::collections::HashMap;

use memchr::memmem::Finder;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// One field of every package, one after the other. Each value ends with
/// a newline, which no query word holds, so a match never spans two
/// packages.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Column {
    text: String,
    /// Where each value ends, its newline included.
    ends: Vec<u32>,
}

impl Column {
    fn push(&mut self, value: &str) {
        // Descriptions may hold newlines: they would end the value early.
        self.text.extend(
            value
                .chars()
                .map(|c| if c == '\n' || c == '\r' { ' ' } else { c }),
        );
        self.text.push('\n');
        self.ends
            .push(u32::try_from(self.text.len()).unwrap_or(u32::MAX));
    }

    fn len(&self) -> usize {
        self.ends.len()
    }

    fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        let end = self.ends[i] as usize - 1;
        self.text.get(start..end).unwrap_or("")
    }

    /// Whether the column is whole: as many values as `n`, each end after
    /// the one before, on a character boundary, just after a newline.
    fn consistent(&self, n: usize) -> bool {
        let mut previous = 0usize;
        self.ends.len() == n
            && self.ends.iter().all(|&end| {
                let end = end as usize;
                let ok = end > previous
                    && end <= self.text.len()
                    && self.text.as_bytes()[end - 1] == b'\n'
                    && self.text.is_char_boundary(end);
                previous = end;
                ok
            })
            && previous == self.text.len()
    }

    /// Calls `hit` once for every value that holds `finder`'s word, in
    /// order: one pass of the substring search over the whole column.
    fn each_holding(&self, finder: &Finder<'_>, mut hit: impl FnMut(usize)) {
        let bytes = self.text.as_bytes();
        let mut from = 0usize;
        let mut i = 0usize;
        while let Some(at) = bytes.get(from..).and_then(|rest| finder.find(rest)) {
            let pos = from + at;
            // Matches come in order: walk the ends instead of searching them.
            while self.ends.get(i).is_some_and(|&e| (e as usize) <= pos) {
                i += 1;
            }
            let Some(&end) = self.ends.get(i) else { break };
            hit(i);
            // The rest of this value cannot add anything.
            from = end as usize;
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

/// The searchable packages of one flake revision.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchIndex {
    /// What comes before each name in its attribute path
    /// (`legacyPackages.x86_64-linux.`): a few, stored once each.
    prefixes: Vec<String>,
    prefix_of: Vec<u32>,
    /// The attribute path after its prefix.
    name: Column,
    pname: Column,
    version: Column,
    description: Column,
    /// `name` and `pname` lowercased, with a tab between them.
    names_lower: Column,
    description_lower: Column,
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

impl SearchIndex {
    /// The index of what `nix search --json REF ^` printed: an object keyed
    /// by attribute path (`legacyPackages.x86_64-linux.hello`, unquoted even
    /// when a part holds a dot), each with `pname`, `version` and
    /// `description` (empty when the package has none). Sorted by name, so
    /// that packages of the same rank come in the same order every time.
    pub fn from_nix_json(command: &str, stdout: &[u8]) -> Result<SearchIndex> {
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
    pub fn from_entries<'a>(
        entries: impl IntoIterator<Item = (&'a str, &'a str, &'a str, &'a str)>,
    ) -> SearchIndex {
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
            index.prefix_of.push(u32::try_from(p).unwrap_or(u32::MAX));
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
        self.prefix_of.len() == n
            && self
                .prefix_of
                .iter()
                .all(|&p| (p as usize) < self.prefixes.len())
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
        let prefix = self.prefixes.get(*self.prefix_of.get(i)? as usize)?;
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
    fn columns_that_do_not_add_up_are_damage() {
        let whole = SearchIndex::from_entries([("a", "a", "1", "x"), ("b", "b", "2", "y")]);
        assert!(whole.consistent());
        let mut short = whole.clone();
        short.version.ends.pop();
        let mut past = whole.clone();
        past.description.ends[1] += 1;
        let mut backwards = whole.clone();
        backwards.pname.ends.swap(0, 1);
        let mut prefix = whole.clone();
        prefix.prefix_of[1] = 7;
        for broken in [short, past, backwards, prefix] {
            assert!(!broken.consistent());
            // Even in a file whose checksum is right for it.
            let file = encode(&LockedIndex {
                key: "k".into(),
                url: "path:/x".into(),
                index: broken,
            });
            assert_eq!(decode(&file), None);
        }
    }
}
