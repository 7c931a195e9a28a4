//! Edits of rendered flakes and of hand-edited variants: adding and then
//! removing a package gives the file back byte for byte, nothing but the
//! edited lines changes, and Nix evaluates the result to exactly the
//! packages expected (render/tests.rs's stand-in inputs). Shapes Frost
//! cannot edit safely are refused with their reason.

use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;

use super::*;
use crate::freeze::nix_syntax as syn;
use crate::freeze::plan::tests::{ctx, fixture_elements};
use crate::freeze::plan::{plan, FreezeOptions};
use crate::freeze::render::tests::{check_evaluates_to_plan, hostile};
use crate::freeze::render::{render_flake, Origin};

fn fixture_plan() -> Plan {
    plan(&fixture_elements(), &FreezeOptions::default(), &ctx()).unwrap()
}

fn render(p: &Plan) -> String {
    render_flake(p, Origin::default()).unwrap()
}

/// `p` without the package `name`, and without its input when no other
/// package uses it.
fn without(p: &Plan, name: &str) -> Plan {
    let mut p = p.clone();
    let gone = p.packages.iter().position(|x| x.name == name).unwrap();
    let gone = p.packages.remove(gone);
    if !p.packages.iter().any(|x| x.input == gone.input) {
        p.inputs.retain(|i| i.name != gone.input);
    }
    p
}

fn addition(p: &Plan, name: &str) -> Addition {
    let package = p.packages.iter().find(|x| x.name == name).unwrap().clone();
    let input_url = p.input(&package.input).unwrap().url.clone();
    Addition { package, input_url }
}

/// What `base` holds once `add` is added: its input is the one of `base`
/// with the same URL, else its own, added.
fn with(base: &Plan, add: &Addition) -> Plan {
    let mut p = base.clone();
    let mut package = add.package.clone();
    match base.inputs.iter().find(|i| i.url == add.input_url) {
        Some(i) => package.input = i.name.clone(),
        None => {
            let full = fixture_plan();
            let input = full.input(&package.input).cloned().unwrap_or_else(|| {
                let mut i = full.inputs[0].clone();
                i.name = package.input.clone();
                i.url = add.input_url.clone();
                i
            });
            p.inputs.push(input);
        }
    }
    p.packages.push(package);
    p
}

/// The lines of `longer` that are not in `shorter`, which must be in it
/// in order (nothing else changed). Formals on one line change within
/// their line: that line must keep its start and end.
fn added_lines(shorter: &str, longer: &str) -> Vec<String> {
    let one_line = |text: &str| -> Vec<String> {
        text.split_inclusive('\n')
            .map(|l| {
                if l.starts_with("    { self, ") && l.ends_with(" }:\n") {
                    "    { self, … }:\n".to_owned()
                } else {
                    l.to_owned()
                }
            })
            .collect()
    };
    let shorter = one_line(shorter);
    let mut want = shorter.iter().peekable();
    let mut extra = Vec::new();
    for line in one_line(longer) {
        if want.peek() == Some(&&line) {
            want.next();
        } else {
            extra.push(line);
        }
    }
    assert_eq!(want.next(), None, "a line of the original went missing");
    extra
}

/// Hand edits a person might make; each keeps the flake's meaning.
fn variants(text: &str) -> Vec<(&'static str, String)> {
    let mut out = vec![("as rendered", text.to_owned())];
    out.push((
        "a comment above the packages set",
        text.replace(
            "          packages = {\n",
            "          # What I use every day.\n          packages = {\n",
        ),
    ));
    out.push((
        "a comment inside the packages set",
        text.replace(
            "          packages = {\n",
            "          packages = {\n            # Sorted by name, more or less.\n\n",
        ),
    ));
    out.push((
        "extra whitespace and a person's own bindings",
        text.replace("= frozen {", "=  frozen   {")
            .replace(
                "  outputs =\n",
                "  nixConfig = { }; # mine\n\n\n  outputs =\n",
            )
            .replace(
                "    in\n    {\n",
                "    in\n    {\n      # my own output\n      lib = { };\n",
            )
            .replace("}\n", "}\n\n"),
    ));
    out.push((
        "inputs written one by one, formals on one line",
        one_line_formals(&dotted_inputs(text)),
    ));
    out
}

