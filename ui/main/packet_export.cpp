#include "ui/main/packet_export.h"

#include "core/capture/packet_source.h"
#include "core/decode/decoder.h"

#include <QCoreApplication>
#include <QFile>
#include <QSaveFile>

#include <cstring>
#include <map>
#include <tuple>

#include <pcap/dlt.h>

namespace portlens::ui {

namespace {

// The same key for both directions of a conversation.
using TupleKey = std::tuple<IpAddress, std::uint16_t, IpAddress, std::uint16_t, std::uint8_t>;

TupleKey keyOf(const IpAddress &a, std::uint16_t aPort, const IpAddress &b, std::uint16_t bPort, std::uint8_t transport)
{
    if (std::tie(a, aPort) < std::tie(b, bPort)) return {a, aPort, b, bPort, transport};
    return {b, bPort, a, aPort, transport};
}

// pcap_datalink() gives DLT_ values; pcapng wants LINKTYPE_ values. They differ for raw IP.
std::uint16_t linkTypeFor(int dlt)
{
    if (dlt == DLT_RAW) return 101; // LINKTYPE_RAW
    return static_cast<std::uint16_t>(dlt);
}

class PcapngWriter {
public:
    explicit PcapngWriter(QSaveFile &file) : m_file(file) {}

    void sectionHeader()
    {
        QByteArray b;
        put32(b, 0x0A0D0D0A);
        put32(b, 28);
        put32(b, 0x1A2B3C4D); // byte-order magic, written in this machine's order like the rest
        put16(b, 1);
        put16(b, 0);
        put64(b, ~std::uint64_t{0}); // section length not given
        put32(b, 28);
        m_file.write(b);
    }

    void interface(std::uint16_t linkType)
    {
        QByteArray b;
        put32(b, 1);
        put32(b, 32);
        put16(b, linkType);
        put16(b, 0);
        put32(b, 0);          // no snap length limit
        put16(b, 9);          // if_tsresol
        put16(b, 1);
        b.append(char(9));    // 10^-9: nanoseconds
        b.append(3, '\0');
        put32(b, 0);          // opt_endofopt
        put32(b, 32);
        m_file.write(b);
    }

    void packet(std::uint32_t interfaceId, const RawPacket &raw)
    {
        const auto captured = static_cast<std::uint32_t>(raw.data.size());
        const std::uint32_t padded = (captured + 3) & ~3u;
        const std::uint32_t total = 32 + padded;
        const auto ts = static_cast<std::uint64_t>(raw.timestampNs);
        QByteArray b;
        b.reserve(static_cast<qsizetype>(total));
        put32(b, 6);
        put32(b, total);
        put32(b, interfaceId);
        put32(b, static_cast<std::uint32_t>(ts >> 32));
        put32(b, static_cast<std::uint32_t>(ts));
        put32(b, captured);
        put32(b, raw.wireLength);
        b.append(reinterpret_cast<const char *>(raw.data.data()), static_cast<qsizetype>(captured));
        b.append(static_cast<qsizetype>(padded - captured), '\0');
        put32(b, total);
        m_file.write(b);
    }

private:
    template<typename T>
    static void put(QByteArray &b, T v)
    {
        char bytes[sizeof(T)];
        std::memcpy(bytes, &v, sizeof(T));
        b.append(bytes, sizeof(T));
    }
    static void put16(QByteArray &b, std::uint16_t v) { put(b, v); }
    static void put32(QByteArray &b, std::uint32_t v) { put(b, v); }
    static void put64(QByteArray &b, std::uint64_t v) { put(b, v); }

    QSaveFile &m_file;
};

} // namespace

PacketSelection PacketSelection::of(const Connection &c, const QString &capture)
{
    return {capture, c.transport, c.client, c.server, c.firstNs, c.lastNs};
}

PacketExportResult exportPackets(const std::vector<PacketSelection> &selection, const QString &path,
                                 const std::atomic<bool> *cancel)
{
    PacketExportResult result;
    // Per capture: conversation -> the time ranges of the chosen connections on it.
    std::map<QString, std::map<TupleKey, std::vector<std::pair<std::int64_t, std::int64_t>>>> wanted;
    for (const PacketSelection &s : selection)
        wanted[s.capture][keyOf(s.client.address, s.client.port, s.server.address, s.server.port, s.transport)]
            .emplace_back(s.firstNs, s.lastNs);

    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        result.error = QCoreApplication::translate("PacketExport", "cannot write %1: %2").arg(path, file.errorString());
        return result;
    }
    PcapngWriter writer(file);
    writer.sectionHeader();
    std::uint32_t interfaces = 0; // written so far
    for (const auto &[capture, conversations] : wanted) {
        auto opened = PacketSource::openFile(QFile::encodeName(capture).toStdString());
        if (!opened.source) {
            result.error = QCoreApplication::translate("PacketExport", "cannot read %1 again: %2")
                               .arg(capture, QString::fromStdString(opened.message));
            return result;
        }
        // One interface per link type of the capture (a pcapng may have several), the first now.
        std::map<int, std::uint32_t> interfaceOf{{opened.source->linkType(), interfaces++}};
        writer.interface(linkTypeFor(opened.source->linkType()));
        Decoder decoder(opened.source->linkType());
        int decoderLinkType = opened.source->linkType();
        RawPacket raw;
        PacketView view;
        while (opened.source->next(raw)) {
            if (cancel && cancel->load(std::memory_order_relaxed)) {
                result.error = QCoreApplication::translate("PacketExport", "cancelled");
                return result; // the QSaveFile is discarded: no half-written file is left
            }
            view.timestampNs = raw.timestampNs;
            view.wireLength = raw.wireLength;
            if (raw.linkType != decoderLinkType) decoder = Decoder(decoderLinkType = raw.linkType);
            decoder.decode(raw.data, view);
            if (view.kind != PacketKind::Transport) continue;
            auto it = conversations.find(keyOf(view.source, view.sourcePort, view.destination, view.destinationPort, view.ipProtocol));
            if (it == conversations.end()) continue;
            for (const auto &[first, last] : it->second) {
                if (raw.timestampNs >= first && raw.timestampNs <= last) {
                    const auto [slot, added] = interfaceOf.try_emplace(raw.linkType, interfaces);
                    if (added) {
                        writer.interface(linkTypeFor(raw.linkType));
                        ++interfaces;
                    }
                    writer.packet(slot->second, raw);
                    ++result.packets;
                    break;
                }
            }
        }
    }
    if (!file.commit())
        result.error = QCoreApplication::translate("PacketExport", "cannot write %1: %2").arg(path, file.errorString());
    return result;
}

} // namespace portlens::ui
