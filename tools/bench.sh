#!/usr/bin/env bash
# bench.sh: how fast is portlens-cli on a large capture, compared with libpcap alone, tshark and
# ndpiReader?
#
# Run it where the build runs:
#   tools/portlens-dev run tools/bench.sh
#   PORTLENS_BENCH_MB=50 PORTLENS_BENCH_RUNS=1 tools/portlens-dev run tools/bench.sh   # quick try
#
# What it does:
#   1. builds the release preset (build/release/bin/portlens-cli and portlens-pcap-floor);
#   2. builds one large classic-pcap capture in the work folder from the Ethernet captures of the
#      shared corpus (../shared/corpus, read-only): they are concatenated with `mergecap -a -F pcap`
#      and that concatenation is repeated until the file reaches PORTLENS_BENCH_MB megabytes. The
#      same packets therefore occur several times (same flows, time stamps going backwards at each
#      repeat); that is fine for a throughput figure, but flows that a tool has already classified
#      come back, which favours flow-caching tools (ndpiReader gives up inspecting a flow early).
#      The capture is reused while the corpus and the size are unchanged;
#   3. warms the page cache, then times on that one file, in PORTLENS_BENCH_RUNS rounds in which
#      each tool runs once (so that a change in load during the benchmark hits all of them alike):
#        floor            build/release/bin/portlens-pcap-floor FILE (libpcap pcap_next_ex loop only)
#        floor-64k        the same loop reading through a 64 KiB stdio buffer, as PortLens does
#                         (--stdio-buffer 64): a stricter yardstick, shown for information
#        portlens-flows   portlens-cli analyze --no-detect --format tsv --output /dev/null FILE
#        portlens-cli     portlens-cli analyze --format tsv --output /dev/null FILE
#        portlens-1thread the same with --single-thread (no read-ahead thread, no output thread)
#        tshark           -q -z conv,tcp -z conv,udp -r FILE           (output to /dev/null)
#        ndpiReader       -i FILE -q                                    (nDPI 4.2; -q: no per-flow or summary output)
#      and reports the median wall time and CPU time (user + system, all threads), packets/s and
#      MB/s (packet count from the floor; 1 MB = 10^6 bytes of capture file) and the peak RSS (GNU
#      time %M, largest of the runs);
#   4. compares portlens-cli with the targets: packets/s >= 50% of the floor, >= 5x faster than
#      tshark, >= 1.5x faster than ndpiReader, printing PASS or MISS for each, and writes
#      bench-results.tsv in the work folder.
# It is a benchmark, not a test: it exits 0 whether the targets are met or not, and non-zero only
# when something fails to build or run (a tool that is not installed, or a portlens-cli that the
# project does not build yet, is skipped with a message). Numbers are only as quiet as the machine:
# the load average is printed; don't trust a run made while something else is compiling.
#
# Environment:
#   PORTLENS_BENCH_MB          target capture size in MB (default 200)
#   PORTLENS_BENCH_RUNS        runs per tool (default 3; the median is reported)
#   PORTLENS_BENCH_DIR         work folder (default ${HOME}/.cache/portlens/bench)
#   PORTLENS_BENCH_CORPUS      corpus folder (default <checkout>/../shared/corpus)
#   PORTLENS_BENCH_SKIP_BUILD  1: do not build; use the binaries already in build/release/bin
#                              (the floor is then built on its own in the work folder if missing)
set -euo pipefail
export LC_ALL=C

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
checkout=$(cd "$script_dir/.." && pwd)
target_mb=${PORTLENS_BENCH_MB:-200}
runs=${PORTLENS_BENCH_RUNS:-3}
work=${PORTLENS_BENCH_DIR:-${HOME:-/tmp}/.cache/portlens/bench}
corpus=${PORTLENS_BENCH_CORPUS:-$checkout/../shared/corpus}
skip_build=${PORTLENS_BENCH_SKIP_BUILD:-0}
bin_dir="$checkout/build/release/bin"

