//! Keeping a frozen flake's history with Git: after the files are in
//! place, the folder becomes a repository (unless it is inside one already)
//! and the three files are committed. Nix reads a flake inside a Git work
//! tree only from files Git knows, so a freeze into a work tree that is not
//! added would be invisible to `nix … DIR`.
//!
//! Inside Flatpak, Git runs on the host like Nix does (see
//! [`crate::nix::host`]): the runtime has no `git`.

use std::ffi::OsStr;
use std::path::Path;

use serde::Serialize;

use super::write::FROZEN_FILES;
use crate::error::{Error, Result};
use crate::i18n::ngettext_f;
use crate::nix::host::{Exit, Launcher};

/// What Git did with a freeze.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GitRecord {
    /// The folder was made a new repository (it was in none).
    pub initialized: bool,
    /// The new commit; `None` when the files were as the last commit had
    /// them, so there was nothing to commit.
    pub commit: Option<String>,
    /// Git had no author configured and Frost's fallback identity was used.
    pub fallback_identity: bool,
}

/// Used only when Git knows no author: on a fresh machine `git commit`
/// fails with “Please tell me who you are”, and a freeze should not need
/// setup first. Passed with `-c` for these commands alone; the user's
/// configuration is never changed.
const FALLBACK_IDENTITY: [&str; 4] = ["-c", "user.name=Frost", "-c", "user.email=frost@localhost"];

struct Git<'a> {
    program: &'a OsStr,
    dir: &'a Path,
    launcher: Launcher,
}

impl Git<'_> {
    /// Runs `git -C DIR ARGS`: its output, or (inner `Err`) its error
    /// text when it ran and failed.
    async fn try_run(&self, args: &[&str]) -> Result<std::result::Result<String, String>> {
        let mut git_args = vec!["-C".into(), self.dir.as_os_str().to_owned()];
        git_args.extend(args.iter().map(Into::into));
        let run = self
            .launcher
            .program_invocation(self.program, git_args, &[]);
        let mut cmd = tokio::process::Command::new(&run.program);
        cmd.args(&run.args);
        // These would point Git at another repository than the folder's
        // (they are set when Frost runs from inside a Git hook).
        for var in ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"] {
            cmd.env_remove(var);
        }
        cmd.stdin(std::process::Stdio::null()).kill_on_drop(true);
        let out = cmd.output().await.map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                Error::GitNotFound {
                    dir: self.dir.to_owned(),
                }
            } else {
                self.failed(args, e.to_string())
            }
        })?;
        let stderr = String::from_utf8_lossy(&out.stderr).trim().to_owned();
        match self.launcher.exit(out.status) {
            Exit::Success => Ok(Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())),
            exit if self.launcher.program_missing(exit, &stderr) => Err(Error::GitNotFound {
                dir: self.dir.to_owned(),
            }),
            _ => Ok(Err(stderr)),
        }
    }

    async fn run(&self, args: &[&str]) -> Result<String> {
        self.try_run(args)
            .await?
            .map_err(|message| self.failed(args, message))
    }

    fn failed(&self, args: &[&str], message: String) -> Error {
        let shown: Vec<&str> = args
            .iter()
            .copied()
            .filter(|a| !FALLBACK_IDENTITY.contains(a))
            .collect();
        Error::GitFailed {
            dir: self.dir.to_owned(),
            command: format!("git {}", shown.join(" ")),
            message,
        }
    }
}

/// Commits the frozen files in `dir` (`git init` first when `dir` is in no
/// work tree, or in one that ignores it) as “Freeze profile (N packages)”. Only those three files are
/// committed, even in a repository where the user has other changes
/// staged.
pub async fn commit_freeze(dir: &Path, packages: usize) -> Result<GitRecord> {
    commit_with(OsStr::new("git"), dir, packages).await
}

pub(crate) async fn commit_with(program: &OsStr, dir: &Path, packages: usize) -> Result<GitRecord> {
    commit_via(Launcher::detected(), program, dir, packages).await
}

async fn commit_via(
    launcher: Launcher,
    program: &OsStr,
    dir: &Path,
    packages: usize,
) -> Result<GitRecord> {
    let git = Git {
        program,
        dir,
        launcher,
    };
    let inside = git.try_run(&["rev-parse", "--is-inside-work-tree"]).await?;
    // A folder the surrounding repository ignores (a build folder, say)
    // cannot be added there: it gets a repository of its own, which Nix
    // then finds first.
    let ignored = inside.as_deref() == Ok("true")
        && git
            .try_run(&["check-ignore", "--quiet", "."])
            .await?
            .is_ok();
    let initialized = inside.as_deref() != Ok("true") || ignored;
    if initialized {
        git.run(&["init", "--quiet"]).await?;
    }
    let mut files: Vec<&str> = vec!["add", "--"];
    files.extend(FROZEN_FILES);
    git.run(&files).await?;
    let mut unchanged: Vec<&str> = vec!["diff", "--cached", "--quiet", "--"];
    unchanged.extend(FROZEN_FILES);
    // Exit status 0: the index has these files as HEAD has them.
    if git.try_run(&unchanged).await?.is_ok() && !initialized {
        return Ok(GitRecord {
            initialized,
            commit: None,
            fallback_identity: false,
        });
    }
    let message = ngettext_f(
        "Freeze profile ({n} package)",
        "Freeze profile ({n} packages)",
        packages as u64,
        &[("n", &packages.to_string())],
    );
    commit_staged(&git, &FROZEN_FILES, &message, initialized).await
}

