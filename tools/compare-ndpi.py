#!/usr/bin/env python3
# compare-ndpi.py: how often PortLens's payload detection names the same protocol as nDPI.
#
# What it measures. For every capture in <corpus>/ndpi/ that has nDPI's expected ndpiReader output
# (<corpus>/ndpi-expected/<capture>.out), it runs
#     portlens-cli analyze -q --no-timeouts --max-flows 10000000 -f jsonl CAPTURE
# and pairs each nDPI flow with a PortLens connection by transport and the unordered pair of
# endpoints (address:port on both sides). In scope are the nDPI flows whose confidence starts with
# "DPI" (DPI, DPI (partial), DPI (cache), ...: nDPI looked at the payload, not only at a port or
# an IP list) and whose protocol, mapped to PortLens's names (NDPI_NAMES below), is one PortLens
# detects (PORTLENS_PROTOCOLS). nDPI's protocol is its master protocol, the part before the first
# '.' ("HTTP.1kxun" -> HTTP, "TLS.Google" -> TLS), with a few exceptions by meaning (SMB carried
# on TCP that nDPI files under NetBIOS, STARTTLS mail flows that nDPI calls IMAPS/POPS/SMTPS).
# PortLens agrees when its "service" equals that name. Agreement % = agree / (in-scope flows
# that were paired with a PortLens connection).
#
# It prints a per-protocol table (nDPI flows, agree, disagree, PortLens unknown, agreement %),
# the overall agreement, the confusions (nDPI said X, PortLens said Y, with examples), the
# captures where portlens-cli failed, and the in-scope nDPI flows that found no PortLens
# connection at all (matching failures: counted apart, since they point at decoding or
# flow-splitting differences such as tunnels, not at detection).
#
# How to run (inside the build root, where python3 and the build live):
#     tools/portlens-dev run tools/compare-ndpi.py [--min-agreement PCT] [--json OUT] [FILES...]
# FILES restricts the run to those captures (names like 1kxun.pcap, or paths). Other options:
# --cli PATH (default build/dev/bin/portlens-cli), --corpus DIR (default ../shared/corpus, or
# $PORTLENS_CORPUS_DIR), --jobs N (parallel portlens-cli runs, default 2), --examples N.
# Exit status: 0, or 1 when --min-agreement is given and the overall agreement is below it,
# or 2 on a usage error (no corpus, no CLI, no capture).
#
# Python 3 standard library only.

import argparse
import collections
import concurrent.futures
import ipaddress
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# The protocols PortLens detects, with the names its "service" field uses.
PORTLENS_PROTOCOLS = [
    "HTTP", "TLS", "DTLS", "SSH", "DNS", "MDNS", "LLMNR", "SMTP", "FTP", "FTP-DATA", "POP3", "IMAP",
    "Telnet", "IRC", "RTSP", "QUIC", "RDP", "SMB", "NetBIOS", "Kerberos", "LDAP", "SNMP", "OpenVPN",
    "WireGuard", "BitTorrent", "NTP", "DHCP", "TFTP", "Syslog", "SSDP", "SIP", "BGP", "MQTT",
]

# nDPI protocol names (master part) that are PortLens protocols under another name. Names that are
# the same in both (HTTP, TLS, DNS, ...) need no entry. Built from the distinct names in
# ndpi-expected/*.out (nDPI ~4.11), plus the older names of nDPI releases (Mail_*, FTP).
# A value of None means "look at the flow" (see map_ndpi_protocol).
NDPI_NAMES = {
    "FTP_CONTROL": "FTP",
    "FTP": "FTP",                 # nDPI < 3
    "FTP_DATA": "FTP-DATA",
    "SMBv1": "SMB",
    "SMBv23": "SMB",
    "SMB": "SMB",
    "HTTP_Proxy": "HTTP",         # HTTP to a proxy (8080, 3128): found by the HTTP dissector
    "HTTP_Connect": "HTTP",       # HTTP CONNECT (older nDPI)
    "Mail_SMTP": "SMTP",          # older nDPI names
    "Mail_POP": "POP3",
    "Mail_IMAP": "IMAP",
    "MDNS": "MDNS",
    "NETBIOS": "NetBIOS",
    "Syslog": "Syslog",
    "WireGuard": "WireGuard",
    # TLS under a mail or service name: TLS on the implicit-TLS port, or STARTTLS (cleartext first).
    "IMAPS": None, "POPS": None, "POP3S": None, "SMTPS": None,
    "Mail_IMAPS": None, "Mail_POPS": None, "Mail_SMTPS": None,
    "FTPS": None, "DoH_DoT": None, "LDAPS": None,
}

