// A whole capture file through PacketSource (pcapng through PcapngReader, classic pcap through
// libpcap, chosen by the magic as for a real file), every packet decoded with its own
// interface's link type, as the analysis pipeline does.
#include "core/capture/packet_source.h"
#include "core/decode/decoder.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>

using namespace portlens;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size == 0) return 0; // fmemopen refuses an empty buffer
    std::FILE *stream = fmemopen(const_cast<std::uint8_t *>(data), size, "rb");
    if (!stream) return 0;
    auto opened = PacketSource::openStream(stream, "fuzz");
    if (!opened.source) return 0;
    RawPacket raw;
    PacketView view;
    int linkType = opened.source->linkType();
    Decoder decoder(linkType);
    while (opened.source->next(raw)) {
        if (raw.linkType != linkType) decoder = Decoder(linkType = raw.linkType);
        decoder.decode(raw.data, view);
    }
    return 0;
}
