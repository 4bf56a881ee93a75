#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Generate resources/samples/portlens-sample.pcapng, the synthetic capture bundled with PortLens.

Why this exists
---------------
PortLens needs a small capture for the demo (`tools/portlens-dev demo`), the tests and the
documentation. A capture of real traffic can't be shipped: it would leak real addresses and
payloads, and nobody could say what license it is under. This script builds the traffic from
scratch instead, so the file is ours (MIT, like the rest of PortLens), uses only documentation
addresses, and can be rebuilt and reviewed at any time.

The capture holds complete, well-formed conversations for the protocols PortLens reasons about:
standard services on their usual ports, the same protocols on unexpected ports, local discovery
protocols, and one stream of opaque bytes. resources/samples/README.md lists every conversation.

How to run
----------
    python3 tools/make-sample-capture.py                 # writes resources/samples/portlens-sample.pcapng
    python3 tools/make-sample-capture.py -o /tmp/x.pcapng

Only the Python 3 standard library is used (struct, hashlib). Nothing is random: timestamps start
at a fixed instant, and every "random" value (TCP initial sequence numbers, TLS randoms, SSH
cookies, encrypted-looking payloads) is taken from SHA-256 of a fixed label. Two runs give
byte-identical files; check with sha256sum. The pcapng header carries no host name, OS or date.

After changing this script, regenerate the file, and check it with tshark:
    tshark -r resources/samples/portlens-sample.pcapng -q -z expert
    tshark -r resources/samples/portlens-sample.pcapng -Y tcp.analysis.flags      # must print nothing
    tshark -r resources/samples/portlens-sample.pcapng -q -z conv,tcp -z conv,udp
and update the tables in resources/samples/README.md (and any test that counts conversations).

