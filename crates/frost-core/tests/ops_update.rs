//! A frozen folder that manages a profile, updated and edited through the
//! queue with real Nix, offline: the branch fixture's profile is frozen
//! into a folder whose name has a space and an accent (a Git repository,
//! as the wizard keeps it); then its nixpkgs-like input moves on (a newer
//! `hello` committed on `main`). The update's preview says hello old → new
//! and the rest unchanged; putting the lock back, or cancelling while the
//! update runs, leaves flake.lock byte for byte as it was. A package from
//! a new input, added by editing flake.nix, gets its lock (and Git sees the
//! files); removing it again gives both files back. Once the folder manages
//! the profile: a package installed from a terminal goes into the flake
//! with its store paths (Add to Flake), a store path install is refused
//! with why, and the Undo of Add to Flake and of a managed remove gives
//! flake.nix and flake.lock back byte for byte with the generation before.

use std::path::{Path, PathBuf};
use std::time::Duration;

use frost_core::element::Outputs;
use frost_core::freeze::edit::{add_package, remove_package, Addition};
use frost_core::freeze::engine::FreezeRequest;
use frost_core::freeze::managed::{element_folder, managed_state_on_disk};
use frost_core::freeze::plan::{AttrBase, FreezeOptions, Package};
use frost_core::freeze::source::ApplySource;
use frost_core::freeze::update::{Change, FolderUpdate};
use frost_core::ops::{NixContext, OpEvent, OpId, OpQueue, OpResult, Operation, QueueEvent};
use frost_core::profile::Profile;
use frost_core::{Element, Error, FlakeRef};
use frost_testkit::{BranchFixture, NixSandbox, NEXT_HELLO_VERSION};
use tokio::sync::mpsc;

struct Env {
    f: BranchFixture,
    queue: OpQueue,
    events: mpsc::Receiver<QueueEvent>,
    frozen: PathBuf,
}

impl Env {
    async fn new(name: &str) -> Env {
        let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
        let _ = std::fs::remove_dir_all(&root);
        let f = BranchFixture::build_in(NixSandbox::at(&root).expect("sandbox")).expect("fixture");
        let mut ctx = NixContext::detect().await.expect("nix is installed");
        for (key, value) in f.sandbox.env() {
            ctx = ctx.env(key, value);
        }
        let (queue, events) = OpQueue::new(ctx, tokio::runtime::Handle::current());
        let frozen = root.join("mein Profil é");
        let mut env = Env {
            f,
            queue,
            events,
            frozen,
        };
        let request = FreezeRequest {
            options: FreezeOptions::default(),
            out: env.frozen.clone(),
            force: false,
            profile: None,
            generation: None,
            git: true,
        };
        let froze = env
            .run(Operation::Freeze {
                source: env.f.profile.clone(),
                generation: None,
                request: Box::new(request),
                verify: false,
                known: Box::default(),
            })
            .await;
        assert!(froze.is_ok(), "the freeze: {:?}", froze.err());
        env
    }

    async fn next(&mut self) -> QueueEvent {
        tokio::time::timeout(Duration::from_secs(300), self.events.recv())
            .await
            .expect("an event within 5 minutes")
            .expect("the queue is open")
    }

    async fn finish(&mut self, id: OpId) -> OpResult {
        loop {
            let QueueEvent { id: of, event } = self.next().await;
            if let (true, OpEvent::Finished(result)) = (of == id, event) {
                return result;
            }
        }
    }

    async fn run(&mut self, op: Operation) -> OpResult {
        let id = self.queue.submit(op);
        self.finish(id).await
    }

    /// flake.lock, byte for byte (as text, for readable failures).
    fn lock(&self) -> String {
        let bytes = std::fs::read(self.frozen.join("flake.lock")).expect("flake.lock");
        String::from_utf8(bytes).expect("UTF-8")
    }

    fn flake(&self) -> String {
        std::fs::read_to_string(self.frozen.join("flake.nix")).expect("flake.nix")
    }

    fn git(&self, dir: &Path, args: &[&str]) -> String {
        let d = dir.display().to_string();
        let mut all = vec!["-C", d.as_str()];
        all.extend_from_slice(args);
        let out = self.f.sandbox.run("git", &all).expect("git runs");
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    }

    /// A newer `hello` on the branch the frozen input follows.
    fn move_the_input(&self) {
        self.f.newer_hello_on_main().expect("newer hello");
    }

    /// The frozen folder manages the profile from now on.
    async fn adopt(&mut self) {
        let adopted = self
            .run(Operation::Adopt {
                source: ApplySource::Folder(self.frozen.clone()),
                into: None,
                profile: self.f.profile.clone(),
            })
            .await;
        assert!(adopted.is_ok(), "the adopt: {:?}", adopted.err());
    }