/// `git commit` of `files` (staged already) with `message`, with Frost's
/// fallback identity when Git knows no author.
async fn commit_staged(
    git: &Git<'_>,
    files: &[&str],
    message: &str,
    initialized: bool,
) -> Result<GitRecord> {
    let has_identity = git.try_run(&["var", "GIT_AUTHOR_IDENT"]).await?.is_ok()
        && git.try_run(&["var", "GIT_COMMITTER_IDENT"]).await?.is_ok();
    let mut commit: Vec<&str> = Vec::new();
    if !has_identity {
        commit.extend(FALLBACK_IDENTITY);
    }
    commit.extend(["commit", "--quiet", "--message", message, "--"]);
    commit.extend(files);
    git.run(&commit).await?;
    let hash = git.run(&["rev-parse", "HEAD"]).await?;
    Ok(GitRecord {
        initialized,
        commit: Some(hash),
        fallback_identity: !has_identity,
    })
}

/// The files of a managed folder that a change to it commits.
pub const FOLDER_FILES: [&str; 2] = ["flake.nix", "flake.lock"];

/// Commits exactly flake.nix and flake.lock of the managed folder `dir`
/// with `message` (“Update nixpkgs to 2026-11-20”), when `dir` is the top
/// of a Git work tree; other staged changes stay staged and out of the
/// commit. `None` without Git, outside a repository, in a folder inside a
/// larger repository, or when the files are as the last commit has them.
pub async fn commit_folder(dir: &Path, message: &str) -> Result<Option<GitRecord>> {
    let git = Git {
        program: OsStr::new("git"),
        dir,
        launcher: Launcher::detected(),
    };
    if !is_top(&git, dir).await? {
        return Ok(None);
    }
    let existing: Vec<&str> = FOLDER_FILES
        .iter()
        .copied()
        .filter(|f| dir.join(f).is_file())
        .collect();
    let mut add = vec!["add", "--"];
    add.extend(&existing);
    git.run(&add).await?;
    let mut unchanged: Vec<&str> = vec!["diff", "--cached", "--quiet", "--"];
    unchanged.extend(&existing);
    if git.try_run(&unchanged).await?.is_ok() {
        return Ok(None);
    }
    commit_staged(&git, &existing, message, false)
        .await
        .map(Some)
}

/// Whether `dir` is the top of a Git work tree (false without Git).
async fn is_top(git: &Git<'_>, dir: &Path) -> Result<bool> {
    let top = match git.try_run(&["rev-parse", "--show-toplevel"]).await {
        Ok(Ok(top)) => top,
        Ok(Err(_)) | Err(Error::GitNotFound { .. }) => return Ok(false),
        Err(e) => return Err(e),
    };
    Ok(match (Path::new(&top).canonicalize(), dir.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    })
}

/// One commit of a managed folder's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FolderCommit {
    /// The full hash.
    pub commit: String,
    /// When it was committed, ISO 8601 with the committer's offset.
    pub date: String,
    /// The same moment in seconds since 1970, for the local time words
    /// of [`crate::time`].
    #[serde(skip)]
    pub time: u64,
    /// The message's first line.
    pub subject: String,
}