/// `inputs = { a.url = …; };` as `inputs.a.url = …;` bindings.
fn dotted_inputs(text: &str) -> String {
    let Some(start) = text.find("  inputs = {\n") else {
        return text.to_owned();
    };
    let end = start + text[start..].find("  };\n").unwrap() + 5;
    let body: String = text[start..end]
        .lines()
        .filter(|l| l.starts_with("    "))
        .map(|l| format!("  inputs.{}\n", l.trim()))
        .collect();
    format!("{}{}{}", &text[..start], body, &text[end..])
}

fn one_line_formals(text: &str) -> String {
    let start = text.find("    {\n      self,\n").unwrap();
    let end = start + text[start..].find("    }:\n").unwrap() + 7;
    let names: Vec<&str> = text[start..end]
        .lines()
        .filter_map(|l| l.trim().strip_suffix(','))
        .collect();
    format!(
        "{}    {{ {} }}:\n{}",
        &text[..start],
        names.join(", "),
        &text[end..]
    )
}

#[test]
fn removing_a_package_gives_the_flake_a_freeze_without_it_writes() {
    let full = fixture_plan();
    let text = render(&full);
    for p in &full.packages {
        let removed = remove_package(&text, &p.name).unwrap();
        assert_eq!(removed, render(&without(&full, &p.name)), "{}", p.name);
    }
}

#[test]
fn adding_the_last_package_gives_the_flake_a_freeze_with_it_writes() {
    let full = fixture_plan();
    let last = full.packages.last().unwrap().name.clone();
    let base = render(&without(&full, &last));
    let added = add_package(&base, &addition(&full, &last)).unwrap();
    assert_eq!(added, render(&full));
}

#[test]
fn the_tools_input_comes_and_goes_with_its_only_package() {
    let full = fixture_plan();
    let base = render(&without(&full, "hello-1"));
    assert!(!base.contains("tool"), "{base}");
    let added = add_package(&base, &addition(&full, "hello-1")).unwrap();
    assert!(added.contains("    tool.url = \"git+file:///src/tool\";\n"));
    assert!(
        added.contains("      nixpkgs-2,\n      tool,\n    }:\n"),
        "{added}"
    );
    assert_eq!(remove_package(&added, "hello-1").unwrap(), base);
}

#[test]
fn every_variant_survives_add_then_remove_byte_for_byte() {
    let full = fixture_plan();
    for p in &full.packages {
        let smaller = without(&full, &p.name);
        let add = addition(&full, &p.name);
        for (what, text) in variants(&render(&smaller)) {
            let added = add_package(&text, &add)
                .unwrap_or_else(|e| panic!("{what}, adding {}: {e}\n{text}", p.name));
            assert_eq!(
                remove_package(&added, &p.name).unwrap(),
                text,
                "{what}, {}",
                p.name
            );
            // Only the binding, its comment, a blank line and maybe the
            // input (and its formal) are new.
            let extra = added_lines(&text, &added);
            let binding = package_binding(&add.package).unwrap();
            let new_input = extra.iter().any(|l| l.contains(".url = "));
            let formal_line = new_input && !what.contains("formals on one line");
            let expected =
                binding.lines().count() + 1 + usize::from(new_input) + usize::from(formal_line);
            assert_eq!(extra.len(), expected, "{what}, {}: {extra:?}", p.name);
            let parsed = rnix::Root::parse(&added);
            assert!(parsed.errors().is_empty(), "{what}: {:?}", parsed.errors());
        }
    }
}

#[test]
fn removing_from_a_variant_changes_only_the_package_lines() {
    let full = fixture_plan();
    for (what, text) in variants(&render(&full)) {
        for p in &full.packages {
            let removed = remove_package(&text, &p.name)
                .unwrap_or_else(|e| panic!("{what}, removing {}: {e}", p.name));
            let gone = added_lines(&removed, &text);
            assert!(
                gone.iter()
                    .any(|l| l.contains(&syn::attr_name(&p.name).unwrap())),
                "{what}: {gone:?}"
            );
            assert!(
                gone.len() <= package_binding(p).unwrap().lines().count() + 3,
                "{what}, {}: {gone:?}",
                p.name
            );
        }
    }
}

/// Nix reads the edited flakes: exactly the packages expected, each from
/// its input, with its priority and outputs.
#[test]
fn nix_evaluates_the_edited_variants_to_the_expected_packages() {
    let full = fixture_plan();
    for name in ["7zip", "figlet", "hello-1", "multi"] {
        let smaller = without(&full, name);
        let add = addition(&full, name);
        let expected = with(&smaller, &add);
        for (what, text) in variants(&render(&smaller)) {
            let added = add_package(&text, &add).unwrap();
            check_evaluates_to_plan(&expected, &added)
                .unwrap_or_else(|e| panic!("{what}, {name}: {e}"));
        }
        for (what, text) in variants(&render(&full)) {
            let removed = remove_package(&text, name).unwrap();
            check_evaluates_to_plan(&smaller, &removed)
                .unwrap_or_else(|e| panic!("{what}, {name}: {e}"));
        }
    }
}

