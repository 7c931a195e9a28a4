//! `frost generations`: a profile's history, and what changed between two
//! generations, read from their manifests alone.

use clap::ArgMatches;
use frost_core::diff::diff;
use frost_core::history::History;
use frost_core::i18n::{gettext, gettext_f};
use frost_core::profile::ProfileView;
use frost_core::time::local_datetime;
use serde_json::json;

use crate::table::Table;

pub fn run(m: &ArgMatches) -> frost_core::Result<()> {
    // A generation link shows the generations of the profile it belongs
    // to (Nix shows none: it takes the link for a profile of its own); a
    // folder has none, which is said rather than listed as nothing.
    let view = crate::open_view(m)?;
    let json = m.get_flag("json");
    let profile = match (&view, view.profile()) {
        (
            ProfileView::Generation {
                path, generation, ..
            },
            Some(profile),
        ) if !json => {
            say(&gettext_f(
                "{path} is generation {number} of the profile {profile}; these are the profile's generations.",
                &[
                    ("path", &path.display().to_string()),
                    ("number", &generation.number.to_string()),
                    ("profile", &profile.path.display().to_string()),
                ],
            ));
            profile
        }
        (_, Some(profile)) => profile,
        (_, None) => {
            return Err(frost_core::Error::FolderNotProfile {
                path: view.path().to_path_buf(),
            })
        }
    };
    if let Some(mut pair) = m.get_many::<u64>("diff") {
        let (Some(&a), Some(&b)) = (pair.next(), pair.next()) else {
            return Ok(());
        };
        let old = profile.generation(a)?.manifest()?;
        let new = profile.generation(b)?.manifest()?;
        let d = diff(&old, &new);
        if json {
            let changed: Vec<_> = d
                .changed
                .iter()
                .map(|c| {
                    json!({
                        "name": c.name,
                        "oldVersion": c.old.version,
                        "newVersion": c.new.version,
                        "versionChanged": c.version_changed,
                        "sourceChanged": c.source_changed,
                        "oldSource": c.old.source_description(),
                        "newSource": c.new.source_description(),
                    })
                })
                .collect();
            let names = |v: &[frost_core::Element]| -> Vec<String> {
                v.iter().map(|e| e.name.clone()).collect()
            };
            let doc = json!({
                "from": a, "to": b,
                "added": names(&d.added),
                "removed": names(&d.removed),
                "changed": changed,
            });
            return crate::print(&format!("{doc:#}\n"));
        }
        if d.is_empty() {
            return crate::print(&format!(
                "{}\n",
                gettext_f(
                    "No changes between generation {a} and {b}.",
                    &[("a", &a.to_string()), ("b", &b.to_string())]
                )
            ));
        }
        let mut out = String::new();
        for e in &d.added {
            out.push_str(&format!(
                "+ {}  {}\n",
                e.name,
                e.version.as_deref().unwrap_or("")
            ));
        }
        for e in &d.removed {
            out.push_str(&format!(
                "- {}  {}\n",
                e.name,
                e.version.as_deref().unwrap_or("")
            ));
        }
        for c in &d.changed {
            let mut what = Vec::new();
            if c.version_changed {
                what.push(format!(
                    "{} → {}",
                    c.old.version.as_deref().unwrap_or("?"),
                    c.new.version.as_deref().unwrap_or("?")
                ));
            }
            if c.source_changed {
                what.push(gettext_f(
                    "source: {old} → {new}",
                    &[
                        ("old", &c.old.source_description()),
                        ("new", &c.new.source_description()),
                    ],
                ));
            }
            if what.is_empty() {
                what.push(gettext("outputs or priority changed"));
            }
            out.push_str(&format!("~ {}  {}\n", c.name, what.join("; ")));
        }
        return crate::print(&out);
    }

    if json {
        let list: Vec<_> = profile
            .generations()?
            .iter()
            .map(|g| {
                json!({
                    "number": g.number,
                    "created": g.created,
                    "current": g.current,
                    "storePath": g.store_path,
                })
            })
            .collect();
        return crate::print(&format!("{:#}\n", json!({ "generations": list })));
    }
    let mut table = Table::new(vec![
        gettext("GENERATION"),
        gettext("DATE"),
        gettext("CHANGES"),
    ]);
    let history = History::read(profile)?;
    for entry in &history.entries {
        let g = &entry.generation;
        // A generation whose manifest cannot be read still gets its row,
        // and its words say so (as the window's History does).
        let summary = entry.headline();
        let number = if g.current {
            gettext_f("{n} (current)", &[("n", &g.number.to_string())])
        } else {
            g.number.to_string()
        };
        table.push(vec![number, local_datetime(g.created), summary]);
    }
    crate::print(&table.render())
}

/// A note on stderr, so that stdout stays the table alone.
fn say(text: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "{text}");
}
