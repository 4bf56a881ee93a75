#!/usr/bin/env bash
# Long local fuzzing (hours), one harness at a time or one harness with -jobs:
#   tools/portlens-dev run tools/fuzz/run-long.sh [harness] [seconds per harness] [jobs]
# Default: every harness in turn, 1 hour each, 1 job (the machine is shared: keep jobs low).
# Findings land in build/fuzz-artifacts/<harness>/; the grown corpus in build/fuzz-work/<harness>/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
only=${1:-}; seconds=${2:-3600}; jobs=${3:-1}
cmake --preset fuzz >/dev/null && cmake --build --preset fuzz
# Seeds are made again when make-seeds.py changed since (a new harness gets its seeds).
if [ ! -f build/fuzz-seeds/.made ] || [ tools/fuzz/make-seeds.py -nt build/fuzz-seeds/.made ]; then
  rm -rf build/fuzz-seeds && python3 tools/fuzz/make-seeds.py --out build/fuzz-seeds && touch build/fuzz-seeds/.made
fi
for binary in build/fuzz/bin/fuzz_*; do
  harness=${binary##*/fuzz_}
  [ -z "$only" ] || [ "$only" = "$harness" ] || continue
  mkdir -p build/fuzz-work/$harness build/fuzz-artifacts/$harness
  options=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
           -artifact_prefix=build/fuzz-artifacts/$harness/ -jobs="$jobs" -workers="$jobs")
  [ -f tests/fuzz/dict/$harness.dict ] && options+=(-dict=tests/fuzz/dict/$harness.dict)
  inputs=(build/fuzz-work/$harness)
  for d in tests/fuzz/regressions/$harness build/fuzz-seeds/$harness; do [ -d "$d" ] && inputs+=("$d"); done
  echo "== fuzz_$harness for ${seconds}s"
  "$binary" "${options[@]}" "${inputs[@]}" || echo "fuzz_$harness stopped with a finding: see build/fuzz-artifacts/$harness/"
done
