#!/usr/bin/env bash
# Install the Debian packages the tests use, when missing: bubblewrap (sandbox for graded kernels)
# and chromium (end-to-end tests in a real browser), with CJK fonts for its screenshots. Needs root or sudo and apt-get; otherwise it
# says what is missing and leaves the tests to skip what needs it.
set -u
want=()
command -v bwrap >/dev/null 2>&1 || want+=(bubblewrap)
command -v chromium >/dev/null 2>&1 || want+=(chromium)
# Fonts for the browser tests' screenshots (Chinese text and symbols instead of empty boxes).
[ -d /usr/share/fonts/opentype/noto ] || want+=(fonts-noto-cjk)
[ ${#want[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "system-deps: no apt-get here; missing ${want[*]} (tests that need them will be skipped)"; exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo -n"; else
    echo "system-deps: not root; missing ${want[*]} (install them with apt-get, or tests that need them are skipped)"; exit 0
  fi
fi
echo "system-deps: installing ${want[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q >/dev/null && $sudo apt-get install -y -q --no-install-recommends "${want[@]}" >/dev/null \
  || echo "system-deps: apt-get could not install ${want[*]} (tests that need them will be skipped)"
