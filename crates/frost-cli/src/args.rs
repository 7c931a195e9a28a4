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
        .version(env!("CARGO_PKG_VERSION"))
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
        .subcommand(
            change("install", gettext("Install packages from flakes")).arg(
                Arg::new("refs")
                    .value_name("REF")
                    .required(true)
                    .num_args(1..)
                    .help(gettext(
                        "What to install: a flake reference with a package (nixpkgs#hello) or a store path",
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
