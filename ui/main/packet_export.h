// Export of the packets of chosen connections to a new pcapng file, for Wireshark or a colleague.
//
// The GUI keeps connections, not packets, so the captures are read again: every packet whose
// addresses, ports and transport match a chosen connection, within its first and last packet
// time, is copied unchanged. libpcap writes only classic pcap, so the few pcapng blocks needed
// (section header, one interface per source capture with nanosecond time stamps, enhanced
// packet blocks) are written here.
#pragma once

#include "core/flow/connection.h"

#include <QString>

#include <atomic>
#include <vector>

namespace portlens::ui {

struct PacketSelection {
    QString capture; // the file the connection came from
    std::uint8_t transport = 0;
    Endpoint client;
    Endpoint server;
    std::int64_t firstNs = 0;
    std::int64_t lastNs = 0;

    static PacketSelection of(const Connection &connection, const QString &capture);
};

struct PacketExportResult {
    QString error;          // empty on success
    quint64 packets = 0;    // packets written
};

// Safe to run on any thread (it touches no GUI object); cancel stops between packets.
PacketExportResult exportPackets(const std::vector<PacketSelection> &selection, const QString &path,
                                 const std::atomic<bool> *cancel = nullptr);

} // namespace portlens::ui
