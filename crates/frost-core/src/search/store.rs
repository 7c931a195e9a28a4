//! Search indexes on disk, one file per flake revision, in the XDG cache:
//! a revision's packages never change, so its index is built once.
//!
//! A file is `FROSTSIX`, the format's version, a checksum of the rest and
//! the rest: the revision's key, its locked URL and the index, encoded
//! with postcard. A file that fails any check (another version, a wrong
//! checksum, another key, columns that do not add up) is not trusted and
//! is built again; files are written whole through a temporary file and a
//! rename, so a reader never sees half of one.
//!
//! A file is mapped into memory rather than read: a new `frost search`
//! then copies nothing (reading 20 MB into a fresh buffer was a third of
//! its time). Since a file is only ever replaced by a rename, never
//! written in place, a mapped file does not change under its reader.

use std::hash::Hasher;
use std::io::Write;
use std::ops::Deref;
use std::path::PathBuf;
use std::sync::Arc;

use memmap2::Mmap;

use super::index::SearchIndex;
use crate::error::{Error, Result};
use crate::fasthash::FxHasher;

const MAGIC: &[u8; 8] = b"FROSTSIX";
/// Bumped whenever the layout of [`Stored`] or [`SearchIndex`] changes, or
/// the checksum (2: four lanes).
pub const FORMAT_VERSION: u32 = 2;
const HEADER: usize = MAGIC.len() + 4 + 8;

/// The packages of one locked flake revision, as the bytes of its file:
/// [`LockedIndex::index`] reads them without copying.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LockedIndex {
    /// What names the revision: its `narHash` (see [`super::source`]).
    pub key: String,
    /// The locked reference the packages were read from, what an install
    /// names before `#` so that it needs nothing new.
    pub url: String,
    /// A whole cache file, checked.
    bytes: Bytes,
    /// Where the index starts in it.
    data: usize,
}

impl LockedIndex {
    pub fn new(key: String, url: String, index: &SearchIndex<'_>) -> LockedIndex {
        let bytes = encode_parts(&key, &url, index);
        let data = data_start(&bytes).unwrap_or(bytes.len());
        LockedIndex {
            key,
            url,
            bytes: Bytes::Owned(bytes),
            data,
        }
    }

    /// The packages, read from the bytes in place.
    pub fn index(&self) -> SearchIndex<'_> {
        self.bytes
            .get(self.data..)
            .and_then(|b| postcard::from_bytes(b).ok())
            .unwrap_or_default()
    }
}

/// The bytes of a file: in memory, or mapped.
#[derive(Clone)]
enum Bytes {
    Owned(Vec<u8>),
    Mapped(Arc<Mmap>),
}

impl Deref for Bytes {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            Bytes::Owned(v) => v,
            Bytes::Mapped(m) => m,
        }
    }
}

impl PartialEq for Bytes {
    fn eq(&self, other: &Bytes) -> bool {
        **self == **other
    }
}

impl Eq for Bytes {}

impl std::fmt::Debug for Bytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} bytes", self.len())
    }
}

/// FxHash over four interleaved lanes of 8-byte words, so that the
/// processor works on four at once: one lane waits on its multiply for
/// every word, and checking a 20 MB file that way took 5 ms.
/// How a file's name ends for format `version`.
fn version_suffix(version: u32) -> String {
    format!(".v{version}.index")
}

fn checksum(bytes: &[u8]) -> u64 {
    let mut lanes = [FxHasher::default(); 4];
    let mut blocks = bytes.chunks_exact(32);
    for block in &mut blocks {
        for (lane, word) in lanes.iter_mut().zip(block.chunks_exact(8)) {
            lane.write(word);
        }
    }
    let mut h = FxHasher::default();
    h.write(blocks.remainder());
    for lane in lanes {
        h.write(&lane.finish().to_le_bytes());
    }
    h.write_usize(bytes.len());
    h.finish()
}

/// Where the indexes live.
#[derive(Debug, Clone)]
pub struct IndexCache {
    dir: Option<PathBuf>,
}

impl IndexCache {
    /// `$XDG_CACHE_HOME/frost/search` (else `~/.cache/…`); without either, a
    /// cache that keeps nothing.
    pub fn open_default() -> IndexCache {
        IndexCache {
            dir: crate::cache_dir::frost_cache_dir().map(|d| d.join("search")),
        }
    }

    pub fn in_dir(dir: impl Into<PathBuf>) -> IndexCache {
        IndexCache {
            dir: Some(dir.into()),
        }
    }

    /// The file for `key`: its safe characters, then a hash of the whole
    /// key (a narHash holds `/`, `+` and `=`).
    pub fn file(&self, key: &str) -> Option<PathBuf> {
        let dir = self.dir.as_ref()?;
        let safe: String = key
            .chars()
            .take(80)
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let mut h = FxHasher::default();
        h.write(key.as_bytes());
        Some(dir.join(format!(
            "{safe}.{:016x}{}",
            h.finish(),
            version_suffix(FORMAT_VERSION)
        )))
    }