#[test]
fn a_package_from_a_source_already_there_uses_its_input() {
    let full = fixture_plan();
    let mut add = addition(&full, "hello");
    add.package.name = "hello-again".into();
    add.package.input = "something-else".into();
    let added = add_package(&render(&full), &add).unwrap();
    assert!(added.contains(
        "hello-again = frozen { priority = 5; } nixpkgs.legacyPackages.${system}.hello;\n"
    ));
    assert!(!added.contains("something-else"));
}

#[test]
fn a_new_input_gets_a_name_no_other_input_has() {
    let full = fixture_plan();
    let mut add = addition(&full, "hello");
    add.package.name = "other".into();
    add.input_url = FlakeRef::parse("github:someone/nixpkgs").unwrap();
    let added = add_package(&render(&full), &add).unwrap();
    assert!(
        added.contains("    nixpkgs-3.url = \"github:someone/nixpkgs\";\n"),
        "{added}"
    );
    assert!(
        added.contains("      tool,\n      nixpkgs-3,\n    }:"),
        "{added}"
    );
    assert!(added.contains("other = frozen { priority = 5; } nixpkgs-3.legacyPackages"));
    assert_eq!(remove_package(&added, "other").unwrap(), render(&full));
}

#[test]
fn a_new_input_is_not_shadowed_by_a_name_a_person_bound() {
    let full = fixture_plan();
    let base = render(&without(&full, "hello-1"))
        .replace("    let\n", "    let\n      tool = \"my own\";\n");
    let added = add_package(&base, &addition(&full, "hello-1")).unwrap();
    assert!(
        added.contains("    tool-2.url = \"git+file:///src/tool\";\n"),
        "{added}"
    );
    assert!(
        added.contains("} tool-2.packages.${system}.hello;\n"),
        "{added}"
    );
    assert_eq!(remove_package(&added, "hello-1").unwrap(), base);
}

#[test]
fn a_flake_without_inputs_gets_an_inputs_set_and_loses_it_again() {
    let full = fixture_plan();
    let mut only = full.clone();
    only.packages.retain(|p| p.name == "hello-1");
    only.inputs.retain(|i| i.name == "tool");
    let text = render(&only);
    let empty = remove_package(&text, "hello-1").unwrap();
    assert!(!empty.contains("inputs"), "{empty}");
    assert!(
        empty.contains("          packages = {\n          };\n"),
        "{empty}"
    );
    let back = add_package(&empty, &addition(&full, "hello-1")).unwrap();
    assert_eq!(remove_package(&back, "hello-1").unwrap(), empty);
    check_evaluates_to_plan(&only, &back).unwrap();
}

/// The names the packages set of `text` holds, parsed as a whole.
fn package_names(text: &str) -> BTreeSet<String> {
    let flake = Flake::parse(text).unwrap();
    let set = flake.packages_set().unwrap();
    set.bindings()
        .iter()
        .filter_map(|b| b.key.owned())
        .collect()
}

/// Every edit of every variant (and of a flake whose inputs come and go
/// whole) is checked from its splices alone, and parsing the whole result
/// agrees with that check.
#[test]
fn the_freezes_own_shapes_are_checked_without_parsing_the_file_again() {
    let full = fixture_plan();
    let mut cases: Vec<(String, String, Addition)> = Vec::new();
    for p in &full.packages {
        for (what, text) in variants(&render(&without(&full, &p.name))) {
            cases.push((
                format!("{what}, {}", p.name),
                text,
                addition(&full, &p.name),
            ));
        }
    }
    let mut only = full.clone();
    only.packages.retain(|p| p.name == "hello-1");
    only.inputs.retain(|i| i.name == "tool");
    let empty = remove_package(&render(&only), "hello-1").unwrap();
    cases.push(("no inputs".into(), empty, addition(&full, "hello-1")));
    for (what, text, add) in cases {
        let (added, how) = super::add(&text, &add).unwrap();
        assert_eq!(how, Checked::Locally, "{what}: adding");
        let mut expected = package_names(&text);
        expected.insert(add.package.name.clone());
        assert_eq!(verify(&added, &expected), Ok(()), "{what}: adding");
        let (removed, how) = super::remove(&added, &add.package.name).unwrap();
        assert_eq!(how, Checked::Locally, "{what}: removing");
        assert_eq!(removed, text, "{what}");
    }
}

