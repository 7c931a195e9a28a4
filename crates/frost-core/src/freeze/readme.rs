//! README.md of a frozen profile: what the folder is, and the plain `nix`
//! commands that install its packages again on any machine, Frost or not.

use super::nix_syntax::{cli_attr, shell_word};
use super::plan::{Package, Pin, Plan};
use super::render::Origin;
use crate::element::Outputs;
use crate::i18n::{gettext_f, ngettext_f};

/// The installable for one package of the flake `flake` (`path:.` in
/// README.md, else a percent-encoded `path:DIR` from
/// [`path_url`](crate::flakeref::path_url)): `FLAKE#name`, with the
/// element's outputs (`^*`, `^out,man`) so that `nix profile` records them
/// as the profile did.
pub fn installable(flake: &str, p: &Package) -> Option<String> {
    installable_of(flake, &[p.name.as_str()], &p.outputs)
}

/// `FLAKE#a.b.c^outputs` for the attribute path `attr` (each part quoted
/// as the command line needs it); `None` when a part or an output cannot
/// be written there.
pub(crate) fn installable_of(flake: &str, attr: &[&str], outputs: &Outputs) -> Option<String> {
    let attr = attr
        .iter()
        .map(|part| cli_attr(part))
        .collect::<Option<Vec<_>>>()?
        .join(".");
    if attr.is_empty() {
        return None;
    }
    let outputs = match outputs {
        Outputs::Default => String::new(),
        Outputs::All => "^*".to_owned(),
        Outputs::Named(v) => {
            if v.iter()
                .any(|o| cli_attr(o).is_none() || o.contains(['.', ',']))
            {
                return None;
            }
            format!("^{}", v.join(","))
        }
    };
    Some(format!("{flake}#{attr}{outputs}"))
}

/// Markdown-safe text for a table cell or a sentence.
fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            c if c.is_control() => out.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// The command that installs the packages of `plan` again, run in the
/// frozen folder: the one the README gives, which the wizard's Copy
/// Restore Command copies. `None` when nothing was frozen.
pub fn restore_command_of(plan: &Plan) -> Option<String> {
    let commands: Vec<String> = plan
        .packages
        .iter()
        .filter_map(|p| installable("path:.", p))
        .map(|i| shell_word(&i))
        .collect();
    restore_command(&commands)
}

fn restore_command(installables: &[String]) -> Option<String> {
    if installables.is_empty() {
        return None;
    }
    let mut command = "nix profile install".to_owned();
    for i in installables {
        command.push_str(" \\\n  ");
        command.push_str(i);
    }
    Some(command)
}

/// The text of README.md.
pub fn render_readme(plan: &Plan, origin: Origin<'_>) -> String {
    let mut r = String::new();
    what_this_is(&mut r, origin);
    how_to_install(&mut r, plan);
    sources(&mut r, plan);
    packages(&mut r, plan);
    not_frozen(&mut r, plan);
    r
}

/// The title, and what the folder holds.
fn what_this_is(r: &mut String, origin: Origin<'_>) {
    r.push_str(&format!("# {}\n\n", gettext_f("A frozen Nix profile", &[])));
    let from = match origin.profile {
        Some(p) => gettext_f(
            "This folder holds the packages of the Nix profile {profile}, frozen by Frost.",
            &[("profile", &md(&p.display().to_string()))],
        ),
        None => gettext_f(
            "This folder holds the packages of a Nix profile, frozen by Frost.",
            &[],
        ),
    };
    r.push_str(&from);
    r.push(' ');
    r.push_str(&gettext_f(
        "It is a Nix flake: flake.nix says which packages and where they come from, and flake.lock pins every source to the exact revision the profile used, so installing from here gives the same packages again.",
        &[],
    ));
    r.push_str("\n\n");
}

/// The commands that install the packages again.
fn how_to_install(r: &mut String, plan: &Plan) {
    let commands: Vec<String> = plan
        .packages
        .iter()
        .filter_map(|p| installable("path:.", p))
        .map(|i| shell_word(&i))
        .collect();
    r.push_str(&format!(
        "## {}\n\n",
        gettext_f("Install these packages again", &[])
    ));
    r.push_str(&gettext_f(
        "You need Nix 2.20 or newer with flakes on. Copy this folder to the machine, open a terminal in it and run:",
        &[],
    ));
    r.push_str("\n\n```sh\n");
    if let Some(command) = restore_command(&commands) {
        r.push_str(&command);
        r.push('\n');
    }
    r.push_str("```\n\n");
    r.push_str(&gettext_f(
        "Each package keeps the priority and the outputs it had in the profile. If Nix says that flakes are disabled, add --extra-experimental-features 'nix-command flakes' after nix. On Nix 2.30 and newer, nix profile add is the new name of nix profile install.",
        &[],
    ));
    r.push_str("\n\n");
    match &plan.env_input {
        Some(_) => {
            r.push_str(&gettext_f(
                "To install everything as one profile entry instead, run:",
                &[],
            ));
            r.push_str("\n\n```sh\nnix profile install 'path:.#default'\n```\n\n");
        }
        None if !plan.packages.is_empty() => {
            r.push_str(&gettext_f(
                "There is no single entry with every package (packages.<system>.default): none of the sources is nixpkgs, whose buildEnv would make it.",
                &[],
            ));
            r.push_str("\n\n");
        }
        None => {}
    }
    r.push_str(&gettext_f(
        "With Frost, frost apply . does the same in one step, and frost verify . checks that every package still builds to the very store paths of the profile.",
        &[],
    ));
    r.push_str("\n\n");
}

