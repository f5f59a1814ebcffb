#!/usr/bin/env bash
# CI for the Python package (called from .ci/run): Debian's Python with
# pytest, pandas, networkx and mypy (apt, installed when missing: PyPI is not
# needed), the engine built (`npm run build` -> dist/src/cli/main.js), a venv
# that sees the system packages, the package installed from python/ with pip,
# `mypy --strict`, then the pytest suite. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=/usr/bin/python3
if ! "$PY" -c 'import ensurepip, pytest, pandas, networkx, setuptools, mypy' 2>/dev/null; then
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq python3 python3-venv python3-pip python3-setuptools python3-pytest python3-pandas python3-networkx mypy >/dev/null
fi
npm run build --silent
VENV="${SOMBRA_PY_VENV:-python/.venv}"
[ -x "$VENV/bin/python" ] || "$PY" -m venv --system-site-packages "$VENV"
VENV_PY="$(cd "$VENV" && pwd)/bin/python"
"$VENV_PY" -m pip install -q --no-build-isolation --no-index --force-reinstall --no-deps ./python
# The package promises types (py.typed): check them strictly.
(cd python && "$PY" -m mypy --strict --ignore-missing-imports sombra)
# Run from tests/ so `import sombra` finds the installed package, not the source tree.
cd python/tests
"$VENV_PY" -m pytest -q
