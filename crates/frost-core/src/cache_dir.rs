//! Where Frost keeps what it can compute again: the XDG cache folder.

use std::path::PathBuf;

/// `$XDG_CACHE_HOME/frost`, else `~/.cache/frost`; `None` without either
/// (the caches then live in memory only). Empty values count as unset, as
/// the XDG spec says.
pub(crate) fn frost_cache_dir() -> Option<PathBuf> {
    let var = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    let base = var("XDG_CACHE_HOME").or_else(|| var("HOME").map(|h| h.join(".cache")))?;
    Some(base.join("frost"))
}
