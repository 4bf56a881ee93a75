#!/usr/bin/env python3
"""bench-ab.py: is a change faster? Alternates command variants with the floor, round by round.

On a machine whose speed drifts within minutes (this project's VM: ±15%), seconds measured
minutes apart mean little. This runs the floor and every variant once per round, in turn, and
reports each variant's median ratio to the floor of the same round: the figure bench.sh reports
as "% of the floor", but from many short rounds, so that two builds can be told apart by a point
or two.

Run it where the build runs, after building the variants (copy the old binary aside first):

  cp build/release/bin/portlens-cli /tmp/cli-before     # then rebuild with the change
  tools/portlens-dev run tools/bench-ab.py \\
      "before=/tmp/cli-before analyze -q --format tsv --output /dev/null FILE" \\
      "after=build/release/bin/portlens-cli analyze -q --format tsv --output /dev/null FILE"

FILE is replaced by the capture (default: the one bench.sh builds). Environment: ROUNDS
(default 21), CAPTURE, FLOOR (the floor's command line, FILE replaced likewise).
"""
import os
import statistics
import subprocess
import sys
import time


def run(command):
    started = time.monotonic()
    subprocess.run(command, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.monotonic() - started


def main():
    if len(sys.argv) < 2 or any("=" not in a for a in sys.argv[1:]):
        sys.exit(__doc__)
    capture = os.environ.get("CAPTURE", os.path.expanduser("~/.cache/portlens/bench/capture.pcap"))
    if not os.path.exists(capture):
        sys.exit(f"bench-ab: no capture at {capture}: run tools/bench.sh once, or set CAPTURE")
    rounds = int(os.environ.get("ROUNDS", "21"))
    floor = os.environ.get("FLOOR", "build/release/bin/portlens-pcap-floor FILE").replace("FILE", capture)
    variants = dict(a.split("=", 1) for a in sys.argv[1:])
    seconds = {name: [] for name in variants}
    ratios = {name: [] for name in variants}
    floors = []
    for _ in range(rounds):
        floor_s = run(floor)
        floors.append(floor_s)
        for name, command in variants.items():
            s = run(command.replace("FILE", capture))
            seconds[name].append(s)
            ratios[name].append(floor_s / s)
    print(f"{rounds} rounds; floor median {statistics.median(floors) * 1000:.1f} ms")
    for name in variants:
        print(f"{name:16} median {statistics.median(seconds[name]) * 1000:7.1f} ms   "
              f"% of the floor: median {statistics.median(ratios[name]) * 100:5.1f}%  "
              f"(rounds range {min(ratios[name]) * 100:.1f}-{max(ratios[name]) * 100:.1f}%)")


if __name__ == "__main__":
    main()
