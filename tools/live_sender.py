#!/usr/bin/env python3
"""Bounded traffic generator for the live-capture benchmark: replays the Ethernet frames of a
classic pcap file onto an interface (default lo) through an AF_PACKET socket, looping the file,
at a target rate, for a fixed time. Prints how many frames it sent. Needs CAP_NET_RAW.

  live_sender.py FILE.pcap --rate 50000 --seconds 5 [--interface lo]
"""
import argparse
import socket
import struct
import sys
import time


def frames(path):
    with open(path, "rb") as f:
        header = f.read(24)
        magic = struct.unpack("<I", header[:4])[0]
        endian = "<" if magic in (0xA1B2C3D4, 0xA1B23C4D) else ">"
        if struct.unpack(endian + "I", header[20:24])[0] != 1:
            sys.exit("only Ethernet (link type 1) captures can be replayed")
        out = []
        while True:
            record = f.read(16)
            if len(record) < 16:
                break
            caplen = struct.unpack(endian + "IIII", record)[2]
            data = f.read(caplen)
            if len(data) == caplen and 14 <= caplen <= 1514:
                out.append(data)
        return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("pcap")
    parser.add_argument("--rate", type=float, default=10000, help="frames per second (0: as fast as possible)")
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--interface", default="lo")
    args = parser.parse_args()
    packets = frames(args.pcap)
    if not packets:
        sys.exit("no frames to send")
    sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    sock.bind((args.interface, 0))
    start = time.perf_counter()
    end = start + args.seconds
    sent = 0
    batch = 64  # check the clock every batch, not every frame
    n = len(packets)
    while True:
        now = time.perf_counter()
        if now >= end:
            break
        if args.rate > 0 and sent > (now - start) * args.rate:
            time.sleep(min(0.001, end - now))
            continue
        for _ in range(batch):
            sock.send(packets[sent % n])
            sent += 1
    elapsed = time.perf_counter() - start
    print(f"sent {sent} frames in {elapsed:.2f} s ({sent / elapsed:.0f}/s)")


if __name__ == "__main__":
    main()