/// The splices of `add` on `text`, and the tree they were found in.
fn splices_of<'t>(text: &'t str, add: &Addition) -> (Flake<'t>, Vec<Splice>) {
    let flake = Flake::parse(text).unwrap();
    let set = flake.packages_set().unwrap();
    let binding = crate::freeze::render::package_binding(&add.package).unwrap();
    let splice = set.add(text, &binding).unwrap();
    (flake, vec![splice])
}

/// Where a splice might not mean what it says (inside a comment or a
/// string, cutting a token, running into a `#` comment), the local check
/// declines and the whole text is parsed again; there, a package that
/// lands in a comment is refused.
#[test]
fn what_the_local_check_cannot_prove_is_parsed_again() {
    let full = fixture_plan();
    let last = full.packages.last().unwrap().name.clone();
    let text = render(&without(&full, &last));
    let add = addition(&full, &last);
    let (flake, splices) = splices_of(&text, &add);
    let set = flake.packages_set().unwrap();
    let bindings = set.bindings();
    assert!(check_locally(&flake, &set, &bindings, &splices).is_some());

    let moved = |at: usize, body: &str| Splice {
        range: at..at,
        text: body.to_owned(),
        within: splices[0].within.clone(),
    };
    let at = splices[0].range.start;
    let body = splices[0].text.clone();
    let declined = [
        // Inside the last package's binding, before its `;`.
        ("inside an entry", moved(at - 2, &body)),
        // Not a whole entry, or one that does not end.
        ("half an entry", moved(at, "broken = \"\n")),
        (
            "an entry without its end",
            moved(at, "  x = 1; # no newline"),
        ),
        // Outside the set.
        (
            "outside the set",
            moved(text.find("outputs").unwrap(), &body),
        ),
        // Touching another splice.
        ("touching", moved(at, "")),
    ];
    for (what, s) in declined {
        let list = if what == "touching" {
            vec![moved(at, &body), s]
        } else {
            vec![s]
        };
        assert!(
            check_locally(&flake, &set, &bindings, &list).is_none(),
            "{what}"
        );
    }

    // Before the `{` of a `rec { … }` set: between two of its children,
    // but not where an entry may stand.
    let rec = text.replacen("packages = {", "packages = rec {", 1);
    let flake = Flake::parse(&rec).unwrap();
    let set = flake.packages_set().unwrap();
    let bindings = set.bindings();
    let brace = range(syntax(&set.set)).start + "rec ".len();
    let before_brace = Splice {
        range: brace..brace,
        text: body.clone(),
        within: Within::Entries(syntax(&set.set).clone()),
    };
    assert!(check_locally(&flake, &set, &bindings, &[before_brace]).is_none());

    // A `#` comment right before the seam would swallow what follows.
    let commented = text.replacen("\n          };\n", " # mine\n          };\n", 1);
    let flake = Flake::parse(&commented).unwrap();
    let set = flake.packages_set().unwrap();
    let bindings = set.bindings();
    let end = commented.find(" # mine").unwrap() + " # mine".len();
    let seam = Splice {
        range: end..end,
        text: "x = 1;\n".into(),
        within: Within::Entries(syntax(&set.set).clone()),
    };
    assert!(check_locally(&flake, &set, &bindings, &[seam]).is_none());

    // A block comment that the last package's line opens: the new package
    // would land inside it. Parsed again, the edit is refused.
    let open = text.replacen("\n          };\n", " /* mine\n  */\n          };\n", 1);
    assert_eq!(refused(add_package(&open, &add)), EditError::Unverified);
}

fn refused(result: Result<String, EditError>) -> EditError {
    let e = result.expect_err("refused");
    let text = e.to_string();
    assert!(text.contains("left untouched"), "{text}");
    assert!(text.contains(&e.reason()), "{text}");
    e
}

