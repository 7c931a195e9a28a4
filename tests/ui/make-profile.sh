#!/bin/bash
# Builds a real Nix profile of small fake packages, offline, for the UI tests
# and for screenshots: make-profile.sh DIR  ->  DIR/profile
# Everything Nix writes besides the store (HOME, XDG dirs, the flake) stays
# inside DIR, so the machine's own profile is never touched.
set -euo pipefail

dir=${1:?usage: make-profile.sh DIR}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

export HOME="$dir/home" XDG_STATE_HOME="$dir/state" XDG_CACHE_HOME="$dir/cache" \
  XDG_CONFIG_HOME="$dir/config" XDG_DATA_HOME="$dir/data"
export NIX_CONFIG=$'experimental-features = nix-command flakes\nsandbox = false\nsubstituters ='
mkdir -p "$HOME" "$XDG_STATE_HOME" "$XDG_CACHE_HOME" "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$dir/flake"

system=$(nix eval --impure --raw --expr builtins.currentSystem)

# Each package installs one script under its own name, so no two packages
# provide the same file and the profile builds without priority conflicts.
cat > "$dir/flake/flake.nix" <<NIX
{
  outputs = { self }:
    let
      mk = pname: version: derivation {
        name = if version == null then pname else "\${pname}-\${version}";
        system = "$system";
        builder = "/bin/sh";
        args = [ "-c" "PATH=/usr/bin:/bin; mkdir -p \$out/bin; printf '#!/bin/sh\\\\necho %s\\\\n' \${pname} > \$out/bin/\${pname}; chmod +x \$out/bin/\${pname}" ];
      };
    in {
      packages.$system = {
        hello = mk "hello" "2.12.1";
        ripgrep = mk "ripgrep" "14.1.0";
        frost-demo-tool = mk "frost-demo-tool" "0-unstable-2024-05-12";
        unversioned = mk "unversioned" null;
      };
    };
}
NIX

nix profile install --profile "$dir/profile" \
  "path:$dir/flake#hello" "path:$dir/flake#ripgrep" \
  "path:$dir/flake#frost-demo-tool" "path:$dir/flake#unversioned" >&2
echo "$dir/profile"
