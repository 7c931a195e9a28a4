//! The command line, built at run time so every help text is translated.

use std::path::PathBuf;

use clap::{value_parser, Arg, ArgAction, Command};
use frost_core::i18n::gettext;

fn profile_arg() -> Arg {
    Arg::new("profile")
        .long("profile")
        .value_name("PATH")
        .value_parser(value_parser!(PathBuf))
        .help(gettext(
            "The profile to use (default: your own, as Nix finds it)",
        ))
}

fn json_arg() -> Arg {
    Arg::new("json")
        .long("json")
        .action(ArgAction::SetTrue)
        .help(gettext("Print JSON for scripts instead of a table"))
}

fn dir_arg(help: String) -> Arg {
    Arg::new("dir")
        .value_name("DIR")
        .required(true)
        .value_parser(value_parser!(PathBuf))
        .help(help)
}

fn report_json_arg() -> Arg {
    Arg::new("json")
        .long("json")
        .action(ArgAction::SetTrue)
        .help(gettext("Print the report as JSON for scripts"))
}

fn freeze_command() -> Command {
    Command::new("freeze")
        .about(gettext(
            "Freeze a profile into a flake that installs the same packages again",
        ))
        .long_about(gettext(
            "Freeze a profile into a folder holding flake.nix, flake.lock and README.md. flake.lock pins every source to the exact revision the profile used, so the folder installs the same packages on any machine, with Frost or with the plain nix commands in its README.",
        ))
        .arg(
            Arg::new("out")
                .long("out")
                .value_name("DIR")
                .value_parser(value_parser!(PathBuf))
                .help(gettext(
                    "The folder to write (created if needed; default: a new folder nix-profile-flake in your home folder)",
                )),
        )
        .arg(profile_arg())
        .arg(
            Arg::new("generation")
                .long("generation")
                .value_name("N")
                .value_parser(value_parser!(u64))
                .help(gettext(
                    "Freeze this earlier generation of the profile instead of the current one",
                )),
        )
        .arg(
            Arg::new("only")
                .long("only")
                .value_name("NAME")
                .action(ArgAction::Append)
                .help(gettext("Freeze only this package (repeat for more)")),
        )
        .arg(
            Arg::new("follow")
                .long("follow")
                .value_name("SOURCE=REF")
                .action(ArgAction::Append)
                .help(gettext(
                    "Move the packages from SOURCE (an input name such as nixpkgs, or a flake reference) to REF, e.g. nixpkgs=github:NixOS/nixpkgs/nixos-unstable",
                )),
        )
        .arg(
            Arg::new("nixpkgs")
                .long("nixpkgs")
                .value_name("BRANCH")
                .help(gettext(
                    "Move every nixpkgs package to this branch of NixOS/nixpkgs (e.g. nixos-25.11); also where nix-env packages are looked up",
                )),
        )
        .arg(
            Arg::new("system")
                .long("system")
                .value_name("SYSTEM")
                .action(ArgAction::Append)
                .help(gettext(
                    "Also emit packages for this system (x86_64-linux, aarch64-linux, aarch64-darwin, x86_64-darwin)",
                )),
        )
        .arg(
            Arg::new("portable")
                .long("portable")
                .action(ArgAction::SetTrue)
                .help(gettext(
                    "Leave out packages from folders on this machine, which another machine will not have",
                )),
        )
        .arg(
            Arg::new("force")
                .long("force")
                .action(ArgAction::SetTrue)
                .help(gettext(
                    "Replace flake.nix, flake.lock and README.md in a folder that is not empty",
                )),
        )
        .arg(
            Arg::new("git")
                .long("git")
                .action(ArgAction::SetTrue)
                .help(gettext(
                    "Keep the folder's history with Git: commit the frozen files (git init first if needed)",
                )),
        )
        .arg(
            Arg::new("verify")
                .long("verify")
                .action(ArgAction::SetTrue)
                .help(gettext("Check the frozen packages against the profile afterwards")),
        )
        .arg(report_json_arg())
}

fn search_command() -> Command {
    Command::new("search")
        .about(gettext("Find packages to install"))
        .long_about(gettext(
            "Find packages to install: every word must match a package's name or description. Searches the nixpkgs your profile uses most (so installing needs no new download), or any flake with --from. The first search of a revision reads all its packages, which takes about a minute for nixpkgs; later searches of it are instant.",
        ))
        .arg(
            Arg::new("from")
                .long("from")
                .value_name("FLAKEREF")
                .help(gettext(
                    "Search this flake instead (e.g. github:NixOS/nixpkgs/nixos-unstable, path:/some/folder)",
                )),
        )
        .arg(profile_arg())
        .arg(json_arg())
        .arg(
            Arg::new("terms")
                .value_name("TERM")
                .required(true)
                .num_args(1..)
                .help(gettext("Words to look for")),
        )
        .after_help(gettext(
            "Progress goes to standard error. Ctrl+C cancels reading the packages.",
        ))
}

