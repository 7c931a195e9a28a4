//! Frost's window: `frost-gui [PROFILE_PATH]`.

mod bench;
mod components;
mod dialogs;
mod icons;
mod launch;
mod live_refresh;
mod profile_loader;

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

use frost_core::i18n::{gettext, gettext_f};
use relm4::RelmApp;

use components::window::Window;

pub const APP_ID: &str = "io.github.nixfrost.Frost";

fn main() -> ExitCode {
    bench::mark_start();
    frost_core::i18n::init(&frost_core::i18n::localedir());

    let profile_path = match parse_args(std::env::args_os().skip(1)) {
        Ok(Args::Run(path)) => path,
        Ok(Args::Help) => {
            println!("{}", usage());
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("{message}\n{}", usage());
            return ExitCode::from(2);
        }
    };

    // Our arguments are ours: GApplication would reject the profile path as
    // a file it cannot open, so it only sees the program name.
    let program = std::env::args()
        .next()
        .unwrap_or_else(|| "frost-gui".into());
    let app = RelmApp::new(APP_ID).with_args(vec![program]);
    // A running Frost would just be raised and ignore the path, so a window
    // for an explicit profile gets a process of its own.
    // The benchmark must time a fresh start, not raise a running window.
    if profile_path.is_some() || std::env::var_os("FROST_BENCH_FIRST_PAINT").is_some() {
        app.allow_multiple_instances(true);
    }
    relm4::set_global_css(include_str!("style.css"));
    app.run::<Window>(profile_path);
    ExitCode::SUCCESS
}

enum Args {
    Run(Option<PathBuf>),
    Help,
}

fn parse_args(mut args: impl Iterator<Item = OsString>) -> Result<Args, String> {
    let first = args.next();
    if let Some(extra) = args.next() {
        return Err(gettext_f(
            "Unexpected argument “{arg}”.",
            &[("arg", &extra.to_string_lossy())],
        ));
    }
    match first {
        None => Ok(Args::Run(None)),
        Some(arg) if arg == "-h" || arg == "--help" => Ok(Args::Help),
        // Usually an unset variable (`frost-gui "$P"`): opening the user's
        // own profile instead would be a surprise.
        Some(arg) if arg.is_empty() => Err(gettext("The profile path is empty.")),
        Some(arg) if arg.to_string_lossy().starts_with('-') && arg != "-" => Err(gettext_f(
            "Unknown option “{arg}”.",
            &[("arg", &arg.to_string_lossy())],
        )),
        Some(arg) => Ok(Args::Run(Some(PathBuf::from(arg)))),
    }
}

fn usage() -> String {
    gettext("Usage: frost-gui [PROFILE_PATH]\nShows the packages of a Nix profile; without a path, your own profile.")
}