say() { printf 'bench: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

[[ "$target_mb" =~ ^[1-9][0-9]*$ ]] || die "PORTLENS_BENCH_MB must be a positive whole number of MB, not '$target_mb'"
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || die "PORTLENS_BENCH_RUNS must be a positive whole number, not '$runs'"
[ -d "$corpus" ] || die "corpus folder not found: $corpus (set PORTLENS_BENCH_CORPUS)"
corpus=$(cd "$corpus" && pwd)
for tool in mergecap capinfos tshark awk; do
  command -v "$tool" >/dev/null || die "'$tool' not found (run this with: tools/portlens-dev run tools/bench.sh)"
done
[ -x /usr/bin/time ] || die "/usr/bin/time (GNU time) not found (Debian package 'time')"
mkdir -p "$work"
work=$(cd "$work" && pwd)
logs="$work/logs"
mkdir -p "$logs"

failures=0      # things that failed to build or run: the exit status
declare -A skipped=()

# ---------------------------------------------------------------------------------------------
# 1. Build.
floor="$bin_dir/portlens-pcap-floor"
cli="$bin_dir/portlens-cli"
build_floor_alone() { # when the project cannot be configured: tools/bench on its own
  say "building portlens-pcap-floor on its own in $work/floor-build"
  local gen=()
  command -v ninja >/dev/null && gen=(-G Ninja)   # the build root has ninja, not make
  rm -rf "$work/floor-build"
  if ! { cmake -S "$checkout/tools/bench" -B "$work/floor-build" "${gen[@]}" -DCMAKE_BUILD_TYPE=Release &&
         cmake --build "$work/floor-build"; } >"$logs/floor-build.log" 2>&1; then
    tail -n 20 "$logs/floor-build.log" >&2
    die "cannot build portlens-pcap-floor (log: $logs/floor-build.log)"
  fi
  floor="$work/floor-build/bin/portlens-pcap-floor"
}
if [ "$skip_build" = 1 ]; then
  say "PORTLENS_BENCH_SKIP_BUILD=1: using the binaries already in $bin_dir"
  [ -x "$floor" ] || build_floor_alone
else
  command -v cmake >/dev/null || die "'cmake' not found"
  say "building the release preset (log: $logs/build.log)"
  build_ok=1
  (
    cd "$checkout"
    if [ ! -f build/release/CMakeCache.txt ] || [ ! -f build/release/build.ninja ]; then
      cmake --preset release
    fi
    cmake --build --preset release
  ) >"$logs/build.log" 2>&1 || build_ok=0
  if [ "$build_ok" = 0 ]; then
    tail -n 30 "$logs/build.log" >&2
    say "error: the release build FAILED (log: $logs/build.log); portlens-cli is not benchmarked"
    failures=$((failures + 1))
    skipped[portlens-cli]="skipped: the release build failed"
    if [ ! -f "$checkout/build/release/build.ninja" ] ||
       ! (cd "$checkout" && cmake --build --preset release --target portlens-pcap-floor) >>"$logs/build.log" 2>&1; then
      build_floor_alone
    fi
  fi
fi
[ -x "$floor" ] || die "$floor was not built"
if [ -z "${skipped[portlens-cli]:-}" ] && [ ! -x "$cli" ]; then
  say "portlens-cli is not built yet ($cli missing): its row and the ratios are skipped"
  skipped[portlens-cli]="skipped: not built yet"
fi
if ! command -v ndpiReader >/dev/null; then
  say "ndpiReader not found (Debian package libndpi-bin): its row is skipped"
  skipped[ndpiReader]="skipped: not installed"
fi

# ---------------------------------------------------------------------------------------------
# 2. The capture: Ethernet captures of the corpus, concatenated, repeated up to the target size.
capture="$work/capture.pcap"
stamp="$work/capture.stamp"
target_bytes=$((target_mb * 1000000))

mapfile -d '' candidates < <(find "$corpus" -type f \( -name '*.pcap' -o -name '*.pcapng' -o -name '*.cap' \) -print0 | sort -z)
[ "${#candidates[@]}" -gt 0 ] || die "no .pcap/.pcapng/.cap files under $corpus"
want_stamp=$(
  printf 'corpus=%s\ntarget_mb=%s\nmergecap=%s\n' "$corpus" "$target_mb" "$(mergecap -V 2>/dev/null | head -n 1)"
  printf '%s\0' "${candidates[@]}" | xargs -0 stat -c '%s %Y %n' | sha256sum
)

if [ -f "$capture" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want_stamp" ]; then
  say "reusing $capture (corpus and size unchanged)"
else
  rm -f "$capture" "$stamp"
  say "choosing the Ethernet captures among ${#candidates[@]} corpus files (capinfos -T -E)"
  ether=()
  others=0
  for f in "${candidates[@]}"; do
    # Only files that capinfos reads without complaint (no truncated or damaged files) and whose
    # one encapsulation is Ethernet: libpcap cannot read a file mixing link types.
    if out=$(capinfos -T -E -r -- "$f" 2>"$logs/capinfos.err") && [ ! -s "$logs/capinfos.err" ] &&
       [ "${out##*$'\t'}" = ether ]; then
      ether+=("$f")
    else
      others=$((others + 1))
    fi
  done
  [ "${#ether[@]}" -gt 0 ] || die "no readable Ethernet capture in $corpus"
  say "${#ether[@]} Ethernet captures kept, $others left out (other link types or unreadable)"
  base="$work/base.pcap.tmp"
  mergecap -a -F pcap -w "$base" "${ether[@]}" 2>"$logs/mergecap.log" ||
    { tail -n 20 "$logs/mergecap.log" >&2; die "mergecap failed on the corpus (log: $logs/mergecap.log)"; }
  base_bytes=$(stat -c %s "$base")
  copies=$(( (target_bytes + base_bytes - 1) / base_bytes ))
  if [ "$copies" -le 1 ]; then
    mv "$base" "$capture.tmp"
  else
    max_open=$(ulimit -n)
    [[ "$max_open" =~ ^[0-9]+$ ]] || max_open=100000   # "unlimited"
    max_open=$((max_open - 32))
    [ "$copies" -le "$max_open" ] ||
      die "$copies copies of the $base_bytes-byte concatenation are needed but mergecap may open only about $max_open files at once; lower PORTLENS_BENCH_MB"
    say "concatenation is $((base_bytes / 1000000)) MB; repeating it $copies times to reach $target_mb MB"
    inputs=()
    for ((i = 0; i < copies; i++)); do inputs+=("$base"); done
    mergecap -a -F pcap -w "$capture.tmp" "${inputs[@]}" 2>"$logs/mergecap.log" ||
      { tail -n 20 "$logs/mergecap.log" >&2; rm -f "$base" "$capture.tmp"; die "mergecap failed repeating the capture (log: $logs/mergecap.log)"; }
    rm -f "$base"
  fi
  mv "$capture.tmp" "$capture"
  printf '%s\n' "$want_stamp" >"$stamp"
  printf '%s\n' "${ether[@]}" >"$work/capture-inputs.txt"
fi
capture_bytes=$(stat -c %s "$capture")
capture_mb=$(awk -v b="$capture_bytes" 'BEGIN { printf "%.1f", b / 1e6 }')
say "capture: $capture ($capture_mb MB, $(wc -l <"$work/capture-inputs.txt" 2>/dev/null || echo '?') corpus files, repeated)"

# ---------------------------------------------------------------------------------------------
# 3. Timing. The tools take turns: each round runs every tool once, so that a change in the
# machine's load during the benchmark affects all of them alike, not the last ones only.
declare -A times=() cpus=() peak_kb=() ran=() med_s=() med_cpu=() commands=() outputs=()
tools=(floor floor-64k portlens-flows portlens-cli portlens-1thread tshark ndpiReader)

# run_once NAME: runs the tool's command once under GNU time; wall time from bash's clock
# (microseconds), CPU time (user + system, all threads) and peak RSS (KiB) from GNU time.
run_once() {
  local name=$1 round=$2 rc=0 start end secs cpu kb
  local -a cmd
  eval "cmd=(${commands[$name]})"
  start=$EPOCHREALTIME
  /usr/bin/time -f '%e %M %U %S' -o "$logs/$name.time" -- "${cmd[@]}" >"${outputs[$name]}" 2>"$logs/$name.err" || rc=$?
  end=$EPOCHREALTIME
  if [ "$rc" -ne 0 ]; then
    tail -n 15 "$logs/$name.err" >&2
    say "error: $name FAILED (exit status $rc, round $round; stderr: $logs/$name.err)"
    failures=$((failures + 1))
    skipped[$name]="FAILED (exit status $rc)"
    return 0
  fi
  secs=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.6f", b - a }')
  read -r kb cpu < <(tail -n 1 "$logs/$name.time" | awk '{ printf "%s %.2f\n", $2, $3 + $4 }')
  times[$name]+="$secs "
  cpus[$name]+="$cpu "
  if [ "$kb" -gt "${peak_kb[$name]:-0}" ]; then peak_kb[$name]=$kb; fi
  ran[$name]=1
  say "  round $round, $name: $(printf '%.3f' "$secs")s wall, ${cpu}s CPU, peak RSS $((kb / 1024)) MiB"
}

median() { # numbers separated by spaces -> their median
  printf '%s\n' $1 | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.6f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

say "warming the page cache"
cat "$capture" >/dev/null
cat "$floor" >/dev/null
loadavg=$(cut -d ' ' -f 1-3 /proc/loadavg)

q() { printf '%q ' "$@"; } # a command line, quoted, to run later
commands[floor]=$(q "$floor" "$capture"); outputs[floor]="$logs/floor.out"
commands[floor-64k]=$(q "$floor" --stdio-buffer 64 "$capture")
active=(floor floor-64k)
if [ -z "${skipped[portlens-cli]:-}" ]; then
  # Decoding and flows alone (the foundation's figure), then everything (detectors and verdicts),
  # then everything on one thread (no read-ahead, no output thread): what it costs in CPU alone.
  commands[portlens-flows]=$(q "$cli" analyze --no-detect --format tsv --output /dev/null "$capture")
  commands[portlens-cli]=$(q "$cli" analyze --format tsv --output /dev/null "$capture")
  commands[portlens-1thread]=$(q "$cli" analyze --single-thread --format tsv --output /dev/null "$capture")
  active+=(portlens-flows portlens-cli portlens-1thread)
else
  skipped[portlens-flows]=${skipped[portlens-cli]}
  skipped[portlens-1thread]=${skipped[portlens-cli]}
fi
commands[tshark]=$(q tshark -q -z conv,tcp -z conv,udp -r "$capture")
active+=(tshark)
if [ -z "${skipped[ndpiReader]:-}" ]; then
  commands[ndpiReader]=$(q ndpiReader -i "$capture" -q)
  active+=(ndpiReader)
fi
for name in "${active[@]}"; do [ -n "${outputs[$name]:-}" ] || outputs[$name]=/dev/null; done

say "timing ${active[*]}: $runs round(s), each tool once per round"
for ((round = 1; round <= runs; round++)); do
  for name in "${active[@]}"; do
    [ -z "${skipped[$name]:-}" ] || continue
    run_once "$name" "$round"
  done
done
for name in "${active[@]}"; do
  [ -n "${ran[$name]:-}" ] && [ -z "${skipped[$name]:-}" ] || { unset "ran[$name]"; continue; }
  med_s[$name]=$(median "${times[$name]}")
  med_cpu[$name]=$(median "${cpus[$name]}")
done

[ -n "${ran[floor]:-}" ] || die "the floor failed on $capture: no packet count, no table"
packets=$(sed -n 's/^packets=\([0-9]*\) bytes=[0-9]*$/\1/p' "$logs/floor.out")
if [ -z "$packets" ] || [ "$packets" -eq 0 ]; then
  die "the floor printed no packet count: $(cat "$logs/floor.out")"
fi

# ---------------------------------------------------------------------------------------------
# 4. Report.
results="$work/bench-results.tsv"
tshark_version=$(tshark --version 2>/dev/null | head -n 1 | sed -e 's/ (Git .*//' -e 's/\.$//')
ndpi_version=$( { ndpiReader -h 2>&1 || true; } | sed -n 's/^Welcome to \(nDPI [^ ]*\).*/\1/p' | head -n 1)
{
  printf 'item\tmetric\tvalue\ttarget\tresult\n'
  printf 'capture\tfile\t%s\t\t\n' "$capture"
  printf 'capture\tbytes\t%s\t\t\n' "$capture_bytes"
  printf 'capture\tpackets\t%s\t\t\n' "$packets"
  printf 'bench\truns\t%s\t\t\n' "$runs"
  printf 'bench\tloadavg\t%s\t\t\n' "$loadavg"
  printf 'bench\tdate\t%s\t\t\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
} >"$results"

echo
echo "PortLens benchmark: $capture"
echo "  $capture_mb MB, $packets packets (corpus Ethernet captures, repeated), median of $runs round(s)"
echo "  (portlens-cli reads ahead and writes rows on threads of its own; portlens-1thread is the same"
echo "   analysis with --single-thread; CPU s = user + system time of all threads)"
echo "  $(nproc) cores, load average before timing: $loadavg; ${tshark_version:-tshark ?}; ${ndpi_version:-nDPI ?}"
echo
printf '%-16s %10s %10s %12s %9s %13s\n' tool 'median s' 'CPU s' 'packets/s' 'MB/s' 'peak RSS MiB'
printf '%-16s %10s %10s %12s %9s %13s\n' ---------------- ---------- ---------- ------------ --------- -------------
for t in "${tools[@]}"; do
  if [ -z "${ran[$t]:-}" ]; then
    printf '%-16s %s\n' "$t" "${skipped[$t]:-not run}"
    printf '%s\tstatus\t%s\t\t\n' "$t" "${skipped[$t]:-not run}" >>"$results"
    continue
  fi
  read -r s pps mbs rss < <(awk -v s="${med_s[$t]}" -v p="$packets" -v b="$capture_bytes" -v k="${peak_kb[$t]}" \
    'BEGIN { printf "%.3f %.0f %.1f %.1f\n", s, p / s, b / 1e6 / s, k / 1024 }')
  printf '%-16s %10s %10s %12s %9s %13s\n' "$t" "$s" "${med_cpu[$t]}" "$pps" "$mbs" "$rss"
  printf '%s\tmedian_s\t%s\t\t\n%s\tcpu_s\t%s\t\t\n%s\tpackets_per_s\t%s\t\t\n%s\tmb_per_s\t%s\t\t\n%s\tpeak_rss_mib\t%s\t\t\n' \
    "$t" "$s" "$t" "${med_cpu[$t]}" "$t" "$pps" "$t" "$mbs" "$t" "$rss" >>"$results"
done

echo
printf '%-36s %9s %9s %s\n' 'portlens-cli (all detectors unless said)' value target result
printf '%-36s %9s %9s %s\n' ------------------------------------ --------- --------- ------
# ratio LABEL METRIC OTHER KIND TARGET SHOWN_TARGET [SUBJECT]: KIND pct = OTHER time / SUBJECT time * 100
# (same packets, so the packets/s ratio); KIND x = OTHER time / portlens time (speed-up).
ratio() {
  local label=$1 metric=$2 other=$3 kind=$4 target=$5 shown_target=$6 subject=${7:-portlens-cli} value result shown
  if [ -z "${ran[$subject]:-}" ] || [ -z "${ran[$other]:-}" ]; then
    local why=${skipped[portlens-cli]:+portlens-cli: ${skipped[portlens-cli]}}
    [ -n "$why" ] || why="$other: ${skipped[$other]:-not run}"
    printf '%-36s %9s %9s %s\n' "$label" n/a "$shown_target" "n/a ($why)"
    printf '%s\t%s\t\t%s\tn/a: %s\n' "$subject" "$metric" "$target" "$why" >>"$results"
    return
  fi
  if [ "$kind" = pct ]; then
    value=$(awk -v o="${med_s[$other]}" -v p="${med_s[$subject]}" 'BEGIN { printf "%.1f", o / p * 100 }')
    shown="$value%"
  else
    value=$(awk -v o="${med_s[$other]}" -v p="${med_s[$subject]}" 'BEGIN { printf "%.2f", o / p }')
    shown="${value}x"
  fi
  if [ -n "$target" ]; then
    result=$(awk -v v="$value" -v t="$target" 'BEGIN { print (v >= t) ? "PASS" : "MISS" }')
  else
    result=info # no target: shown for comparison
  fi
  printf '%-36s %9s %9s %s\n' "$label" "$shown" "$shown_target" "$result"
  printf '%s\t%s\t%s\t%s\t%s\n' "$subject" "$metric" "$value" "$target" "$result" >>"$results"
}
ratio 'flows only: % of the floor'    pct_of_floor_packets_per_s floor      pct 50  '>= 50%' portlens-flows
ratio 'flows only: speed-up vs tshark' speedup_vs_tshark         tshark     x   5   '>= 5x'  portlens-flows
ratio 'packets/s as % of the floor' pct_of_floor_packets_per_s floor      pct 50  '>= 50%'
ratio 'speed-up vs tshark'          speedup_vs_tshark          tshark     x   5   '>= 5x'
ratio 'speed-up vs ndpiReader'      speedup_vs_ndpireader      ndpiReader x   1.5 '>= 1.5x'
ratio 'one thread: % of the floor'  pct_of_floor_packets_per_s floor      pct ''  '-' portlens-1thread
ratio 'one thread: vs ndpiReader'   speedup_vs_ndpireader      ndpiReader x   ''  '-' portlens-1thread
# PortLens reads files through a 64 KiB stdio buffer; the floor above uses libpcap's default
# (4 KiB). Against a floor with the same buffer, for honesty's sake:
ratio 'flows only: % of floor-64k'    pct_of_floor64k_packets_per_s floor-64k pct '' '-' portlens-flows
ratio 'all detectors: % of floor-64k' pct_of_floor64k_packets_per_s floor-64k pct '' '-'

echo
echo "results: $results (logs: $logs)"
if [ -f /.portlens-packages ]; then # inside tools/portlens-dev's Debian 13 root
  echo "  (this ran inside the build root: on the host that folder is under <cache>/trixie-root, by default ~/.cache/portlens/trixie-root$work)"
fi
if [ "$failures" -gt 0 ]; then
  say "$failures thing(s) failed to build or run: see the messages above"
  exit 1
fi
exit 0
