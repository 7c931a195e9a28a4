//! Which package a command comes from when two packages of a profile have
//! a command of the same name.
//!
//! Nix builds a profile by linking every active package's files into one
//! tree (`buildProfile` in Nix's `src/libstore/builtins/buildenv.cc`): the
//! packages sorted by priority, then store path; a file another package
//! already linked stays when that package's priority number is lower,
//! replaces it when higher, and with equal numbers the build fails with a
//! file conflict (a store path seen twice is linked once). So in a profile
//! that exists, `bin/<command>` is the one of the active package with the
//! lowest priority number, and two packages of equal priority can only
//! share a command when it is the very same build.

use std::collections::BTreeMap;

use crate::element::Element;

/// One command that two or more active packages have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedCommand {
    pub command: String,
    /// The package whose command runs.
    pub used: Provider,
    /// The others, in Nix's order.
    pub others: Vec<Provider>,
    pub why: Why,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provider {
    /// The element's name (`hello-1`).
    pub name: String,
    pub priority: i64,
}

/// Why [`SharedCommand::used`] is the one that runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// It has the lower priority number.
    LowerPriority,
    /// The others install the very same store path: it is the same program.
    SameBuild,
    /// Equal priorities and different builds, which Nix refuses when it
    /// builds a profile: the profile was made some other way. Nix's order
    /// (by store path) is the best guess.
    SamePriorityGuess,
}

impl SharedCommand {
    /// Whether the package named `name` is one of those that have it.
    pub fn involves(&self, name: &str) -> bool {
        self.used.name == name || self.others.iter().any(|p| p.name == name)
    }
}

/// The commands that more than one active package has, by command name.
/// `packages` pairs each element with its commands (`bin/` of its store
/// paths, as [`crate::describe`] lists them).
pub fn shared_commands<'a>(
    packages: impl IntoIterator<Item = (&'a Element, &'a [String])>,
) -> Vec<SharedCommand> {
    let mut by_command: BTreeMap<&str, Vec<&Element>> = BTreeMap::new();
    for (element, commands) in packages {
        if !element.active {
            // Nix links no file of an inactive package.
            continue;
        }
        for command in commands {
            by_command.entry(command).or_default().push(element);
        }
    }
    by_command
        .into_iter()
        .filter(|(_, providers)| providers.len() > 1)
        .map(|(command, mut providers)| {
            providers.sort_by(|a, b| {
                a.priority
                    .cmp(&b.priority)
                    .then_with(|| first_path(a).cmp(first_path(b)))
            });
            let used = providers[0];
            let runner_up = providers[1];
            let why = if runner_up
                .store_paths
                .iter()
                .any(|p| used.store_paths.contains(p))
            {
                Why::SameBuild
            } else if used.priority < runner_up.priority {
                Why::LowerPriority
            } else {
                Why::SamePriorityGuess
            };
            let provider = |e: &Element| Provider {
                name: e.name.clone(),
                priority: e.priority,
            };
            SharedCommand {
                command: command.to_owned(),
                used: provider(used),
                others: providers[1..].iter().map(|e| provider(e)).collect(),
                why,
            }
        })
        .collect()
}

fn first_path(element: &Element) -> &str {
    element.store_paths.iter().min().map_or("", String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::element::{Origin, DEFAULT_PRIORITY};
    use crate::Outputs;

    fn element(name: &str, priority: i64, path: &str) -> Element {
        Element {
            name: name.into(),
            origin: Origin::StorePath,
            attr_path: None,
            original_ref: None,
            locked_ref: None,
            outputs: Outputs::Default,
            priority,
            active: true,
            store_paths: vec![path.into()],
            pname: name.into(),
            version: None,
        }
    }

    fn commands(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn the_lower_priority_number_runs() {
        let hello = element("hello", DEFAULT_PRIORITY, "/nix/store/a-hello");
        let other = element("hello-1", 4, "/nix/store/b-hello");
        let cowsay = element("cowsay", DEFAULT_PRIORITY, "/nix/store/c-cowsay");
        let (c1, c2, c3) = (
            commands(&["hello", "hi"]),
            commands(&["hello"]),
            commands(&["cowsay"]),
        );
        let shared = shared_commands([
            (&hello, c1.as_slice()),
            (&other, c2.as_slice()),
            (&cowsay, c3.as_slice()),
        ]);
        assert_eq!(shared.len(), 1, "{shared:?}");
        let s = &shared[0];
        assert_eq!(s.command, "hello");
        assert_eq!(s.used.name, "hello-1");
        assert_eq!(s.used.priority, 4);
        assert_eq!(s.others[0].name, "hello");
        assert_eq!(s.why, Why::LowerPriority);
        assert!(s.involves("hello") && s.involves("hello-1") && !s.involves("cowsay"));
    }

    #[test]
    fn the_same_build_twice_is_the_same_program() {
        let a = element("hello", DEFAULT_PRIORITY, "/nix/store/a-hello");
        let b = element("hello-1", DEFAULT_PRIORITY, "/nix/store/a-hello");
        let c = commands(&["hello"]);
        let shared = shared_commands([(&a, c.as_slice()), (&b, c.as_slice())]);
        assert_eq!(shared[0].why, Why::SameBuild);
    }

    #[test]
    fn inactive_packages_provide_nothing() {
        let a = element("hello", DEFAULT_PRIORITY, "/nix/store/a-hello");
        let mut b = element("hello-1", 4, "/nix/store/b-hello");
        b.active = false;
        let c = commands(&["hello"]);
        assert!(shared_commands([(&a, c.as_slice()), (&b, c.as_slice())]).is_empty());
    }

    #[test]
    fn equal_priorities_follow_nix_order() {
        let a = element("hello", DEFAULT_PRIORITY, "/nix/store/b-hello");
        let b = element("hello-1", DEFAULT_PRIORITY, "/nix/store/a-hello");
        let c = commands(&["hello"]);
        let shared = shared_commands([(&a, c.as_slice()), (&b, c.as_slice())]);
        assert_eq!(shared[0].used.name, "hello-1");
        assert_eq!(shared[0].why, Why::SamePriorityGuess);
    }
}
