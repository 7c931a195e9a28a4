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
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_command_line_is_consistent() {
        super::command().debug_assert();
    }
}