    fn elements(&self) -> Vec<Element> {
        Profile::open(&self.f.profile)
            .and_then(|p| p.manifest(None))
            .expect("the manifest")
            .elements
    }

    fn element(&self, name: &str) -> Element {
        self.elements()
            .into_iter()
            .find(|e| e.name == name)
            .unwrap_or_else(|| panic!("no {name} in the profile"))
    }

    fn generation(&self) -> u64 {
        Profile::open(&self.f.profile)
            .and_then(|p| p.current_generation())
            .expect("a generation")
            .number
    }

    /// `nix profile install` from a terminal, beside Frost.
    fn install_from_terminal(&self, installable: &str) {
        let p = self.f.profile.display().to_string();
        self.f
            .sandbox
            .nix(&["profile", "install", "--profile", &p, installable])
            .expect("nix profile install");
    }

    /// Runs `undo` and checks that flake.nix and flake.lock are `files`
    /// byte for byte, committed as `commit`, at generation `generation`.
    async fn undo_to(
        &mut self,
        undo: Operation,
        files: (&str, &str),
        commit: &str,
        generation: u64,
    ) {
        let undone = self.run(undo).await;
        assert!(undone.is_ok(), "{:?}", undone.err());
        assert_eq!(self.flake(), files.0, "flake.nix byte for byte");
        assert_eq!(self.lock(), files.1, "flake.lock byte for byte");
        assert_eq!(self.last_commit(), commit);
        assert_eq!(self.git(&self.frozen, &["status", "--porcelain"]), "");
        assert_eq!(self.generation(), generation, "one more generation");
    }

    fn last_commit(&self) -> String {
        self.git(&self.frozen, &["log", "-1", "--format=%s"])
    }

    async fn update(&mut self) -> FolderUpdate {
        let done = self
            .run(Operation::UpdateFolder {
                dir: self.frozen.clone(),
            })
            .await
            .unwrap_or_else(|f| panic!("the update: {}", f.error));
        *done.folder_update.expect("a preview")
    }
}