#[test]
fn shapes_that_cannot_be_edited_safely_are_refused_with_their_reason() {
    let full = fixture_plan();
    let text = render(&full);
    let add = addition(&full, "hello");
    let mut other = add.clone();
    other.package.name = "new-one".into();

    let broken = text.replacen("in\n", "", 1);
    assert!(matches!(
        refused(remove_package(&broken, "hello")),
        EditError::Syntax { .. }
    ));
    let plain = "{ outputs = { self }: { packages.x86_64-linux.hello = 1; }; }\n";
    assert_eq!(
        refused(add_package(plain, &other)),
        EditError::NoPackagesSet
    );
    assert_eq!(
        refused(remove_package(plain, "hello")),
        EditError::NoPackagesSet
    );

    let inherited = text.replace(
        "            hello = frozen { priority = 5; } nixpkgs.legacyPackages.${system}.hello;\n",
        "            inherit (nixpkgs.legacyPackages.${system}) hello;\n",
    );
    assert_ne!(inherited, text);
    assert_eq!(
        refused(remove_package(&inherited, "hello")),
        EditError::Computed {
            name: "hello".into()
        }
    );
    let dynamic = text.replace("            hello = ", "            ${\"hel\" + \"lo\"} = ");
    assert_eq!(
        refused(remove_package(&dynamic, "hello")),
        EditError::Computed {
            name: "hello".into()
        }
    );
    assert_eq!(
        refused(add_package(&dynamic, &other)),
        EditError::Computed {
            name: "new-one".into()
        }
    );
    let twice = text.replace(
        "            pip = ",
        "            hello = frozen { priority = 5; } nixpkgs.legacyPackages.${system}.hello;\n            pip = ",
    );
    assert_eq!(
        refused(remove_package(&twice, "pip")),
        EditError::Duplicate {
            name: "hello".into()
        }
    );
    assert_eq!(
        refused(add_package(&twice, &other)),
        EditError::Duplicate {
            name: "hello".into()
        }
    );
    assert_eq!(
        refused(remove_package(&text, "nope")),
        EditError::NotFound {
            name: "nope".into()
        }
    );
    assert_eq!(
        refused(add_package(&text, &add)),
        EditError::AlreadyPresent {
            name: "hello".into()
        }
    );
    let by_name = text.replace(
        "    {\n      self,\n      nixpkgs,\n      nixpkgs-2,\n      tool,\n    }:\n",
        "    inputs:\n",
    );
    assert_ne!(by_name, text);
    assert_eq!(
        refused(add_package(&by_name, &other)),
        EditError::NoOutputsFunction
    );
    let imported = text.replace(
        "  inputs = {\n    nixpkgs.url = \"path:/src/nixpkgs\";\n    nixpkgs-2.url = \"path:/src/nixpkgs\";\n    tool.url = \"git+file:///src/tool\";\n  };\n",
        "  inputs = import ./inputs.nix;\n",
    );
    assert_ne!(imported, text);
    assert_eq!(
        refused(add_package(&imported, &other)),
        EditError::InputsNotASet
    );
    let cramped = text.replace(
        "nixpkgs.legacyPackages.${system}.\"7zip\";\n          };",
        "nixpkgs.legacyPackages.${system}.\"7zip\"; };",
    );
    let cramped = if cramped == text {
        let last = full.packages.last().unwrap();
        let line = package_binding(last).unwrap();
        let line = line.lines().last().unwrap().trim().to_owned();
        text.replace(&format!("{line}\n          }};"), &format!("{line} }};"))
    } else {
        cramped
    };
    assert_ne!(cramped, text);
    assert_eq!(
        refused(add_package(&cramped, &other)),
        EditError::PackagesOnOneLine
    );
    let mut magic = other.clone();
    magic.package.name = "outPath".into();
    assert_eq!(
        refused(add_package(&text, &magic)),
        EditError::Reserved {
            name: "outPath".into()
        }
    );
    let mut nul = other.clone();
    nul.package.pname = "a\0b".into();
    nul.package.attr = vec!["a\0b".into()];
    assert!(matches!(
        refused(add_package(&text, &nul)),
        EditError::Unwritable { .. }
    ));
}

