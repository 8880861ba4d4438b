#!/usr/bin/env bash
# The Python the virtual environment is made with: the distribution's own (/usr/bin/python3) when
# it is 3.11 or newer and can make a virtual environment, else python3 on PATH.
# Distributions build CPython with profile-guided and link-time optimisation; a default pyenv
# build has neither, and the same builds run 15-20 % slower on it (see README, Performance).
set -euo pipefail

usable() {
  "$1" -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 11))' 2>/dev/null
}

if [ -x /usr/bin/python3 ] && usable /usr/bin/python3; then
  echo /usr/bin/python3
else
  echo python3
fi