# For the TLS-wrapped names: the cleartext protocol a STARTTLS flow starts with, by server port,
# and the protocol that the implicit-TLS form is.
STARTTLS = {
    "IMAPS": {143: "IMAP"}, "Mail_IMAPS": {143: "IMAP"},
    "POPS": {110: "POP3"}, "POP3S": {110: "POP3"}, "Mail_POPS": {110: "POP3"},
    "SMTPS": {25: "SMTP", 587: "SMTP"}, "Mail_SMTPS": {25: "SMTP", 587: "SMTP"},
    "FTPS": {21: "FTP"}, "LDAPS": {389: "LDAP"},
}

FLOW_RE = re.compile(r"^\t(\d+)\t(\S+) (\S+) (<->|->) (\S+) (.*)$")
PROTO_RE = re.compile(r"\[proto: ([^\]]*)\]")
CONF_RE = re.compile(r"\[Confidence: ([^\]]*)\]")
PKTS_RE = re.compile(r"\[(\d+) pkts/(\d+) bytes (?:<->|->) (\d+) pkts/(\d+) bytes\]")
ENDPOINT_RE = re.compile(r"^(?:\[(.+)\]|(.+)):(\d+)$")
TLS_INFO_RE = re.compile(r"\[(?:TLSv1|TLSv1\.\d|DTLSv1\.\d)\]|\[Cipher: |\[TLS Supported Versions|\[ServerNames: |\[\(Advertised\) ALPNs|\[Encrypted\]")


def norm_ip(text):
    try:
        return str(ipaddress.ip_address(text.split("%")[0]))
    except ValueError:
        return text.lower()


def parse_endpoint(text):
    m = ENDPOINT_RE.match(text)
    if not m:
        return (norm_ip(text), None)
    return (norm_ip(m.group(1) or m.group(2)), int(m.group(3)))


def flow_key(transport, a, b):
    return (transport.lower(), frozenset([a, b]))


def map_ndpi_protocol(name, transport, ports, rest):
    """nDPI's protocol string ("7.295/HTTP.1kxun", "GTP:91/TLS") -> (raw master, PortLens name or None)."""
    label = name.split("/", 1)[1] if "/" in name else name
    master, _, app = label.partition(".")
    # SMB that nDPI files under NetBIOS: on TCP (445, or 139 behind a session header) the flow is
    # SMB; on 138/udp (NetBIOS datagrams carrying SMB mailslots) it is NetBIOS.
    if master == "NetBIOS" and app in ("SMBv1", "SMBv23") and transport == "TCP":
        return label, "SMB"
    if master in NDPI_NAMES:
        mapped = NDPI_NAMES[master]
        if mapped is not None:
            return label, mapped
        for port in ports:
            if port in STARTTLS.get(master, {}):
                return label, STARTTLS[master][port]
        if master == "DoH_DoT" and transport != "TCP":
            return label, None  # DNS over QUIC/DTLS: no single PortLens name
        # nDPI's TLS dissector named it after the port: TLS when the line shows TLS (version,
        # cipher, certificate names, or nDPI's [Encrypted] mark).
        return label, "TLS" if transport == "TCP" and TLS_INFO_RE.search(rest) else None
    if master in PORTLENS_PROTOCOLS:
        return label, master
    return label, None


def parse_ndpi(path):
    """All flows of an ndpiReader output, the undetected ones included (they compete for pairing)."""
    flows = []
    undetected = False
    with open(path, "r", encoding="utf-8", errors="replace") as f:
        for line in f:
            if line.startswith("Undetected flows:"):
                undetected = True
                continue
            m = FLOW_RE.match(line.rstrip("\n"))
            if not m:
                continue
            number, transport, src, _arrow, dst, rest = m.groups()
            pm = PROTO_RE.search(rest)
            if not pm:
                continue
            cm = CONF_RE.search(rest)
            confidence = cm.group(1) if cm else "Unknown"
            a, b = parse_endpoint(src), parse_endpoint(dst)
            ports = [p for p in (b[1], a[1]) if p is not None]
            proto = pm.group(1)
            tunnel = None
            tm = re.match(r"^([A-Za-z][\w-]*):(.*)$", proto)
            if tm:
                tunnel, proto = tm.group(1), tm.group(2)
            label, mapped = map_ndpi_protocol(proto, transport, ports, rest)
            pk = PKTS_RE.search(rest)
            pkts = (int(pk.group(1)), int(pk.group(3))) if pk else (0, 0)
            flows.append({
                "id": ("u" if undetected else "") + number,
                "transport": transport,
                "text": f"{transport} {src} {_arrow} {dst}",
                "key": flow_key(transport, a, b),
                "a": a,
                "label": label,
                "tunnel": tunnel,
                "master": label.partition(".")[0],
                "mapped": mapped,
                "confidence": confidence,
                "pkts": pkts,
                "in_scope": confidence.startswith("DPI") and mapped in PORTLENS_PROTOCOLS,
            })
    return flows