#[test]
fn the_core_error_names_the_file() {
    let e = EditError::NoPackagesSet.at("/home/me/mein Profil/flake.nix");
    let text = e.to_string();
    assert!(text.contains("/home/me/mein Profil/flake.nix"), "{text}");
    assert!(text.contains("left untouched"), "{text}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// Names and attribute paths that need quoting (or try to break out of
    /// their string) are added and removed like any other, and Nix reads
    /// exactly them.
    #[test]
    fn hostile_names_are_added_and_removed_exactly(
        name in hostile(),
        attr in hostile(),
        source in hostile(),
        path in hostile(),
    ) {
        prop_assume!(!syn::MAGIC_ATTRS.contains(&name.as_str()));
        let full = fixture_plan();
        prop_assume!(full.packages.iter().all(|p| p.name != name));
        let mut package = full.packages.iter().find(|p| p.name == "hello").unwrap().clone();
        package.name = name.clone();
        package.attr = vec![attr, "unique".into()];
        package.source = source;
        package.input = path.clone();
        let url = crate::flakeref::path_url(std::path::Path::new(&format!("/src/{path}")));
        let input_url = FlakeRef::parse(&url);
        prop_assume!(input_url.is_ok());
        let input_url = input_url.unwrap();
        prop_assume!(full.inputs.iter().all(|i| i.url.to_url() != input_url.to_url()));
        let add = Addition { package, input_url };
        let text = render(&full);
        let (added, how) = super::add(&text, &add).unwrap();
        prop_assert_eq!(how, Checked::Locally);
        let (removed, how) = super::remove(&added, &name).unwrap();
        prop_assert_eq!(how, Checked::Locally);
        prop_assert_eq!(removed, text.clone());
        let expected = {
            let mut p = full.clone();
            let parsed = rnix::Root::parse(&added);
            prop_assert!(parsed.errors().is_empty());
            // The input under the name the edit chose: a plain identifier
            // no other input, and no name the flake binds, has.
            let extra = added_lines(&text, &added);
            let url_line = extra.iter().find(|l| l.contains(".url = "));
            prop_assert!(url_line.is_some(), "{:?}", extra);
            let input = url_line.unwrap().trim().split(".url = ").next().unwrap().to_owned();
            prop_assert!(syn::is_identifier(&input), "{}", input);
            prop_assert!(full.inputs.iter().all(|i| i.name != input));
            prop_assert!(!Flake::parse(&text).unwrap().local_names().contains(&input));
            let mut package = add.package.clone();
            package.input = input.clone();
            let mut i = full.inputs[0].clone();
            i.name = input;
            i.url = add.input_url.clone();
            p.inputs.push(i);
            p.packages.push(package);
            p
        };
        check_evaluates_to_plan(&expected, &added)?;
    }
}

/// Comments and line breaks at the ends of random lines (a person's own
/// edits, some of which leave no place to edit safely): wherever the
/// local check passes an edit, parsing the whole result agrees, and some
/// edits it cannot prove are parsed again. Deterministic (xorshift).
#[test]
fn the_local_check_passes_nothing_a_full_parse_refuses() {
    let full = fixture_plan();
    let base = render(&full);
    let lines: Vec<&str> = base.split_inclusive('\n').collect();
    let junk = [
        " # c",
        " /* b\n */",
        " /* x */",
        "\n",
        " ",
        "\n# full line",
        "\n  /* y */ ",
        " #",
        "\n\n",
    ];
    let mut seed: u64 = 12345;
    let mut rnd = |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    let mut count = BTreeMap::<&str, usize>::new();
    // Whether an edit of `before` that passed gives `expected` packages.
    let mut check =
        |what: &str, before: &str, out: &str, how: Checked, expected: BTreeSet<String>| {
            assert_eq!(
                verify(out, &expected),
                Ok(()),
                "{what} ({how:?}):\n{before}\n---\n{out}"
            );
            let kind = if how == Checked::Locally {
                "local"
            } else {
                "reparsed"
            };
            *count.entry(kind).or_default() += 1;
        };
    for _ in 0..400 {
        let mut text = String::new();
        for line in &lines {
            match line.strip_suffix('\n') {
                Some(l) if rnd(5) == 0 => {
                    text.push_str(l);
                    text.push_str(junk[rnd(junk.len())]);
                    text.push('\n');
                }
                _ => text.push_str(line),
            }
        }
        let p = &full.packages[rnd(full.packages.len())];
        // An edit that is refused leaves nothing to compare.
        let Ok((out, how)) = super::remove(&text, &p.name) else {
            continue;
        };
        let mut fewer = package_names(&text);
        fewer.remove(&p.name);
        check("removing", &text, &out, how, fewer);
        let Ok((back, how)) = super::add(&out, &addition(&full, &p.name)) else {
            continue;
        };
        let mut more = package_names(&out);
        more.insert(p.name.clone());
        check("adding", &out, &back, how, more);
    }
    assert!(count["local"] > 400, "{count:?}");
    assert!(count.get("reparsed").is_some_and(|&n| n > 0), "{count:?}");
}
