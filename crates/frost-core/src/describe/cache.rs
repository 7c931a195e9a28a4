//! A store path never changes, so neither does what [`describe`] reads from
//! it: the answers are kept on disk, keyed by store paths and languages.
//! Reading 1,000 packages' folders costs about 10 ms of system calls on a
//! typical machine; the cache, about 1 ms.
//!
//! The file is one line per package, `KEY<TAB>KIND<TAB>JSON`, so that a
//! reader that only wants the kind (`frost list`) never parses the JSON:
//! parsing every entry cost more than the rest of `frost list` together.
//!
//! [`describe`]: super::describe

use std::path::{Path, PathBuf};

use crate::fasthash::{FastMap, FastSet};

use super::{describe_for_languages, preferred_languages, PackageInfo, PackageKind};

/// The first line; bump the number when [`PackageInfo`] or the way it is
/// computed changes, so old answers are not reused.
const HEADER: &str = "frost-describe-cache 1";
/// Entries beyond this are dropped, least recently used first, so the file
/// stays small however many profiles and generations come and go.
const MAX_ENTRIES: usize = 20_000;

enum Entry {
    /// As read from the file: the kind, and where in the file's text the
    /// rest is, still as JSON (copying every entry out cost as much as
    /// `frost list` spends on everything else).
    Stored {
        kind: PackageKind,
        json: std::ops::Range<usize>,
    },
    Parsed(PackageInfo),
}

impl Entry {
    fn kind(&self) -> PackageKind {
        match self {
            Entry::Stored { kind, .. } => *kind,
            Entry::Parsed(info) => info.kind,
        }
    }

    fn info(&mut self, text: &str) -> Option<PackageInfo> {
        if let Entry::Stored { json, .. } = self {
            let parsed: PackageInfo = serde_json::from_str(text.get(json.clone())?).ok()?;
            *self = Entry::Parsed(parsed);
        }
        match self {
            Entry::Parsed(info) => Some(info.clone()),
            Entry::Stored { .. } => None,
        }
    }

    fn line(&self, key: &str, text: &str) -> Option<String> {
        let (kind, json) = match self {
            Entry::Stored { kind, json } => (*kind, text.get(json.clone())?.to_owned()),
            Entry::Parsed(info) => (info.kind, serde_json::to_string(info).ok()?),
        };
        Some(format!("{key}\t{}\t{json}\n", kind_code(kind)))
    }
}

fn kind_code(kind: PackageKind) -> &'static str {
    match kind {
        PackageKind::App => "app",
        PackageKind::Tool => "tool",
        PackageKind::Other => "other",
    }
}

fn kind_from_code(code: &str) -> Option<PackageKind> {
    match code {
        "app" => Some(PackageKind::App),
        "tool" => Some(PackageKind::Tool),
        "other" => Some(PackageKind::Other),
        _ => None,
    }
}

pub struct DescribeCache {
    file: Option<PathBuf>,
    /// The file as read; `Entry::Stored` points into it.
    text: String,
    languages: Vec<String>,
    /// `languages` as they end every key, joined once.
    languages_key: String,
    entries: FastMap<String, Entry>,
    /// Keys in the file's order: least recently used first.
    order: Vec<String>,
    used: FastSet<String>,
    dirty: bool,
}

impl DescribeCache {
    /// The user's cache (`$XDG_CACHE_HOME/frost/packages.cache`, else
    /// `~/.cache/…`); without either, a cache that lives in memory only.
    pub fn open_default() -> DescribeCache {
        let file = crate::cache_dir::frost_cache_dir().map(|d| d.join("packages.cache"));
        Self::open(file.as_deref())
    }

    /// A cache backed by `file`. A missing, unreadable, outdated or damaged
    /// file (or line) gives an emptier cache: it is only ever a shortcut.
    pub fn open(file: Option<&Path>) -> DescribeCache {
        let text = file
            .and_then(|f| std::fs::read(f).ok())
            .and_then(|bytes| String::from_utf8(bytes).ok())
            .unwrap_or_default();
        let languages = preferred_languages();
        let mut cache = DescribeCache {
            file: file.map(Path::to_path_buf),
            text: String::new(),
            languages_key: languages.join(":"),
            languages,
            entries: FastMap::default(),
            order: Vec::new(),
            used: FastSet::default(),
            dirty: false,
        };
        let mut lines = text.lines();
        if lines.next() != Some(HEADER) {
            return cache;
        }
        let count = text.bytes().filter(|&b| b == b'\n').count();
        cache.entries.reserve(count);
        cache.order.reserve(count);
        for line in lines {
            let mut fields = line.splitn(3, '\t');
            let (Some(key), Some(kind), Some(json)) = (fields.next(), fields.next(), fields.next())
            else {
                continue;
            };
            let Some(kind) = kind_from_code(kind) else {
                continue;
            };
            // `json` is a slice of `text`: remember where.
            let start = json.as_ptr() as usize - text.as_ptr() as usize;
            let entry = Entry::Stored {
                kind,
                json: start..start + json.len(),
            };
            if cache.entries.insert(key.to_owned(), entry).is_none() {
                cache.order.push(key.to_owned());
            }
        }
        cache.text = text;
        cache
    }