def run_cli(cli, capture):
    cmd = [str(cli), "analyze", "-q", "--no-timeouts", "--max-flows", "10000000", "-f", "jsonl", str(capture)]
    started = time.monotonic()
    try:
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=600)
    except subprocess.TimeoutExpired:
        return None, {"code": "timeout", "message": "no answer within 600 s"}, time.monotonic() - started
    except OSError as e:
        return None, {"code": "exec", "message": str(e)}, time.monotonic() - started
    conns = []
    bad_lines = 0
    for line in proc.stdout.decode("utf-8", errors="replace").splitlines():
        if not line.strip():
            continue
        try:
            conns.append(json.loads(line))
        except json.JSONDecodeError:
            bad_lines += 1
    failure = None
    if proc.returncode != 0 or bad_lines:
        err = proc.stderr.decode("utf-8", errors="replace").strip().splitlines()
        failure = {"code": proc.returncode if proc.returncode < 128 else f"signal {proc.returncode - 128}",
                   "message": (err[-1] if err else "") + (f" ({bad_lines} lines not JSON)" if bad_lines else ""),
                   "connections_written": len(conns)}
    if proc.returncode < 0:
        failure["code"] = f"signal {-proc.returncode}"
    return conns, failure, time.monotonic() - started


def conn_key(c):
    t = str(c.get("transport") or "").lower()
    a = (norm_ip(str(c.get("client"))), c.get("client_port"))
    b = (norm_ip(str(c.get("server"))), c.get("server_port"))
    return flow_key(t, a, b)


def pair_flows(ndpi_flows, conns):
    """Pair nDPI flows and PortLens connections sharing a key. nDPI lists flows by size, not by
    time, so several flows on one key are paired by closeness of their packet counts (either
    orientation), then in order of appearance."""
    by_key = collections.defaultdict(list)
    for c in conns:
        by_key[conn_key(c)].append(c)
    ndpi_by_key = collections.defaultdict(list)
    for i, f in enumerate(ndpi_flows):
        ndpi_by_key[f["key"]].append(i)
    pairs = {}
    for key, idxs in ndpi_by_key.items():
        cands = by_key.get(key, [])
        if not cands:
            continue
        if len(idxs) == 1 and len(cands) == 1:
            pairs[idxs[0]] = cands[0]
            continue
        costs = []
        for n, i in enumerate(idxs):
            p1, p2 = ndpi_flows[i]["pkts"]
            for m, c in enumerate(cands):
                c1, c2 = int(c.get("client_packets") or 0), int(c.get("server_packets") or 0)
                cost = min(abs(p1 - c1) + abs(p2 - c2), abs(p1 - c2) + abs(p2 - c1))
                costs.append((cost, abs(n - m), n, m))
        costs.sort()
        used_n, used_m = set(), set()
        for _cost, _d, n, m in costs:
            if n in used_n or m in used_m:
                continue
            used_n.add(n)
            used_m.add(m)
            pairs[idxs[n]] = cands[m]
    return pairs


def analyse_file(cli, capture, expected):
    ndpi_flows = parse_ndpi(expected)
    conns, failure, seconds = run_cli(cli, capture)
    pairs = pair_flows(ndpi_flows, conns or [])
    results = []
    for i, f in enumerate(ndpi_flows):
        if not f["in_scope"]:
            results.append({"flow": f, "scope": False})
            continue
        c = pairs.get(i)
        results.append({
            "flow": f, "scope": True, "matched": c is not None,
            "service": (c.get("service") if c else None),
            "reason": (c.get("reason") if c else None),
            "conn_id": (c.get("id") if c else None),
        })
    return {"file": capture.name, "results": results, "failure": failure, "seconds": seconds,
            "connections": len(conns or [])}


def pct(a, b):
    return 100.0 * a / b if b else None


def fmt_pct(v):
    return "-" if v is None else f"{v:.1f}%"


