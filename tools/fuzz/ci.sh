#!/usr/bin/env bash
# Bounded libFuzzer run of every harness in tests/fuzz/, for CI. Run inside the build root:
#   tools/portlens-dev run tools/fuzz/ci.sh
# Configures and builds preset fuzz (clang, ASan + UBSan), generates seeds under
# build/fuzz-seeds/ if missing, then runs each harness one after another for
# PORTLENS_FUZZ_SECONDS (default 40; 5 harnesses stay well under 8 minutes of wall time) on
# its regressions and seeds. PORTLENS_FUZZ_TOTAL_SECONDS (set by `tools/portlens-dev test`)
# instead shares that many seconds among the harnesses, so more harnesses do not lengthen CI. Fails, naming the harness and the crash file, on any crash, leak,
# timeout or sanitizer report. New inputs libFuzzer finds go to build/fuzz-work/, never into
# the checkout.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
seconds=${PORTLENS_FUZZ_SECONDS:-40}
started=$(date +%s)

cmake --preset fuzz >/dev/null
cmake --build --preset fuzz
[ -d build/fuzz-seeds ] || python3 tools/fuzz/make-seeds.py --out build/fuzz-seeds

harnesses=(build/fuzz/bin/fuzz_*)
if [ -n "${PORTLENS_FUZZ_TOTAL_SECONDS:-}" ]; then
  seconds=$(( PORTLENS_FUZZ_TOTAL_SECONDS / ${#harnesses[@]} ))
  [ "$seconds" -ge 5 ] || seconds=5
fi

failed=()
summary=()
for binary in "${harnesses[@]}"; do
  harness=${binary##*/fuzz_}
  work=build/fuzz-work/$harness
  artifacts=build/fuzz-artifacts/$harness
  rm -rf "$artifacts"; mkdir -p "$work" "$artifacts"
  options=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1
           -artifact_prefix="$artifacts/")
  [ -f tests/fuzz/dict/$harness.dict ] && options+=(-dict=tests/fuzz/dict/$harness.dict)
  inputs=("$work")
  for d in tests/fuzz/regressions/$harness build/fuzz-seeds/$harness; do [ -d "$d" ] && inputs+=("$d"); done
  log=build/fuzz-artifacts/$harness.log
  echo "== fuzz_$harness (${seconds}s)"
  status=0
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$binary" "${options[@]}" "${inputs[@]}" >"$log" 2>&1 || status=$?
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
  stats=$(grep -E '^#[0-9]+.*(DONE|cov:)' "$log" | tail -n 1 | grep -oE 'cov: [0-9]+ ft: [0-9]+' || echo 'cov: ? ft: ?')
  line="fuzz_$harness: ${runs} executions, $stats"
  if [ "$status" != 0 ] || grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:' "$log"; then
    crash=$(ls "$artifacts" 2>/dev/null | head -n 1)
    line+=" FAILED (exit $status), input: $artifacts/${crash:-?}, log: $log"
    failed+=("fuzz_$harness")
    grep -E 'ERROR|runtime error|SUMMARY' "$log" | head -n 5 >&2 || true
  fi
  summary+=("$line")
  echo "$line"
done

echo "== summary ($(( $(date +%s) - started ))s wall)"
printf '%s\n' "${summary[@]}"
if [ "${#failed[@]}" != 0 ]; then
  echo "fuzz: FAILED: ${failed[*]} (keep the input as tests/fuzz/regressions/<harness>/<name> once fixed)" >&2
  exit 1
fi
echo "fuzz: all harnesses clean"
