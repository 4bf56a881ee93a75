#!/usr/bin/env bash
# gui-bench.sh: the desktop application's performance figures.
#
#   tools/portlens-dev run tools/gui-bench.sh            # ~1 GB capture, 1,000,000 rows
#   PORTLENS_GUI_BENCH_MB=200 tools/portlens-dev run tools/gui-bench.sh
#   tools/portlens-dev run tools/gui-bench.sh build/flood-syn.pcap   # only step 2, on these captures
#   PORTLENS_GUI_BENCH_ROW_LIMIT=100000 tools/portlens-dev run tools/gui-bench.sh build/flood-syn.pcap
#
# Captures on the command line (a flood from tools/make-flood.py, say) skip steps 1 and 3; the
# table's row limit is the default (1,000,000) unless PORTLENS_GUI_BENCH_ROW_LIMIT sets it.
#
# 1. Builds a large classic-pcap capture in build/scratch/ from the Ethernet captures of the
#    shared corpus (concatenated with mergecap, repeated up to the size; the same flows recur).
# 2. portlens-gui-bench stall: opens it in the real MainWindow (offscreen) and reports the largest
#    gap between 10 ms timer ticks on the GUI thread while the worker streams rows in (target:
#    under 50 ms), the load time and memory.
# 3. portlens-gui-bench rows N: N synthetic connections in the model, proxy and a table view:
#    sort times per column (target: under 1 s), filter times, bytes per row.
# A benchmark, not a test: numbers are only as quiet as the machine (the load average is printed).
set -euo pipefail
checkout=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
preset=${PORTLENS_PRESET:-dev}
target_mb=${PORTLENS_GUI_BENCH_MB:-1000}
rows=${PORTLENS_GUI_BENCH_ROWS:-1000000}
corpus=${PORTLENS_BENCH_CORPUS:-$checkout/../shared/corpus}
scratch="$checkout/build/scratch"
bench="$checkout/build/$preset/bin/portlens-gui-bench"
[ -x "$bench" ] || { echo "gui-bench: build first (tools/portlens-dev build)" >&2; exit 1; }
if [ "$#" -gt 0 ]; then
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); captures: $*"
  QT_QPA_PLATFORM=offscreen "$bench" stall "$@"
  exit
fi
mkdir -p "$scratch"
capture="$scratch/gui-bench-${target_mb}mb.pcap"

if [ ! -f "$capture" ]; then
  mapfile -d '' candidates < <(find "$corpus" -type f \( -name '*.pcap' -o -name '*.pcapng' -o -name '*.cap' \) -print0 | sort -z)
  ether=()
  for f in "${candidates[@]}"; do
    # Ethernet only, and only files capinfos reads cleanly: libpcap cannot mix link types.
    if out=$(capinfos -T -E -r -- "$f" 2>"$scratch/capinfos.err") && [ ! -s "$scratch/capinfos.err" ] &&
       [ "${out##*$'\t'}" = ether ]; then
      ether+=("$f")
    fi
  done
  echo "gui-bench: ${#ether[@]} Ethernet captures from the corpus" >&2
  mergecap -a -F pcap -w "$scratch/base.pcap" "${ether[@]}"
  base_bytes=$(stat -c %s "$scratch/base.pcap")
  copies=$(( (target_mb * 1000000 + base_bytes - 1) / base_bytes ))
  inputs=()
  for ((i = 0; i < copies; i++)); do inputs+=("$scratch/base.pcap"); done
  mergecap -a -F pcap -w "$capture.tmp" "${inputs[@]}"
  mv "$capture.tmp" "$capture"
  rm -f "$scratch/base.pcap"
fi

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); capture: $(($(stat -c %s "$capture") / 1000000)) MB"
QT_QPA_PLATFORM=offscreen "$bench" stall "$capture"
QT_QPA_PLATFORM=offscreen "$bench" rows "$rows"