    /// The store paths' names (hash and name, unique in the store; they
    /// hold no spaces, tabs or `|`) and the languages the texts are for.
    fn key(&self, store_paths: &[String]) -> String {
        let len: usize = store_paths.iter().map(|p| p.len() + 1).sum();
        let mut key = String::with_capacity(len + 1 + self.languages_key.len());
        for path in store_paths {
            key.push_str(
                path.rsplit_once('/')
                    .map_or(path.as_str(), |(_, name)| name),
            );
            key.push(' ');
        }
        key.push('|');
        key.push_str(&self.languages_key);
        if key.bytes().any(|b| b == b'\t' || b == b'\n') {
            key.retain(|c| c != '\t' && c != '\n');
        }
        key
    }

    /// Describes each package (given by its store paths), from the cache
    /// where it can; the others are read from disk on a few threads.
    pub fn describe_all(&mut self, packages: &[&[String]]) -> Vec<PackageInfo> {
        let keys: Vec<String> = packages.iter().map(|p| self.key(p)).collect();
        let mut answers: Vec<Option<PackageInfo>> = keys
            .iter()
            .map(|k| self.entries.get_mut(k).and_then(|e| e.info(&self.text)))
            .collect();
        let misses: Vec<usize> = (0..packages.len())
            .filter(|&i| answers[i].is_none())
            .collect();
        for (i, info) in self.compute(packages, &misses) {
            self.remember(&keys[i], packages[i], &info);
            answers[i] = Some(info);
        }
        self.used.extend(keys);
        answers
            .into_iter()
            .map(|a| a.unwrap_or_else(|| describe_for_languages(&[], &self.languages)))
            .collect()
    }

    /// Only the kind of each package: what a plain list needs, and the
    /// cheapest question, since cached entries are not parsed for it.
    pub fn kinds(&mut self, packages: &[&[String]]) -> Vec<PackageKind> {
        let keys: Vec<String> = packages.iter().map(|p| self.key(p)).collect();
        let mut answers: Vec<Option<PackageKind>> = keys
            .iter()
            .map(|k| self.entries.get(k).map(Entry::kind))
            .collect();
        let misses: Vec<usize> = (0..packages.len())
            .filter(|&i| answers[i].is_none())
            .collect();
        for (i, info) in self.compute(packages, &misses) {
            answers[i] = Some(info.kind);
            self.remember(&keys[i], packages[i], &info);
        }
        self.used.extend(keys);
        answers
            .into_iter()
            .map(|a| a.unwrap_or(PackageKind::Other))
            .collect()
    }

