#!/usr/bin/env bash
# Makes sure the Stripe CLI tests (web/stripecli_test.go) have the real
# Stripe CLI: npm's @stripe/cli (pinned below), whose platform package
# (@stripe/cli-linux-x64, …) carries the binary, under the git-ignored
# .data/npm/stripe-cli, with Debian's npm package installed first when npm is
# missing and running as root. Prints nothing when it is already there.
# Usage from the repository root or anywhere: web/testdata/ensure-stripe-cli.sh
set -euo pipefail

STRIPE_CLI_VERSION=1.52.0

root=$(cd "$(dirname "$0")/../.." && pwd)
# A prefix of its own: npm prunes what a prefix's other installs did not ask
# for, and axe-core (ensure-browser.sh) lives in .data/npm.
prefix="$root/.data/npm/stripe-cli"
pkg="$prefix/node_modules/@stripe/cli/package.json"
if [[ -x $prefix/node_modules/.bin/stripe ]] && [[ -f $pkg ]] && grep -q "\"version\": \"$STRIPE_CLI_VERSION\"" "$pkg"; then
  exit 0
fi
if ! command -v npm >/dev/null; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "npm is not installed: installing Debian's npm package" >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >&2
  else
    echo "npm is missing: the Stripe CLI tests need @stripe/cli $STRIPE_CLI_VERSION from npm." >&2
    echo "Install npm (Debian/Ubuntu: sudo apt-get install npm) and run again." >&2
    exit 1
  fi
fi
echo "Installing the Stripe CLI $STRIPE_CLI_VERSION under .data/npm/stripe-cli" >&2
mkdir -p "$prefix"
npm install --no-save --no-audit --no-fund --loglevel=error --prefix "$prefix" "@stripe/cli@$STRIPE_CLI_VERSION" >&2
