#!/usr/bin/env bash
# Makes sure the tests that drive Stripe's own tools have them, each pinned
# below and under a git-ignored folder of its own in .data/npm (npm prunes
# what a prefix's other installs did not ask for; axe-core, which
# ensure-browser.sh installs, lives in .data/npm itself):
#  - the real Stripe CLI, npm's @stripe/cli, whose platform package carries
#    the binary (web/stripecli_test.go), in .data/npm/stripe-cli;
#  - the official stripe-node package, for the unchanged Node shop
#    (cmd/till/nodeapp_test.go), in .data/npm/stripe-node.
# Node and npm come from Debian's npm package when missing and running as
# root. Prints nothing when everything is already there.
# Usage from the repository root or anywhere: web/testdata/ensure-npm-tools.sh
set -euo pipefail

STRIPE_CLI_VERSION=1.52.0
STRIPE_NODE_VERSION=23.1.0

root=$(cd "$(dirname "$0")/../.." && pwd)

# ensure FOLDER PACKAGE VERSION installs PACKAGE@VERSION under
# .data/npm/FOLDER unless that version is there.
ensure() {
  local prefix="$root/.data/npm/$1" package=$2 version=$3
  local manifest="$prefix/node_modules/$package/package.json"
  if command -v node >/dev/null && [[ -f $manifest ]] && grep -q "\"version\": \"$version\"" "$manifest"; then
    return
  fi
  if ! command -v npm >/dev/null || ! command -v node >/dev/null; then
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
      echo "node or npm is not installed: installing Debian's npm package" >&2
      apt-get update -qq >&2
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >&2
    else
      echo "node or npm is missing: the tests need $package $version from npm." >&2
      echo "Install npm (Debian/Ubuntu: sudo apt-get install npm) and run again." >&2
      exit 1
    fi
  fi
  echo "Installing $package $version under .data/npm/$1" >&2
  mkdir -p "$prefix"
  npm install --no-save --no-audit --no-fund --loglevel=error --prefix "$prefix" "$package@$version" >&2
}

ensure stripe-cli @stripe/cli "$STRIPE_CLI_VERSION"
ensure stripe-node stripe "$STRIPE_NODE_VERSION"
