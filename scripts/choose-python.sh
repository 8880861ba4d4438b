#!/usr/bin/env bash
# The Python the virtual environment is made with: on Linux the distribution's own (/usr/bin/python3,
# or SYSTEM_PYTHON) when it is 3.11 or newer and can make a virtual environment, else python3 on PATH.
# Distributions build CPython with profile-guided and link-time optimisation; a default pyenv
# build has neither, and the same builds run 8-35 % slower on it (see docs/performance.md).
set -euo pipefail

usable() {
  "$1" -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 11))' 2>/dev/null
}

# Linux only: on macOS /usr/bin/python3 is a stub that may ask to install the developer tools.
system="${SYSTEM_PYTHON:-/usr/bin/python3}"
if [ "$(uname -s)" = Linux ] && [ -x "$system" ] && usable "$system"; then
  echo "$system"
else
  echo python3
fi
