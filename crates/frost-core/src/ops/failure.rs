//! Plain explanations of the failures people meet most, read from Nix's own
//! error message: two packages with the same file, a package Nixpkgs refuses
//! (unfree, broken, insecure, not for this system), no network, a full
//! disk, a build that failed, a package name the flake does not have, a
//! store that another Nix command kept busy (after Frost's own retries).
//!
//! Nix's message is always shown as well; this only adds what it means and
//! what to do, so a message this module does not recognise loses nothing.

use crate::i18n::gettext_f;
use crate::names::{split_drv_name, store_path_name};
use crate::nix::{is_transient, strip_ansi};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Diagnosis {
    /// Two packages provide the same file with the same priority.
    FileConflict {
        /// The file inside the packages: `bin/cowsay`.
        file: Option<String>,
        /// The package (store path name) installed already, and the new one.
        existing: Option<String>,
        new: Option<String>,
        /// The profile element to remove to make room, as Nix names it.
        existing_element: Option<String>,
        priority: Option<i64>,
    },
    Unfree {
        package: Option<String>,
        license: Option<String>,
    },
    Broken {
        package: Option<String>,
    },
    Insecure {
        package: Option<String>,
    },
    UnsupportedSystem {
        package: Option<String>,
    },
    NoNetwork,
    DiskFull,
    PermissionDenied,
    BuildFailed {
        package: Option<String>,
        exit_code: Option<i64>,
    },
    NoSuchPackage {
        name: Option<String>,
    },
    /// Nix's store was busy or being set up by another `nix`
    /// ([`crate::nix::busy`]), still after Frost tried again.
    StoreBusy,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    pub diagnosis: Diagnosis,
    /// What happened and what to do, translated.
    pub text: String,
}

impl Explanation {
    /// For a file conflict at priority `p`: the priority that makes the new
    /// package win (`p - 1`) and the one that keeps the installed one
    /// (`p + 1`); lower numbers win.
    pub fn suggested_priorities(&self) -> Option<(i64, i64)> {
        match &self.diagnosis {
            Diagnosis::FileConflict {
                priority: Some(p), ..
            } => Some((p.saturating_sub(1), p.saturating_add(1))),
            _ => None,
        }
    }
}

/// Explains Nix's error `message` (escapes allowed), if it is a failure
/// Frost knows.
pub fn explain(message: &str) -> Option<Explanation> {
    let message = strip_ansi(message);
    let diagnosis = diagnose(&message)?;
    let text = describe(&diagnosis);
    Some(Explanation { diagnosis, text })
}

fn diagnose(message: &str) -> Option<Diagnosis> {
    if is_transient(message).is_some() {
        return Some(Diagnosis::StoreBusy);
    }
    let lower = message.to_lowercase();
    if let Some(conflict) = file_conflict(message) {
        return Some(conflict);
    }
    let package = || quoted_after(message, "Package ");
    if lower.contains("has an unfree license") {
        return Some(Diagnosis::Unfree {
            package: package(),
            license: between(message, "unfree license (‘", "’)"),
        });
    }
    if lower.contains("is marked as broken") {
        return Some(Diagnosis::Broken { package: package() });
    }
    if lower.contains("is marked as insecure") {
        return Some(Diagnosis::Insecure { package: package() });
    }
    if lower.contains("is not available on the requested hostplatform")
        || (lower.contains("refusing to evaluate") && lower.contains("is not supported on"))
    {
        return Some(Diagnosis::UnsupportedSystem { package: package() });
    }
    if lower.contains("no space left on device") {
        return Some(Diagnosis::DiskFull);
    }
    const NETWORK: [&str; 9] = [
        "could not resolve host",
        "couldn't resolve host",
        "temporary failure in name resolution",
        "network is unreachable",
        "failed to connect to",
        "couldn't connect to server",
        "connection refused",
        "connection timed out",
        "timeout was reached",
    ];
    if NETWORK.iter().any(|n| lower.contains(n)) {
        return Some(Diagnosis::NoNetwork);
    }
    if let Some(failed) = build_failure(message) {
        return Some(failed);
    }
    if lower.contains("does not provide attribute") {
        // `… does not provide attribute 'packages.x86_64-linux.foo', … or 'foo'`:
        // the last one is what was typed.
        let name = message
            .lines()
            .find(|l| l.contains("does not provide attribute"))
            .and_then(|l| l.rsplit('\'').nth(1))
            .map(str::to_owned);
        return Some(Diagnosis::NoSuchPackage { name });
    }
    if lower.contains("permission denied") {
        return Some(Diagnosis::PermissionDenied);
    }
    None
}