/// The last `limit` commits of the folder `dir`, newest first, as `git
/// log` of the folder tells them (only commits that touched it). Empty
/// when the folder is in no repository, the repository has no commit yet,
/// or Git is missing.
pub async fn folder_log(dir: &Path, limit: usize) -> Result<Vec<FolderCommit>> {
    let git = Git {
        program: OsStr::new("git"),
        dir,
        launcher: Launcher::detected(),
    };
    let count = format!("--max-count={limit}");
    let log = git
        .try_run(&["log", &count, "--format=%H%x1f%cI%x1f%ct%x1f%s", "--", "."])
        .await;
    let text = match log {
        Ok(Ok(text)) => text,
        Ok(Err(_)) | Err(Error::GitNotFound { .. }) => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    Ok(text
        .lines()
        .filter_map(|line| {
            let mut parts = line.splitn(4, '\x1f');
            Some(FolderCommit {
                commit: parts.next()?.to_owned(),
                date: parts.next()?.to_owned(),
                time: parts.next()?.parse().ok()?,
                subject: parts.next()?.to_owned(),
            })
        })
        .collect())
}

/// Whether `dir` is the top of a Git work tree whose last commit holds
/// `files` as they are on disk: then `git+file://DIR` reads exactly them.
/// Nix reads only the files Git tracks, and takes a tree with changes as
/// an unlocked reference (seen with 2.26), so anything else — no Git, a
/// folder inside a larger repository, an untracked or changed file — is
/// `false`.
pub(crate) async fn committed_at_top(dir: &Path, files: &[&str]) -> Result<bool> {
    let git = Git {
        program: OsStr::new("git"),
        dir,
        launcher: Launcher::detected(),
    };
    if !is_top(&git, dir).await? {
        return Ok(false);
    }
    let mut tracked: Vec<&str> = vec!["ls-files", "--error-unmatch", "--"];
    tracked.extend(files);
    if git.try_run(&tracked).await?.is_err() {
        return Ok(false);
    }
    let mut status: Vec<&str> = vec!["status", "--porcelain", "--"];
    status.extend(files);
    Ok(git.try_run(&status).await?.is_ok_and(|s| s.is_empty()))
}

/// Stages those of `files` that exist in `dir`, when `dir` is inside a Git
/// work tree (that does not ignore it): Nix reads a flake in a work tree
/// only from files Git knows. Nothing happens elsewhere, or without Git;
/// true when something was staged.
pub(crate) async fn stage(dir: &Path, files: &[&str]) -> Result<bool> {
    let git = Git {
        program: OsStr::new("git"),
        dir,
        launcher: Launcher::detected(),
    };
    match git.try_run(&["rev-parse", "--is-inside-work-tree"]).await {
        Ok(Ok(inside)) if inside == "true" => {}
        Ok(_) | Err(Error::GitNotFound { .. }) => return Ok(false),
        Err(e) => return Err(e),
    }
    if git
        .try_run(&["check-ignore", "--quiet", "."])
        .await?
        .is_ok()
    {
        return Ok(false);
    }
    let existing: Vec<&str> = files
        .iter()
        .copied()
        .filter(|f| dir.join(f).is_file())
        .collect();
    if existing.is_empty() {
        return Ok(false);
    }
    let mut add = vec!["add", "--"];
    add.extend(existing);
    git.run(&add).await?;
    Ok(true)
}

/// Takes back the commit `record` made in a repository that was already
/// there (a new one goes with the folder's `.git`), for a cancelled export:
/// the branch points where it pointed before and the frozen files are no
/// longer staged; other staged changes stay. Nothing happens when a commit
/// was made on top of it since, or the repository is not found.
pub(crate) async fn undo_commit(dir: &Path, record: &GitRecord) -> Result<()> {
    let Some(made) = record.commit.as_deref().filter(|_| !record.initialized) else {
        return Ok(());
    };
    let git = Git {
        program: OsStr::new("git"),
        dir,
        launcher: Launcher::detected(),
    };
    if git.try_run(&["rev-parse", "HEAD"]).await?.as_deref() != Ok(made) {
        return Ok(());
    }
    let mut unstage: Vec<&str> = vec!["reset", "--quiet", "--"];
    unstage.extend(FROZEN_FILES);
    if git
        .try_run(&["rev-parse", "--verify", "--quiet", "HEAD~1"])
        .await?
        .is_ok()
    {
        git.run(&["reset", "--quiet", "--soft", "HEAD~1"]).await?;
        git.run(&unstage).await?;
    } else {
        // The freeze made the repository's first commit.
        git.run(&["update-ref", "-d", "HEAD"]).await?;
        let mut forget: Vec<&str> = vec!["rm", "--quiet", "--cached", "--ignore-unmatch", "--"];
        forget.extend(FROZEN_FILES);
        git.run(&forget).await?;
    }
    Ok(())
}

/// Clones the repository at `url` into the new folder `dest` (`git -C
/// PARENT clone`), on `branch` when one is given, and sets the checkout to
/// the commit `rev`: the revision a flake reference was locked to, with
/// the repository's history.
pub(crate) async fn clone_at(
    url: &str,
    dest: &Path,
    branch: Option<&str>,
    rev: &str,
) -> Result<()> {
    let parent = dest.parent().unwrap_or(Path::new("/"));
    let outside = Git {
        program: OsStr::new("git"),
        dir: parent,
        launcher: Launcher::detected(),
    };
    let target = dest.to_string_lossy();
    let mut clone = vec!["clone", "--quiet"];
    if let Some(branch) = branch {
        clone.extend(["--branch", branch]);
    }
    clone.extend(["--", url, &target]);
    outside.run(&clone).await?;
    let inside = Git {
        program: OsStr::new("git"),
        dir: dest,
        launcher: Launcher::detected(),
    };
    inside.run(&["reset", "--quiet", "--hard", rev]).await?;
    Ok(())
}

/// Whether a `git` program can be started (on the host, inside Flatpak),
/// for the wizard to decide if keeping history is on by default.
pub fn git_available() -> bool {
    let run =
        Launcher::detected().program_invocation(OsStr::new("git"), vec!["--version".into()], &[]);
    std::process::Command::new(&run.program)
        .args(&run.args)
        .envs(run.envs.iter().map(|(k, v)| (k, v)))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

#[cfg(test)]
mod tests;
