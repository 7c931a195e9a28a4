//! The source of the local flakes the fixture profile installs from. They
//! build with `/bin/sh` and coreutils only, so Nix needs no network.

/// A nixpkgs-like flake: `legacyPackages.<system>.*`, with a command-line
/// tool, an app (desktop file, icon, metainfo), a package with several
/// outputs, an attribute that needs quoting and a nested attribute path.
/// `@SYSTEM@` and `@EXTRA@` (more attributes, to make a second revision) are
/// replaced before writing.
pub const NIXPKGS_FLAKE: &str = r##"{
  description = "Offline stand-in for nixpkgs, for Frost's tests";
  outputs = { self }:
    let
      system = "@SYSTEM@";
      mk = { pname, version, outputs ? [ "out" ], script, description ? "The ${pname} test package" }:
        (derivation {
          name = "${pname}-${version}";
          inherit system outputs;
          builder = "/bin/sh";
          PATH = "/usr/bin:/bin";
          args = [ "-c" script ];
        }) // {
          inherit pname version;
          meta = { inherit description; outputsToInstall = [ "out" ]; };
        };
      tool = pname: version: cmd: mk {
        inherit pname version;
        script = ''
          mkdir -p $out/bin
          printf '#!/bin/sh\necho "${pname} ${version}"\n' > $out/bin/${cmd}
          chmod +x $out/bin/${cmd}
        '';
      };
    in {
      legacyPackages.${system} = {
        hello = tool "hello" "2.12.1" "hello";
        "7zip" = tool "7zip" "24.08" "7z";
        cowsay = tool "cowsay" "3.7.0" "cowsay";
        python3Packages.pip = tool "python3.12-pip" "24.0" "pip";
        multi = mk {
          pname = "multi";
          version = "1.0";
          outputs = [ "out" "man" "dev" ];
          script = ''
            mkdir -p $out/bin $man/share/man/man1 $dev/include
            printf '#!/bin/sh\necho multi\n' > $out/bin/multi
            chmod +x $out/bin/multi
            echo '.TH MULTI 1' > $man/share/man/man1/multi.1
            echo '/* multi */' > $dev/include/multi.h
          '';
        };
        painter = mk {
          pname = "painter";
          version = "3.0.1";
          description = "Paint pictures";
          script = ''
            mkdir -p $out/bin $out/share/applications $out/share/metainfo
            mkdir -p $out/share/icons/hicolor/scalable/apps $out/share/icons/hicolor/48x48/apps
            printf '#!/bin/sh\necho painter\n' > $out/bin/painter
            chmod +x $out/bin/painter
            cat > $out/share/applications/org.example.Painter.desktop <<EOF
          [Desktop Entry]
          Type=Application
          Name=Painter
          Comment=Paint pictures and edit photos
          Exec=painter %U
          Icon=org.example.Painter
          Categories=Graphics;2DGraphics;
          EOF
            cat > $out/share/icons/hicolor/scalable/apps/org.example.Painter.svg <<EOF
          <svg xmlns="http://www.w3.org/2000/svg" width="128" height="128" viewBox="0 0 128 128">
            <rect x="8" y="8" width="112" height="112" rx="24" fill="#3584e4"/>
            <circle cx="64" cy="64" r="32" fill="#f6d32d"/>
          </svg>
          EOF
            cat > $out/share/metainfo/org.example.Painter.metainfo.xml <<EOF
          <?xml version="1.0" encoding="UTF-8"?>
          <component type="desktop-application">
            <id>org.example.Painter</id>
            <name>Painter</name>
            <summary>Paint pictures and edit photos</summary>
          </component>
          EOF
          '';
        };
        @EXTRA@
      };
    };
}
"##;

/// What the second revision of the nixpkgs-like flake adds.
pub const NIXPKGS_REV2_EXTRA: &str = r#"figlet = tool "figlet" "2.2.5" "figlet";"#;

/// A flake in a Git repository (`git+file:`) with its own, newer `hello`.
pub const TOOL_FLAKE: &str = r#"{
  description = "A tool developed locally, for Frost's tests";
  outputs = { self }:
    let
      system = "@SYSTEM@";
      hello = (derivation {
        name = "hello-2.13";
        inherit system;
        builder = "/bin/sh";
        PATH = "/usr/bin:/bin";
        args = [ "-c" "mkdir -p $out/bin; printf '#!/bin/sh\\necho hello 2.13\\n' > $out/bin/hello; chmod +x $out/bin/hello" ];
      }) // { meta.description = "A newer hello, from a Git checkout"; };
    in {
      packages.${system} = { inherit hello; default = hello; };
    };
}
"#;