fn file_conflict(message: &str) -> Option<Diagnosis> {
    let lines: Vec<&str> = message.lines().map(str::trim).collect();
    let next_path = |marker: &str| -> Option<String> {
        let at = lines.iter().position(|l| l.contains(marker))?;
        lines[at + 1..]
            .iter()
            .find(|l| !l.is_empty())
            .map(|l| l.to_string())
    };
    let (existing_path, new_path) =
        if message.contains("An existing package already provides the following file") {
            // Nix 2.20+ (`nix profile`), with advice to copy from.
            (
                next_path("already provides the following file"),
                next_path("conflicting file from the new package"),
            )
        } else if message.contains("There is a conflict for the following files") {
            // Nix's builtin buildenv without `nix profile`'s wording.
            let at = lines
                .iter()
                .position(|l| l.contains("There is a conflict for the following files"))?;
            let mut paths = lines[at + 1..].iter().filter(|l| !l.is_empty());
            (
                paths.next().map(|s| s.to_string()),
                paths.next().map(|s| s.to_string()),
            )
        } else if let Some(rest) = message.split("collision between ").nth(1) {
            // Older nix-env: collision between `A' and `B'.
            let mut paths = rest
                .split(['`', '\'', '‘', '’'])
                .filter(|s| s.starts_with('/'));
            (
                paths.next().map(str::to_owned),
                paths.next().map(str::to_owned),
            )
        } else {
            return None;
        };
    let split = |p: &Option<String>| p.as_deref().and_then(split_store_file);
    let (existing, file) = split(&existing_path).unzip();
    let (new, new_file) = split(&new_path).unzip();
    let existing_element = lines
        .iter()
        .find_map(|l| l.strip_prefix("nix profile remove "))
        .map(|s| s.trim().to_owned());
    let priority = between(message, "have a priority of ", ".").and_then(|p| p.trim().parse().ok());
    Some(Diagnosis::FileConflict {
        file: file.or(new_file),
        existing,
        new,
        existing_element,
        priority,
    })
}

/// `/nix/store/<hash>-cowsay-3.7.0/bin/cowsay` → (`cowsay-3.7.0`, `bin/cowsay`).
fn split_store_file(path: &str) -> Option<(String, String)> {
    // The store path ends at the first component that is `<hash>-<name>`.
    let ends = path.match_indices('/').map(|(i, _)| i).skip(1);
    ends.chain([path.len()]).find_map(|end| {
        let name = store_path_name(&path[..end])?;
        Some((
            name.to_owned(),
            path.get(end + 1..).unwrap_or("").to_owned(),
        ))
    })
}

fn build_failure(message: &str) -> Option<Diagnosis> {
    // Up to 2.27: `builder for '/nix/store/…-x.drv' failed with exit code 2`.
    // Later: `Cannot build '/nix/store/…-x.drv'.` + `Reason: builder failed
    // with exit code 2.`
    let drv =
        quoted_after(message, "builder for ").or_else(|| quoted_after(message, "Cannot build "));
    let failed = message.contains("failed with exit code");
    if drv.is_none() || !failed {
        return None;
    }
    let package = drv.map(|d| {
        let name = store_path_name(&d).map_or(d.as_str(), |n| n);
        split_drv_name(name.strip_suffix(".drv").unwrap_or(name)).0
    });
    let exit_code = message
        .split("failed with exit code ")
        .nth(1)
        .and_then(|rest| {
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            digits.parse().ok()
        });
    Some(Diagnosis::BuildFailed { package, exit_code })
}

