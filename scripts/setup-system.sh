#!/usr/bin/env bash
# Install the Debian packages a group of targets needs, only those that are missing.
#   setup-system.sh build   what building needs: WeasyPrint's libraries, the theme fonts, the diagram
#                           renderers' Graphviz, Chromium and Node.js (make)
#   setup-system.sh tools   what checking and previewing need: poppler, qpdf, LibreOffice, Chromium
#                           (make check, make preview, make test)
# As root it runs apt-get; otherwise it prints the exact command and fails,
# so `make` never half-works on a machine without Pango or the theme fonts.
set -euo pipefail

group="${1:-build}"
case "$group" in
  build)
    packages=(
      # WeasyPrint: Pango text layout, HarfBuzz subsetting, Cairo for SVG figures in the deck
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 libcairo2 fontconfig
      # The shipped themes' fonts (Calibri-, Cambria-, Arial-metric) and every script + emoji
      fonts-crosextra-carlito fonts-crosextra-caladea fonts-liberation2 fonts-dejavu-core
      fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji
      # Diagrams: Graphviz's dot, and Chromium for Mermaid's renderer (node_modules/, by npm)
      graphviz chromium
    )
    if ! command -v npm >/dev/null 2>&1; then
      packages+=(nodejs npm)
    fi
    if ! "${PYTHON:-python3}" -c 'import venv, ensurepip' 2>/dev/null; then
      packages+=(python3-venv)
    fi
    ;;
  tools)
    # pdftoppm/pdffonts, qpdf, LibreOffice Impress (slides as PowerPoint shows them), Chromium
    packages=(poppler-utils qpdf libreoffice-impress chromium)
    ;;
  *)
    echo "setup: unknown group '$group' (use build or tools)" >&2
    exit 2
    ;;
esac

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

command="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "setup: these system packages are missing: ${missing[*]}" >&2
  echo "setup: run as root, then run make again:" >&2
  echo "  sudo apt-get update && sudo $command" >&2
  exit 1
fi
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
$command -q
fc-cache -f >/dev/null
