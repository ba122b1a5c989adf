#!/usr/bin/env bash
# usage: tools/find-python.sh X.Y [X.Y ...] — print the path of the first working interpreter of one
# of the given Python versions, or nothing (exit 1). Tries python3 (when it is one of them), then
# pythonX.Y on PATH, then pyenv's and the usual install folders (pyenv shims of a version that is
# not selected are on PATH but do not run, so every candidate is run once to be sure).
set -u
runs_as() {  # runs_as INTERPRETER X.Y: it starts and is that version
  [ -x "$1" ] || command -v "$1" >/dev/null 2>&1 || return 1
  [ "$("$1" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)" = "$2" ]
}
for v in "$@"; do
  if runs_as python3 "$v"; then command -v python3; exit 0; fi
done
for v in "$@"; do
  for c in "python$v" "${PYENV_ROOT:-$HOME/.pyenv}"/versions/"$v"*/bin/"python$v" \
           /usr/local/bin/"python$v" /usr/bin/"python$v" /opt/homebrew/bin/"python$v"; do
    if runs_as "$c" "$v"; then
      case "$c" in /*) echo "$c" ;; *) command -v "$c" ;; esac
      exit 0
    fi
  done
done
exit 1
