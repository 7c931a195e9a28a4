//! Which profile is "the" profile: the one `nix profile` and `nix-env` use
//! when no `--profile` is given. Mirrors Nix 2.26's `getDefaultProfile`,
//! `profilesDir` (src/libstore/profiles.cc), `getStateDir` / `getConfigDirs`
//! (src/libutil/users.cc) and `loadConfFile` (src/libstore/globals.cc), but
//! only looks: Nix creates the missing links, Frost never does.

use std::ffi::{CStr, OsString};
use std::path::{Path, PathBuf};

use super::generations::resolve_profile;
use super::nix_conf;
use crate::error::{Error, Result};

/// Nix's compiled-in `NIX_STATE_DIR`.
pub const DEFAULT_NIX_STATE_DIR: &str = "/nix/var/nix";
/// Nix's compiled-in `NIX_CONF_DIR`.
pub const DEFAULT_NIX_CONF_DIR: &str = "/etc/nix";

const XDG_SETTING: &str = "use-xdg-base-directories";

/// Everything Nix reads to find the default profile. Built from the process
/// with [`NixEnvironment::from_process`]; tests build their own, so nothing
/// here depends on the machine it runs on unless asked to.
///
/// Empty path variables count as unset (the XDG rule). Nix itself would turn
/// an empty `XDG_STATE_HOME` into `/nix`, which no one means.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NixEnvironment {
    /// `$HOME` when it exists and is ours, else the passwd entry (Nix's `getHome`).
    pub home: Option<PathBuf>,
    /// The passwd name of the effective user, else `$USER`.
    pub user: Option<String>,
    /// Real uid 0: root's profiles live in the global state folder.
    pub is_root: bool,
    pub xdg_state_home: Option<PathBuf>,
    pub xdg_config_home: Option<PathBuf>,
    /// `XDG_CONFIG_DIRS` as given (colon-separated); `None` means unset, and
    /// Nix then reads `/etc/xdg/nix/nix.conf`.
    pub xdg_config_dirs: Option<String>,
    /// `NIX_STATE_HOME`, which replaces `$XDG_STATE_HOME/nix`.
    pub nix_state_home: Option<PathBuf>,
    /// `NIX_CONFIG_HOME`, which replaces `$XDG_CONFIG_HOME/nix`.
    pub nix_config_home: Option<PathBuf>,
    /// `NIX_USER_CONF_FILES` as given: replaces the XDG list of user nix.conf files.
    pub nix_user_conf_files: Option<String>,
    /// `NIX_CONFIG`: nix.conf lines applied after every file.
    pub nix_config: Option<String>,
    /// `NIX_CONF_DIR`, where the system nix.conf lives (default `/etc/nix`).
    pub nix_conf_dir: Option<PathBuf>,
    /// `NIX_STATE_DIR` (default `/nix/var/nix`): the global profiles folder
    /// and root's profile are under it. Tests point it at a temporary folder.
    pub nix_state_dir: Option<PathBuf>,
}

