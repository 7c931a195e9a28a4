//! One error type for the whole core. Every variant renders as one translated
//! sentence that names the file or command involved and says what to do, so
//! the CLI and the GUI can show any failure the same way.

use std::fmt;
use std::path::PathBuf;

use crate::i18n::{gettext_f, ngettext_f};

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug)]
pub enum Error {
    /// No profile at the path: it leads to no profile link and holds no
    /// manifest (or does not exist).
    ProfileNotFound { path: PathBuf },
    /// A generation link where a profile to change was needed.
    GenerationNotProfile {
        path: PathBuf,
        profile: PathBuf,
        number: u64,
    },
    /// A folder holding a manifest (a store path, a copy) where a profile
    /// to change, or one with generations, was needed.
    FolderNotProfile { path: PathBuf },
    /// The profile exists but its generation holds neither manifest.
    ManifestMissing { dir: PathBuf },
    /// A manifest that could not be read from disk.
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A manifest that is not valid JSON / Nix, or has the wrong shape.
    ManifestCorrupt { path: PathBuf, detail: String },
    /// A `manifest.json` written by a Nix that Frost does not know yet.
    ManifestVersion { path: PathBuf, version: i64 },
    /// A generation number that the profile does not have.
    GenerationNotFound { profile: PathBuf, number: u64 },
    /// A flake reference that cannot be parsed.
    FlakeRef { input: String, detail: String },
    /// `nix` is not on PATH.
    NixNotFound,
    /// `nix` ran and failed; `message` is Nix's own error text. `signal`
    /// is set (and `code` not) when a signal ended it, also on the host
    /// through flatpak-spawn, which reports signal N as exit status 128+N.
    NixFailed {
        command: String,
        code: Option<i32>,
        signal: Option<i32>,
        message: String,
    },
    /// `nix --version` printed something that is not a version.
    NixVersionUnknown { output: String },
    /// `nix` could not be started or talked to.
    NixSpawn {
        command: String,
        source: std::io::Error,
    },
    /// The threads that run Nix in the background could not be started
    /// (the system is out of threads or memory).
    Worker { source: std::io::Error },
    /// A program other than nix could not be started (the app, an editor).
    Launch {
        program: String,
        source: std::io::Error,
    },
    /// Writing an output (a file, the terminal) failed.
    Write {
        what: String,
        source: std::io::Error,
    },
    /// `--only NAME` names no element of the profile.
    FreezeUnknownElement { name: String },
    /// `--follow SOURCE=REF` matches no input of the freeze.
    FreezeFollowUnmatched { source: String },
    /// The freeze's folder holds files and overwriting was not allowed.
    FreezeTargetNotEmpty { dir: PathBuf },
    /// `frost apply`: two packages provide the same file; nothing changed.
    ApplyConflict { files: Vec<String>, message: String },
    /// A folder to install from that holds no flake.nix.
    NotAFlake { dir: PathBuf },
    /// A flake to install from that has no `packages` output: `outputs`
    /// are the outputs it has instead.
    FlakeHasNoPackages {
        source: String,
        outputs: Vec<String>,
    },
    /// A flake whose `packages` are only for other systems.
    FlakeNotForSystem {
        source: String,
        system: String,
        systems: Vec<String>,
    },
    /// `frost apply --only NAME`: names the flake does not offer.
    ApplyUnknownPackages {
        source: String,
        names: Vec<String>,
        available: Vec<String>,
    },
    /// Something the freeze must write cannot be written as Nix source.
    FreezeUnwritable { detail: String },
    /// The freeze is written, but `git` is not installed to keep its
    /// history.
    GitNotFound { dir: PathBuf },
    /// The freeze is written, but a `git` command failed.
    GitFailed {
        dir: PathBuf,
        command: String,
        message: String,
    },
    /// A frozen folder's flake.nix that Frost cannot change safely; the
    /// file was left as it was.
    FlakeEdit {
        path: PathBuf,
        error: crate::freeze::edit::EditError,
    },
    /// The user (or the caller) cancelled the operation.
    Cancelled,
    /// An operation on packages was given none.
    NoPackagesGiven,
    /// Names given to remove or upgrade that the profile does not have.
    NotInProfile {
        profile: PathBuf,
        names: Vec<String>,
    },
    /// `frost adopt`: a flake.nix that `frost freeze` did not write.
    NotFrozenByFrost { dir: PathBuf },
    /// `frost adopt REF`: the folder to copy the flake into holds something.
    AdoptIntoNotEmpty { dir: PathBuf },
    /// `frost adopt DIR --into OTHER`: a folder on this machine is managed
    /// where it is, never copied.
    AdoptIntoLocal { dir: PathBuf },
    /// `frost adopt REF`: the copy did not hold the flake Nix fetched (or
    /// Nix's answer named none); the copy was removed again.
    AdoptCopyDiffers { source: String },
    /// `frost adopt`: none of the profile's packages is in the flake.
    AdoptNothingInCommon { dir: PathBuf },
    /// `frost adopt`: packages the flake would give other store paths
    /// (or that Nix could not evaluate); nothing changed.
    AdoptWouldChange { dir: PathBuf, names: Vec<String> },
    /// Adopt or stop managing: the new generation held other store paths
    /// for these packages, so it was not made current.
    ManagedPathsChanged { names: Vec<String> },
    /// Stop managing a profile no folder manages.
    NotManaged { profile: PathBuf },
    /// Stop managing: packages whose source flake.nix does not say in the
    /// shape Frost writes; nothing changed.
    ManagedSourceUnknown { dir: PathBuf, names: Vec<String> },
    /// Add to Flake: a package the managing folder's flake.nix cannot
    /// take (no source recorded, in the flake already…), with why.
    CannotAddToFlake { name: String, reason: String },
    /// Undo of a change to a managing folder: flake.nix or flake.lock
    /// changed since, and putting them back would lose that.
    FolderChangedSince { dir: PathBuf },
    /// Undo of a change to a managed profile: the profile is at another
    /// generation than the change made.
    ProfileChangedSince {
        profile: PathBuf,
        then: u64,
        now: u64,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            Error::ProfileNotFound { path } => gettext_f(
                "No Nix profile at {path}: it leads to no profile and holds no manifest.json or manifest.nix. Install a package with “nix profile install” first, or choose another profile.",
                &[("path", &path.display().to_string())],
            ),
            Error::GenerationNotProfile { path, profile, number } => gettext_f(
                "{path} is generation {number} of the profile {profile}, not a profile, so it can only be read. Changes go to the profile: use --profile {profile}, or go back to this generation with “frost rollback --to {number} --profile {profile}”.",
                &[
                    ("path", &path.display().to_string()),
                    ("profile", &profile.display().to_string()),
                    ("number", &number.to_string()),
                ],
            ),
            Error::FolderNotProfile { path } => gettext_f(
                "{path} holds a profile manifest but is not a profile: it has no generations and can only be read. Changes go to a profile, such as your own (leave out --profile).",
                &[("path", &path.display().to_string())],
            ),
            Error::ManifestMissing { dir } => gettext_f(
                "The profile generation {dir} has neither manifest.json nor manifest.nix, so it was not made by nix profile or nix-env. Choose another profile.",
                &[("dir", &dir.display().to_string())],
            ),
            Error::Io { path, source } => gettext_f(
                "Cannot read {path}: {error}. Check that the file exists and that you may read it.",
                &[("path", &path.display().to_string()), ("error", &source.to_string())],
            ),
            Error::ManifestCorrupt { path, detail } => gettext_f(
                "The profile manifest {path} is damaged ({detail}). Roll back to an earlier generation with “nix profile rollback”, or report this file.",
                &[("path", &path.display().to_string()), ("detail", detail)],
            ),
            Error::ManifestVersion { path, version } => gettext_f(
                "The profile manifest {path} has version {version}, which this version of Frost does not know. Update Frost.",
                &[("path", &path.display().to_string()), ("version", &version.to_string())],
            ),
            Error::GenerationNotFound { profile, number } => gettext_f(
                "The profile {profile} has no generation {number}. List them with “frost generations”.",
                &[("profile", &profile.display().to_string()), ("number", &number.to_string())],
            ),
            Error::FlakeRef { input, detail } => gettext_f(
                "“{input}” is not a flake reference Frost understands ({detail}).",
                &[("input", input), ("detail", detail)],
            ),
            Error::NixNotFound => gettext_f(
                "Nix is not installed, or “nix” is not on PATH. Install Nix 2.20 or newer, then try again.",
                &[],
            ),
            Error::NixFailed {
                command,
                signal: Some(signal),
                message,
                ..
            } => gettext_f(
                "“{command}” was stopped by signal {signal}: {message}",
                &[
                    ("command", command),
                    ("signal", &signal.to_string()),
                    ("message", message),
                ],
            ),
            Error::NixFailed {
                command,
                code,
                message,
                ..
            } => {
                let code = code.map_or_else(|| "-".to_owned(), |c| c.to_string());
                gettext_f(
                    "“{command}” failed (exit status {code}): {message}",
                    &[("command", command), ("code", &code), ("message", message)],
                )
            }
            Error::NixVersionUnknown { output } => gettext_f(
                "Cannot tell which version of Nix is installed: “nix --version” printed “{output}”. Check that “nix” on PATH is Nix 2.20 or newer.",
                &[("output", output)],
            ),
            Error::NixSpawn { command, source } => gettext_f(
                "Could not run “{command}”: {error}",
                &[("command", command), ("error", &source.to_string())],
            ),
            Error::Worker { source } => gettext_f(
                "Frost could not start its background worker: {error}. Close some programs, then try again.",
                &[("error", &source.to_string())],
            ),
            Error::Launch { program, source } => gettext_f(
                "Could not start {program}: {error}",
                &[("program", program), ("error", &source.to_string())],
            ),
            Error::Write { what, source } => gettext_f(
                "Could not write {what}: {error}",
                &[("what", what), ("error", &source.to_string())],
            ),
            Error::FreezeUnknownElement { name } => gettext_f(
                "The profile has no package named “{name}”. See the names with “frost list”.",
                &[("name", name)],
            ),
            Error::FreezeFollowUnmatched { source } => gettext_f(
                "“{source}” matches no source of the frozen packages. Name an input (such as nixpkgs) or the flake reference the packages came from.",
                &[("source", source)],
            ),
            Error::FreezeTargetNotEmpty { dir } => gettext_f(
                "The folder {dir} is not empty. Choose an empty folder, or allow replacing the frozen files in it (--force).",
                &[("dir", &dir.display().to_string())],
            ),
            Error::ApplyConflict { files, .. } => gettext_f(
                "Nothing was changed: two packages provide the same file ({files}). Give one of them a lower priority number in flake.nix (frozen { priority = …; }), then apply again.",
                &[("files", &files.join(", "))],
            ),
            Error::NotAFlake { dir } => gettext_f(
                "The folder {dir} holds no flake (there is no flake.nix in it). Choose the folder a freeze wrote: it holds flake.nix, flake.lock and README.md.",
                &[("dir", &dir.display().to_string())],
            ),
            Error::FlakeHasNoPackages { source, outputs } if outputs.is_empty() => gettext_f(
                "The flake {source} has no outputs at all, so it has no packages to install.",
                &[("source", source)],
            ),
            Error::FlakeHasNoPackages { source, outputs } => gettext_f(
                "The flake {source} has no packages to install: it has {outputs}, but no “packages” output. Frost installs only a flake’s packages.<system>, and guesses nothing from other outputs.",
                &[("source", source), ("outputs", &outputs.join(", "))],
            ),
            Error::FlakeNotForSystem { source, system, systems } => gettext_f(
                "The flake {source} has no packages for this machine ({system}), only for {systems}.",
                &[("source", source), ("system", system), ("systems", &systems.join(", "))],
            ),
            Error::ApplyUnknownPackages { source, names, available } => ngettext_f(
                "The flake {source} has no package called {names}. It has: {available}.",
                "The flake {source} has no packages called {names}. It has: {available}.",
                names.len() as u64,
                &[("source", source), ("names", &names.join(", ")), ("available", &available.join(", "))],
            ),
            Error::FreezeUnwritable { detail } => gettext_f(
                "The frozen flake cannot be written: {detail}. Leave that package out with --only.",
                &[("detail", detail)],
            ),
            Error::GitNotFound { dir } => gettext_f(
                "The frozen flake is written to {dir}, but Git is not installed, so its history is not kept. Install Git and run “git init && git add flake.nix flake.lock README.md && git commit” in that folder, or freeze without keeping history.",
                &[("dir", &dir.display().to_string())],
            ),
            Error::GitFailed { dir, command, message } => gettext_f(
                "The frozen flake is written to {dir}, but “{command}” failed: {message}. The files are complete; commit them with Git yourself, or freeze without keeping history.",
                &[("dir", &dir.display().to_string()), ("command", command), ("message", message)],
            ),
            Error::FlakeEdit { path, error } => gettext_f(
                "Frost cannot change {path}: {reason}. The file was left untouched.",
                &[("path", &path.display().to_string()), ("reason", &error.reason())],
            ),
            Error::Cancelled => gettext_f("Cancelled.", &[]),
            Error::NoPackagesGiven => gettext_f(
                "No package was named. Name at least one (see “frost list”).",
                &[],
            ),
            Error::NotInProfile { profile, names } => ngettext_f(
                "The profile {profile} has no package called {names}. List its packages with “frost list”.",
                "The profile {profile} has no packages called {names}. List its packages with “frost list”.",
                names.len() as u64,
                &[("profile", &profile.display().to_string()), ("names", &names.join(", "))],
            ),
            Error::NotFrozenByFrost { dir } => gettext_f(
                "The flake in {dir} was not written by Frost, so Frost cannot manage your profile with it. Freeze your profile into a new folder with “frost freeze --out FOLDER”, then adopt that folder.",
                &[("dir", &dir.display().to_string())],
            ),
            Error::AdoptIntoNotEmpty { dir } => gettext_f(
                "The folder {dir} is not empty, so Frost does not copy the flake into it. Choose a new or empty folder.",
                &[("dir", &dir.display().to_string())],
            ),
            Error::AdoptIntoLocal { dir } => gettext_f(
                "{dir} is a folder on this machine: Frost manages your profile with it where it is and copies nothing. Leave out --into, or copy the folder yourself first.",
                &[("dir", &dir.display().to_string())],
            ),
            Error::AdoptCopyDiffers { source } => gettext_f(
                "Frost could not make a folder holding the flake.nix and flake.lock of {source} as Nix fetched them, so it removed the folder again. Nothing was changed.",
                &[("source", source)],
            ),
            Error::AdoptNothingInCommon { dir } => gettext_f(
                "None of the packages of the profile is in the flake in {dir}, so there is nothing to adopt. Freeze this profile with “frost freeze --out FOLDER” and adopt that folder.",
                &[("dir", &dir.display().to_string())],
            ),
            Error::AdoptWouldChange { dir, names } => ngettext_f(
                "Adopting {dir} would rebuild or download {names}: the flake does not give it the store paths your profile has. Nothing was changed. Freeze the profile again (frost freeze --force --out {dir}) so that the flake matches it.",
                "Adopting {dir} would rebuild or download {names}: the flake does not give them the store paths your profile has. Nothing was changed. Freeze the profile again (frost freeze --force --out {dir}) so that the flake matches it.",
                names.len() as u64,
                &[("dir", &dir.display().to_string()), ("names", &names.join(", "))],
            ),
            Error::ManagedPathsChanged { names } => ngettext_f(
                "The new generation would hold other store paths for {names} than your profile has, so it was not made current. Nothing was changed; check the flake with “frost verify”.",
                "The new generation would hold other store paths for {names} than your profile has, so it was not made current. Nothing was changed; check the flake with “frost verify”.",
                names.len() as u64,
                &[("names", &names.join(", "))],
            ),
            Error::NotManaged { profile } => gettext_f(
                "The profile {profile} is not managed by a flake folder, so there is nothing to stop. Its packages stay as they are.",
                &[("profile", &profile.display().to_string())],
            ),
            Error::ManagedSourceUnknown { dir, names } => ngettext_f(
                "Frost cannot tell where {names} came from: flake.nix in {dir} does not take it from one of its inputs the way Frost writes it. Nothing was changed. Remove it from the profile, or put back the line Frost wrote.",
                "Frost cannot tell where {names} came from: flake.nix in {dir} does not take them from its inputs the way Frost writes it. Nothing was changed. Remove them from the profile, or put back the lines Frost wrote.",
                names.len() as u64,
                &[("dir", &dir.display().to_string()), ("names", &names.join(", "))],
            ),
            Error::CannotAddToFlake { name, reason } => gettext_f(
                "Frost cannot add {name} to the flake: {reason}. Nothing was changed; {name} stays in the profile as it is.",
                &[("name", name), ("reason", reason)],
            ),
            Error::FolderChangedSince { dir } => gettext_f(
                "flake.nix or flake.lock in {dir} changed after this change was made, and undoing it would overwrite that. Nothing was changed; go back with the folder’s own history instead.",
                &[("dir", &dir.display().to_string())],
            ),
            Error::ProfileChangedSince { profile, then, now } => gettext_f(
                "The profile {profile} changed after this change was made: it is at generation {now}, not {then}, and undoing the change would take the later one back too. Nothing was changed; go back from History instead.",
                &[("profile", &profile.display().to_string()), ("then", &then.to_string()), ("now", &now.to_string())],
            ),
        };
        f.write_str(&text)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. }
            | Error::NixSpawn { source, .. }
            | Error::Worker { source }
            | Error::Launch { source, .. }
            | Error::Write { source, .. } => Some(source),
            Error::FlakeEdit { error, .. } => Some(error),
            _ => None,
        }
    }
}

impl Error {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}
