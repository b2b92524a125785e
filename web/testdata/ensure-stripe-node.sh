#!/usr/bin/env bash
# Makes sure the stripe-node test (cmd/till/nodeapp_test.go) has what it
# needs: Node and npm (Debian's npm package, which brings nodejs, installed
# when npm is missing and running as root) and the official `stripe` npm
# package (pinned below) under the git-ignored .data/npm/stripe-node.
# Prints nothing when it is already there.
# Usage from the repository root or anywhere: web/testdata/ensure-stripe-node.sh
set -euo pipefail

STRIPE_NODE_VERSION=23.1.0

root=$(cd "$(dirname "$0")/../.." && pwd)
# A prefix of its own: npm prunes what a prefix's other installs did not ask
# for (axe-core lives in .data/npm, the Stripe CLI in .data/npm/stripe-cli).
prefix="$root/.data/npm/stripe-node"
pkg="$prefix/node_modules/stripe/package.json"
if command -v node >/dev/null && [[ -f $pkg ]] && grep -q "\"version\": \"$STRIPE_NODE_VERSION\"" "$pkg"; then
  exit 0
fi
if ! command -v npm >/dev/null || ! command -v node >/dev/null; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "node or npm is not installed: installing Debian's npm package" >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >&2
  else
    echo "node or npm is missing: the stripe-node test needs stripe $STRIPE_NODE_VERSION from npm." >&2
    echo "Install npm (Debian/Ubuntu: sudo apt-get install npm) and run again." >&2
    exit 1
  fi
fi
echo "Installing stripe-node $STRIPE_NODE_VERSION under .data/npm/stripe-node" >&2
mkdir -p "$prefix"
npm install --no-save --no-audit --no-fund --loglevel=error --prefix "$prefix" "stripe@$STRIPE_NODE_VERSION" >&2