fn env_path(name: &str) -> Option<PathBuf> {
    std::env::var_os(name)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

fn host_xdg_path(name: &str) -> Option<PathBuf> {
    crate::nix::host::host_xdg_var(name)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

fn env_string(name: &str) -> Option<String> {
    std::env::var_os(name).map(|v| v.to_string_lossy().into_owned())
}

impl NixEnvironment {
    /// The environment of this process, read the way Nix reads it.
    pub fn from_process() -> Self {
        let passwd = passwd_entry();
        let user = passwd
            .as_ref()
            .map(|p| p.0.clone())
            .filter(|n| !n.is_empty())
            .or_else(|| env_string("USER").filter(|n| !n.is_empty()));
        let home = home_from(env_path("HOME"), passwd.map(|p| p.1));
        NixEnvironment {
            home,
            user,
            // SAFETY: getuid has no preconditions and cannot fail.
            is_root: unsafe { libc::getuid() } == 0,
            // Inside Flatpak the host's, where Nix keeps the profile.
            xdg_state_home: host_xdg_path("XDG_STATE_HOME"),
            xdg_config_home: host_xdg_path("XDG_CONFIG_HOME"),
            xdg_config_dirs: env_string("XDG_CONFIG_DIRS"),
            nix_state_home: env_path("NIX_STATE_HOME"),
            nix_config_home: env_path("NIX_CONFIG_HOME"),
            nix_user_conf_files: env_string("NIX_USER_CONF_FILES"),
            nix_config: env_string("NIX_CONFIG"),
            nix_conf_dir: env_path("NIX_CONF_DIR"),
            nix_state_dir: env_path("NIX_STATE_DIR"),
        }
    }

    /// Nix's `getStateDir`: `$NIX_STATE_HOME`, `$XDG_STATE_HOME/nix` or
    /// `~/.local/state/nix`.
    pub fn state_dir(&self) -> Option<PathBuf> {
        self.nix_state_home
            .clone()
            .or_else(|| self.xdg_state_home.as_ref().map(|d| d.join("nix")))
            .or_else(|| self.home.as_ref().map(|h| h.join(".local/state/nix")))
    }

    /// Nix's `getConfigDir`: `$NIX_CONFIG_HOME`, `$XDG_CONFIG_HOME/nix` or
    /// `~/.config/nix`.
    pub fn config_dir(&self) -> Option<PathBuf> {
        self.nix_config_home
            .clone()
            .or_else(|| self.xdg_config_home.as_ref().map(|d| d.join("nix")))
            .or_else(|| self.home.as_ref().map(|h| h.join(".config/nix")))
    }

    /// The user's nix.conf files, most important first (Nix's
    /// `getUserConfigFiles`).
    pub fn user_config_files(&self) -> Vec<PathBuf> {
        if let Some(files) = &self.nix_user_conf_files {
            return split_colons(files).map(PathBuf::from).collect();
        }
        let mut files: Vec<PathBuf> = self.config_dir().into_iter().collect();
        let dirs = self.xdg_config_dirs.as_deref().unwrap_or("/etc/xdg");
        files.extend(split_colons(dirs).map(|d| Path::new(d).join("nix")));
        files.into_iter().map(|d| d.join("nix.conf")).collect()
    }

    pub fn nix_state_dir(&self) -> PathBuf {
        self.nix_state_dir
            .clone()
            .unwrap_or_else(|| PathBuf::from(DEFAULT_NIX_STATE_DIR))
    }

    pub fn nix_conf_dir(&self) -> PathBuf {
        self.nix_conf_dir
            .clone()
            .unwrap_or_else(|| PathBuf::from(DEFAULT_NIX_CONF_DIR))
    }
}

fn split_colons(s: &str) -> impl Iterator<Item = &str> {
    s.split(':').filter(|p| !p.is_empty())
}

/// Nix's `getHome`: `$HOME` unless it exists and belongs to someone else.
fn home_from(env_home: Option<PathBuf>, passwd_home: Option<PathBuf>) -> Option<PathBuf> {
    use std::os::unix::fs::MetadataExt;
    if let Some(home) = env_home {
        match std::fs::metadata(&home) {
            // SAFETY: geteuid has no preconditions and cannot fail.
            Ok(meta) if meta.uid() == unsafe { libc::geteuid() } => return Some(home),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Some(home),
            _ => {}
        }
    }
    passwd_home.filter(|h| !h.as_os_str().is_empty())
}

/// Name and home folder of the effective user from the passwd database.
fn passwd_entry() -> Option<(String, PathBuf)> {
    use std::os::unix::ffi::OsStringExt;
    let mut buf = vec![0u8; 16384];
    // SAFETY: zeroed is a valid bit pattern for this plain C struct.
    let mut pwd: libc::passwd = unsafe { std::mem::zeroed() };
    let mut result: *mut libc::passwd = std::ptr::null_mut();
    // SAFETY: every pointer refers to live memory of the size passed; the
    // strings in `pwd` point into `buf`, which outlives their use below.
    let rc = unsafe {
        libc::getpwuid_r(
            libc::geteuid(),
            &mut pwd,
            buf.as_mut_ptr().cast(),
            buf.len(),
            &mut result,
        )
    };
    if rc != 0 || result.is_null() || pwd.pw_name.is_null() || pwd.pw_dir.is_null() {
        return None;
    }
    // SAFETY: getpwuid_r succeeded, so both are NUL-terminated strings in `buf`.
    let (name, dir) = unsafe { (CStr::from_ptr(pwd.pw_name), CStr::from_ptr(pwd.pw_dir)) };
    Some((
        name.to_string_lossy().into_owned(),
        PathBuf::from(OsString::from_vec(dir.to_bytes().to_vec())),
    ))
}

/// Whether Nix puts its links under `$XDG_STATE_HOME/nix` instead of `~`:
/// the system nix.conf, then the user's files (least important first), then
/// `NIX_CONFIG`, the last word winning, as in Nix's `loadConfFile`.
pub fn use_xdg_base_directories(env: &NixEnvironment) -> bool {
    let mut value = false;
    let system = env.nix_conf_dir().join("nix.conf");
    let files = std::iter::once(system).chain(env.user_config_files().into_iter().rev());
    for file in files {
        if let Some(v) = nix_conf::file_bool_setting(&file, XDG_SETTING) {
            value = v;
        }
    }
    if let Some(text) = &env.nix_config {
        if let Some(v) = nix_conf::last_bool_setting(text, Path::new("NIX_CONFIG"), XDG_SETTING) {
            value = v;
        }
    }
    value
}

/// The link the user sees: `~/.nix-profile`, or `$XDG_STATE_HOME/nix/profile`
/// with `use-xdg-base-directories`. `None` without any home folder.
pub fn profile_link(env: &NixEnvironment) -> Option<PathBuf> {
    if use_xdg_base_directories(env) {
        env.state_dir().map(|d| d.join("profile"))
    } else {
        env.home.as_ref().map(|h| h.join(".nix-profile"))
    }
}

/// Where Nix 2.14+ creates new profiles: `$XDG_STATE_HOME/nix/profiles`
/// (`NIX_STATE_HOME` overrides), or for root `/nix/var/nix/profiles/per-user/root`.
pub fn profiles_dir(env: &NixEnvironment) -> Option<PathBuf> {
    if env.is_root {
        Some(env.nix_state_dir().join("profiles/per-user/root"))
    } else {
        env.state_dir().map(|d| d.join("profiles"))
    }
}

/// The default profile, resolved as Nix resolves it: the target of the user's
/// link, followed through further links (root's `default` → `per-user/root/profile`)
/// to the link whose target is a `PROFILE-N-link` generation.
///
/// When that gives no profile, the places a profile may be instead: the one
/// Nix would create (`profiles_dir()/profile`), the pre-2.14 per-user profile,
/// root's global `default`, and the other style of user link. The error names
/// the profile Nix itself would use.
pub fn default_profile(env: &NixEnvironment) -> Result<PathBuf> {
    let primary = profile_link(env);
    let mut nix_choice = None;
    if let Some(link) = &primary {
        if let Ok(target) = std::fs::read_link(link) {
            // Nix reads one level: absPath(readLink(link), dirOf(link)).
            let target = absolute_from(link, &target);
            if let Some(profile) = resolve_profile(&target) {
                return Ok(profile);
            }
            nix_choice = Some(target);
        } else if std::fs::symlink_metadata(link).is_ok() {
            // Not a link: Nix falls back to using the path itself.
            nix_choice = Some(link.clone());
        }
    }
    let created = profiles_dir(env).map(|d| d.join("profile"));
    for candidate in fallbacks(env, created.clone()) {
        if let Some(profile) = resolve_profile(&candidate) {
            return Ok(profile);
        }
    }
    let path = nix_choice
        .or(created)
        .or(primary)
        .unwrap_or_else(|| PathBuf::from("~/.nix-profile"));
    Err(Error::ProfileNotFound { path })
}

fn fallbacks(env: &NixEnvironment, created: Option<PathBuf>) -> Vec<PathBuf> {
    let profiles = env.nix_state_dir().join("profiles");
    let mut out: Vec<PathBuf> = created.into_iter().collect();
    if env.is_root {
        out.push(profiles.join("default"));
    } else if let Some(user) = &env.user {
        out.push(profiles.join("per-user").join(user).join("profile"));
    }
    // The other style of link: set up before the user switched
    // use-xdg-base-directories on or off without moving it.
    if use_xdg_base_directories(env) {
        out.extend(env.home.as_ref().map(|h| h.join(".nix-profile")));
    } else {
        out.extend(env.state_dir().map(|d| d.join("profile")));
    }
    out
}

/// `target` read from the link `link`, made absolute against the link's folder
/// and cleaned of `.` and `..` the way Nix's `canonPath` does (lexically).
pub(crate) fn absolute_from(link: &Path, target: &Path) -> PathBuf {
    use std::path::Component;
    let joined = match link.parent() {
        Some(dir) if target.is_relative() => dir.join(target),
        _ => target.to_path_buf(),
    };
    let mut out = PathBuf::new();
    for part in joined.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                let last_is_up = matches!(out.components().next_back(), Some(Component::ParentDir));
                if last_is_up || (!out.pop() && !out.has_root()) {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}
