#!/usr/bin/env bash
# corpus-snapshot.sh OUTDIR [CLI]: portlens-cli's JSON Lines and TSV output for every capture of
# the shared corpus, one file each, so that a refactoring can be checked byte for byte:
#   tools/portlens-dev run tools/corpus-snapshot.sh /tmp/before      (on the old commit)
#   tools/portlens-dev run tools/corpus-snapshot.sh /tmp/after       (on the new one)
#   diff -r /tmp/before /tmp/after
set -euo pipefail
out=${1:?usage: corpus-snapshot.sh OUTDIR [portlens-cli]}
here=$(cd "$(dirname "$0")/.." && pwd)
cli=${2:-$here/build/${PORTLENS_PRESET:-dev}/bin/portlens-cli}
corpus=${PORTLENS_CORPUS_DIR:-$here/../shared/corpus}
mkdir -p "$out"
find "$corpus" -type f \( -name '*.pcap' -o -name '*.pcapng' -o -name '*.cap' \) | sort | while read -r f; do
  name=$(echo "${f#"$corpus"/}" | tr '/' '_')
  "$cli" analyze --format jsonl "$f" >"$out/$name.jsonl" 2>"$out/$name.err" || echo "exit $?" >>"$out/$name.err"
  "$cli" analyze --format tsv "$f" >"$out/$name.tsv" 2>/dev/null || true
done
echo "$(ls "$out" | grep -c '\.jsonl$') captures written to $out"
