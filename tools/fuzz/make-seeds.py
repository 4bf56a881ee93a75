#!/usr/bin/env python3
"""Seed corpora for the fuzz harnesses (tests/fuzz/), written outside the repository.

  tools/fuzz/make-seeds.py [--corpus ../shared/corpus] [--out build/fuzz-seeds] [--max-per-capture N]

Per harness, a folder of small inputs in the harness's own framing:
  decoder/    first frames of every corpus capture, prefixed with the harness's link-type index
  detectors/  the golden dialogues (tests/golden/*/dialogue.txt: the unit tests' payload samples)
              as chunks, plus the first payload bytes of corpus captures via the decoder seeds
  port_search, bpf_filter, helper_protocol: a few typical texts
Captures are read here (pcap and pcapng, both byte orders) without libpcap, so the script only
needs python3. It never writes into the checkout's tracked files.
"""
import argparse, hashlib, os, re, struct, sys
from pathlib import Path

# Index in fuzz_decoder.cpp's kLinkTypes of each libpcap link type.
LINK_INDEX = {1: 0, 0: 1, 108: 2, 113: 3, 276: 4, 101: 5, 228: 6, 229: 7, 9: 8, 50: 9, 104: 10, 14: 11}
SEPARATOR = b"\xff\xfe"  # fuzz_detectors.cpp's chunk separator


def pcap_frames(data):
    """(linktype, frame) of a classic pcap or a pcapng file; stops quietly at damage."""
    if len(data) < 24:
        return
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1", b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        e = "<" if magic[0] in (0xD4, 0x4D) else ">"
        link = struct.unpack(e + "I", data[20:24])[0] & 0xFFFF
        off = 24
        while off + 16 <= len(data):
            incl = struct.unpack(e + "I", data[off + 8:off + 12])[0]
            if off + 16 + incl > len(data):
                return
            yield link, data[off + 16:off + 16 + incl]
            off += 16 + incl
    elif magic == b"\x0a\x0d\x0d\x0a":
        e, off, links = "<", 0, []
        while off + 12 <= len(data):
            btype = struct.unpack(e + "I", data[off:off + 4])[0]
            if btype == 0x0A0D0D0A:
                e = "<" if data[off + 8:off + 12] == b"\x4d\x3c\x2b\x1a" else ">"
                links = []
            blen = struct.unpack(e + "I", data[off + 4:off + 8])[0]
            if blen < 12 or off + blen > len(data):
                return
            body = data[off + 8:off + blen - 4]
            if btype == 1 and len(body) >= 2:
                links.append(struct.unpack(e + "H", body[:2])[0])
            elif btype == 6 and len(body) >= 20:
                iface, _, _, caplen = struct.unpack(e + "IIII", body[:16])
                if iface < len(links):
                    yield links[iface], body[20:20 + caplen]
            elif btype == 3 and len(body) >= 4 and links:
                yield links[0], body[4:]
            off += blen


def write(folder, payload):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / hashlib.sha1(payload).hexdigest()[:16]).write_bytes(payload)


def unescape(text):
    return text.encode("latin-1").decode("unicode_escape").encode("latin-1")


def golden_dialogues(root):
    for path in sorted((root / "tests" / "golden").glob("*/dialogue.txt")):
        transport, chunks = b"\x00", []
        for line in path.read_text().splitlines():
            if line.startswith("udp "):
                transport = b"\x01"
            m = re.match(r"(client|server) (text|hex): ?(.*)$", line)
            if not m:
                continue
            side = b"\x00" if m.group(1) == "client" else b"\x01"
            body = unescape(m.group(3)) if m.group(2) == "text" else bytes.fromhex(re.sub(r"\s", "", m.group(3)))
            chunks.append(side + body)
        if chunks:
            yield path.parent.name, transport, chunks


def main():
    here = Path(__file__).resolve().parents[2]
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=str(here.parent / "shared" / "corpus"))
    ap.add_argument("--out", default=str(here / "build" / "fuzz-seeds"))
    ap.add_argument("--max-per-capture", type=int, default=8)
    args = ap.parse_args()
    out, corpus = Path(args.out), Path(args.corpus)

    for number, (name, transport, chunks) in enumerate(golden_dialogues(here)):
        for selector in range(0, 256, 7):  # the same dialogue before several detectors
            write(out / "detectors", bytes([selector]) + transport + SEPARATOR.join(chunks))
    captures = sorted(p for p in corpus.rglob("*") if p.suffix in (".pcap", ".pcapng", ".cap"))
    for capture in captures:
        try:
            data = capture.read_bytes()
        except OSError:
            continue
        for i, (link, frame) in enumerate(pcap_frames(data)):
            if i >= args.max_per_capture:
                break
            if link in LINK_INDEX:
                write(out / "decoder", bytes([LINK_INDEX[link]]) + frame[:2048])
    for text in ["80", "443/tcp", "5350-5360", "5353/udp", "multicast", "encrypted", "plaintext", "ssh",
                 "dns udp", "1-65535", "0", "http 8080", ""]:
        write(out / "port_search", text.encode())
    for text in ["tcp port 80", "udp and port 53", "host 192.0.2.1 and not port 22", "ip6", "vlan 10 and tcp",
                 "tcp[tcpflags] & tcp-syn != 0", "net 10.0.0.0/8", "portrange 5000-6000", "ether host 00:11:22:33:44:55"]:
        write(out / "bpf_filter", text.encode())
    for text in ["ready\teth0\t1\t262144\nstats\t10\t0\t0\t10\nend\tstopped\n",
                 "error\tpermission\tno capture rights\n", "warning\tsomething\n",
                 "interface\teth0\tEthernet\tup,running\t192.0.2.1,fe80::1\n"]:
        write(out / "helper_protocol", text.encode())
    for d in sorted(out.iterdir()):
        print(f"{d.name}: {sum(1 for _ in d.iterdir())} seeds")


if __name__ == "__main__":
    sys.exit(main())