    /// Reads the packages at `which` from disk, on up to four threads (the
    /// work is system calls, which run in parallel well).
    fn compute(&self, packages: &[&[String]], which: &[usize]) -> Vec<(usize, PackageInfo)> {
        if which.is_empty() {
            // Asking for the machine's parallelism reads cgroup files.
            return Vec::new();
        }
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .clamp(1, 4);
        let chunk = which.len().div_ceil(threads).max(1);
        let languages = &self.languages;
        std::thread::scope(|s| {
            let handles: Vec<_> = which
                .chunks(chunk)
                .map(|part| {
                    s.spawn(move || {
                        part.iter()
                            .map(|&i| (i, describe_for_languages(packages[i], languages)))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().unwrap_or_default())
                .collect()
        })
    }

    fn remember(&mut self, key: &str, store_paths: &[String], info: &PackageInfo) {
        // A package whose folder is gone (garbage-collected) says nothing
        // true about itself: do not remember that.
        if !store_paths.first().is_some_and(|p| Path::new(p).exists()) {
            return;
        }
        if self
            .entries
            .insert(key.to_owned(), Entry::Parsed(info.clone()))
            .is_none()
        {
            self.order.push(key.to_owned());
        }
        self.dirty = true;
    }

    /// Writes the cache back if anything was added: to a temporary file,
    /// then renamed, so a crash never leaves a half-written cache. Failing
    /// to write is not an error anyone needs to see; it returns false.
    pub fn save(&mut self) -> bool {
        let Some(file) = self.file.clone() else {
            return true;
        };
        if !self.dirty {
            return true;
        }
        // Recently used last; drop the oldest beyond the limit.
        let (used, unused): (Vec<String>, Vec<String>) =
            self.order.drain(..).partition(|k| self.used.contains(k));
        let mut order: Vec<String> = unused.into_iter().chain(used).collect();
        let excess = order.len().saturating_sub(MAX_ENTRIES);
        for key in order.drain(..excess) {
            self.entries.remove(&key);
        }
        let mut text = format!("{HEADER}\n");
        for key in &order {
            if let Some(line) = self.entries.get(key).and_then(|e| e.line(key, &self.text)) {
                text.push_str(&line);
            }
        }
        self.order = order;
        let Some(dir) = file.parent() else {
            return false;
        };
        let tmp = dir.join(format!(".packages.cache.{}", std::process::id()));
        let ok = std::fs::create_dir_all(dir).is_ok()
            && std::fs::write(&tmp, text).is_ok()
            && std::fs::rename(&tmp, &file).is_ok();
        if !ok {
            let _ = std::fs::remove_file(&tmp);
        }
        self.dirty = !ok;
        ok
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::describe::PackageKind;

    fn tool_package(root: &Path) -> String {
        std::fs::create_dir_all(root.join("bin")).unwrap();
        let exe = root.join("bin/tool");
        std::fs::write(&exe, "#!/bin/sh\n").unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&exe, std::fs::Permissions::from_mode(0o755)).unwrap();
        root.to_string_lossy().into_owned()
    }

    #[test]
    fn answers_come_back_from_the_file_without_reading_the_package() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("cache/packages.json");
        let pkg = tool_package(&dir.path().join("pkg"));
        let paths = vec![pkg.clone()];

        let mut cache = DescribeCache::open(Some(&file));
        let first = cache.describe_all(&[&paths]);
        assert_eq!(first[0].kind, PackageKind::Tool);
        assert!(cache.save());
        assert!(file.exists());

        // Store paths never change; if the cache is used, emptying the
        // folder changes nothing in the answer.
        std::fs::remove_dir_all(dir.path().join("pkg/bin")).unwrap();
        let mut again = DescribeCache::open(Some(&file));
        assert_eq!(again.describe_all(&[&paths]), first);
        // Without the cache the folder now reads as "other".
        let mut fresh = DescribeCache::open(None);
        assert_eq!(fresh.describe_all(&[&paths])[0].kind, PackageKind::Other);
    }

    #[test]
    fn a_missing_folder_is_not_remembered() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("packages.json");
        let gone = vec![dir.path().join("gone").to_string_lossy().into_owned()];
        let mut cache = DescribeCache::open(Some(&file));
        assert_eq!(cache.describe_all(&[&gone])[0].kind, PackageKind::Other);
        cache.save();
        tool_package(&dir.path().join("gone"));
        let mut later = DescribeCache::open(Some(&file));
        assert_eq!(later.describe_all(&[&gone])[0].kind, PackageKind::Tool);
    }

    #[test]
    fn a_damaged_cache_file_or_line_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("packages.cache");
        let pkg = vec![tool_package(&dir.path().join("pkg"))];

        std::fs::write(&file, b"\x00garbage\n\xff").unwrap();
        let mut cache = DescribeCache::open(Some(&file));
        assert_eq!(cache.describe_all(&[&pkg])[0].kind, PackageKind::Tool);

        // A cut-off line for this very package: recomputed, then repaired.
        let key = cache.key(&pkg);
        let damaged = format!("{HEADER}\n{key}\tapp\t{{\"kind\":\n{key}\n");
        std::fs::write(&file, damaged).unwrap();
        let mut cache = DescribeCache::open(Some(&file));
        assert_eq!(cache.describe_all(&[&pkg])[0].kind, PackageKind::Tool);
        assert!(cache.save());
        let mut reread = DescribeCache::open(Some(&file));
        assert_eq!(reread.entries.len(), 1);
        assert_eq!(reread.kinds(&[&pkg]), [PackageKind::Tool]);
    }

    #[test]
    fn kinds_come_from_the_file_without_parsing() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("packages.cache");
        let pkg = vec![tool_package(&dir.path().join("pkg"))];
        let mut cache = DescribeCache::open(Some(&file));
        assert_eq!(cache.kinds(&[&pkg]), [PackageKind::Tool]);
        assert!(cache.save());
        // The stored kind is what answers, even with the JSON unreadable.
        let text = std::fs::read_to_string(&file).unwrap();
        let (head, _) = text.rsplit_once('\t').unwrap();
        std::fs::write(&file, format!("{head}\tnot json\n")).unwrap();
        let mut cache = DescribeCache::open(Some(&file));
        assert_eq!(cache.kinds(&[&pkg]), [PackageKind::Tool]);
    }

    #[test]
    fn many_packages_keep_their_order() {
        let dir = tempfile::tempdir().unwrap();
        let lists: Vec<Vec<String>> = (0..50)
            .map(|i| {
                let root = dir.path().join(format!("p{i}"));
                if i % 2 == 0 {
                    vec![tool_package(&root)]
                } else {
                    std::fs::create_dir_all(&root).unwrap();
                    vec![root.to_string_lossy().into_owned()]
                }
            })
            .collect();
        let refs: Vec<&[String]> = lists.iter().map(Vec::as_slice).collect();
        let infos = DescribeCache::open(None).describe_all(&refs);
        for (i, info) in infos.iter().enumerate() {
            let want = if i % 2 == 0 {
                PackageKind::Tool
            } else {
                PackageKind::Other
            };
            assert_eq!(info.kind, want, "package {i}");
        }
    }
}