/// The text quoted (with `'…'` or `‘…’`) right after `prefix`.
fn quoted_after(message: &str, prefix: &str) -> Option<String> {
    let rest = &message[message.find(prefix)? + prefix.len()..];
    let (open, close) = match rest.chars().next()? {
        '\'' => ('\'', '\''),
        '‘' => ('‘', '’'),
        _ => return None,
    };
    let inner = rest.strip_prefix(open)?;
    inner.find(close).map(|end| inner[..end].to_owned())
}

fn between(message: &str, start: &str, end: &str) -> Option<String> {
    let rest = &message[message.find(start)? + start.len()..];
    rest.find(end).map(|e| rest[..e].to_owned())
}

fn describe(diagnosis: &Diagnosis) -> String {
    let some = |s: &Option<String>| s.clone().unwrap_or_else(|| "?".to_owned());
    match diagnosis {
        Diagnosis::FileConflict {
            file,
            existing,
            new,
            existing_element,
            priority,
        } => {
            let mut text = match (file, existing, new) {
                (Some(file), Some(existing), Some(new)) => gettext_f(
                    "Two packages contain the same file, {file}: {existing}, already installed, and {new}. They have the same priority, so Nix cannot choose between them.",
                    &[("file", file), ("existing", existing), ("new", new)],
                ),
                _ => gettext_f(
                    "Two packages contain the same file and have the same priority, so Nix cannot choose between them.",
                    &[],
                ),
            };
            text.push(' ');
            text.push_str(&match priority {
                Some(p) => gettext_f(
                    "Install the new package with priority {lower} to prefer it, or with priority {higher} to keep the installed one (a lower number wins).",
                    &[
                        ("lower", &p.saturating_sub(1).to_string()),
                        ("higher", &p.saturating_add(1).to_string()),
                    ],
                ),
                None => gettext_f(
                    "Give the new package another priority (a lower number wins).",
                    &[],
                ),
            });
            if let Some(element) = existing_element {
                text.push(' ');
                text.push_str(&gettext_f(
                    "Or remove {element} first.",
                    &[("element", element)],
                ));
            }
            text
        }
        Diagnosis::Unfree { package, license } => gettext_f(
            "{package} has a license that is not free ({license}), and Nixpkgs refuses such packages unless you allow them. To allow them, set NIXPKGS_ALLOW_UNFREE=1 and run the command again with --impure.",
            &[("package", &some(package)), ("license", &some(license))],
        ),
        Diagnosis::Broken { package } => gettext_f(
            "{package} is marked as broken in Nixpkgs: it does not build or work at the moment. Choose another version, or wait for a fix.",
            &[("package", &some(package))],
        ),
        Diagnosis::Insecure { package } => gettext_f(
            "{package} is marked as insecure in Nixpkgs: it has known security problems. Choose another version if you can.",
            &[("package", &some(package))],
        ),
        Diagnosis::UnsupportedSystem { package } => gettext_f(
            "{package} is not available for this kind of computer.",
            &[("package", &some(package))],
        ),
        Diagnosis::StoreBusy => gettext_f(
            "Another Nix command is using the store, and it was still busy after Frost tried again several times. Wait for the other command to finish, then try again.",
            &[],
        ),
        Diagnosis::NoNetwork => gettext_f(
            "Nix could not reach a server it needed. Check your network connection, then try again.",
            &[],
        ),
        Diagnosis::DiskFull => gettext_f(
            "The disk is full. Free some space (for example, delete old profile generations and run “nix store gc”), then try again.",
            &[],
        ),
        Diagnosis::PermissionDenied => gettext_f(
            "Nix was not allowed to change a file it needed. Check that this profile belongs to you.",
            &[],
        ),
        Diagnosis::BuildFailed { package, exit_code } => {
            let code = exit_code.map_or_else(|| "?".to_owned(), |c| c.to_string());
            gettext_f(
                "{package} failed to build: its build script stopped with an error (exit code {code}). The log shows what it printed last. This is a problem with the package, not with your profile.",
                &[("package", &some(package)), ("code", &code)],
            )
        }
        Diagnosis::NoSuchPackage { name } => gettext_f(
            "There is no package called {name} in that flake. Check the name.",
            &[("name", &some(name))],
        ),
    }
}

#[cfg(test)]
#[path = "failure_tests.rs"]
mod tests;
