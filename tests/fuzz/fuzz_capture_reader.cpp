// The capture reader on whole files: the input is a pcap or pcapng file, opened the way
// portlens-cli opens one (PacketSource::openFile, through a memfd so nothing touches the disk)
// and read to the end or the first error, every record through the decoder of the file's link
// type. It is read twice, once packet by packet (next) and once in batches (readWhile, refusing
// every fourth packet so the refused packet is offered again): the two must give the same
// packets and stop at the same place with the same error. Also checked: the offsets reported
// stay inside the file, and packet times within +-kMaxTimestampNs.
//
// libpcap itself is not instrumented (Debian's build), so coverage counts PortLens's side of the
// reader and the decoder; libpcap's parser is still exercised by every input.
#include "core/capture/packet_source.h"
#include "core/decode/decoder.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

using namespace portlens;

namespace {

void check(bool holds, const char *what)
{
    if (holds) return;
    std::fprintf(stderr, "fuzz_capture_reader: property broken: %s\n", what);
    std::abort();
}

// What a read saw, to compare the two ways of reading.
struct Summary {
    std::uint64_t packets = 0;
    std::uint64_t digest = 1469598103934665603ULL; // FNV-1a over timestamps, lengths and bytes
    bool failed = false;
    std::string error;
    std::uint64_t errorOffset = 0;

    void add(const RawPacket &packet, const Decoder &decoder)
    {
        check(packet.timestampNs >= -kMaxTimestampNs && packet.timestampNs <= kMaxTimestampNs,
              "a packet's time is within the range PacketSource promises");
        check(packet.data.size() <= 16 * 1024 * 1024, "a record's captured bytes stay below libpcap's maximum");
        ++packets;
        auto mix = [this](std::uint64_t v) {
            for (int i = 0; i < 8; ++i) digest = (digest ^ ((v >> (8 * i)) & 0xff)) * 1099511628211ULL;
        };
        mix(static_cast<std::uint64_t>(packet.timestampNs));
        mix(packet.wireLength);
        mix(packet.data.size());
        for (std::byte b : packet.data) mix(std::to_integer<std::uint64_t>(b));
        PacketView view;
        view.timestampNs = packet.timestampNs;
        view.wireLength = packet.wireLength;
        decoder.decode(packet.data, view);
        mix(static_cast<std::uint64_t>(view.kind));
    }
};

struct Batch {
    Summary *summary;
    const Decoder *decoder;
    unsigned calls = 0;
};

bool take(void *context, const RawPacket &packet)
{
    auto &batch = *static_cast<Batch *>(context);
    if (++batch.calls % 4 == 0) return false; // refused: offered again first at the next call
    batch.summary->add(packet, *batch.decoder);
    return true;
}

void finish(const PacketSource &source, Summary &summary, std::size_t fileSize)
{
    check(source.packetsRead() >= summary.packets, "packetsRead counts every packet handed over");
    check(source.bytesRead() <= fileSize, "bytesRead stays inside the file");
    check(source.totalBytes() == fileSize, "totalBytes is the file's size");
    if (source.error()) {
        summary.failed = true;
        summary.error = *source.error();
        summary.errorOffset = source.errorOffset();
        check(summary.errorOffset <= fileSize, "the error's offset is inside the file");
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static const int fd = memfd_create("fuzz-capture", MFD_CLOEXEC);
    check(fd >= 0, "memfd_create");
    check(ftruncate(fd, 0) == 0, "ftruncate");
    for (std::size_t written = 0; written < size;) {
        const ssize_t n = pwrite(fd, data + written, size - written, static_cast<off_t>(written));
        check(n > 0, "pwrite");
        written += static_cast<std::size_t>(n);
    }
    const std::string path = "/proc/self/fd/" + std::to_string(fd);

    Summary oneByOne;
    {
        auto opened = PacketSource::openFile(path);
        if (!opened.source) {
            check(opened.error != OpenError::None && !opened.message.empty(), "a failed open says why");
            return 0;
        }
        PacketSource &source = *opened.source;
        const Decoder decoder(source.linkType());
        RawPacket packet;
        while (source.next(packet)) oneByOne.add(packet, decoder);
        check(!source.next(packet), "the end stays the end");
        finish(source, oneByOne, size);
    }

    Summary batched;
    {
        auto opened = PacketSource::openFile(path);
        check(opened.source != nullptr, "a file that opened once opens again");
        PacketSource &source = *opened.source;
        const Decoder decoder(source.linkType());
        Batch batch{&batched, &decoder};
        while (source.readWhile(&take, &batch)) {
        }
        finish(source, batched, size);
    }
    check(oneByOne.packets == batched.packets, "next and readWhile read the same number of packets");
    check(oneByOne.digest == batched.digest, "next and readWhile read the same packets");
    check(oneByOne.failed == batched.failed && oneByOne.error == batched.error, "next and readWhile stop with the same error");
    check(oneByOne.errorOffset == batched.errorOffset, "next and readWhile report the same error offset");
    return 0;
}
