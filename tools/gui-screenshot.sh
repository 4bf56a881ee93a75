#!/usr/bin/env bash
# gui-screenshot.sh: starts PortLens under Xvfb on the bundled sample capture, selects the
# first flagged connection and saves a screenshot of the main window.
#
#   tools/portlens-dev run tools/gui-screenshot.sh [output.png] [capture...]
#
# Defaults: resources/screenshots/main-window.png and the sample capture. Needs xvfb-run (in
# the build root). The window grabs itself (--screenshot), so no X screenshot tool is needed.
set -euo pipefail
checkout=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
preset=${PORTLENS_PRESET:-dev}
out=${1:-$checkout/resources/screenshots/main-window.png}
[ $# -gt 0 ] && shift
captures=("$@")
[ ${#captures[@]} -gt 0 ] || captures=("$checkout/resources/samples/portlens-sample.pcapng")
binary="$checkout/build/$preset/bin/portlens"
[ -x "$binary" ] || { echo "gui-screenshot: build first (tools/portlens-dev build)" >&2; exit 1; }
mkdir -p "$(dirname "$out")"

# A fresh settings folder: the picture shows the default layout, not the last session's.
config=$(mktemp -d)
trap 'rm -rf "$config"' EXIT
XDG_CONFIG_HOME="$config" QT_QPA_PLATFORM=xcb \
  xvfb-run -a -s "-screen 0 1400x900x24" \
  "$binary" -geometry 1360x860+0+0 --screenshot "$out" "${captures[@]}"
echo "gui-screenshot: saved $out"
