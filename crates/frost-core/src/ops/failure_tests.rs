//! The messages here are Nix's and Nixpkgs' own: the conflict and build
//! failure as Nix 2.26 printed them on this machine, the others as the
//! sources write them (Nixpkgs' pkgs/stdenv/generic/check-meta.nix, Nix's
//! src/libstore/builtins/buildenv.hh, curl's texts via Nix's filetransfer).

use super::*;

const CONFLICT_2_26: &str = "\u{1b}[31;1merror:\u{1b}[0m An existing package already provides the following file:\n\n         \u{1b}[35;1m/nix/store/w2yl4jy4dnh6d38l16507hjjdwfsfy4y-cowsay-3.7.0/bin/cowsay\u{1b}[0m\n\n       This is the conflicting file from the new package:\n\n         \u{1b}[35;1m/nix/store/4fjzczxdvv5f5dy11i714akxrqvsmfpb-cowsay-3.8.0/bin/cowsay\u{1b}[0m\n\n       To remove the existing package:\n\n         nix profile remove \u{1b}[35;1mcowsay\u{1b}[0m\n\n       The new package can also be installed next to the existing one by assigning a different priority.\n       The conflicting packages have a priority of \u{1b}[35;1m5\u{1b}[0m.\n       To prioritise the new package:\n\n         nix profile install \u{1b}[35;1mpath:/tmp/x/src/trouble#legacyPackages.x86_64-linux.cowsay2\u{1b}[0m --priority \u{1b}[35;1m4\u{1b}[0m\n";

fn diagnosis(message: &str) -> Option<Diagnosis> {
    explain(message).map(|e| e.diagnosis)
}

#[test]
fn a_file_conflict_names_the_file_the_packages_and_the_priorities() {
    let explanation = explain(CONFLICT_2_26).expect("explained");
    assert_eq!(
        explanation.diagnosis,
        Diagnosis::FileConflict {
            file: Some("bin/cowsay".into()),
            existing: Some("cowsay-3.7.0".into()),
            new: Some("cowsay-3.8.0".into()),
            existing_element: Some("cowsay".into()),
            priority: Some(5),
        }
    );
    assert_eq!(explanation.suggested_priorities(), Some((4, 6)));
    let text = &explanation.text;
    for part in [
        "bin/cowsay",
        "cowsay-3.7.0",
        "cowsay-3.8.0",
        "priority 4",
        "priority 6",
        "remove cowsay",
    ] {
        assert!(text.contains(part), "{part:?} in {text}");
    }
}

#[test]
fn older_conflict_messages_are_recognised_too() {
    let buildenv = "Unable to build profile. There is a conflict for the following files:\n\n  /nix/store/w2yl4jy4dnh6d38l16507hjjdwfsfy4y-cowsay-3.7.0/bin/cowsay\n  /nix/store/4fjzczxdvv5f5dy11i714akxrqvsmfpb-cowsay-3.8.0/bin/cowsay";
    let nix_env = "collision between `/nix/store/w2yl4jy4dnh6d38l16507hjjdwfsfy4y-cowsay-3.7.0/bin/cowsay' and `/nix/store/4fjzczxdvv5f5dy11i714akxrqvsmfpb-cowsay-3.8.0/bin/cowsay'";
    for message in [buildenv, nix_env] {
        let explanation = explain(message).expect("explained");
        let Diagnosis::FileConflict {
            file,
            existing,
            new,
            priority,
            ..
        } = &explanation.diagnosis
        else {
            panic!("{:?}", explanation.diagnosis);
        };
        assert_eq!(file.as_deref(), Some("bin/cowsay"));
        assert_eq!(existing.as_deref(), Some("cowsay-3.7.0"));
        assert_eq!(new.as_deref(), Some("cowsay-3.8.0"));
        assert_eq!(*priority, None);
        assert!(explanation.text.contains("another priority"));
    }
}