    /// Removes the files of `file`'s revision in other format versions:
    /// they are never read again, and one for nixpkgs takes 20 MB or more.
    /// What cannot be removed stays.
    fn remove_other_versions(file: &std::path::Path) {
        let (Some(dir), Some(name)) = (file.parent(), file.file_name().and_then(|n| n.to_str()))
        else {
            return;
        };
        let Some(stem) = name.strip_suffix(&version_suffix(FORMAT_VERSION)) else {
            return;
        };
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let other = entry.file_name();
            let other = other.to_string_lossy();
            let version = other
                .strip_prefix(stem)
                .and_then(|rest| rest.strip_prefix(".v"))
                .and_then(|rest| rest.strip_suffix(".index"));
            if version.is_some_and(|v| v.parse::<u32>().is_ok()) && other != name {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }

    /// The index stored for `key`, when its file is whole, of this format
    /// and for this very key; anything else is no answer.
    pub fn load(&self, key: &str) -> Option<LockedIndex> {
        let file = std::fs::File::open(self.file(key)?).ok()?;
        // SAFETY: the file is never written in place (see the module's
        // note), so the mapped bytes do not change while they are read.
        let mapped = unsafe { Mmap::map(&file) }.ok()?;
        decode_bytes(Bytes::Mapped(Arc::new(mapped))).filter(|stored| stored.key == key)
    }

    /// Stores `index` under its key, whole or not at all.
    pub fn store(&self, index: &LockedIndex) -> Result<()> {
        let Some(file) = self.file(&index.key) else {
            return Ok(());
        };
        let dir = file.parent().map(PathBuf::from).unwrap_or_default();
        let error = |source: std::io::Error| Error::Write {
            what: file.display().to_string(),
            source,
        };
        std::fs::create_dir_all(&dir).map_err(error)?;
        let mut tmp = tempfile::Builder::new()
            .prefix(".index")
            .tempfile_in(&dir)
            .map_err(error)?;
        tmp.write_all(&index.bytes).map_err(error)?;
        tmp.persist(&file).map_err(|e| error(e.error))?;
        IndexCache::remove_other_versions(&file);
        Ok(())
    }
}

/// The bytes of a cache file for `index`.
pub fn encode(index: &LockedIndex) -> Vec<u8> {
    index.bytes.to_vec()
}

fn encode_parts(key: &str, url: &str, index: &SearchIndex<'_>) -> Vec<u8> {
    let mut payload = postcard::to_stdvec(&(key, url)).unwrap_or_default();
    payload.extend(postcard::to_stdvec(index).unwrap_or_default());
    let mut out = Vec::with_capacity(HEADER + payload.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&checksum(&payload).to_le_bytes());
    out.extend_from_slice(&payload);
    out
}

/// The key and URL at the start of a file's payload, and where the index
/// after them starts.
fn head(bytes: &[u8]) -> Option<(String, String, usize)> {
    let payload = bytes.get(HEADER..)?;
    let ((key, url), rest): ((String, String), &[u8]) = postcard::take_from_bytes(payload).ok()?;
    Some((key, url, bytes.len() - rest.len()))
}

fn data_start(bytes: &[u8]) -> Option<usize> {
    head(bytes).map(|(_, _, at)| at)
}

/// The key, URL and start of the index of a cache file's bytes, when they
/// pass every check.
fn check(bytes: &[u8]) -> Option<(String, String, usize)> {
    let (header, payload) = bytes.split_at_checked(HEADER)?;
    let (magic, rest) = header.split_at(MAGIC.len());
    let (version, sum) = rest.split_at(4);
    if magic != MAGIC
        || u32::from_le_bytes(version.try_into().ok()?) != FORMAT_VERSION
        || u64::from_le_bytes(sum.try_into().ok()?) != checksum(payload)
    {
        return None;
    }
    let (key, url, data) = head(bytes)?;
    let index: SearchIndex<'_> = postcard::from_bytes(bytes.get(data..)?).ok()?;
    index.consistent().then_some((key, url, data))
}

/// The index in a cache file's bytes, when they pass every check.
pub fn decode(bytes: &[u8]) -> Option<LockedIndex> {
    decode_bytes(Bytes::Owned(bytes.to_vec()))
}

/// [`decode`], keeping the bytes it is given rather than copying them.
fn decode_bytes(bytes: Bytes) -> Option<LockedIndex> {
    let (key, url, data) = check(&bytes)?;
    Some(LockedIndex {
        key,
        url,
        bytes,
        data,
    })
}
