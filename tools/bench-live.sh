#!/usr/bin/env bash
# Live-capture benchmark: how many packets per second the capture helper plus the analysis
# (portlens-cli capture: helper -> pipe -> decode, flows, detection, process lookup) sustain on
# 'lo' without kernel drops. Replays a corpus capture with tools/live_sender.py at rising rates,
# each for a bounded time. Needs capture rights (root). Run inside the build root:
#   tools/portlens-dev run tools/bench-live.sh [PCAP] [SECONDS]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bin=${PORTLENS_BIN:-$here/build/dev/bin}
pcap=${1:-$here/../shared/corpus/ndpi/teams.pcap}
seconds=${2:-4}
printf '%-10s %-10s %-12s %-12s %-10s %s\n' rate/s sent kernel-recv kernel-drop analysed result
for rate in 5000 20000 50000 100000 0; do
  out=$(mktemp)
  "$bin/portlens-cli" capture -i lo -f "not tcp port 22" --duration $((seconds + 2)) --format tsv \
    >/dev/null 2>"$out" &
  cli=$!
  sleep 1
  sent=$(python3 "$here/tools/live_sender.py" "$pcap" --rate "$rate" --seconds "$seconds" | awk '{print $2}')
  wait $cli || true
  summary=$(grep 'kernel received' "$out" || true)
  packets=$(sed -n 's/.*: \([0-9]*\) packets,.*/\1/p' <<<"$summary")
  recv=$(sed -n 's/.*kernel received \([0-9]*\) and.*/\1/p' <<<"$summary")
  drop=$(sed -n 's/.*dropped \([0-9]*\) (interface.*/\1/p' <<<"$summary")
  verdict=ok; [ "${drop:-1}" != 0 ] && verdict=DROPS
  printf '%-10s %-10s %-12s %-12s %-10s %s\n' "${rate/#0/max}" "$sent" "$recv" "$drop" "$packets" "$verdict"
  rm -f "$out"
done
