#!/usr/bin/env bash
# clang-tidy over PortLens's own sources (core/ and ui/), with the checks of the top .clang-tidy.
# Run where the build runs, after a build (the UI sources need the generated moc/uic headers):
#   tools/portlens-dev run tools/clang-tidy.sh [-p build/dev] [-j N] [FILE...]
# Without FILE, every .cpp under core/ and ui/ that the compile database lists. Diagnostics in
# headers are reported only for core/ and ui/ (never Qt's, the standard library's or build/'s
# moc files). Prints every finding and exits 1 when there is any, so CI fails on a warning.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
top=$(pwd)
build=build/${PORTLENS_PRESET:-dev}
jobs=${PORTLENS_TIDY_JOBS:-$(nproc)}
while [ $# -gt 0 ]; do
  case "$1" in
    -p) build=$2; shift 2 ;;
    -j) jobs=$2; shift 2 ;;
    -h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) break ;;
  esac
done
tidy=$(command -v clang-tidy || command -v clang-tidy-19 || true)
[ -n "$tidy" ] || { echo "clang-tidy: not installed" >&2; exit 2; }
[ -f "$build/compile_commands.json" ] ||
  { echo "clang-tidy: no $build/compile_commands.json: build first (tools/portlens-dev build)" >&2; exit 2; }

# The files to check: those given, or every core/ and ui/ source the compile database knows.
if [ $# -gt 0 ]; then
  files=("$@")
else
  mapfile -t files < <(python3 - "$build/compile_commands.json" "$top" <<'EOF'
import json, os, sys
top = sys.argv[2]
seen = set()
for entry in json.load(open(sys.argv[1])):
    path = os.path.normpath(os.path.join(entry["directory"], entry["file"]))
    rel = os.path.relpath(path, top)
    if rel.startswith(("core/", "ui/")) and rel.endswith(".cpp") and rel not in seen:
        seen.add(rel)
        print(rel)
EOF
  )
fi
[ "${#files[@]}" -gt 0 ] || { echo "clang-tidy: no core/ or ui/ source in $build/compile_commands.json" >&2; exit 2; }

out=$build/clang-tidy
rm -rf "$out"; mkdir -p "$out"
started=$(date +%s)
echo "clang-tidy: $("$tidy" --version | grep -o 'version [0-9.]*'), ${#files[@]} files, $jobs jobs, database $build"
# One clang-tidy per file, in parallel; each writes its findings to its own file. The header
# filter keeps diagnostics from core/ and ui/ headers only; moc output lives in build/.
export tidy build top out
printf '%s\0' "${files[@]}" | xargs -0 -P "$jobs" -n 1 bash -c '
  file=$1
  log=$out/$(echo "$file" | tr / _).log
  # --quiet drops the "N warnings generated" chatter; the Qt and gcc-only flags of the database
  # are accepted (-Wno-unknown-warning-option, unused arguments are not errors).
  if ! "$tidy" -p "$build" --quiet --header-filter="^$top/(core|ui)/" \
       --extra-arg=-Wno-unknown-warning-option --extra-arg=-Qunused-arguments "$file" >"$log" 2>&1; then
    echo "failed" >>"$log.status"
  fi
' bash

for log in "$out"/*.log; do
  if grep -qE '(warning|error): ' "$log" || [ -f "$log.status" ]; then
    # Warnings from other files (a header included twice) are shown once per source file.
    grep -vE '^[0-9]+ warnings? (and [0-9]+ errors? )?generated\.$|^Suppressed [0-9]+ warnings|^Use -header-filter=|^Error while processing' "$log" || true
  fi
done
findings=$(cat "$out"/*.log | { grep -E '^/[^ ]+:[0-9]+:[0-9]+: (warning|error): ' || true; } | sort -u | wc -l)
broken=$(ls "$out" | grep -c '\.status$' || true)
echo "clang-tidy: ${#files[@]} files, $findings findings, $broken files failed, $(( $(date +%s) - started ))s wall"
[ "$findings" = 0 ] && [ "$broken" = 0 ]
