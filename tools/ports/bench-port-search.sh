#!/usr/bin/env bash
# bench-port-search.sh: load and search timings of the port reference, from a release build.
# Run it where the build runs:  tools/portlens-dev run tools/ports/bench-port-search.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
preset=${PORTLENS_BENCH_PRESET:-dev} # dev is optimised too; release needs a second full build
[ -f "build/$preset/build.ninja" ] || cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" --target bench-port-search
"build/$preset/bin/bench-port-search"