fn build_logs_arg() -> Arg {
    Arg::new("print-build-logs")
        .short('L')
        .long("print-build-logs")
        .action(ArgAction::SetTrue)
        .help(gettext("Print what builds print, as they print it"))
}

/// The commands that change a profile share `--profile` and `-L`.
fn change(name: &'static str, about: String) -> Command {
    Command::new(name)
        .about(about)
        .after_help(gettext(
            "Progress goes to standard error. Ctrl+C cancels: Nix stops, and the profile stays as it was.",
        ))
        .arg(profile_arg())
        .arg(build_logs_arg())
}

pub fn command() -> Command {
    Command::new("frost")
        .version(frost_core::config::VERSION)
        .about(gettext("See, manage and freeze your Nix profile"))
        .long_about(gettext(
            "See, manage and freeze your Nix profile.\n\nWithout a command, opens the Frost app.",
        ))
        .args_conflicts_with_subcommands(true)
        .arg(
            Arg::new("target")
                .value_name("PROFILE")
                .help(gettext("A profile to open in the app")),
        )
        .subcommand(
            Command::new("list")
                .about(gettext("List the packages in a profile"))
                .arg(profile_arg())
                .arg(
                    Arg::new("generation")
                        .long("generation")
                        .value_name("N")
                        .value_parser(value_parser!(u64))
                        .help(gettext("Show this generation instead of the current one")),
                )
                .arg(json_arg()),
        )
        .subcommand(
            Command::new("generations")
                .about(gettext(
                    "List a profile's generations, or what changed between two",
                ))
                .arg(profile_arg())
                .arg(
                    Arg::new("diff")
                        .long("diff")
                        .num_args(2)
                        .value_names(["A", "B"])
                        .value_parser(value_parser!(u64))
                        .help(gettext(
                            "Show what changed from generation A to generation B",
                        )),
                )
                .arg(json_arg()),
        )
        .subcommand(search_command())
        .subcommand(freeze_command())
        .subcommand(
            Command::new("verify")
                .about(gettext(
                    "Check that a frozen flake builds the very store paths of a profile",
                ))
                .arg(dir_arg(gettext("The folder of the frozen flake")))
                .arg(profile_arg())
                .arg(report_json_arg()),
        )
        .subcommand(
            change(
                "apply",
                gettext("Install a flake's packages into a profile, as one new generation"),
            )
            .long_about(gettext(
                "Install the packages of a flake into a profile, as one new generation: a folder “frost freeze” wrote, or any flake reference with packages for this machine (github:alice/my-profile, git+https://…, git+file:///…, path:…). --dry-run shows first what would be added, what is installed already, what has a different version here and what only your profile has.",
            ))
            .arg(
                Arg::new("source")
                    .value_name("DIR|REF")
                    .required(true)
                    .help(gettext("The folder of the frozen flake, or a flake reference")),
            )
            .arg(
                Arg::new("replace")
                    .long("replace")
                    .action(ArgAction::SetTrue)
                    .help(gettext(
                        "Make the profile hold exactly the flake's packages (its other packages are removed; roll back with nix profile rollback)",
                    )),
            )
            .arg(
                Arg::new("dry-run")
                    .long("dry-run")
                    .action(ArgAction::SetTrue)
                    .help(gettext(
                        "Only show what would change: the flake's packages beside the profile's. Changes nothing",
                    )),
            )
            .arg(
                Arg::new("only")
                    .long("only")
                    .value_name("NAME")
                    .num_args(1..)
                    .action(ArgAction::Append)
                    .help(gettext(
                        "Install only these packages of the flake, by the names it gives them",
                    )),
            )
            .arg(report_json_arg()),
        )
        .subcommand(
            change(
                "adopt",
                gettext("Let a frozen folder manage the profile, as one new generation"),
            )
            .long_about(gettext(
                "Let a folder “frost freeze” wrote manage the profile: each package the flake has is installed again from the folder, with the same store paths (nothing is built or downloaded), its priority and outputs, as one new generation. Frost refuses, naming them, when any package would differ. Packages the flake does not have stay as they are. A flake reference that is no folder here (github:, git+https:, a tarball) is fetched by Nix and copied into a new folder first (a Git clone at the locked revision for a Git repository), which Frost removes again when the adopt is refused. --stop installs the packages again from their own sources, by the references flake.lock has for them.",
            ))
            .after_help(gettext(
                "--add NAME… takes packages of a managed profile that are not in its flake (installed from a terminal, say) into the folder’s flake.nix, from the source and revision each was installed from, and installs each from the folder with the same store paths: one commit and one generation a package.",
            ))
            .arg(
                Arg::new("source")
                    .value_name("DIR|REF")
                    .help(gettext(
                        "The folder of the frozen flake, or a flake reference to it (copied into a new folder when it is no folder here)",
                    )),
            )
            .arg(
                Arg::new("into")
                    .long("into")
                    .value_name("DIR")
                    .conflicts_with("stop")
                    .help(gettext(
                        "Where to copy a flake reference that is no folder here (a new or empty folder; default: a new folder nix-profile-flake in your home folder)",
                    )),
            )
            .arg(
                Arg::new("stop")
                    .long("stop")
                    .action(ArgAction::SetTrue)
                    .conflicts_with("source")
                    .help(gettext(
                        "Stop managing the profile with its folder: each package comes from its own source again",
                    )),
            )
            .arg(
                Arg::new("add")
                    .long("add")
                    .value_name("NAME")
                    .num_args(1..)
                    .conflicts_with_all(["source", "stop"])
                    .help(gettext(
                        "Add packages that are not in the flake of the folder managing the profile to it, named as “frost list” names them",
                    )),
            )
            .group(
                clap::ArgGroup::new("what")
                    .args(["source", "stop", "add"])
                    .required(true),
            )
            .arg(report_json_arg()),
        )
        .subcommand(
            Command::new("update")
                .about(gettext(
                    "Update the packages of a managed profile to their newest versions",
                ))
                .long_about(gettext(
                    "Update the inputs of the folder that manages the profile (nix flake update), show each of its packages' installed version beside the new one, and after you confirm install the new versions as one new generation (“frost rollback” goes back). In a Git repository, the update is one commit. Without a terminal and without --yes nothing is installed and flake.lock is put back. --folder DIR updates a frozen folder only and installs nothing; --dry-run then puts flake.lock back as it was.",
                ))
                .after_help(gettext(
                    "Progress goes to standard error. Ctrl+C cancels: Nix stops, and flake.lock stays as it was.",
                ))
                .arg(
                    Arg::new("folder")
                        .long("folder")
                        .value_name("DIR")
                        .conflicts_with_all(["profile", "yes"])
                        .value_parser(value_parser!(PathBuf))
                        .help(gettext(
                            "Update this frozen folder only, installing nothing",
                        )),
                )
                .arg(profile_arg())
                .arg(
                    Arg::new("yes")
                        .long("yes")
                        .short('y')
                        .action(ArgAction::SetTrue)
                        .conflicts_with("dry-run")
                        .help(gettext("Install the new versions without asking")),
                )
                .arg(
                    Arg::new("dry-run")
                        .long("dry-run")
                        .action(ArgAction::SetTrue)
                        .help(gettext(
                            "Only show the new versions; flake.lock is put back as it was",
                        )),
                )
                .arg(build_logs_arg())
                .arg(report_json_arg()),
        )
        .subcommand(
            change("install", gettext("Install packages from flakes"))
                .arg(
                    Arg::new("refs")
                        .value_name("REF")
                        .required(true)
                        .num_args(1..)
                        .help(gettext(
                            "What to install: a flake reference with a package (nixpkgs#hello) or a store path",
                        )),
                )
                .arg(
                    Arg::new("priority")
                        .long("priority")
                        .value_name("N")
                        .allow_negative_numbers(true)
                        .value_parser(value_parser!(i64))
                        .help(gettext(
                            "When two packages provide the same file, the one with the lower number wins (default 5)",
                        )),
                ),
        )
        .subcommand(
            change("remove", gettext("Remove packages from a profile")).arg(
                Arg::new("names")
                    .value_name("NAME")
                    .required(true)
                    .num_args(1..)
                    .help(gettext("Packages to remove, named as “frost list” names them")),
            ),
        )
        .subcommand(
            change(
                "upgrade",
                gettext("Update packages to the newest version their flake offers"),
            )
            .arg(
                Arg::new("names")
                    .value_name("NAME")
                    .num_args(1..)
                    .help(gettext("Packages to update, named as “frost list” names them")),
            )
            .arg(
                Arg::new("all")
                    .long("all")
                    .action(ArgAction::SetTrue)
                    .conflicts_with("names")
                    .help(gettext("Update every package")),
            )
            .group(
                clap::ArgGroup::new("which")
                    .args(["names", "all"])
                    .required(true),
            ),
        )
        .subcommand(
            change(
                "rollback",
                gettext("Go back to the previous generation of a profile, or to another"),
            )
            .arg(
                Arg::new("to")
                    .long("to")
                    .value_name("N")
                    .value_parser(value_parser!(u64))
                    .help(gettext("The generation to go back to (see “frost generations”)")),
            ),
        )
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_command_line_is_consistent() {
        super::command().debug_assert();
    }
}
