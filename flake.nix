# Frost from Nix itself:
#   nix run github:nixfrost/frost                 # the app
#   nix profile add github:nixfrost/frost#frost-cli   # the `frost` command alone, no GTK
#   nix develop                                   # a shell to build and test Frost
#
# Frost drives the user's own `nix` (the one on PATH, as a terminal would
# find it): the packages do not bundle Nix, so Frost never runs a Nix
# other than the one that owns the profile.
#
# No flake.lock is committed on purpose: the machines Frost is developed on
# have no access to GitHub, so a lock could not be made or checked there.
# The first `nix run`/`nix build` writes one (or pass --no-write-lock-file).
{
  description = "Frost: see, manage and freeze your Nix profile";

  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";

  outputs =
    { self, nixpkgs }:
    let
      inherit (nixpkgs) lib;
      systems = [
        "x86_64-linux"
        "aarch64-linux"
      ];
      forAllSystems =
        f:
        lib.genAttrs systems (
          system:
          f {
            inherit system;
            pkgs = nixpkgs.legacyPackages.${system};
          }
        );
      # One version: the workspace's, which Meson and the metainfo repeat.
      version = (builtins.fromTOML (builtins.readFile ./Cargo.toml)).workspace.package.version;
      src = lib.cleanSource ./.;
      cargoLock.lockFile = ./Cargo.lock;

      meta = {
        description = "See, manage and freeze your Nix profile";
        homepage = "https://github.com/nixfrost/frost";
        license = lib.licenses.gpl3Plus;
        platforms = lib.platforms.linux;
      };
    in
    {
      packages = forAllSystems ({ pkgs, ... }: {
        # The GNOME app and the `frost` command, installed by Meson with
        # the launcher, metainfo, icons, settings schema and translations.
        default = pkgs.stdenv.mkDerivation {
          pname = "frost";
          inherit version src;
          cargoDeps = pkgs.rustPlatform.importCargoLock cargoLock;
          # Meson runs these scripts itself; the build has no /usr/bin/env.
          postPatch = ''
            patchShebangs build-aux scripts
          '';
          nativeBuildInputs = with pkgs; [
            meson
            ninja
            pkg-config
            rustPlatform.cargoSetupHook
            cargo
            rustc
            wrapGAppsHook4
            desktop-file-utils
            appstream
            gettext
            glib
          ];
          buildInputs = with pkgs; [
            gtk4
            libadwaita
          ];
          meta = meta // {
            mainProgram = "frost-gui";
          };
        };

        # `frost` alone: no GTK, for headless machines.
        frost-cli = pkgs.rustPlatform.buildRustPackage {
          pname = "frost-cli";
          inherit version src cargoLock;
          cargoBuildFlags = [
            "-p"
            "frost-cli"
          ];
          # The tests run real `nix` on temporary profiles: not inside a
          # Nix build.
          doCheck = false;
          meta = meta // {
            mainProgram = "frost";
          };
        };
      });

      devShells = forAllSystems ({ pkgs, system }: {
        default = pkgs.mkShell {
          inputsFrom = [ self.packages.${system}.default ];
          packages = with pkgs; [
            clippy
            rustfmt
            rust-analyzer
          ];
        };
      });
    };
}
