#!/usr/bin/env bash
# gui-screenshot.sh: starts PortLens under Xvfb on the bundled sample capture, selects a
# flagged connection and saves a screenshot of the main window.
#
#   tools/portlens-dev run tools/gui-screenshot.sh [output.png] [capture...]
#
# Defaults: resources/screenshots/main-window.png (first flagged connection, SSH on 443, hex
# payload) and, next to it, payload-http.png (second flagged, HTTP on 22: the highlighted
# conversation), on the sample capture. PORTLENS_SHOT_FLAGGED=n picks another flagged row for
# a single custom output. Needs xvfb-run (in
# the build root). The window grabs itself (--screenshot), so no X screenshot tool is needed.
set -euo pipefail
checkout=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
preset=${PORTLENS_PRESET:-dev}
defaults=$(( $# == 0 ))
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
shoot() { # output nth-flagged
  XDG_CONFIG_HOME="$config" QT_QPA_PLATFORM=xcb \
    xvfb-run -a -s "-screen 0 1400x900x24" \
    "$binary" -geometry 1360x860+0+0 --screenshot "$1" --select-flagged "$2" "${captures[@]}"
  echo "gui-screenshot: saved $1"
}
shoot "$out" "${PORTLENS_SHOT_FLAGGED:-1}"
if [ "$defaults" = 1 ] && [ -z "${PORTLENS_SHOT_FLAGGED:-}" ]; then
  shoot "$(dirname "$out")/payload-http.png" 2
fi
