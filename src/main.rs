//! Frost's window: `frost-gui [--open-frozen FOLDER|REFERENCE] [PROFILE_PATH]`.

// Only with the test-hooks feature: the benchmarks' and tests' ways in.
#[cfg(feature = "test-hooks")]
mod bench;
#[cfg(feature = "test-hooks")]
mod bench_export;
#[cfg(feature = "test-hooks")]
mod bench_log;
mod components;
mod dialogs;
mod icons;
mod launch;
mod live_refresh;
mod profile_loader;
mod search_provider;
mod window_state;

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

use frost_core::freeze::source::ApplySource;
use frost_core::i18n::{gettext, gettext_f};
use relm4::RelmApp;

use components::window::{Window, WindowInit};

pub use frost_core::config::APP_ID;

fn main() -> ExitCode {
    #[cfg(feature = "test-hooks")]
    bench::mark_start();
    frost_core::i18n::init(&frost_core::i18n::localedir());

    // The session bus starts Frost this way for GNOME Shell's search (the
    // D-Bus service file): GApplication's own option, for GApplication.
    let mut args: Vec<OsString> = std::env::args_os().skip(1).collect();
    let service = take(&mut args, SERVICE);
    let init = match parse_args(args.into_iter()) {
        Ok(Args::Run(init)) => init,
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
        .unwrap_or_else(|| frost_core::config::GUI_BINARY.into());
    let mut gapplication_args = vec![program];
    if service {
        gapplication_args.push(SERVICE.into());
    }
    let app = RelmApp::new(APP_ID).with_args(gapplication_args);
    // A running Frost would just be raised and ignore the path, so a window
    // for an explicit profile or folder gets a process of its own (the
    // benchmarks, which always name one, time a fresh start this way).
    if init.profile.is_some() || init.restore.is_some() {
        app.allow_multiple_instances(true);
    }
    // Before the application takes its bus name: see search_provider.rs.
    search_provider::register(APP_ID);
    relm4::set_global_css(include_str!("style.css"));
    quit_on_signals();
    app.run::<Window>(init);
    ExitCode::SUCCESS
}

/// SIGTERM (a logout, `kill`) or Ctrl+C in a terminal closes the app the
/// way its window's close button does, so that a running `nix` is stopped
/// too instead of going on alone in its own process group.
fn quit_on_signals() {
    use tokio::signal::unix::{signal, SignalKind};
    relm4::spawn(async {
        let (Ok(mut term), Ok(mut int)) = (
            signal(SignalKind::terminate()),
            signal(SignalKind::interrupt()),
        ) else {
            return;
        };
        tokio::select! {
            _ = term.recv() => {}
            _ = int.recv() => {}
        }
        relm4::gtk::glib::MainContext::default().invoke(|| {
            use relm4::gtk::prelude::ApplicationExt;
            relm4::main_application().quit();
        });
    });
}

enum Args {
    Run(WindowInit),
    Help,
}

const OPEN_FROZEN: &str = "--open-frozen";
/// Run as a D-Bus service: no window until activated.
const SERVICE: &str = "--gapplication-service";

/// Removes `flag` from `args`; whether it was there.
fn take(args: &mut Vec<OsString>, flag: &str) -> bool {
    let before = args.len();
    args.retain(|arg| arg != flag);
    args.len() != before
}

fn parse_args(mut args: impl Iterator<Item = OsString>) -> Result<Args, String> {
    let mut init = WindowInit::default();
    while let Some(arg) = args.next() {
        let text = arg.to_string_lossy();
        if text == "-h" || text == "--help" {
            return Ok(Args::Help);
        }
        if text == OPEN_FROZEN || text.starts_with("--open-frozen=") {
            let given = match text.split_once('=') {
                Some((_, given)) => OsString::from(given),
                None => args.next().unwrap_or_default(),
            };
            if given.is_empty() {
                return Err(gettext(
                    "“--open-frozen” needs a folder or a flake reference.",
                ));
            }
            init.restore = Some(restore_source(given)?);
            continue;
        }
        // Usually an unset variable (`frost-gui "$P"`): opening the user's
        // own profile instead would be a surprise.
        if text.is_empty() {
            return Err(gettext("The profile path is empty."));
        }
        if text.starts_with('-') && text != "-" {
            return Err(gettext_f("Unknown option “{arg}”.", &[("arg", &text)]));
        }
        if init.profile.is_some() {
            return Err(gettext_f("Unexpected argument “{arg}”.", &[("arg", &text)]));
        }
        init.profile = Some(PathBuf::from(arg));
    }
    Ok(Args::Run(init))
}

/// What `--open-frozen` names: a folder (anything without a `:`, as
/// before references were accepted), made absolute so that what the window
/// says names it wherever Frost was started from; else a flake reference.
fn restore_source(given: OsString) -> Result<ApplySource, String> {
    let text = given.to_string_lossy();
    if !text.contains(':') {
        let folder = PathBuf::from(given);
        return Ok(ApplySource::Folder(
            std::path::absolute(&folder).unwrap_or(folder),
        ));
    }
    ApplySource::parse(&text)
        .map(|s| s.absolute())
        .map_err(|e| e.to_string())
}

fn usage() -> String {
    gettext("Usage: frost-gui [--open-frozen FOLDER|REFERENCE] [PROFILE_PATH]\nShows the packages of a Nix profile; without a path, your own profile.\n  --open-frozen FOLDER|REFERENCE  shows what restoring the packages of a frozen folder or flake reference would do, and restores them")
}

#[cfg(test)]
mod tests {
    use super::{parse_args, Args};
    use frost_core::freeze::source::ApplySource;
    use std::ffi::OsString;
    use std::path::PathBuf;

    fn parse(args: &[&str]) -> Result<Args, String> {
        parse_args(args.iter().map(OsString::from))
    }

    fn run(args: &[&str]) -> (Option<PathBuf>, Option<PathBuf>) {
        match parse(args) {
            Ok(Args::Run(init)) => (
                init.profile,
                init.restore.and_then(|s| s.folder().map(PathBuf::from)),
            ),
            Ok(Args::Help) => panic!("{args:?} asked for help"),
            Err(e) => panic!("{args:?}: {e}"),
        }
    }

    #[test]
    fn a_frozen_folder_comes_with_or_without_a_profile_in_any_order() {
        let profile = Some(PathBuf::from("/p/profile"));
        let folder = Some(PathBuf::from("/f/frozen"));
        assert_eq!(run(&["--open-frozen", "/f/frozen"]), (None, folder.clone()));
        assert_eq!(
            run(&["/p/profile", "--open-frozen=/f/frozen"]),
            (profile.clone(), folder.clone())
        );
        assert_eq!(
            run(&["--open-frozen", "/f/frozen", "/p/profile"]),
            (profile, folder)
        );
    }

    #[test]
    fn a_flake_reference_is_taken_as_one_and_a_bad_one_says_why() {
        let Ok(Args::Run(init)) = parse(&["--open-frozen", "github:alice/my-profile"]) else {
            panic!("a reference is accepted");
        };
        assert_eq!(
            init.restore,
            Some(ApplySource::Flake("github:alice/my-profile".into()))
        );
        let Err(why) = parse(&["--open-frozen", "github:alice/my-profile#hello"]) else {
            panic!("a # is refused");
        };
        assert!(why.contains('#'), "{why}");
    }

    #[test]
    fn a_relative_folder_is_made_absolute() {
        let (_, folder) = run(&["--open-frozen", "frozen"]);
        let folder = folder.unwrap_or_default();
        assert!(folder.is_absolute(), "{}", folder.display());
        assert!(folder.ends_with("frozen"));
    }

    #[test]
    fn the_service_flag_is_gapplications_not_a_profile() {
        let mut args: Vec<OsString> = ["--gapplication-service", "/p"]
            .iter()
            .map(OsString::from)
            .collect();
        assert!(super::take(&mut args, super::SERVICE));
        assert_eq!(args, [OsString::from("/p")]);
        assert!(!super::take(&mut args, super::SERVICE));
    }

    #[test]
    fn a_missing_folder_or_a_second_profile_is_an_error() {
        assert!(parse(&["--open-frozen"]).is_err());
        assert!(parse(&["--open-frozen="]).is_err());
        assert!(parse(&["/a", "/b"]).is_err());
        assert!(parse(&["--frozen", "/a"]).is_err());
        assert!(parse(&[""]).is_err());
        assert!(matches!(parse(&["--help"]), Ok(Args::Help)));
        assert!(matches!(parse(&[]), Ok(Args::Run(_))));
    }
}