Addresses: IPv4 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24 (RFC 5737); IPv6 2001:db8::/32
(RFC 3849); MAC 00:00:5e:00:53:xx (RFC 7042); AS numbers 64496-64511 (RFC 5398); DNS names under
example.com/.org/.net and .local; plus the multicast groups the discovery protocols require.
"""

import argparse
import calendar
import hashlib
import math
import os
import struct
import sys
import time

# --------------------------------------------------------------------------------------------
# Deterministic "randomness"
# --------------------------------------------------------------------------------------------


def prng_bytes(label, n):
    """n pseudo-random bytes derived from a label: SHA-256 in counter mode. Same label, same bytes."""
    out = bytearray()
    counter = 0
    while len(out) < n:
        out += hashlib.sha256(f"portlens-sample/{label}/{counter}".encode()).digest()
        counter += 1
    return bytes(out[:n])


def prng_u32(label):
    return struct.unpack("!I", prng_bytes(label, 4))[0]


def prng_u16(label):
    return struct.unpack("!H", prng_bytes(label, 2))[0]


# --------------------------------------------------------------------------------------------
# Clock and packet list
# --------------------------------------------------------------------------------------------

START = calendar.timegm((2026, 1, 15, 10, 0, 0))  # 2026-01-15 10:00:00 UTC, in seconds
US = 1_000_000


class Capture:
    def __init__(self):
        self.now_us = START * US
        self.frames = []  # (timestamp in microseconds, bytes)

    def advance(self, seconds):
        self.now_us += int(round(seconds * US))

    def at(self, offset_seconds):
        """Jump to a fixed offset from the start (keeps conversations on a fixed grid)."""
        target = START * US + int(round(offset_seconds * US))
        if self.frames and target <= self.frames[-1][0]:
            raise SystemExit(f"conversation start {offset_seconds}s overlaps the previous one")
        self.now_us = target

    def emit(self, frame):
        if len(frame) < 60:  # Ethernet minimum frame size (without FCS); as seen on a span port
            frame = frame + bytes(60 - len(frame))
        if self.frames and self.now_us <= self.frames[-1][0]:
            self.now_us = self.frames[-1][0] + 1
        self.frames.append((self.now_us, frame))

    def ntp_now(self, extra_us=0):
        """Current time as a 64-bit NTP timestamp."""
        t = self.now_us + extra_us
        secs = t // US + 2208988800
        frac = ((t % US) << 32) // US
        return struct.pack("!II", secs, frac)


# --------------------------------------------------------------------------------------------
# Hosts
# --------------------------------------------------------------------------------------------


def mac(last):
    return bytes([0x00, 0x00, 0x5E, 0x00, 0x53, last])


def ip4(s):
    return bytes(int(x) for x in s.split("."))


def ip6(s):
    # Small parser for the fully or ::-compressed textual form (no embedded IPv4).
    if "::" in s:
        head, tail = s.split("::")
        h = [p for p in head.split(":") if p]
        t = [p for p in tail.split(":") if p]
        groups = h + ["0"] * (8 - len(h) - len(t)) + t
    else:
        groups = s.split(":")
    assert len(groups) == 8, s
    return b"".join(struct.pack("!H", int(g, 16)) for g in groups)


class Host:
    """An endpoint: its MAC, the MAC its frames arrive from / go to, TTL as seen at the tap."""

    def __init__(self, name, addr, mac_addr, ttl=64, on_link=True):
        self.name = name
        self.v6 = ":" in addr
        self.addr_text = addr
        self.addr = ip6(addr) if self.v6 else ip4(addr)
        self.mac = mac_addr
        self.ttl = ttl
        self.on_link = on_link
        self.ip_id = prng_u16("ipid/" + name + addr)
        self.ts_base = prng_u32("tsbase/" + name + addr)


GATEWAY_MAC = mac(0x01)
BROADCAST_MAC = b"\xff" * 6


def l2_addrs(src, dst):
    """Ethernet source/destination for a packet from src to dst, captured on the LAN segment."""
    s = src.mac if src.on_link else GATEWAY_MAC
    d = dst.mac if dst.on_link else GATEWAY_MAC
    return d, s


def multicast_mac(dst):
    if dst.v6:
        return b"\x33\x33" + dst.addr[-4:]
    if dst.addr == b"\xff\xff\xff\xff":
        return BROADCAST_MAC
    return bytes([0x01, 0x00, 0x5E, dst.addr[1] & 0x7F, dst.addr[2], dst.addr[3]])


# LAN (192.0.2.0/24, 2001:db8:0:1::/64)
WS = Host("workstation", "192.0.2.10", mac(0x0A))
WS6 = Host("workstation6", "2001:db8:0:1::10", mac(0x0A))
ROUTER = Host("gateway", "192.0.2.1", GATEWAY_MAC)
BGP_PEER = Host("bgp-peer", "192.0.2.2", mac(0x02))
SWITCH = Host("old-switch", "192.0.2.23", mac(0x17))
MAILRELAY = Host("mail-relay", "192.0.2.25", mac(0x19))
TV = Host("media-player", "192.0.2.30", mac(0x1E))
PRINTER = Host("printer", "192.0.2.31", mac(0x1F))
FILESRV = Host("fileserver", "192.0.2.40", mac(0x28), ttl=128)
FILESRV6 = Host("fileserver6", "2001:db8:0:1::40", mac(0x28), ttl=128)
NEWHOST_MAC = mac(0x42)
ANY4 = Host("unspecified", "0.0.0.0", NEWHOST_MAC)
BCAST4 = Host("broadcast", "255.255.255.255", BROADCAST_MAC)

# Off-link (reached through the gateway); TTL as it arrives at the tap
RESOLVER = Host("resolver", "198.51.100.53", None, ttl=61, on_link=False)
WEB = Host("web", "203.0.113.80", None, ttl=52, on_link=False)
WEB6 = Host("web6", "2001:db8:80::80", None, ttl=52, on_link=False)
SSHSRV = Host("ssh", "198.51.100.22", None, ttl=55, on_link=False)
SMTPSRV = Host("smtp", "198.51.100.25", None, ttl=54, on_link=False)
FTPSRV = Host("ftp", "198.51.100.21", None, ttl=55, on_link=False)
AUTHNS = Host("authns", "203.0.113.53", None, ttl=50, on_link=False)
ALTDNS = Host("altdns", "203.0.113.153", None, ttl=49, on_link=False)
SSH443 = Host("ssh443", "203.0.113.44", None, ttl=51, on_link=False)
HTTP22 = Host("http22", "198.51.100.80", None, ttl=56, on_link=False)
NTPSRV = Host("ntp", "203.0.113.123", None, ttl=53, on_link=False)
PROBER = Host("ssdp-prober", "203.0.113.190", None, ttl=47, on_link=False)
OPAQUE = Host("opaque", "203.0.113.77", None, ttl=48, on_link=False)

# Multicast groups
SSDP_GRP = Host("ssdp-group", "239.255.255.250", None)
MDNS_GRP = Host("mdns-group", "224.0.0.251", None)
LLMNR_GRP = Host("llmnr-group", "224.0.0.252", None)
LLMNR_GRP6 = Host("llmnr-group6", "ff02::1:3", None)

# --------------------------------------------------------------------------------------------
# Ethernet / IP / UDP / TCP
# --------------------------------------------------------------------------------------------


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


def ether(dst_mac, src_mac, ethertype, payload):
    return dst_mac + src_mac + struct.pack("!H", ethertype) + payload


def ip_packet(src, dst, proto, l4, ttl=None, tos=0, df=True):
    """IPv4 or IPv6 header + l4 (whose checksum is already filled in)."""
    ttl = src.ttl if ttl is None else ttl
    if src.v6:
        return struct.pack("!IHBB", 0x60000000, len(l4), proto, ttl) + src.addr + dst.addr + l4
    src.ip_id = (src.ip_id + 1) & 0xFFFF
    hdr = struct.pack(
        "!BBHHHBBH4s4s", 0x45, tos, 20 + len(l4), src.ip_id, 0x4000 if df else 0, ttl, proto, 0,
        src.addr, dst.addr,
    )
    hdr = hdr[:10] + struct.pack("!H", csum(hdr)) + hdr[12:]
    return hdr + l4


def pseudo_header(src, dst, proto, length):
    if src.v6:
        return src.addr + dst.addr + struct.pack("!IxxxB", length, proto)
    return src.addr + dst.addr + struct.pack("!xBH", proto, length)


def l4_checksum(src, dst, proto, seg, offset):
    c = csum(pseudo_header(src, dst, proto, len(seg)) + seg)
    if proto == 17 and c == 0:
        c = 0xFFFF
    return seg[:offset] + struct.pack("!H", c) + seg[offset + 2:]


def frame_for(src, dst, proto, l4, ttl=None, tos=0, df=True, dst_mac=None):
    ip = ip_packet(src, dst, proto, l4, ttl=ttl, tos=tos, df=df)
    if dst_mac is None:
        d, s = l2_addrs(src, dst)
    else:
        d, s = dst_mac, (src.mac if src.on_link else GATEWAY_MAC)
    return ether(d, s, 0x86DD if src.v6 else 0x0800, ip)


def udp(cap, src, sport, dst, dport, payload, ttl=None, tos=0, df=True, dst_mac=None):
    seg = struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload
    seg = l4_checksum(src, dst, 17, seg, 6)
    cap.emit(frame_for(src, dst, 17, seg, ttl=ttl, tos=tos, df=df, dst_mac=dst_mac))


FIN, SYN, RST, PSH, ACK = 0x01, 0x02, 0x04, 0x08, 0x10


class Tcp:
    """One TCP connection with correct sequence/ack bookkeeping, Linux-like options and windows.

    The tap sits next to the client, so a segment from the server appears one round-trip after
    the client's segment that triggered it.
    """

    def __init__(self, cap, label, client, cport, server, sport, rtt):
        self.cap = cap
        self.rtt = rtt
        self.c = {"host": client, "port": cport, "seq": prng_u32(label + "/isn-c"), "ack": 0,
                  "acked": 0, "ts_peer": 0, "win": 502}
        self.s = {"host": server, "port": sport, "seq": prng_u32(label + "/isn-s"), "ack": 0,
                  "acked": 0, "ts_peer": 0, "win": 509}
        for side in (self.c, self.s):
            side["peer"] = self.s if side is self.c else self.c
        self.mss = 1440 if client.v6 else 1460
        self.last_sender = None

    def _side(self, who):
        return self.c if who == "c" else self.s

    def _delay(self, side):
        if self.last_sender is None:
            pass  # the SYN goes out at the current time (the conversation's start)
        elif side is self.s and self.last_sender is not self.s:
            self.cap.advance(self.rtt)  # server reacting to the client: one RTT later
        elif side is self.c and self.last_sender is self.s:
            self.cap.advance(0.00035)  # client stack/app turnaround
        else:
            self.cap.advance(0.00004)  # back-to-back segments
        self.last_sender = side

    def _tsval(self, side):
        return (side["host"].ts_base + self.cap.now_us // 1000) & 0xFFFFFFFF

    def _segment(self, side, flags, payload=b"", options=None, window=None):
        self._delay(side)
        host, peer = side["host"], side["peer"]
        tsval = self._tsval(side)
        if options is None:
            options = b"\x01\x01\x08\x0a" + struct.pack("!II", tsval, side["ts_peer"])
        else:
            options = options(tsval, side["ts_peer"])
        ack = side["ack"] if flags & ACK else 0
        hdr_len = 20 + len(options)
        seg = struct.pack(
            "!HHIIBBHHH", side["port"], peer["port"], side["seq"], ack, (hdr_len // 4) << 4,
            flags, side["win"] if window is None else window, 0, 0,
        ) + options + payload
        seg = l4_checksum(host, peer["host"], 6, seg, 16)
        self.cap.emit(frame_for(host, peer["host"], 6, seg))
        peer["ts_peer"] = tsval
        if flags & ACK:
            side["acked"] = side["ack"]
        side["seq"] = (side["seq"] + len(payload) + (1 if flags & (SYN | FIN) else 0)) & 0xFFFFFFFF
        peer["ack"] = side["seq"]

    def open(self):
        c, s = self.c, self.s

        def syn_options(tsval, tsecr):
            # Linux order: MSS, SACK permitted, timestamps, NOP, window scale 7
            return (struct.pack("!BBH", 2, 4, self.mss) + b"\x04\x02\x08\x0a"
                    + struct.pack("!II", tsval, tsecr) + b"\x01\x03\x03\x07")

        v6 = c["host"].v6
        self.last_sender = None
        self._segment(c, SYN, options=syn_options, window=64800 if v6 else 64240)
        self._segment(s, SYN | ACK, options=syn_options, window=64800 if v6 else 65160)
        self._segment(c, ACK)
        return self

    def send(self, who, data):
        """Send application bytes from 'c' or 's', split into MSS-sized PSH/ACK segments."""
        side = self._side(who)
        chunk = self.mss - 12
        for i in range(0, len(data), chunk):
            part = data[i:i + chunk]
            last = i + chunk >= len(data)
            self._segment(side, ACK | (PSH if last else 0), part)
        return self

    def ack(self, who):
        """Pure ACK from 'c' or 's' for everything received so far (only if there is something new)."""
        side = self._side(who)
        if side["ack"] != side["acked"]:
            self._segment(side, ACK)
        return self

    def close(self, who="c"):
        """Orderly FIN teardown started by 'c' or 's': FIN/ACK, FIN/ACK, ACK."""
        first = self._side(who)
        other = first["peer"]
        self._segment(first, FIN | ACK)
        self._segment(other, FIN | ACK)
        self._segment(first, ACK)

    def reset(self, who):
        side = self._side(who)
        self._segment(side, RST | ACK)


# --------------------------------------------------------------------------------------------
# DNS message builder (also used for mDNS and LLMNR)
# --------------------------------------------------------------------------------------------

T_A, T_NS, T_SOA, T_PTR, T_MX, T_TXT, T_AAAA, T_SRV, T_AXFR = 1, 2, 6, 12, 15, 16, 28, 33, 252


class DnsMsg:
    def __init__(self, ident, flags):
        self.ident, self.flags = ident, flags
        self.body = bytearray()
        self.names = {}
        self.counts = [0, 0, 0, 0]

    def name(self, name, base=12):
        labels = [l for l in name.rstrip(".").split(".") if l]
        out = bytearray()
        for i in range(len(labels)):
            suffix = ".".join(labels[i:]).lower()
            if suffix in self.names:
                out += struct.pack("!H", 0xC000 | self.names[suffix])
                return bytes(out)
            pos = base + len(self.body) + len(out)
            if pos < 0x3FFF:
                self.names[suffix] = pos
            out += bytes([len(labels[i])]) + labels[i].encode()
        return bytes(out + b"\0")

    def question(self, qname, qtype, qclass=1):
        self.body += self.name(qname) + struct.pack("!HH", qtype, qclass)
        self.counts[0] += 1
        return self

    def rr(self, section, rname, rtype, ttl, rdata_fn, rclass=1):
        self.body += self.name(rname)
        self.body += struct.pack("!HHI", rtype, rclass, ttl)
        length_at = len(self.body)
        self.body += b"\0\0"
        rdata = rdata_fn(self)  # may add names to the compression table
        self.body[length_at:length_at + 2] = struct.pack("!H", len(rdata))
        self.body += rdata
        self.counts[section] += 1
        return self

    def bytes(self):
        return struct.pack("!HHHHHH", self.ident, self.flags, *self.counts) + bytes(self.body)


def rd_a(addr):
    return lambda m: ip4(addr)


def rd_aaaa(addr):
    return lambda m: ip6(addr)


# rdata callbacks run when the body ends exactly where the rdata will start; DnsMsg.name() adds
# len(body) itself, so `base` is the 12-byte header plus any rdata bytes before the name.
def rd_name(target):
    return lambda m: m.name(target)


def rd_mx(pref, target):
    return lambda m: struct.pack("!H", pref) + m.name(target, base=12 + 2)


def rd_txt(*strings):
    return lambda m: b"".join(bytes([len(s)]) + s.encode() for s in strings)


def rd_srv(prio, weight, port, target):
    return lambda m: struct.pack("!HHH", prio, weight, port) + m.name(target, base=12 + 6)


def rd_soa(mname, rname, serial, refresh, retry, expire, minimum):
    def f(m):
        a = m.name(mname)
        b = m.name(rname, base=12 + len(a))
        return a + b + struct.pack("!IIIII", serial, refresh, retry, expire, minimum)
    return f


# --------------------------------------------------------------------------------------------
# Protocol payloads
# --------------------------------------------------------------------------------------------

CRLF = "\r\n"


def http_date(cap):
    return _fmt_http_date(cap.now_us // US)


def _fmt_http_date(t):
    days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    tm = time.gmtime(t)
    return "%s, %02d %s %04d %02d:%02d:%02d GMT" % (
        days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon - 1], tm.tm_year, tm.tm_hour, tm.tm_min, tm.tm_sec)


def lines(*ls):
    return (CRLF.join(ls) + CRLF).encode()


def tls_record(ctype, body, version=0x0303):
    return struct.pack("!BHH", ctype, version, len(body)) + body


def tls_ext(etype, data):
    return struct.pack("!HH", etype, len(data)) + data


def u8len(b):
    return bytes([len(b)]) + b


def u16len(b):
    return struct.pack("!H", len(b)) + b


def tls_client_hello(label, sni):
    ciphers = [0x1301, 0x1303, 0x1302, 0xC02B, 0xC02F, 0xCCA9, 0xCCA8, 0xC02C, 0xC030, 0xC00A,
               0xC009, 0xC013, 0xC014, 0x009C, 0x009D, 0x002F, 0x0035]
    host = sni.encode()
    exts = b"".join([
        tls_ext(0x0000, u16len(b"\x00" + u16len(host))),                        # server_name
        tls_ext(0x0017, b""),                                                  # extended_master_secret
        tls_ext(0xFF01, b"\x00"),                                              # renegotiation_info
        tls_ext(0x000A, u16len(struct.pack("!4H", 0x001D, 0x0017, 0x0018, 0x0019))),  # supported_groups
        tls_ext(0x000B, u8len(b"\x00")),                                       # ec_point_formats
        tls_ext(0x0023, b""),                                                  # session_ticket
        tls_ext(0x0010, u16len(u8len(b"h2") + u8len(b"http/1.1"))),            # ALPN
        tls_ext(0x0005, b"\x01\x00\x00\x00\x00"),                              # status_request
        tls_ext(0x0033, u16len(struct.pack("!HH", 0x001D, 32) + prng_bytes(label + "/x25519-c", 32))),
        tls_ext(0x002B, u8len(struct.pack("!2H", 0x0304, 0x0303))),            # supported_versions
        tls_ext(0x000D, u16len(struct.pack("!11H", 0x0403, 0x0503, 0x0603, 0x0804, 0x0805, 0x0806,
                                           0x0401, 0x0501, 0x0601, 0x0203, 0x0201))),  # signature_algorithms
        tls_ext(0x002D, u8len(b"\x01")),                                       # psk_key_exchange_modes
        tls_ext(0x001C, struct.pack("!H", 0x4001)),                            # record_size_limit
    ])
    body = (struct.pack("!H", 0x0303) + prng_bytes(label + "/random-c", 32)
            + u8len(prng_bytes(label + "/session-id", 32))
            + u16len(b"".join(struct.pack("!H", c) for c in ciphers))
            + u8len(b"\x00") + u16len(exts))
    hs = struct.pack("!B", 1) + struct.pack("!I", len(body))[1:] + body
    return tls_record(22, hs)


def tls_server_hello(label):
    exts = (tls_ext(0x002B, struct.pack("!H", 0x0304))
            + tls_ext(0x0033, struct.pack("!HH", 0x001D, 32) + prng_bytes(label + "/x25519-s", 32)))
    body = (struct.pack("!H", 0x0303) + prng_bytes(label + "/random-s", 32)
            + u8len(prng_bytes(label + "/session-id", 32))
            + struct.pack("!HB", 0x1301, 0) + u16len(exts))
    hs = struct.pack("!B", 2) + struct.pack("!I", len(body))[1:] + body
    return tls_record(22, hs)


def tls_ccs():
    return tls_record(20, b"\x01")


def tls_appdata(label, n):
    return tls_record(23, prng_bytes(label, n))


def ssh_packet(label, payload, block=8):
    pad = block - ((5 + len(payload)) % block)
    if pad < 4:
        pad += block
    return struct.pack("!IB", 1 + len(payload) + pad, pad) + payload + prng_bytes(label + "/pad", pad)


def ssh_string(b):
    if isinstance(b, str):
        b = b.encode()
    return struct.pack("!I", len(b)) + b


def ssh_kexinit(label, kex, hostkey, ciphers, macs):
    payload = bytes([20]) + prng_bytes(label + "/cookie", 16)
    for nl in (kex, hostkey, ciphers, ciphers, macs, macs, "none,zlib@openssh.com",
               "none,zlib@openssh.com", "", ""):
        payload += ssh_string(nl)
    payload += b"\x00" + struct.pack("!I", 0)
    return ssh_packet(label + "/kexinit", payload)


SSH_CIPHERS = ("chacha20-poly1305@openssh.com,aes128-ctr,aes192-ctr,aes256-ctr,"
               "aes128-gcm@openssh.com,aes256-gcm@openssh.com")
SSH_MACS = ("umac-64-etm@openssh.com,umac-128-etm@openssh.com,hmac-sha2-256-etm@openssh.com,"
            "hmac-sha2-512-etm@openssh.com,hmac-sha1-etm@openssh.com,umac-64@openssh.com,"
            "umac-128@openssh.com,hmac-sha2-256,hmac-sha2-512,hmac-sha1")
SSH_KEX_CLIENT = ("sntrup761x25519-sha512@openssh.com,curve25519-sha256,curve25519-sha256@libssh.org,"
                  "ecdh-sha2-nistp256,ecdh-sha2-nistp384,ecdh-sha2-nistp521,"
                  "diffie-hellman-group-exchange-sha256,diffie-hellman-group16-sha512,"
                  "diffie-hellman-group18-sha512,diffie-hellman-group14-sha256,ext-info-c")
# The sample servers have a hardened KexAlgorithms list that starts with curve25519, so the
# 32-byte ECDH exchange below is what both ends would pick; the host key is ed25519.
SSH_KEX_SERVER = ("curve25519-sha256,curve25519-sha256@libssh.org,"
                  "ecdh-sha2-nistp256,ecdh-sha2-nistp384,ecdh-sha2-nistp521,"
                  "diffie-hellman-group-exchange-sha256,diffie-hellman-group16-sha512,"
                  "diffie-hellman-group18-sha512,diffie-hellman-group14-sha256,"
                  "ext-info-s,kex-strict-s-v00@openssh.com")
SSH_HOSTKEYS_CLIENT = ("ssh-ed25519-cert-v01@openssh.com,ecdsa-sha2-nistp256-cert-v01@openssh.com,"
                       "rsa-sha2-512-cert-v01@openssh.com,rsa-sha2-256-cert-v01@openssh.com,"
                       "ssh-ed25519,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,ecdsa-sha2-nistp521,"
                       "rsa-sha2-512,rsa-sha2-256")
SSH_HOSTKEYS_SERVER = "rsa-sha2-512,rsa-sha2-256,ecdsa-sha2-nistp256,ssh-ed25519"


def ssh_session(t, label, server_banner, client_banner):
    """Identification strings, KEXINIT both ways, curve25519 exchange, NEWKEYS, a few encrypted packets."""
    t.send("s", server_banner.encode() + b"\r\n")
    t.send("c", client_banner.encode() + b"\r\n")
    t.send("s", ssh_kexinit(label + "/s", SSH_KEX_SERVER, SSH_HOSTKEYS_SERVER, SSH_CIPHERS, SSH_MACS))
    t.send("c", ssh_kexinit(label + "/c", SSH_KEX_CLIENT, SSH_HOSTKEYS_CLIENT, SSH_CIPHERS, SSH_MACS))
    t.ack("s")
    t.send("c", ssh_packet(label + "/ecdh-init", bytes([30]) + ssh_string(prng_bytes(label + "/qc", 32))))
    hostkey = ssh_string("ssh-ed25519") + ssh_string(prng_bytes(label + "/hostkey", 32))
    sig = ssh_string("ssh-ed25519") + ssh_string(prng_bytes(label + "/sig", 64))
    reply = ssh_packet(label + "/ecdh-reply", bytes([31]) + ssh_string(hostkey)
                       + ssh_string(prng_bytes(label + "/qs", 32)) + ssh_string(sig))
    t.send("s", reply + ssh_packet(label + "/newkeys-s", bytes([21])))
    t.send("c", ssh_packet(label + "/newkeys-c", bytes([21])))
    # From here on everything is encrypted (chacha20-poly1305: 4-byte length, payload, 16-byte tag).
    for i, (who, n) in enumerate([("c", 44), ("s", 44), ("c", 68), ("s", 52), ("c", 132), ("s", 100),
                                  ("c", 36), ("s", 644), ("c", 52), ("s", 36)]):
        t.send(who, prng_bytes(f"{label}/enc/{i}", n))
    t.ack("c")


# --------------------------------------------------------------------------------------------
# The scenario
# --------------------------------------------------------------------------------------------


def build():
    cap = Capture()

    def next_conv():
        """Start the next conversation on the next half-second mark at least 0.3 s after the last frame."""
        if not cap.frames:
            return
        last = (cap.frames[-1][0] - START * US) / US
        cap.at(math.ceil((last + 0.3) * 2) / 2)

    # 1. DHCP DISCOVER / OFFER ---------------------------------------------------------------
    next_conv()
    xid = prng_u32("dhcp/xid")
    chaddr = NEWHOST_MAC + bytes(10)
    opts = (bytes([53, 1, 1]) + bytes([61, 7, 1]) + NEWHOST_MAC + bytes([57, 2, 0x05, 0xDC])
            + bytes([12, 10]) + b"new-laptop"
            + bytes([55, 9, 1, 3, 6, 15, 28, 42, 51, 58, 59]) + b"\xff")
    bootp = (struct.pack("!BBBBIHH", 1, 1, 6, 0, xid, 0, 0x8000) + bytes(16) + chaddr + bytes(192)
             + b"\x63\x82\x53\x63" + opts)
    bootp += bytes(max(0, 300 - len(bootp)))
    udp(cap, ANY4, 68, BCAST4, 67, bootp, ttl=64, tos=0x10, df=False, dst_mac=BROADCAST_MAC)
    cap.advance(0.0012)
    offer_opts = (bytes([53, 1, 2]) + bytes([54, 4]) + ip4("192.0.2.1")
                  + bytes([51, 4]) + struct.pack("!I", 86400) + bytes([58, 4]) + struct.pack("!I", 43200)
                  + bytes([59, 4]) + struct.pack("!I", 75600) + bytes([1, 4]) + ip4("255.255.255.0")
                  + bytes([28, 4]) + ip4("192.0.2.255") + bytes([3, 4]) + ip4("192.0.2.1")
                  + bytes([6, 4]) + ip4("198.51.100.53") + bytes([15, 11]) + b"example.com" + b"\xff")
    bootp = (struct.pack("!BBBBIHH", 2, 1, 6, 0, xid, 0, 0x8000) + bytes(4) + ip4("192.0.2.66")
             + ip4("192.0.2.1") + bytes(4) + chaddr + bytes(192) + b"\x63\x82\x53\x63" + offer_opts)
    bootp += bytes(max(0, 300 - len(bootp)))
    udp(cap, ROUTER, 67, BCAST4, 68, bootp, ttl=64, tos=0x10, df=False, dst_mac=BROADCAST_MAC)

    # 2. SSDP NOTIFY from a media player to the SSDP group ---------------------------------------
    next_conv()
    usn = "uuid:2f402f80-da50-11e1-9b23-00005e00531e"
    notify = lines(
        "NOTIFY * HTTP/1.1", "HOST: 239.255.255.250:1900", "CACHE-CONTROL: max-age=1800",
        "LOCATION: http://192.0.2.30:49152/description.xml", "NT: upnp:rootdevice", "NTS: ssdp:alive",
        "SERVER: Linux/5.10 UPnP/1.0 MediaRenderer/2.1", "USN: " + usn + "::upnp:rootdevice", "")
    udp(cap, TV, 49152, SSDP_GRP, 1900, notify, ttl=2, df=False, dst_mac=multicast_mac(SSDP_GRP))

    # 3. SSDP M-SEARCH to the group from the workstation, unicast answer from the media player --
    next_conv()
    msearch = lines(
        "M-SEARCH * HTTP/1.1", "HOST: 239.255.255.250:1900", 'MAN: "ssdp:discover"', "MX: 1",
        "ST: urn:schemas-upnp-org:device:MediaRenderer:1",
        "USER-AGENT: Linux/6.6 UPnP/1.1 PortLensSample/1.0", "")
    udp(cap, WS, 50201, SSDP_GRP, 1900, msearch, ttl=2, df=False, dst_mac=multicast_mac(SSDP_GRP))
    cap.advance(0.184)
    resp = lines(
        "HTTP/1.1 200 OK", "CACHE-CONTROL: max-age=1800", "DATE: " + http_date(cap), "EXT:",
        "LOCATION: http://192.0.2.30:49152/description.xml",
        "SERVER: Linux/5.10 UPnP/1.0 MediaRenderer/2.1",
        "ST: urn:schemas-upnp-org:device:MediaRenderer:1",
        "USN: " + usn + "::urn:schemas-upnp-org:device:MediaRenderer:1", "")
    udp(cap, TV, 1900, WS, 50201, resp, df=False)

    # 4. mDNS query and response ---------------------------------------------------------------
    next_conv()
    q = DnsMsg(0, 0x0000).question("_ipp._tcp.local", T_PTR)
    udp(cap, WS, 5353, MDNS_GRP, 5353, q.bytes(), ttl=255, dst_mac=multicast_mac(MDNS_GRP))
    cap.advance(0.0031)
    inst = "Lab Printer._ipp._tcp.local"
    r = (DnsMsg(0, 0x8400)
         .rr(1, "_ipp._tcp.local", T_PTR, 4500, rd_name(inst))
         .rr(3, inst, T_SRV, 120, rd_srv(0, 0, 631, "labprinter.local"), rclass=0x8001)
         .rr(3, inst, T_TXT, 4500, rd_txt("txtvers=1", "rp=ipp/print", "ty=Lab Printer", "pdl=image/urf"),
             rclass=0x8001)
         .rr(3, "labprinter.local", T_A, 120, rd_a("192.0.2.31"), rclass=0x8001))
    udp(cap, PRINTER, 5353, MDNS_GRP, 5353, r.bytes(), ttl=255, dst_mac=multicast_mac(MDNS_GRP))

    # 5. LLMNR over IPv4: multicast query, unicast answer ---------------------------------------
    next_conv()
    qid = prng_u16("llmnr4/id")
    q = DnsMsg(qid, 0x0000).question("fileserver", T_A)
    udp(cap, WS, 52114, LLMNR_GRP, 5355, q.bytes(), ttl=1, df=False, dst_mac=multicast_mac(LLMNR_GRP))
    cap.advance(0.0008)
    r = DnsMsg(qid, 0x8000).question("fileserver", T_A).rr(1, "fileserver", T_A, 30, rd_a("192.0.2.40"))
    udp(cap, FILESRV, 5355, WS, 52114, r.bytes(), ttl=128, df=False)

    # 6. LLMNR over IPv6 to ff02::1:3, unicast answer ------------------------------------------
    next_conv()
    qid = prng_u16("llmnr6/id")
    q = DnsMsg(qid, 0x0000).question("fileserver", T_AAAA)
    udp(cap, WS6, 52115, LLMNR_GRP6, 5355, q.bytes(), ttl=1, dst_mac=multicast_mac(LLMNR_GRP6))
    cap.advance(0.0009)
    r = (DnsMsg(qid, 0x8000).question("fileserver", T_AAAA)
         .rr(1, "fileserver", T_AAAA, 30, rd_aaaa("2001:db8:0:1::40")))
    udp(cap, FILESRV6, 5355, WS6, 52115, r.bytes(), ttl=128)

    # 7. NTP client/server --------------------------------------------------------------------
    next_conv()
    t1 = cap.ntp_now()
    ntp_req = struct.pack("!BBbb", 0x23, 0, 6, -23) + bytes(4 + 4 + 4 + 8 + 8 + 8) + t1
    udp(cap, WS, 123, NTPSRV, 123, ntp_req)
    cap.advance(0.0214)
    t2 = cap.ntp_now(-10650)
    t3 = cap.ntp_now(-10620)
    ref = cap.ntp_now(-37_000_000)
    ntp_resp = (struct.pack("!BBbb", 0x24, 2, 6, -24) + struct.pack("!II", 0x00000A3D, 0x00001F5C)
                + ip4("198.51.100.123") + ref + t1 + t2 + t3)
    udp(cap, NTPSRV, 123, WS, 123, ntp_resp)

    # 8. DNS over UDP 53: A and AAAA for www.example.com ---------------------------------------
    next_conv()
    for i, (qtype, rd) in enumerate(((T_A, rd_a("203.0.113.80")), (T_AAAA, rd_aaaa("2001:db8:80::80")))):
        qid = prng_u16(f"dns53/{i}")
        sport = 41873 + i * 6211
        q = DnsMsg(qid, 0x0100).question("www.example.com", qtype)
        udp(cap, WS, sport, RESOLVER, 53, q.bytes())
        cap.advance(0.0087)
        r = DnsMsg(qid, 0x8180).question("www.example.com", qtype).rr(1, "www.example.com", qtype, 3600, rd)
        udp(cap, RESOLVER, 53, WS, sport, r.bytes())
        cap.advance(0.0003)

    # 9. HTTP/1.1 on 80/tcp --------------------------------------------------------------------
    next_conv()
    t = Tcp(cap, "http80", WS, 51234, WEB, 80, rtt=0.0182).open()
    t.send("c", lines(
        "GET /index.html HTTP/1.1", "Host: www.example.com",
        "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
        "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
        "Accept-Language: en-US,en;q=0.5", "Accept-Encoding: gzip, deflate", "Connection: keep-alive", ""))
    body = (b"<!doctype html>\n<html>\n<head><title>Example Domain</title></head>\n<body>\n"
            b"<h1>Example Domain</h1>\n<p>This page is part of the PortLens sample capture.</p>\n"
            b"</body>\n</html>\n")
    t.ack("s")
    t.send("s", lines(
        "HTTP/1.1 200 OK", "Date: " + http_date(cap), "Server: Apache/2.4.58 (Debian)",
        "Last-Modified: Mon, 05 Jan 2026 08:00:00 GMT", 'ETag: "%x-6479e0c1a2b00"' % len(body), "Accept-Ranges: bytes",
        "Content-Length: %d" % len(body), "Keep-Alive: timeout=5, max=100", "Connection: Keep-Alive",
        "Content-Type: text/html; charset=UTF-8", "") + body)
    t.ack("c")
    cap.advance(0.120)
    t.close("c")

    # 10. TLS 1.3 on 443/tcp over IPv4 and IPv6 -------------------------------------------------
    def tls_session(label, client, cport, server, rtt):
        t = Tcp(cap, label, client, cport, server, 443, rtt=rtt).open()
        t.send("c", tls_client_hello(label, "www.example.com"))
        t.ack("s")
        t.send("s", tls_server_hello(label) + tls_ccs() + tls_appdata(label + "/ee", 36)
               + tls_appdata(label + "/cert", 1864) + tls_appdata(label + "/cv", 281)
               + tls_appdata(label + "/fin", 69))
        t.send("c", tls_ccs() + tls_appdata(label + "/cfin", 69))
        t.send("c", tls_appdata(label + "/req", 412))
        t.send("s", tls_appdata(label + "/ticket1", 250) + tls_appdata(label + "/ticket2", 250))
        t.send("s", tls_appdata(label + "/resp", 987))
        t.ack("c")
        cap.advance(0.080)
        t.send("c", tls_appdata(label + "/alert", 19))   # encrypted close_notify
        t.close("c")

    next_conv()
    tls_session("tls443v4", WS, 51236, WEB, 0.0183)
    next_conv()
    tls_session("tls443v6", WS6, 51240, WEB6, 0.0179)

    # 11. SSH on 22/tcp ------------------------------------------------------------------------
    next_conv()
    t = Tcp(cap, "ssh22", WS, 51244, SSHSRV, 22, rtt=0.0114).open()
    ssh_session(t, "ssh22", "SSH-2.0-OpenSSH_9.6p1 Debian-3", "SSH-2.0-OpenSSH_9.2p1")
    t.close("c")

    # 12. SMTP on 25/tcp: EHLO advertises STARTTLS, client stays in plaintext ---------------------
    next_conv()
    t = Tcp(cap, "smtp25", MAILRELAY, 38612, SMTPSRV, 25, rtt=0.0151).open()
    t.send("s", lines("220 mail.example.org ESMTP Postfix (Debian/GNU)"))
    message = lines(
        "From: Alice <alice@example.com>", "To: Bob <bob@example.org>",
        "Subject: PortLens sample message", "Date: " + http_date(cap).replace(" GMT", " +0000"),
        "Message-ID: <20260115100006.1@mail.example.com>", "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=UTF-8", "",
        "Hello Bob,", "", "this message travelled over SMTP without STARTTLS,",
        "so anyone on the path could read it.", "", "Alice")
    dialogue = [
        (lines("EHLO mail.example.com"),
         lines("250-mail.example.org", "250-PIPELINING", "250-SIZE 10240000", "250-VRFY", "250-ETRN",
               "250-STARTTLS", "250-ENHANCEDSTATUSCODES", "250-8BITMIME", "250-DSN", "250-SMTPUTF8",
               "250 CHUNKING")),
        (lines("MAIL FROM:<alice@example.com> SIZE=%d" % len(message)), lines("250 2.1.0 Ok")),
        (lines("RCPT TO:<bob@example.org>"), lines("250 2.1.5 Ok")),
        (lines("DATA"), lines("354 End data with <CR><LF>.<CR><LF>")),
        (message + lines("."), lines("250 2.0.0 Ok: queued as 4F2B81C0A3")),
        (lines("QUIT"), lines("221 2.0.0 Bye")),
    ]
    for req, rep in dialogue:
        t.send("c", req)
        t.send("s", rep)
    t.close("s")

    # 13. FTP on 21/tcp with a passive-mode data connection ---------------------------------------
    next_conv()
    readme = (b"PortLens sample FTP server\r\n"
              b"==========================\r\n"
              b"This file was fetched over an FTP passive-mode data connection.\r\n"
              b"Everything on the control and data channels is unencrypted.\r\n")
    pasv_port = 50069  # 195 * 256 + 149
    ctl = Tcp(cap, "ftp21", WS, 51250, FTPSRV, 21, rtt=0.0123).open()
    ctl.send("s", lines("220 (vsFTPd 3.0.3)"))
    for req, rep in [("USER anonymous", "331 Please specify the password."),
                     ("PASS guest@example.com", "230 Login successful."),
                     ("SYST", "215 UNIX Type: L8"),
                     ("TYPE I", "200 Switching to Binary mode."),
                     ("PASV", "227 Entering Passive Mode (198,51,100,21,195,149).")]:
        ctl.send("c", lines(req))
        ctl.send("s", lines(rep))
    cap.advance(0.0004)  # the client parses the 227 reply, then connects to the announced port
    data = Tcp(cap, "ftp-data", WS, 51252, FTPSRV, pasv_port, rtt=0.0123).open()
    ctl.send("c", lines("RETR README.txt"))
    ctl.send("s", lines("150 Opening BINARY mode data connection for README.txt (%d bytes)." % len(readme)))
    data.send("s", readme)
    data.close("s")
    ctl.send("s", lines("226 Transfer complete."))
    cap.advance(0.050)
    ctl.send("c", lines("QUIT"))
    ctl.send("s", lines("221 Goodbye."))
    ctl.close("s")

    # 14. DNS over TCP 53: zone transfer (AXFR) -------------------------------------------------
    next_conv()
    t = Tcp(cap, "dns-axfr", WS, 51258, AUTHNS, 53, rtt=0.0221).open()
    qid = prng_u16("axfr/id")
    q = DnsMsg(qid, 0x0000).question("example.com", T_AXFR).bytes()
    t.send("c", struct.pack("!H", len(q)) + q)
    soa = rd_soa("ns1.example.com", "hostmaster.example.com", 2026011501, 7200, 3600, 1209600, 3600)
    r = (DnsMsg(qid, 0x8400).question("example.com", T_AXFR)
         .rr(1, "example.com", T_SOA, 3600, soa)
         .rr(1, "example.com", T_NS, 3600, rd_name("ns1.example.com"))
         .rr(1, "example.com", T_NS, 3600, rd_name("ns2.example.com"))
         .rr(1, "example.com", T_MX, 3600, rd_mx(10, "mail.example.com"))
         .rr(1, "example.com", T_TXT, 3600, rd_txt("v=spf1 mx -all"))
         .rr(1, "ns1.example.com", T_A, 3600, rd_a("203.0.113.53"))
         .rr(1, "ns2.example.com", T_A, 3600, rd_a("198.51.100.53"))
         .rr(1, "mail.example.com", T_A, 3600, rd_a("192.0.2.25"))
         .rr(1, "www.example.com", T_A, 3600, rd_a("203.0.113.80"))
         .rr(1, "www.example.com", T_AAAA, 3600, rd_aaaa("2001:db8:80::80"))
         .rr(1, "vpn.example.com", T_A, 3600, rd_a("203.0.113.10"))
         .rr(1, "example.com", T_SOA, 3600, soa)).bytes()
    t.ack("s")
    t.send("s", struct.pack("!H", len(r)) + r)
    t.ack("c")
    t.close("c")

    # 15. DNS over UDP on a non-standard port (5300) --------------------------------------------
    next_conv()
    qid = prng_u16("dns5300/id")
    q = DnsMsg(qid, 0x0100).question("updates.example.net", T_TXT)
    udp(cap, WS, 44931, ALTDNS, 5300, q.bytes())
    cap.advance(0.0263)
    r = (DnsMsg(qid, 0x8180).question("updates.example.net", T_TXT)
         .rr(1, "updates.example.net", T_TXT, 60, rd_txt("v=1;channel=stable;next=300")))
    udp(cap, ALTDNS, 5300, WS, 44931, r.bytes())

    # 16. SSH on 443/tcp (server speaks first, as SSH does) -------------------------------------
    next_conv()
    t = Tcp(cap, "ssh443", WS, 51262, SSH443, 443, rtt=0.0201).open()
    ssh_session(t, "ssh443", "SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.6", "SSH-2.0-OpenSSH_9.2p1")
    t.close("c")

    # 17. HTTP on 22/tcp ------------------------------------------------------------------------
    next_conv()
    t = Tcp(cap, "http22", WS, 51266, HTTP22, 22, rtt=0.0137).open()
    t.send("c", lines("GET / HTTP/1.1", "Host: 198.51.100.80:22", "User-Agent: curl/8.5.0", "Accept: */*", ""))
    body = b'{"status":"ok","service":"metrics-agent","version":"2.3.1"}\n'
    t.ack("s")
    t.send("s", lines("HTTP/1.1 200 OK", "Server: nginx/1.24.0", "Date: " + http_date(cap),
                      "Content-Type: application/json", "Content-Length: %d" % len(body),
                      "Connection: keep-alive", "") + body)
    t.close("c")

    # 18. Telnet on 23/tcp: option negotiation, login prompt ------------------------------------
    next_conv()
    t = Tcp(cap, "telnet23", WS, 51270, SWITCH, 23, rtt=0.0009).open()
    IAC, DO, WILL, WONT, SB, SE = 255, 253, 251, 252, 250, 240
    t.send("s", bytes([IAC, DO, 24, IAC, DO, 32, IAC, DO, 35, IAC, DO, 39]))
    t.send("c", bytes([IAC, WILL, 24, IAC, WONT, 32, IAC, WONT, 35, IAC, WONT, 39]))
    t.send("s", bytes([IAC, SB, 24, 1, IAC, SE]))
    t.send("c", bytes([IAC, SB, 24, 0]) + b"XTERM-256COLOR" + bytes([IAC, SE]))
    t.send("s", bytes([IAC, WILL, 1, IAC, WILL, 3, IAC, DO, 3]))
    t.send("c", bytes([IAC, DO, 1, IAC, DO, 3, IAC, WILL, 3]))
    t.send("s", b"\r\nsw-lab-01 login: ")
    cap.advance(1.2)
    t.send("c", b"admin\r\n")
    t.send("s", b"admin\r\nPassword: ")
    cap.advance(0.9)
    t.send("c", b"sample\r\n")
    t.send("s", b"\r\n")
    cap.advance(0.4)
    t.send("s", b"Login incorrect\r\nsw-lab-01 login: ")
    cap.advance(0.6)
    t.close("c")

    # 19. BGP on 179/tcp: OPEN both ways, KEEPALIVE, UPDATE, NOTIFICATION (Cease) ----------------
    next_conv()

    def bgp(msg_type, body):
        return b"\xff" * 16 + struct.pack("!HB", 19 + len(body), msg_type) + body

    def bgp_open(asn, bgp_id):
        caps = (bytes([1, 4, 0, 1, 0, 1])            # multiprotocol IPv4 unicast
                + bytes([2, 0])                       # route refresh
                + bytes([65, 4]) + struct.pack("!I", asn))  # 4-octet AS number
        params = bytes([2, len(caps)]) + caps
        return bgp(1, struct.pack("!BHH", 4, asn, 180) + ip4(bgp_id) + bytes([len(params)]) + params)

    def bgp_update(asn, next_hop, prefix, plen):
        attrs = (bytes([0x40, 1, 1, 0])                                     # ORIGIN IGP
                 + bytes([0x40, 2, 6, 2, 1]) + struct.pack("!I", asn)        # AS_PATH (4-octet)
                 + bytes([0x40, 3, 4]) + ip4(next_hop))                      # NEXT_HOP
        nlri = bytes([plen]) + ip4(prefix)[:(plen + 7) // 8]
        return bgp(2, struct.pack("!H", 0) + struct.pack("!H", len(attrs)) + attrs + nlri)

    keepalive = bgp(4, b"")
    t = Tcp(cap, "bgp179", BGP_PEER, 40179, ROUTER, 179, rtt=0.0006).open()
    t.send("c", bgp_open(64511, "192.0.2.2"))
    t.send("s", bgp_open(64496, "192.0.2.1"))
    t.send("c", keepalive)
    t.send("s", keepalive)
    t.send("c", bgp_update(64511, "192.0.2.2", "203.0.113.0", 24))
    t.send("s", bgp_update(64496, "192.0.2.1", "198.51.100.0", 24))
    t.ack("c")
    cap.advance(0.3)
    t.send("c", bgp(3, bytes([6, 2])))   # NOTIFICATION: Cease / Administrative Shutdown
    t.close("c")

    # 20. SSDP M-SEARCH from the Internet to the media player's unicast address ----------------
    next_conv()
    probe = lines("M-SEARCH * HTTP/1.1", "HOST: 192.0.2.30:1900", 'MAN: "ssdp:discover"', "MX: 1",
                  "ST: ssdp:all", "")
    udp(cap, PROBER, 43512, TV, 1900, probe, df=False)
    cap.advance(0.0021)
    for st in ("upnp:rootdevice", "urn:schemas-upnp-org:device:MediaRenderer:1",
               "urn:schemas-upnp-org:service:AVTransport:1"):
        usn_st = usn + "::" + st
        resp = lines(
            "HTTP/1.1 200 OK", "CACHE-CONTROL: max-age=1800", "DATE: " + http_date(cap), "EXT:",
            "LOCATION: http://192.0.2.30:49152/description.xml",
            "SERVER: Linux/5.10 UPnP/1.0 MediaRenderer/2.1", "ST: " + st, "USN: " + usn_st, "")
        udp(cap, TV, 1900, PROBER, 43512, resp, df=False)
        cap.advance(0.0004)

    # 21. Unknown protocol on a high port: opaque, random-looking bytes, ended by RST ----------
    next_conv()
    t = Tcp(cap, "opaque", WS, 51274, OPAQUE, 47913, rtt=0.0297).open()
    for i, (who, n) in enumerate([("c", 73), ("s", 211), ("c", 389), ("s", 1024), ("c", 96),
                                  ("s", 48), ("c", 560), ("s", 132)]):
        t.send(who, prng_bytes(f"opaque/{i}", n))
    t.ack("c")
    cap.advance(0.25)
    t.reset("s")

    return cap


# --------------------------------------------------------------------------------------------
# pcapng writer
# --------------------------------------------------------------------------------------------


def pad4(b):
    return b + bytes((-len(b)) % 4)


def option(code, value):
    return struct.pack("<HH", code, len(value)) + pad4(value)


def block(btype, body):
    total = 12 + len(body)
    return struct.pack("<II", btype, total) + body + struct.pack("<I", total)


def pcapng(cap):
    shb_opts = (option(1, b"Synthetic sample capture made by PortLens tools/make-sample-capture.py. "
                          b"Documentation addresses only. License: MIT.")
                + option(4, b"PortLens make-sample-capture.py") + option(0, b""))
    out = bytearray(block(0x0A0D0D0A, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1) + shb_opts))
    idb_opts = option(2, b"sample0") + option(9, b"\x06") + option(0, b"")
    out += block(0x00000001, struct.pack("<HHI", 1, 0, 262144) + idb_opts)  # LINKTYPE_ETHERNET
    for ts, frame in cap.frames:
        body = struct.pack("<IIIII", 0, ts >> 32, ts & 0xFFFFFFFF, len(frame), len(frame)) + pad4(frame)
        out += block(0x00000006, body)
    return bytes(out)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    default = os.path.join(here, "..", "resources", "samples", "portlens-sample.pcapng")
    ap = argparse.ArgumentParser(description="Write the PortLens synthetic sample capture.")
    ap.add_argument("-o", "--output", default=os.path.normpath(default), help="output file (default: %(default)s)")
    args = ap.parse_args()
    cap = build()
    data = pcapng(cap)
    os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
    with open(args.output, "wb") as f:
        f.write(data)
    span = (cap.frames[-1][0] - cap.frames[0][0]) / US
    print(f"wrote {args.output}: {len(cap.frames)} frames, {len(data)} bytes, spanning {span:.3f} s, "
          f"sha256 {hashlib.sha256(data).hexdigest()}", file=sys.stderr)


if __name__ == "__main__":
    main()
