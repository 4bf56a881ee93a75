#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Write synthetic flood captures (classic pcap, Ethernet) for PortLens's resource-bound tests.

Why this exists: the flow table's --max-flows cap, the eviction counters and the detectors'
buffering windows only matter under traffic that no bundled capture holds. This tool makes it
from scratch, fast enough to run from a test (about a million packets in a few seconds), and
streams to a file or a FIFO so a 2 GB connection never has to sit on disk.

    python3 tools/make-flood.py syn  -n 5000000 -o build/flood-syn.pcap   # distinct SYN flows
    python3 tools/make-flood.py scan -o build/flood-scan.pcap             # all 65,535 ports of one host
    python3 tools/make-flood.py bulk --bytes 2G -o build/flood-bulk.pcap  # one long TCP connection

Addresses are documentation ranges (RFC 5737: 198.51.100.0/24 as the target, 10/8 sources for
the SYN flood so 5 M flows stay distinct). Checksums are left zero: PortLens doesn't verify them.
Nothing is random; two runs give byte-identical files.
"""

import argparse
import struct
import sys

ETH = bytes.fromhex("00005e005302" "00005e005301" "0800")
TARGET = bytes([198, 51, 100, 7])
SCANNER = bytes([203, 0, 113, 9])
SYN, ACK, PSH = 0x02, 0x10, 0x08
T0 = 1_700_000_000


def ip_tcp(src, dst, sport, dport, seq, ack, flags, payload_len):
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + 20 + payload_len, 0, 0x4000, 64, 6, 0, src, dst)
    tcp = struct.pack("!HHIIBBHHH", sport, dport, seq & 0xFFFFFFFF, ack & 0xFFFFFFFF, 5 << 4, flags, 65535, 0, 0)
    return ip + tcp


class Writer:
    def __init__(self, out):
        self.out = out
        self.buf = []
        self.size = 0
        out.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))

    def packet(self, usec, frame):
        self.buf.append(struct.pack("<IIII", T0 + usec // 1_000_000, usec % 1_000_000, len(frame), len(frame)))
        self.buf.append(frame)
        self.size += len(frame) + 16
        if self.size > (1 << 20):
            self.flush()

    def flush(self):
        self.out.write(b"".join(self.buf))
        self.buf.clear()
        self.size = 0


def syn_flood(w, count):
    # One SYN per flow; sources walk 10.0.0.0/8 and ports 1024..65535 so every 5-tuple differs.
    tail = struct.pack("!H", 80)
    for i in range(count):
        src = struct.pack("!I", (10 << 24) | (i // 64000 + 1))
        sport = 1024 + i % 64000
        ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 40, 0, 0x4000, 64, 6, 0, src, TARGET)
        tcp = struct.pack("!H", sport) + tail + struct.pack("!IIBBHHH", i, 0, 0x50, SYN, 65535, 0, 0)
        w.packet(i * 10, ETH + ip + tcp)


def port_scan(w):
    for port in range(1, 65536):
        w.packet(port * 10, ETH + ip_tcp(SCANNER, TARGET, 40000, port, port, 0, SYN, 0))


def bulk(w, total):
    cli, srv = bytes([192, 0, 2, 10]), TARGET
    w.packet(0, ETH + ip_tcp(cli, srv, 50000, 443, 1000, 0, SYN, 0))
    w.packet(100, ETH + ip_tcp(srv, cli, 443, 50000, 5000, 1001, SYN | ACK, 0))
    w.packet(200, ETH + ip_tcp(cli, srv, 50000, 443, 1001, 5001, ACK, 0))
    mss = 1460
    payload = bytes((i * 131 + 7) & 0xFF for i in range(mss))  # opaque, non-protocol bytes
    seq, sent, t = 1001, 0, 300
    while sent < total:
        n = min(mss, total - sent)
        w.packet(t, ETH + ip_tcp(cli, srv, 50000, 443, seq, 5001, ACK | PSH, n) + payload[:n])
        seq += n
        sent += n
        t += 12
        if (sent // mss) % 16 == 0:  # an ACK from the server now and then, as a real peer sends
            w.packet(t, ETH + ip_tcp(srv, cli, 443, 50000, 5001, seq, ACK, 0))
            t += 1


def parse_size(text):
    mult = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    return int(float(text[:-1]) * mult[text[-1].upper()]) if text[-1].upper() in mult else int(text)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("kind", choices=["syn", "scan", "bulk"])
    p.add_argument("-n", "--flows", type=int, default=5_000_000, help="syn: distinct flows")
    p.add_argument("--bytes", default="2G", help="bulk: payload bytes of the connection (K/M/G suffix)")
    p.add_argument("-o", "--output", default="-", help="file or FIFO; '-' for stdout")
    a = p.parse_args()
    out = sys.stdout.buffer if a.output == "-" else open(a.output, "wb")
    w = Writer(out)
    if a.kind == "syn":
        syn_flood(w, a.flows)
    elif a.kind == "scan":
        port_scan(w)
    else:
        bulk(w, parse_size(a.bytes))
    w.flush()
    out.flush()
    if out is not sys.stdout.buffer:
        out.close()


if __name__ == "__main__":
    main()