/// Where each input points, and how it is pinned.
fn sources(r: &mut String, plan: &Plan) {
    r.push_str(&format!("## {}\n\n", gettext_f("Sources", &[])));
    for i in &plan.inputs {
        let what = match &i.pin {
            Pin::Exact { .. } => gettext_f(
                "{input}: {url}, pinned by flake.lock to the revision the profile used.",
                &[("input", &md(&i.name)), ("url", &md(&i.url.to_url()))],
            ),
            Pin::Follow { .. } => gettext_f(
                "{input}: {url}, moved there from the profile's revision and locked to its current revision.",
                &[("input", &md(&i.name)), ("url", &md(&i.url.to_url()))],
            ),
            Pin::Relock { .. } => gettext_f(
                "{input}: {url}, locked to its state at freeze time (the profile recorded no exact revision).",
                &[("input", &md(&i.name)), ("url", &md(&i.url.to_url()))],
            ),
        };
        r.push_str(&format!("- {what}"));
        if let Some(id) = &i.registry_id {
            r.push(' ');
            r.push_str(&gettext_f(
                "The profile named it through the flake registry as “{id}”; flake.nix names the repository that entry stands for.",
                &[("id", &md(id))],
            ));
        }
        if i.local {
            r.push(' ');
            r.push_str(&gettext_f(
                "It is a folder on the machine the profile was on: elsewhere, copy it to the same place first.",
                &[],
            ));
        }
        r.push('\n');
    }
    if !plan.inputs.is_empty() {
        r.push('\n');
    }
    r.push_str(&gettext_f(
        "nix flake update later moves every source forward along the branch flake.nix names.",
        &[],
    ));
    r.push_str("\n\n");
}

/// A table of the packages.
fn packages(r: &mut String, plan: &Plan) {
    r.push_str(&format!(
        "## {}\n\n",
        ngettext_f(
            "{n} package",
            "{n} packages",
            plan.packages.len() as u64,
            &[("n", &plan.packages.len().to_string())]
        )
    ));
    if !plan.packages.is_empty() {
        r.push_str(&format!(
            "| {} | {} | {} |\n|---|---|---|\n",
            gettext_f("Name", &[]),
            gettext_f("Version", &[]),
            gettext_f("Source", &[])
        ));
        for p in &plan.packages {
            let mut source = md(&p.source);
            if p.guessed {
                source.push_str(&gettext_f(" (attribute guessed from the name)", &[]));
            }
            r.push_str(&format!(
                "| {} | {} | {} |\n",
                md(&p.name),
                md(p.version.as_deref().unwrap_or("–")),
                source
            ));
        }
        r.push('\n');
    }
}

/// What was left out, and why.
fn not_frozen(r: &mut String, plan: &Plan) {
    if !plan.unfrozen.is_empty() {
        r.push_str(&format!("## {}\n\n", gettext_f("Not frozen", &[])));
        for u in &plan.unfrozen {
            r.push_str(&format!(
                "- {}: {}\n",
                md(&u.name),
                md(&u.reason.describe())
            ));
        }
        r.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::freeze::plan::tests::{ctx, fixture_elements};
    use crate::freeze::plan::{plan, FreezeOptions};

    #[test]
    fn the_readme_has_the_restore_command_and_every_left_out_element() {
        let p = plan(&fixture_elements(), &FreezeOptions::default(), &ctx()).unwrap();
        let text = render_readme(&p, Origin::default());
        assert!(
            text.contains("nix profile install \\\n  path:.#7zip \\\n  path:.#figlet \\\n  path:.#hello \\\n  path:.#hello-1 \\\n  'path:.#multi^*' \\\n  path:.#painter \\\n  path:.#pip\n```"),
            "{text}"
        );
        assert!(
            text.contains("- cowsay: installed from a file; no source recorded"),
            "{text}"
        );
        assert!(text.contains("none of the sources is nixpkgs"), "{text}");
        assert!(
            text.contains("| hello-1 | 1.0 | local Git repository /src/tool, revision 6ebf390 |")
        );
    }

    #[test]
    fn installables_carry_the_outputs() {
        let p = plan(&fixture_elements(), &FreezeOptions::default(), &ctx()).unwrap();
        let mut multi = p
            .packages
            .iter()
            .find(|x| x.name == "multi")
            .unwrap()
            .clone();
        assert_eq!(
            installable("path:/f", &multi).as_deref(),
            Some("path:/f#multi^*")
        );
        multi.outputs = Outputs::Named(vec!["out".into(), "man".into()]);
        assert_eq!(
            installable("path:/f", &multi).as_deref(),
            Some("path:/f#multi^out,man")
        );
        multi.outputs = Outputs::Named(vec!["a,b".into()]);
        assert_eq!(installable("path:/f", &multi), None);
    }

    #[test]
    fn markdown_from_names_stays_text() {
        assert_eq!(md("a|b`c\nd"), "a\\|b\\`c d");
    }
}
