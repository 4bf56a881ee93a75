// One captured frame through the decoder, link layer to transport. Byte 0 picks the link
// type among those the decoder supports, so every link layer is reached from one corpus.
#include "core/decode/decoder.h"

#include <pcap/dlt.h>

#include <cstddef>
#include <cstdint>

using namespace portlens;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static const int kLinkTypes[] = {DLT_EN10MB, DLT_NULL, DLT_LOOP, DLT_LINUX_SLL, DLT_LINUX_SLL2, DLT_RAW,
                                     DLT_IPV4, DLT_IPV6, DLT_PPP, DLT_PPP_SERIAL, DLT_C_HDLC, 14};
    if (size < 1) return 0;
    const int linkType = kLinkTypes[data[0] % std::size(kLinkTypes)];
    if (!Decoder::supportsLinkType(linkType)) return 0;
    const Decoder decoder(linkType);
    PacketView view;
    decoder.decode(Bytes(reinterpret_cast<const std::byte *>(data + 1), size - 1), view);
    return 0;
}