def example_text(fname, r):
    f = r["flow"]
    s = f"{fname} #{f['id']} {f['text']} [{f['label']}]"
    if r.get("conn_id") is not None:
        s += f" -> PortLens #{r['conn_id']}"
    if r.get("reason"):
        reason = r["reason"]
        s += ": " + (reason if len(reason) <= 110 else reason[:107] + "...")
    return s


def main():
    ap = argparse.ArgumentParser(description="Agreement of PortLens's protocol detection with nDPI's expected output.")
    ap.add_argument("files", nargs="*", help="only these captures (names or paths)")
    ap.add_argument("--cli", default=str(REPO / "build/dev/bin/portlens-cli"))
    ap.add_argument("--corpus", default=os.environ.get("PORTLENS_CORPUS_DIR") or str(REPO.parent / "shared/corpus"))
    ap.add_argument("--min-agreement", type=float, metavar="PCT")
    ap.add_argument("--json", metavar="OUT")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--examples", type=int, default=5)
    ap.add_argument("--max-unmatched-listed", type=int, default=60)
    args = ap.parse_args()

    corpus = Path(args.corpus)
    ndpi_dir, expected_dir = corpus / "ndpi", corpus / "ndpi-expected"
    cli = Path(args.cli)
    if not ndpi_dir.is_dir() or not expected_dir.is_dir():
        print(f"compare-ndpi: no nDPI corpus in {corpus} (need ndpi/ and ndpi-expected/)", file=sys.stderr)
        return 2
    if not cli.is_file() or not os.access(cli, os.X_OK):
        print(f"compare-ndpi: {cli} is not an executable (build first: tools/portlens-dev build)", file=sys.stderr)
        return 2

    wanted = {Path(f).name for f in args.files}
    captures = []
    for cap in sorted(ndpi_dir.iterdir(), key=lambda p: p.name.lower()):
        if not cap.is_file() or (wanted and cap.name not in wanted):
            continue
        exp = expected_dir / (cap.name + ".out")
        if exp.is_file():
            captures.append((cap, exp))
    if wanted - {c.name for c, _ in captures}:
        print("compare-ndpi: no capture with an expected .out: " + ", ".join(sorted(wanted - {c.name for c, _ in captures})),
              file=sys.stderr)
        return 2
    if not captures:
        print(f"compare-ndpi: no capture with an expected output in {ndpi_dir}", file=sys.stderr)
        return 2

    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        reports = list(pool.map(lambda ce: analyse_file(cli, ce[0], ce[1]), captures))
    elapsed = time.monotonic() - started

    per_proto = {p: collections.Counter() for p in PORTLENS_PROTOCOLS}
    confusions = collections.defaultdict(list)
    unmatched = []
    out_of_scope_dpi = collections.Counter()
    for rep in reports:
        for r in rep["results"]:
            f = r["flow"]
            if not r["scope"]:
                if f["confidence"].startswith("DPI") and f["mapped"] is None:
                    out_of_scope_dpi[f["master"]] += 1
                continue
            row = per_proto[f["mapped"]]
            row["ndpi"] += 1
            if not r["matched"]:
                row["unmatched"] += 1
                unmatched.append((rep["file"], r))
                continue
            row["paired"] += 1
            svc = r["service"]
            if svc == f["mapped"]:
                row["agree"] += 1
            else:
                row["unknown" if svc is None else "disagree"] += 1
                confusions[(f["mapped"], svc or "(none)")].append((rep["file"], r))

    total = collections.Counter()
    for row in per_proto.values():
        total.update(row)
    overall = pct(total["agree"], total["paired"])
    failures = [(rep["file"], rep["failure"]) for rep in reports if rep["failure"]]

    out = sys.stdout
    print(f"PortLens vs nDPI: {len(captures)} captures, {elapsed:.0f} s; in scope: nDPI flows found by DPI "
          f"whose protocol PortLens detects", file=out)
    print("", file=out)
    hdr = f"{'protocol':<11}{'nDPI':>7}{'paired':>8}{'agree':>7}{'disagree':>10}{'unknown':>9}{'unmatched':>11}{'agreement':>11}"
    print(hdr, file=out)
    print("-" * len(hdr), file=out)
    for p in sorted(PORTLENS_PROTOCOLS, key=lambda p: (-per_proto[p]["ndpi"], p)):
        row = per_proto[p]
        if not row["ndpi"]:
            continue
        print(f"{p:<11}{row['ndpi']:>7}{row['paired']:>8}{row['agree']:>7}{row['disagree']:>10}{row['unknown']:>9}"
              f"{row['unmatched']:>11}{fmt_pct(pct(row['agree'], row['paired'])):>11}", file=out)
    print("-" * len(hdr), file=out)
    print(f"{'all':<11}{total['ndpi']:>7}{total['paired']:>8}{total['agree']:>7}{total['disagree']:>10}{total['unknown']:>9}"
          f"{total['unmatched']:>11}{fmt_pct(overall):>11}", file=out)
    absent = [p for p in PORTLENS_PROTOCOLS if not per_proto[p]["ndpi"]]
    if absent:
        print(f"(no in-scope nDPI flow for: {', '.join(absent)})", file=out)
    print("", file=out)
    print(f"OVERALL AGREEMENT: {fmt_pct(overall)} ({total['agree']} of {total['paired']} paired flows; "
          f"{total['unmatched']} in-scope nDPI flows without a PortLens connection)", file=out)

    print("", file=out)
    ranked = sorted(confusions.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    for title, part in (("Confusions: nDPI said X, PortLens named another protocol Y",
                         [kv for kv in ranked if kv[0][1] != "(none)"]),
                        ("Confusions: nDPI said X, PortLens named no protocol",
                         [kv for kv in ranked if kv[0][1] == "(none)"])):
        print(f"{title} ({sum(len(items) for _, items in part)} flows):", file=out)
        if not part:
            print("  none", file=out)
        for (x, y), items in part:
            print(f"  {x} -> {y}: {len(items)}", file=out)
            for fname, r in items[:args.examples]:
                print(f"      {example_text(fname, r)}", file=out)
        print("", file=out)

    print(f"portlens-cli failures: {len(failures)}", file=out)
    for fname, fail in failures:
        print(f"  {fname}: exit {fail['code']}: {fail['message']} ({fail.get('connections_written', 0)} connections written)",
              file=out)

    print("", file=out)
    by_file = collections.Counter(fname for fname, _ in unmatched)
    print(f"Matching failures (in-scope nDPI flows with no PortLens connection on the same transport and "
          f"endpoints): {len(unmatched)} in {len(by_file)} captures", file=out)
    for fname, n in by_file.most_common():
        print(f"  {fname}: {n}", file=out)
    for fname, r in unmatched[:args.max_unmatched_listed]:
        f = r["flow"]
        tun = f" (inside {f['tunnel']})" if f["tunnel"] else ""
        print(f"      {fname} #{f['id']} {f['text']} [{f['label']}, {f['confidence']}]{tun}", file=out)
    if len(unmatched) > args.max_unmatched_listed:
        print(f"      ... {len(unmatched) - args.max_unmatched_listed} more (all of them in --json)", file=out)

    print("", file=out)
    print("Out of scope: nDPI DPI flows of protocols PortLens does not detect (top 15): " +
          ", ".join(f"{k} {v}" for k, v in out_of_scope_dpi.most_common(15)), file=out)

    if args.json:
        doc = {
            "captures": len(captures),
            "seconds": round(elapsed, 1),
            "overall": {"agreement_pct": overall, **{k: total[k] for k in
                                                     ("ndpi", "paired", "agree", "disagree", "unknown", "unmatched")}},
            "protocols": {p: {"agreement_pct": pct(per_proto[p]["agree"], per_proto[p]["paired"]),
                              **{k: per_proto[p][k] for k in ("ndpi", "paired", "agree", "disagree", "unknown", "unmatched")}}
                          for p in PORTLENS_PROTOCOLS if per_proto[p]["ndpi"]},
            "confusions": [{"ndpi": x, "portlens": y, "count": len(items),
                            "examples": [example_text(fn, r) for fn, r in items]}
                           for (x, y), items in sorted(confusions.items(), key=lambda kv: (-len(kv[1]), kv[0]))],
            "cli_failures": [{"file": fn, **fail} for fn, fail in failures],
            "unmatched": [{"file": fn, "flow": r["flow"]["id"], "text": r["flow"]["text"], "ndpi": r["flow"]["label"],
                           "confidence": r["flow"]["confidence"], "tunnel": r["flow"]["tunnel"]} for fn, r in unmatched],
            "out_of_scope_dpi": dict(out_of_scope_dpi.most_common()),
            "min_agreement": args.min_agreement,
        }
        Path(args.json).write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")

    if args.min_agreement is not None:
        if overall is None or overall < args.min_agreement:
            print(f"\nFAIL: overall agreement {fmt_pct(overall)} is below the minimum {args.min_agreement:.1f}%", file=out)
            return 1
        print(f"\nOK: overall agreement {fmt_pct(overall)} >= minimum {args.min_agreement:.1f}%", file=out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