#[test]
fn packages_nixpkgs_refuses_are_explained() {
    let unfree = "error: Package ‘google-chrome-102.0.5005.61’ in /nix/store/vrkp5raqkgiaa3xs62i8pm53hc8qrg5s-nixpkgs/pkgs/applications/networking/browsers/google-chrome/default.nix:162 has an unfree license (‘unfree’), refusing to evaluate.\n\n       a) To temporarily allow unfree packages, you can use an environment variable";
    assert_eq!(
        diagnosis(unfree),
        Some(Diagnosis::Unfree {
            package: Some("google-chrome-102.0.5005.61".into()),
            license: Some("unfree".into()),
        })
    );
    let text = explain(unfree).unwrap().text;
    assert!(text.contains("NIXPKGS_ALLOW_UNFREE=1") && text.contains("--impure"));

    let broken = "error: Package ‘foo-1.0’ in /nix/store/x/default.nix:10 is marked as broken, refusing to evaluate.";
    assert_eq!(
        diagnosis(broken),
        Some(Diagnosis::Broken {
            package: Some("foo-1.0".into())
        })
    );
    let insecure = "error: Package ‘openssl-1.1.1w’ in /nix/store/x/default.nix:1 is marked as insecure, refusing to evaluate.";
    assert!(matches!(
        diagnosis(insecure),
        Some(Diagnosis::Insecure { package: Some(p) }) if p == "openssl-1.1.1w"
    ));
    let unsupported = "error: Package ‘iterm2-3.5’ in /nix/store/x/default.nix:5 is not available on the requested hostPlatform:\n         hostPlatform.config = \"x86_64-unknown-linux-gnu\"";
    assert!(matches!(
        diagnosis(unsupported),
        Some(Diagnosis::UnsupportedSystem { package: Some(p) }) if p == "iterm2-3.5"
    ));
}

#[test]
fn network_and_disk_trouble_are_told_apart() {
    for message in [
        "unable to download 'https://cache.nixos.org/nix-cache-info': Couldn't resolve host name (6)",
        "unable to download 'https://github.com/NixOS/nixpkgs/archive/x.tar.gz': Could not resolve host: github.com (6)",
        "unable to download 'https://cache.example/x': Timeout was reached (28)",
        "fatal: unable to access 'https://github.com/a/b/': Failed to connect to github.com port 443",
    ] {
        assert_eq!(diagnosis(message), Some(Diagnosis::NoNetwork), "{message}");
    }
    assert_eq!(
        diagnosis("error: writing to file: No space left on device"),
        Some(Diagnosis::DiskFull)
    );
    // A download that the server refused is not a network failure.
    assert_eq!(
        diagnosis("unable to download 'https://example.org/x': HTTP error 404"),
        None
    );
}

#[test]
fn a_failed_build_names_the_package_in_both_wordings() {
    let nix_2_26 = "\u{1b}[31;1merror:\u{1b}[0m \u{1b}[35;1m\u{1b}[0mbuilder for '\u{1b}[35;1m/nix/store/6bs990pyb7ya484j8129q5jyadzpw14y-broken-1.0.drv\u{1b}[0m' failed with exit code 2\u{1b}[0m";
    let newer = "error: Cannot build '/nix/store/6bs990pyb7ya484j8129q5jyadzpw14y-broken-1.0.drv'.\n       Reason: builder failed with exit code 2.\n       Output paths:\n         /nix/store/wxpxl5abpxrr4ljnwj100nhijnbn2riz-broken-1.0\n       Last 1 log lines:\n       > it broke";
    for message in [nix_2_26, newer] {
        let explanation = explain(message).expect("explained");
        assert_eq!(
            explanation.diagnosis,
            Diagnosis::BuildFailed {
                package: Some("broken".into()),
                exit_code: Some(2)
            }
        );
        assert!(explanation.text.contains("broken failed to build"));
        assert!(explanation.text.contains("exit code 2"));
    }
}

#[test]
fn a_missing_attribute_names_what_was_typed() {
    let message = "error: flake 'path:/tmp/x' does not provide attribute 'packages.x86_64-linux.helo', 'legacyPackages.x86_64-linux.helo' or 'helo'";
    assert_eq!(
        diagnosis(message),
        Some(Diagnosis::NoSuchPackage {
            name: Some("helo".into())
        })
    );
    assert_eq!(
        diagnosis("error: opening lock file '/p/profile.lock': Permission denied"),
        Some(Diagnosis::PermissionDenied)
    );
}

#[test]
fn unknown_messages_get_no_explanation() {
    for message in [
        "",
        "error: undefined variable 'x'",
        "Package ‘",
        "collision between",
        "builder for 'x",
        "does not provide attribute",
        "’)‘",
    ] {
        let _ = explain(message);
    }
    assert_eq!(diagnosis("error: undefined variable 'x'"), None);
    assert_eq!(diagnosis(""), None);
}
