//! flake.nix for a [`Plan`], formatted the way nixfmt (RFC 166 style)
//! formats Nix: two-space indentation, multi-line formals with trailing
//! commas, attribute sets of more than one binding spread over lines,
//! bindings longer than 100 columns broken after `=`. Deterministic: the same
//! plan always gives the same bytes. Every piece of outside text goes
//! through [`nix_syntax`].

use std::path::Path;

use super::nix_syntax::{self as syn, SyntaxError};
use super::plan::{AttrBase, Package, Plan};
use crate::element::Outputs;
use crate::flakeref::FlakeRef;
use crate::i18n::gettext_f;

/// A line of the `frozen` function every flake.nix Frost writes holds, and
/// no flake.nix Frost did not write has any reason to: how Frost knows its
/// own flake (a folder that manages a profile), whatever language the
/// comments around it were written in.
pub const FROZEN_MARKER: &str = "frozenOutputs = outputs;";

/// nixfmt's line width.
const WIDTH: usize = 100;

/// Where the plan came from, for the comment at the top.
#[derive(Debug, Clone, Copy, Default)]
pub struct Origin<'a> {
    pub profile: Option<&'a Path>,
    pub generation: Option<u64>,
}

struct Out {
    text: String,
}

impl Out {
    /// `text` as `#` comments, wrapped at spaces to fit the line width.
    fn comment(&mut self, indent: usize, text: &str) {
        // Prose reads better narrower than code.
        let room = 80usize.saturating_sub(indent + 2).max(40);
        let mut line = String::new();
        for word in text.split(' ') {
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > room {
                self.line(indent, &syn::comment(&line));
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        self.line(indent, &syn::comment(&line));
    }

    fn line(&mut self, indent: usize, s: &str) {
        if !s.is_empty() {
            self.text.extend(std::iter::repeat_n(' ', indent));
            self.text.push_str(s);
        }
        self.text.push('\n');
    }
}

/// The selection of a package in its input, for the system bound to
/// `system` in the rendered flake: `nixpkgs.legacyPackages.${system}."7zip"`.
fn selection(p: &Package) -> Result<String, SyntaxError> {
    let mut s = syn::attr_name(&p.input)?;
    if let AttrBase::PerSystem(first) = &p.base {
        s.push('.');
        syn::push_attr_name(&mut s, first)?;
        s.push_str(".${system}");
    }
    for part in &p.attr {
        s.push('.');
        syn::push_attr_name(&mut s, part)?;
    }
    Ok(s)
}

fn string_list(items: &[String]) -> Result<String, SyntaxError> {
    let mut s = String::from("[");
    for item in items {
        s.push(' ');
        syn::push_string(&mut s, item)?;
    }
    s.push_str(" ]");
    Ok(s)
}

/// The comment above a package: name, version, source.
fn package_comment(p: &Package) -> String {
    let what = match &p.version {
        Some(v) => format!("{} {v}", p.pname),
        None => p.pname.clone(),
    };
    let mut text = if p.guessed {
        gettext_f(
            "{package}, {source}",
            &[("package", &what), ("source", &p.source)],
        )
    } else {
        gettext_f(
            "{package}, from {source}",
            &[("package", &what), ("source", &p.source)],
        )
    };
    if p.guessed {
        text.push_str(&gettext_f(" (attribute guessed from the name)", &[]));
    }
    text
}

fn render_package(out: &mut Out, p: &Package) -> Result<(), SyntaxError> {
    out.comment(8, &package_comment(p));
    let name = syn::attr_name(&p.name)?;
    let sel = selection(p)?;
    let outputs = match &p.outputs {
        Outputs::Default => None,
        Outputs::All => Some(string_list(&["*".to_owned()])?),
        Outputs::Named(v) => Some(string_list(v)?),
    };
    match outputs {
        None => {
            let one = format!("{name} = frozen {{ priority = {}; }} {sel};", p.priority);
            if 8 + one.len() <= WIDTH {
                out.line(8, &one);
            } else {
                out.line(8, &format!("{name} ="));
                out.line(10, &format!("frozen {{ priority = {}; }}", p.priority));
                out.line(12, &format!("{sel};"));
            }
        }
        Some(list) => {
            out.line(8, &format!("{name} = frozen {{"));
            out.line(10, &format!("priority = {};", p.priority));
            out.line(10, &format!("outputs = {list};"));
            out.line(8, &format!("}} {sel};"));
        }
    }
    Ok(())
}

/// One package's binding as [`render_flake`] writes it inside `packages`,
/// comment line(s) included, indented by 8 columns; the width rules use
/// that indentation. Each line ends in a newline. [`super::edit`] adds
/// packages to an existing flake.nix with it.
pub(crate) fn package_binding(p: &Package) -> Result<String, SyntaxError> {
    let mut out = Out {
        text: String::with_capacity(160),
    };
    render_package(&mut out, p)?;
    Ok(out.text)
}

/// An input's binding inside `inputs = { … }`: `nixpkgs.url = "…";`.
pub(crate) fn input_binding(name: &str, url: &FlakeRef) -> Result<String, SyntaxError> {
    Ok(format!(
        "{}.url = {};",
        syn::attr_name(name)?,
        syn::url(&url.to_url())?
    ))
}

/// The text of flake.nix.
pub fn render_flake(plan: &Plan, origin: Origin<'_>) -> Result<String, SyntaxError> {
    let mut out = Out {
        text: String::with_capacity(256 + plan.packages.len() * 160),
    };
    out.header(origin)?;
    out.inputs(plan)?;
    out.outputs_arguments(plan)?;
    out.line(4, "let");
    out.frozen_function();
    out.packages_for(plan)?;
    out.line(4, "in");
    out.per_system(plan)?;
    out.line(0, "}");
    Ok(out.text)
}

impl Out {
    /// Where the packages came from, and the flake's description.
    fn header(&mut self, origin: Origin<'_>) -> Result<(), SyntaxError> {
        let header = match (origin.profile, origin.generation) {
            (Some(p), Some(g)) => gettext_f(
                "The packages of the Nix profile {profile} (generation {generation}), frozen by Frost.",
                &[
                    ("profile", &p.display().to_string()),
                    ("generation", &g.to_string()),
                ],
            ),
            (Some(p), None) => gettext_f(
                "The packages of the Nix profile {profile}, frozen by Frost.",
                &[("profile", &p.display().to_string())],
            ),
            _ => gettext_f("The packages of a Nix profile, frozen by Frost.", &[]),
        };
        self.comment(0, &header);
        self.comment(
            0,
            &gettext_f(
                "flake.lock pins each input to the revision the profile used; README.md says how to install these packages again.",
                &[],
            ),
        );
        self.line(0, "{");
        let description = gettext_f("Packages of a Nix profile, frozen by Frost", &[]);
        self.line(2, &format!("description = {};", syn::string(&description)?));
        self.line(0, "");
        Ok(())
    }

    /// `inputs = { nixpkgs.url = "…"; … };`, when there are any.
    fn inputs(&mut self, plan: &Plan) -> Result<(), SyntaxError> {
        if plan.inputs.is_empty() {
            return Ok(());
        }
        self.line(2, "inputs = {");
        for i in &plan.inputs {
            self.line(4, &input_binding(&i.name, &i.url)?);
        }
        self.line(2, "};");
        self.line(0, "");
        Ok(())
    }

    /// `outputs =` and its formals: `self` and every input.
    fn outputs_arguments(&mut self, plan: &Plan) -> Result<(), SyntaxError> {
        self.line(2, "outputs =");
        if plan.inputs.is_empty() {
            self.line(4, "{ self }:");
        } else {
            self.line(4, "{");
            self.line(6, "self,");
            for i in &plan.inputs {
                self.line(6, &format!("{},", syn::attr_name(&i.name)?));
            }
            self.line(4, "}:");
        }
        Ok(())
    }

    /// The `frozen` function that gives a package its element's priority
    /// and outputs.
    fn frozen_function(&mut self) {
        self.comment(
            6,
            &gettext_f(
                "`nix profile add` takes a package's priority and outputs from its meta, so each package carries those its profile element had; `//` keeps outPath and drvPath, so the store paths stay those of the profile. frozenOutputs records the outputs as the profile did, for `frost apply`.",
                &[],
            ),
        );
        for l in [
            "frozen =",
            "  {",
            "    priority,",
            "    outputs ? null,",
            "  }:",
            "  pkg:",
            "  let",
            "    toInstall = if outputs == [ \"*\" ] then pkg.outputs or [ \"out\" ] else outputs;",
            "  in",
            "  pkg",
            "  // {",
            "    meta =",
            "      (pkg.meta or { })",
            "      // { inherit priority; }",
            "      // (if outputs == null then { } else { outputsToInstall = toInstall; });",
            "    frozenOutputs = outputs;",
            "  };",
        ] {
            self.line(6, l);
        }
        self.line(0, "");
    }

    /// `packagesFor = system: …`: every package, and the environment of
    /// them all as `default` when there is a nixpkgs to build it with.
    fn packages_for(&mut self, plan: &Plan) -> Result<(), SyntaxError> {
        self.line(6, "packagesFor =");
        self.line(8, "system:");
        self.line(8, "let");
        self.line(10, "packages = {");
        // Bindings inside `packages` are two levels deeper than in a plain set.
        let mut inner = Out {
            text: String::with_capacity(plan.packages.len() * 160),
        };
        for (n, p) in plan.packages.iter().enumerate() {
            if n > 0 {
                inner.line(0, "");
            }
            inner.text.push_str(&package_binding(p)?);
        }
        for l in inner.text.lines() {
            self.line(if l.is_empty() { 0 } else { 4 }, l);
        }
        self.line(10, "};");
        self.line(8, "in");
        match plan.env_input.as_deref() {
            Some(input) => {
                self.line(8, "packages");
                self.line(8, "// {");
                self.comment(
                    10,
                    &gettext_f(
                        "Everything above as one environment, for a single profile entry.",
                        &[],
                    ),
                );
                let input = syn::attr_name(input)?;
                self.line(
                    10,
                    &format!("default = {input}.legacyPackages.${{system}}.buildEnv {{"),
                );
                self.line(12, &format!("name = {};", syn::string("frozen-profile")?));
                self.line(12, "paths = builtins.attrValues packages;");
                self.line(10, "};");
                self.line(8, "};");
            }
            None => self.line(8, "packages;"),
        }
        Ok(())
    }

    /// `packages.<system> = packagesFor "<system>";` for each system.
    fn per_system(&mut self, plan: &Plan) -> Result<(), SyntaxError> {
        self.line(4, "{");
        if let [s] = plan.systems.as_slice() {
            let line = format!(
                "packages.{} = packagesFor {};",
                syn::attr_name(s)?,
                syn::string(s)?
            );
            self.line(6, &line);
        } else {
            self.line(6, "packages = {");
            for s in &plan.systems {
                let line = format!("{} = packagesFor {};", syn::attr_name(s)?, syn::string(s)?);
                self.line(8, &line);
            }
            self.line(6, "};");
        }
        self.line(4, "};");
        Ok(())
    }
}

#[cfg(test)]
pub(crate) mod tests;
