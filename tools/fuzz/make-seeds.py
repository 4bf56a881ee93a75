#!/usr/bin/env python3
"""Seed corpora for the fuzz harnesses (tests/fuzz/), written outside the repository.

  tools/fuzz/make-seeds.py [--corpus ../shared/corpus] [--out build/fuzz-seeds] [--max-per-capture N]

Per harness, a folder of small inputs in the harness's own framing:
  decoder/    first frames of every corpus capture, prefixed with the harness's link-type index
  detectors/  the golden dialogues (tests/golden/*/dialogue.txt: the unit tests' payload samples)
              as chunks, each before every registered detector, plus the first payload bytes of corpus captures via the decoder seeds
  port_search, bpf_filter, helper_protocol: a few typical texts
  capture_reader/  the corpus captures cut to their first records (whole pcap records, whole
              pcapng blocks), so each seed is a valid file of a few KiB
  flow_table/ the first packets of each capture as fuzz_flow_table.cpp frames them (setup byte,
              then time step, 2-byte length and raw IP or Ethernet frame per packet)
  ftp_channels/  PORT/EPRT arguments and 227/229 replies from the corpus's FTP sessions, and a
              few written here, behind fuzz_ftp_channels.cpp's selector byte
  quic_initial/  the first client datagrams of the corpus's QUIC connections (raw framing, so
              the real Initials decrypt), and ClientHellos from the corpus's TLS connections
              in CRYPTO frames for the harness to seal itself (sealed framing)
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

def pcap_records(data, max_records, max_caplen=4096):
    """The file cut to its header and first records, a valid capture (None if not a capture)."""
    if len(data) < 24:
        return None
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1", b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        e = "<" if magic[0] in (0xD4, 0x4D) else ">"
        out, off, n = bytearray(data[:24]), 24, 0
        while off + 16 <= len(data) and n < max_records:
            ts, tf, incl, orig = struct.unpack(e + "IIII", data[off:off + 16])
            if off + 16 + incl > len(data):
                break
            keep = min(incl, max_caplen)
            out += struct.pack(e + "IIII", ts, tf, keep, orig) + data[off + 16:off + 16 + keep]
            off += 16 + incl
            n += 1
        return bytes(out)
    if magic == b"\x0a\x0d\x0d\x0a":
        e, off, n, out = "<", 0, 0, bytearray()
        while off + 12 <= len(data) and n < max_records:
            btype = struct.unpack(e + "I", data[off:off + 4])[0]
            if btype == 0x0A0D0D0A:
                e = "<" if data[off + 8:off + 12] == b"\x4d\x3c\x2b\x1a" else ">"
            blen = struct.unpack(e + "I", data[off + 4:off + 8])[0]
            if blen < 12 or off + blen > len(data) or blen > 2 * max_caplen:
                break
            out += data[off:off + blen]
            if btype in (2, 3, 6):
                n += 1
            off += blen
        return bytes(out)
    return None


def ip_of(link, frame):
    """The IP packet inside a frame of these link types, or None."""
    if link == 1:
        off, etype = 12, None
        while off + 2 <= len(frame):
            etype = struct.unpack(">H", frame[off:off + 2])[0]
            if etype in (0x8100, 0x88A8):
                off += 4
                continue
            break
        return frame[off + 2:] if etype in (0x0800, 0x86DD) else None
    if link in (101, 228, 229, 12, 14):
        return frame
    if link == 113:
        return frame[16:] if frame[14:16] in (b"\x08\x00", b"\x86\xdd") else None
    if link == 276:
        return frame[20:] if frame[0:2] in (b"\x08\x00", b"\x86\xdd") else None
    if link in (0, 108):
        return frame[4:]
    return None


def transport_of(ip):
    """(protocol, source, destination, source port, destination port, payload) of TCP/UDP in IP."""
    if len(ip) < 20:
        return None
    version = ip[0] >> 4
    if version == 4:
        ihl = (ip[0] & 15) * 4
        total = struct.unpack(">H", ip[2:4])[0]
        if ihl < 20 or struct.unpack(">H", ip[6:8])[0] & 0x1FFF:
            return None
        proto, src, dst, body = ip[9], ip[12:16], ip[16:20], ip[ihl:max(ihl, min(total, len(ip)))]
    elif version == 6 and len(ip) >= 40:
        proto, src, dst, body = ip[6], ip[8:24], ip[24:40], ip[40:40 + struct.unpack(">H", ip[4:6])[0]]
    else:
        return None
    if proto == 6 and len(body) >= 20:
        sport, dport = struct.unpack(">HH", body[:4])
        return 6, src, dst, sport, dport, body[(body[12] >> 4) * 4:]
    if proto == 17 and len(body) >= 8:
        sport, dport = struct.unpack(">HH", body[:4])
        return 17, src, dst, sport, dport, body[8:]
    return None


def pcap_timed_frames(data):
    """(linktype, timestamp in ns, frame) of a classic pcap or a pcapng file (pcapng: microseconds)."""
    if len(data) < 24:
        return
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1", b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        e = "<" if magic[0] in (0xD4, 0x4D) else ">"
        nano = magic in (b"\x4d\x3c\xb2\xa1", b"\xa1\xb2\x3c\x4d")
        link = struct.unpack(e + "I", data[20:24])[0] & 0xFFFF
        off = 24
        while off + 16 <= len(data):
            sec, frac, incl = struct.unpack(e + "III", data[off:off + 12])
            if off + 16 + incl > len(data):
                return
            yield link, sec * 10**9 + (frac if nano else frac * 1000), data[off + 16:off + 16 + incl]
            off += 16 + incl
    else:
        for link, frame in pcap_frames(data):  # pcapng: timestamps units vary; keep the order only
            yield link, None, frame


QUIC_VERSIONS = {1, 0x6B3343CF, 0xFACEB001, 0xFACEB002, 0xFACEB00D, 0xFACEB00E} | {0xFF000000 | d for d in range(22, 35)}


def varint(n):
    if n < 64:
        return bytes([n])
    if n < 16384:
        return struct.pack(">H", 0x4000 | n)
    return struct.pack(">I", 0x80000000 | n)


def time_step(delta_ns):
    """fuzz_flow_table.cpp's time-step byte nearest to a clock step."""
    if delta_ns is None:
        return 1
    if delta_ns < 0:
        return min(253, 250 + (-delta_ns) // 10**9)
    if delta_ns < 100 * 10**6:
        return delta_ns // 10**6
    if delta_ns < 100 * 10**9:
        return 99 + max(1, delta_ns // 10**9)
    return min(249, 199 + delta_ns // (20 * 10**9))


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

    # fuzz_detectors picks registry entry byte0 % (number of detectors): each dialogue is put
    # before every detector once (the registry is every PORTLENS_REGISTER_DETECTOR line).
    detectors = sum(1 for f in (here / "core" / "detect").glob("*_detector.cpp")
                    if re.search(r"^PORTLENS_REGISTER_DETECTOR\(", f.read_text(), re.M))
    for number, (name, transport, chunks) in enumerate(golden_dialogues(here)):
        for selector in range(detectors):
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
    quic_flows, tls_hellos, ftp_texts = {}, [], set()
    for capture in captures:
        try:
            data = capture.read_bytes()
        except OSError:
            continue
        cut = pcap_records(data, 12)
        if cut:
            write(out / "capture_reader", cut)
        sequence, last, quic_here, tls_here = {}, None, 0, 0
        for i, (link, ts, frame) in enumerate(pcap_timed_frames(data)):
            if i >= 2000 and quic_here == 0 and tls_here == 0:
                break
            ip = ip_of(link, frame)
            if ip is None:
                continue
            if i < 48:
                # One sequence as raw IP and, for Ethernet captures, one as Ethernet frames.
                for setup, f in ((0x07, ip), (0x0B | 0x10 | 0x40, frame if link == 1 else None)):
                    if f is not None:
                        step = time_step(None if last is None or ts is None else ts - last)
                        sequence.setdefault(setup, bytearray()).extend(bytes([step]) + struct.pack(">H", min(len(f), 2048)) + f[:2048])
                last = ts
            t = transport_of(ip)
            if t is None:
                continue
            proto, src, dst, sport, dport, payload = t
            if proto == 17 and len(payload) >= 5 and payload[0] & 0x80 and quic_here < 4:
                if struct.unpack(">I", payload[1:5])[0] in QUIC_VERSIONS:
                    key = (capture, src, sport)
                    if key not in quic_flows:
                        quic_here += 1
                    datagrams = quic_flows.setdefault(key, [])
                    if len(datagrams) < 3:
                        datagrams.append(payload)
            if proto == 6 and len(payload) > 9 and payload[0] == 0x16 and payload[5] == 0x01 and tls_here < 2:
                tls_hellos.append(payload[5:5 + struct.unpack(">H", payload[3:5])[0]])
                tls_here += 1
            if proto == 6 and 21 in (sport, dport):
                for line in payload.split(b"\r\n"):
                    for prefix, selector in ((b"PORT ", 0), (b"EPRT ", 1), (b"227 ", 2), (b"229 ", 3)):
                        if line.upper().startswith(prefix):
                            ftp_texts.add(bytes([selector]) + line[len(prefix):])
        for setup, seq in sequence.items():
            write(out / "flow_table", bytes([setup]) + bytes(seq))
    for datagrams in quic_flows.values():
        write(out / "quic_initial", b"\x00" + b"".join(struct.pack(">H", len(d)) + d for d in datagrams))
    # Sealed framing: version index, DCID length and DCID, then [flags][length][plaintext] packets.
    dcid = bytes(range(8))
    for n, hello in enumerate(tls_hellos[:40]):
        whole = b"\x06\x00" + varint(len(hello)) + hello
        write(out / "quic_initial", b"\x01" + bytes([n % 3, 8]) + dcid + b"\x00" + struct.pack(">H", len(whole)) + whole)
        # The same ClientHello in two CRYPTO frames of two packets in two datagrams, second half first.
        half = len(hello) // 2
        first = b"\x06\x00" + varint(half) + hello[:half]
        second = b"\x02\x00\x00\x00\x00" + b"\x06" + varint(half) + varint(len(hello) - half) + hello[half:]
        write(out / "quic_initial", b"\x01" + bytes([n % 3, 8]) + dcid + b"\x08" + struct.pack(">H", len(second)) + second +
              b"\x03" + struct.pack(">H", len(first)) + first)
    write(out / "quic_initial", b"\x01\x00\x08" + dcid + b"\x00\x00\x06" + b"\x01\x1c\x00\x00\x02ok")  # PING, CONNECTION_CLOSE
    for text in sorted(ftp_texts)[:200]:
        write(out / "ftp_channels", text)
    for selector, text in [(0, "192,0,2,10,200,10"), (1, "|1|192.0.2.10|51211|"), (1, "|2|2001:db8::10|51212|"),
                           (2, "Entering Passive Mode (198,51,100,20,195,149)."), (2, "Entering Passive Mode 0,0,0,0,39,16"),
                           (3, "Entering Extended Passive Mode (|||50070|)"), (3, "Extended Passive (!!!21!)"),
                           (0, "300,1,1,1,1,1"), (1, "|1|2001:db8::1|5000|"), (1, "|2|::ffff:192.0.2.1|65535|")]:
        for s in range(4):  # each text in every place, so the fuzzer can move it
            write(out / "ftp_channels", bytes([(selector + s) % 4]) + text.encode())
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