fn line<'a>(u: &'a FolderUpdate, name: &str) -> &'a frost_core::freeze::update::PackageUpdate {
    u.packages
        .iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("no {name} in {:?}", u.packages))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_update_previews_each_version_and_its_lock_comes_back() {
    let mut env = Env::new("update-folder").await;
    let before = env.lock();

    // Nothing moved yet: every package as it is.
    let same = env.update().await;
    assert!(!same.changes_anything(), "{:?}", same.packages);
    assert_eq!(env.lock(), before);

    env.move_the_input();
    let u = env.update().await;
    let hello = line(&u, "hello");
    assert_eq!(hello.change, Change::Updated);
    assert_eq!(hello.installed_version.as_deref(), Some("2.12.1"));
    assert_eq!(hello.new_version.as_deref(), Some(NEXT_HELLO_VERSION));
    assert_ne!(hello.installed_path, hello.new_path);
    for name in ["7zip", "hello-1"] {
        let l = line(&u, name);
        assert_eq!(l.change, Change::Unchanged, "{name}");
        assert_eq!(l.installed_version, l.new_version, "{name}");
    }
    assert_eq!(u.packages.len(), 3, "{:?}", u.packages);
    assert_ne!(env.lock(), before, "the lock moved on");
    assert_eq!(u.saved.bytes.as_deref(), Some(before.as_bytes()));

    // Cancel before the upgrade: the lock as it was, byte for byte.
    let back = env
        .run(Operation::RestoreLock {
            saved: u.saved.clone(),
        })
        .await;
    assert!(back.is_ok(), "{:?}", back.err());
    assert_eq!(env.lock(), before);

    // Cancelled while it runs, once Nix has written the new lock: the old
    // one is put back.
    let id = env.queue.submit(Operation::UpdateFolder {
        dir: env.frozen.clone(),
    });
    let mut ticks = tokio::time::interval(Duration::from_millis(2));
    let result = loop {
        tokio::select! {
            event = env.next() => {
                if let (true, OpEvent::Finished(result)) = (event.id == id, event.event) {
                    break result;
                }
            }
            _ = ticks.tick() => {
                if std::fs::read(env.frozen.join("flake.lock")).ok().as_deref() != Some(before.as_bytes()) {
                    env.queue.cancel(id);
                    break env.finish(id).await;
                }
            }
        }
    };
    match result {
        Err(failed) => assert!(matches!(failed.error, Error::Cancelled), "{}", failed.error),
        Ok(_) => panic!("the update ended before the cancel"),
    }
    assert_eq!(env.lock(), before, "a cancelled update leaves the lock");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_package_from_a_new_input_gets_its_lock_and_goes_again() {
    let mut env = Env::new("update-lock-folder").await;
    let flake_before = env.flake();
    let lock_before = env.lock();
    let next = FlakeRef::parse(&format!("git+file://{}?ref=next", env.f.repo.display())).unwrap();
    let addition = Addition {
        package: Package {
            name: "hello-next".into(),
            input: "pkgs-next".into(),
            base: AttrBase::PerSystem("legacyPackages".into()),
            attr: vec!["hello".into()],
            outputs: Outputs::Default,
            priority: 6,
            pname: "hello".into(),
            version: Some(NEXT_HELLO_VERSION.into()),
            guessed: false,
            store_paths: Vec::new(),
            source: "pkgs-git, branch next".into(),
        },
        input_url: next,
    };
    let added = add_package(&flake_before, &addition).expect("the edit");
    std::fs::write(env.frozen.join("flake.nix"), &added).unwrap();
    let locked = env
        .run(Operation::LockFolder {
            dir: env.frozen.clone(),
        })
        .await;
    assert!(locked.is_ok(), "{:?}", locked.err());
    let lock: serde_json::Value = serde_json::from_str(&env.lock()).unwrap();
    assert!(
        lock["nodes"]["pkgs-next"]["locked"]["rev"].is_string(),
        "{lock}"
    );
    let staged = env.git(&env.frozen, &["diff", "--cached", "--name-only"]);
    assert!(
        staged.contains("flake.nix") && staged.contains("flake.lock"),
        "{staged}"
    );

    // Nix reads the new package from the folder, as Git shows it.
    let dir = env.frozen.display().to_string();
    let attr = format!("{dir}#packages.{}.hello-next.version", env.f.system);
    let version = env
        .f
        .sandbox
        .nix(&["eval", "--raw", &attr])
        .expect("nix eval");
    assert_eq!(version.trim(), NEXT_HELLO_VERSION);

    let removed = remove_package(&added, "hello-next").expect("the edit");
    assert_eq!(removed, flake_before);
    std::fs::write(env.frozen.join("flake.nix"), &removed).unwrap();
    let locked = env
        .run(Operation::LockFolder {
            dir: env.frozen.clone(),
        })
        .await;
    assert!(locked.is_ok(), "{:?}", locked.err());
    assert_eq!(env.lock(), lock_before);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_package_from_a_terminal_goes_into_the_flake_and_undo_takes_it_back() {
    let mut env = Env::new("managed-add-to-flake").await;
    env.adopt().await;
    // A person's own comment, committed.
    let flake_nix = env.frozen.join("flake.nix");
    let comment = "  # Mine: keep this line exactly as it is.  é\n";
    let text = env.flake();
    let at = text.find("  outputs").expect("outputs");
    let mine = format!("{}{comment}{}", &text[..at], &text[at..]);
    std::fs::write(&flake_nix, &mine).unwrap();
    env.git(&env.frozen, &["commit", "-q", "-a", "-m", "my comment"]);
    let lock = env.lock();

    let cowsay = format!("git+file://{}#cowsay", env.f.repo.display());
    env.install_from_terminal(&cowsay);
    let drifted = env.element("cowsay");
    let generation = env.generation();
    let managed = managed_state_on_disk(&env.elements()).expect("managed");
    assert!(managed.not_in_flake.contains(&"cowsay".to_owned()));

    let done = env
        .run(Operation::AddToFlake {
            profile: env.f.profile.clone(),
            dir: env.frozen.clone(),
            name: "cowsay".into(),
        })
        .await
        .unwrap_or_else(|f| panic!("add to flake: {}", f.error));
    let added = env.flake();
    assert!(added.contains(comment), "{added}");
    assert!(added.contains("cowsay = "), "{added}");
    assert_ne!(env.lock(), "", "locked");
    assert_eq!(env.last_commit(), "Add cowsay 3.7.0");
    assert_eq!(env.git(&env.frozen, &["status", "--porcelain"]), "");
    assert_eq!(env.generation(), generation + 1, "one generation");
    let now = env.element("cowsay");
    assert_eq!(now.store_paths, drifted.store_paths, "same store paths");
    assert_eq!(element_folder(&now).as_deref(), Some(env.frozen.as_path()));
    let managed = managed_state_on_disk(&env.elements()).expect("managed");
    assert!(
        managed.in_flake.contains(&"cowsay".to_owned()),
        "{managed:?}"
    );
    assert!(managed.not_in_flake.is_empty(), "{managed:?}");
    // The lock pins the very revision cowsay was installed from.
    let rev = drifted
        .locked_ref
        .as_ref()
        .and_then(|r| r.to_url().split("rev=").nth(1).map(|r| r[..40].to_owned()))
        .expect("a locked revision");
    assert!(env.lock().contains(&rev), "{}", env.lock());

    // Undo: the files as they were, one more commit, cowsay from its own
    // source again.
    let undo = done.undo.expect("an Undo");
    assert!(matches!(undo, Operation::RevertManaged { .. }), "{undo:?}");
    env.undo_to(undo, (&mine, &lock), "Remove cowsay", generation + 2)
        .await;
    let back = env.element("cowsay");
    assert_eq!(back.store_paths, drifted.store_paths);
    assert_eq!(back.original_ref, drifted.original_ref);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_store_path_install_cannot_go_into_the_flake_and_nothing_changes() {
    let mut env = Env::new("managed-add-store-path").await;
    env.adopt().await;
    let cowsay = format!("git+file://{}#cowsay", env.f.repo.display());
    let built = env
        .f
        .sandbox
        .nix(&["build", "--no-link", "--print-out-paths", &cowsay])
        .expect("nix build");
    env.install_from_terminal(built.trim());
    let (flake, lock, generation) = (env.flake(), env.lock(), env.generation());
    let head = env.git(&env.frozen, &["rev-parse", "HEAD"]);
    let failed = env
        .run(Operation::AddToFlake {
            profile: env.f.profile.clone(),
            dir: env.frozen.clone(),
            name: "cowsay".into(),
        })
        .await
        .expect_err("refused");
    assert!(
        matches!(&failed.error, Error::CannotAddToFlake { name, .. } if name == "cowsay"),
        "{:?}",
        failed.error
    );
    assert!(
        failed
            .error
            .to_string()
            .contains("installed from a store path"),
        "{}",
        failed.error
    );
    assert_eq!(env.flake(), flake);
    assert_eq!(env.lock(), lock);
    assert_eq!(env.generation(), generation);
    assert_eq!(env.git(&env.frozen, &["rev-parse", "HEAD"]), head);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn undo_of_a_managed_remove_puts_back_the_files_and_the_package() {
    let mut env = Env::new("managed-remove-undo").await;
    env.adopt().await;
    let (flake, lock, generation) = (env.flake(), env.lock(), env.generation());
    let zip = env.element("7zip");
    let remove = Operation::RemoveFromManaged {
        profile: env.f.profile.clone(),
        dir: env.frozen.clone(),
        names: vec!["7zip".into()],
    };
    let done = env
        .run(remove.clone())
        .await
        .unwrap_or_else(|f| panic!("remove: {}", f.error));
    assert!(!env.flake().contains("7zip"), "{}", env.flake());
    assert_eq!(env.last_commit(), "Remove 7zip");
    assert!(!env.elements().iter().any(|e| e.name == "7zip"));

    let undo = done.undo.expect("an Undo");
    env.undo_to(undo, (&flake, &lock), "Add back 7zip", generation + 2)
        .await;
    let back = env.element("7zip");
    assert_eq!(back.store_paths, zip.store_paths);
    assert_eq!(element_folder(&back).as_deref(), Some(env.frozen.as_path()));

    // A change to the profile after the remove: Undo refuses rather than
    // take it back too.
    let done = env
        .run(remove)
        .await
        .unwrap_or_else(|f| panic!("remove: {}", f.error));
    let (removed, generation) = (env.flake(), env.generation());
    env.install_from_terminal(&format!("git+file://{}#cowsay", env.f.repo.display()));
    let failed = env
        .run(done.undo.clone().expect("an Undo"))
        .await
        .expect_err("refused");
    assert!(
        matches!(failed.error, Error::ProfileChangedSince { then, now, .. } if then == generation && now == generation + 1),
        "{:?}",
        failed.error
    );
    assert_eq!(env.flake(), removed);
    assert_eq!(env.generation(), generation + 1);

    // An edit to flake.nix after the remove: Undo refuses and keeps it.
    let edited = format!("{}# mine\n", env.flake());
    std::fs::write(env.frozen.join("flake.nix"), &edited).unwrap();
    let generation = env.generation();
    let failed = env
        .run(done.undo.expect("an Undo"))
        .await
        .expect_err("refused");
    assert!(
        matches!(failed.error, Error::FolderChangedSince { .. }),
        "{:?}",
        failed.error
    );
    assert_eq!(env.flake(), edited);
    assert_eq!(env.generation(), generation);
}
