//! The short sentence under a progress bar, and the bar's fraction, from a
//! [`Progress`] picture. Builds that run come first (that is what takes the
//! time), then downloads, then copies; with nothing counted, the current
//! activity says what Nix is busy with.

use super::progress::Progress;
use crate::i18n::{gettext, gettext_f, ngettext_f};
use crate::nix::ActivityType;

pub(crate) fn describe(p: &Progress, latest_build: Option<&str>) -> Option<String> {
    if p.builds.running > 0 {
        return Some(building(p, latest_build));
    }
    if p.downloaded_bytes.in_progress() {
        let (done, total) = sizes(p.downloaded_bytes.done, p.downloaded_bytes.expected);
        return Some(match total {
            Some(total) => gettext_f(
                "Downloading {done} of {total}",
                &[("done", &done), ("total", &total)],
            ),
            None => gettext_f("Downloading {done}", &[("done", &done)]),
        });
    }
    if p.copied_bytes.in_progress() {
        let (done, total) = sizes(p.copied_bytes.done, p.copied_bytes.expected);
        return Some(match total {
            Some(total) => gettext_f(
                "Copying {done} of {total}",
                &[("done", &done), ("total", &total)],
            ),
            None => gettext_f("Copying {done}", &[("done", &done)]),
        });
    }
    if p.copies.in_progress() && p.copies.expected > 0 {
        let n = (p.copies.done + 1).min(p.copies.expected);
        return Some(ngettext_f(
            "Copying {n} of {total} path",
            "Copying {n} of {total} paths",
            p.copies.expected,
            &[
                ("n", &n.to_string()),
                ("total", &p.copies.expected.to_string()),
            ],
        ));
    }
    if p.builds.in_progress() {
        return Some(building(p, latest_build));
    }
    from_activity(p)
}

fn building(p: &Progress, name: Option<&str>) -> String {
    let total = p.builds.expected;
    let n = (p.builds.done + p.builds.running.max(1)).min(total.max(1));
    let (n, total_text) = (n.to_string(), total.to_string());
    match name {
        Some(name) if total > 1 => gettext_f(
            "Building {name} ({n} of {total})",
            &[("name", name), ("n", &n), ("total", &total_text)],
        ),
        Some(name) => gettext_f("Building {name}", &[("name", name)]),
        // "Building 1 of 1 package" says nothing "Building…" does not.
        None if total > 1 => ngettext_f(
            "Building {n} of {total} package",
            "Building {n} of {total} packages",
            total,
            &[("n", &n), ("total", &total_text)],
        ),
        None => gettext("Building…"),
    }
}

/// Both sizes as text; the total only when Nix announced one.
fn sizes(done: u64, total: u64) -> (String, Option<String>) {
    (format_size(done), (total > 0).then(|| format_size(total)))
}

/// Nix's activity texts are English and not meant to be parsed; only the
/// kind of activity and the package name are used, with a text prefix only
/// to tell evaluation apart from other untyped activities.
fn from_activity(p: &Progress) -> Option<String> {
    let current = p.current.as_ref()?;
    let name = current.name.as_deref();
    Some(match (current.activity, name) {
        (ActivityType::Build, Some(name)) => gettext_f("Building {name}", &[("name", name)]),
        (ActivityType::Substitute | ActivityType::CopyPath, Some(name)) => {
            gettext_f("Fetching {name}", &[("name", name)])
        }
        (ActivityType::FileTransfer, _) => gettext("Downloading…"),
        (ActivityType::FetchTree, _) => gettext("Fetching sources…"),
        (ActivityType::QueryPathInfo, _) => gettext("Asking binary caches…"),
        (ActivityType::Unknown, _) if current.text.starts_with("evaluating") => {
            gettext("Evaluating…")
        }
        (ActivityType::Unknown, _) if current.text.starts_with("copying") => {
            gettext("Copying sources to the store…")
        }
        _ => return None,
    })
}

/// Builds give the fraction when there are several; otherwise bytes
/// downloaded or copied, when their total is known.
pub(crate) fn fraction(p: &Progress) -> Option<f64> {
    if p.builds.expected > 1 {
        return p.builds.fraction();
    }
    [p.downloaded_bytes, p.copied_bytes]
        .iter()
        .find(|t| t.in_progress())
        .and_then(|t| t.fraction())
}

/// A size in SI units, as GNOME shows them: `512 bytes`, `3.4 MB`, `34 MB`.
pub fn format_size(bytes: u64) -> String {
    if bytes < 1000 {
        return ngettext_f("{n} byte", "{n} bytes", bytes, &[("n", &bytes.to_string())]);
    }
    let mut value = bytes as f64 / 1000.0;
    let mut unit = 0;
    while value >= 1000.0 && unit < 5 {
        value /= 1000.0;
        unit += 1;
    }
    let number = if value < 10.0 {
        format!("{value:.1}")
    } else {
        format!("{value:.0}")
    };
    let n = [("n", number.as_str())];
    // One literal per unit, so that xgettext finds each.
    match unit {
        0 => gettext_f("{n} kB", &n),
        1 => gettext_f("{n} MB", &n),
        2 => gettext_f("{n} GB", &n),
        3 => gettext_f("{n} TB", &n),
        4 => gettext_f("{n} PB", &n),
        _ => gettext_f("{n} EB", &n),
    }
}
