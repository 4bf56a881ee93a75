#include "app/capture/live_capture.h"

#include "core/capture/helper_protocol.h"
#include "core/capture/pcapng_writer.h"

#include <linux/capability.h>
#include <pcap/pcap.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

namespace portlens::capture {

namespace {

std::atomic<pcap_t *> g_handle{nullptr};
volatile std::sig_atomic_t g_stopRequested = 0;

void say(const std::string &line)
{
    std::fputs(line.c_str(), stderr);
    std::fflush(stderr);
}

int fail(HelperErrorKind kind, const std::string &message)
{
    say(helperLine("error", {helperErrorKindName(kind), message}));
    say(helperLine("end", {"error"}));
    return helperExitFor(kind);
}

// Once the capture socket is open the helper needs no privilege at all: drop every capability,
// so a bug in the packet loop cannot be used to do more than write the capture.
void dropCapabilities()
{
    __user_cap_header_struct header{};
    header.version = _LINUX_CAPABILITY_VERSION_3;
    header.pid = 0;
    __user_cap_data_struct data[2] = {};
    ::syscall(SYS_capset, &header, data);
}

std::int64_t nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// An activation failure in the helper's words, with libpcap's own explanation kept.
int activationFailure(pcap_t *handle, int status, const std::string &interface)
{
    const std::string detail = pcap_geterr(handle);
    switch (status) {
    case PCAP_ERROR_PERM_DENIED:
    case PCAP_ERROR_PROMISC_PERM_DENIED:
        return fail(HelperErrorKind::Permission,
                    "no permission to capture on " + interface + (detail.empty() ? "" : " (" + detail + ")"));
    case PCAP_ERROR_NO_SUCH_DEVICE:
        return fail(HelperErrorKind::NoSuchInterface,
                    "no interface named " + interface + (detail.empty() ? "" : " (" + detail + ")"));
    case PCAP_ERROR_IFACE_NOT_UP:
        return fail(HelperErrorKind::InterfaceDown, "the interface " + interface + " is down");
    default:
        return fail(HelperErrorKind::Other, "cannot capture on " + interface + ": " +
                                                (detail.empty() ? pcap_statustostr(status) : detail));
    }
}

struct Outputs {
    std::vector<std::FILE *> files;
    std::vector<std::string> names;
    PcapngWriter *writer = nullptr;
    bool failed = false;        // a capture file could not be written
    bool pipeClosed = false;    // the reader of standard output went away
    std::string failure;
    std::uint64_t captured = 0;
};

void writePacket(u_char *user, const pcap_pkthdr *header, const u_char *bytes)
{
    auto *out = reinterpret_cast<Outputs *>(user);
    const std::int64_t timestamp = std::int64_t{header->ts.tv_sec} * 1'000'000'000 + header->ts.tv_usec;
    for (std::size_t i = 0; i < out->files.size(); ++i) {
        if (!out->files[i]) continue;
        if (!out->writer->writePacket(out->files[i], timestamp, header->len, {bytes, header->caplen})) {
            if (out->names[i] == "-" && errno == EPIPE) {
                out->pipeClosed = true;
            } else {
                out->failed = true;
                out->failure = out->names[i] + ": " + std::strerror(errno);
            }
            if (out->names[i] != "-") std::fclose(out->files[i]);
            out->files[i] = nullptr;
        }
    }
    ++out->captured;
}

} // namespace

void requestStop()
{
    g_stopRequested = 1;
    if (pcap_t *handle = g_handle.load()) pcap_breakloop(handle);
}

int runCapture(const CaptureOptions &options)
{
    char errbuf[PCAP_ERRBUF_SIZE] = {};
    pcap_t *handle = pcap_create(options.interface.c_str(), errbuf);
    if (!handle) return fail(HelperErrorKind::NoSuchInterface, errbuf);
    pcap_set_snaplen(handle, options.snapLength);
    pcap_set_promisc(handle, options.promiscuous ? 1 : 0);
    pcap_set_immediate_mode(handle, options.immediate ? 1 : 0);
    pcap_set_timeout(handle, 100); // wake up to check for stop requests and statistics
    pcap_set_buffer_size(handle, options.bufferMiB * 1024 * 1024);
    const bool nanoseconds = pcap_set_tstamp_precision(handle, PCAP_TSTAMP_PRECISION_NANO) == 0;
    const int status = pcap_activate(handle);
    if (status < 0) {
        const int code = activationFailure(handle, status, options.interface);
        pcap_close(handle);
        return code;
    }
    if (status > 0) say(helperLine("warning", {pcap_geterr(handle)[0] ? pcap_geterr(handle) : pcap_statustostr(status)}));

    if (!options.filter.empty()) {
        bpf_program program{};
        if (pcap_compile(handle, &program, options.filter.c_str(), 1, PCAP_NETMASK_UNKNOWN) != 0) {
            const std::string why = pcap_geterr(handle);
            pcap_close(handle);
            return fail(HelperErrorKind::InvalidFilter, why);
        }
        const int set = pcap_setfilter(handle, &program);
        pcap_freecode(&program);
        if (set != 0) {
            const std::string why = pcap_geterr(handle);
            pcap_close(handle);
            return fail(HelperErrorKind::InvalidFilter, why);
        }
    }

    PcapngInterface interface;
    interface.linkType = pcap_datalink(handle);
    interface.snapLength = static_cast<std::uint32_t>(pcap_snapshot(handle));
    interface.name = options.interface;
    interface.filter = options.filter;
    interface.timestampDigits = nanoseconds && pcap_get_tstamp_precision(handle) == PCAP_TSTAMP_PRECISION_NANO ? 9 : 6;
    PcapngWriter writer(std::string("portlens-capture ") + PORTLENS_VERSION + " (" + pcap_lib_version() + ")",
                        interface);
    Outputs out;
    out.writer = &writer;
    for (const std::string &name : options.outputs) {
        std::FILE *file = name == "-" ? stdout : std::fopen(name.c_str(), "wb");
        if (!file) {
            const std::string why = name + ": " + std::strerror(errno);
            pcap_close(handle);
            return fail(HelperErrorKind::Output, "cannot write the capture to " + why);
        }
        if (!writer.writeHeader(file) || std::fflush(file) != 0) {
            pcap_close(handle);
            return fail(HelperErrorKind::Output, "cannot write the capture to " + name);
        }
        out.files.push_back(file);
        out.names.push_back(name);
    }
    // The capture socket and the outputs are open (opening a file may have needed root's rights).
    dropCapabilities();
    say(helperLine("ready", {options.interface, std::to_string(interface.linkType),
                             std::to_string(interface.snapLength)}));

    g_handle = handle;
    const auto started = std::chrono::steady_clock::now();
    auto nextStats = started + std::chrono::milliseconds(options.statsIntervalMs);
    std::string endReason = "stopped";
    std::optional<std::pair<HelperErrorKind, std::string>> fault;
    CaptureStatistics stats;
    auto readStats = [&] {
        pcap_stat s{};
        if (pcap_stats(handle, &s) == 0) {
            stats.received = s.ps_recv;
            stats.droppedKernel = s.ps_drop;
            stats.droppedInterface = s.ps_ifdrop;
        }
        stats.captured = out.captured;
    };
    auto flushAll = [&] {
        for (std::FILE *file : out.files)
            if (file) std::fflush(file);
    };

    // libpcap's read timeout does not fire on Linux while no packet arrives, so the helper waits
    // itself (poll) and reads without blocking: stop requests, limits and statistics stay timely.
    pcap_setnonblock(handle, 1, errbuf);
    const int selectable = pcap_get_selectable_fd(handle);
    // On a stop request, packets the kernel already took may sit in a ring block it has not handed
    // over yet (blocks are released after the 100 ms timeout): keep reading that long, then stop.
    std::optional<std::chrono::steady_clock::time_point> drainUntil;
    while (true) {
        if (g_stopRequested && !drainUntil) drainUntil = std::chrono::steady_clock::now() + std::chrono::milliseconds(150);
        if (drainUntil && std::chrono::steady_clock::now() >= *drainUntil) break;
        if (selectable >= 0) {
            pollfd wait{selectable, POLLIN, 0};
            // Without blocking reads libpcap never looks at the socket's error: the kernel flags
            // ENETDOWN there when the interface goes down or disappears.
            if (::poll(&wait, 1, drainUntil ? 20 : 100) > 0 && (wait.revents & (POLLERR | POLLHUP | POLLNVAL))) {
                int socketError = 0;
                socklen_t length = sizeof socketError;
                ::getsockopt(selectable, SOL_SOCKET, SO_ERROR, &socketError, &length);
                const bool down = socketError == ENETDOWN || socketError == ENODEV || socketError == ENXIO;
                fault.emplace(down ? HelperErrorKind::InterfaceDown : HelperErrorKind::Other,
                              down ? "the interface " + options.interface + " went down while capturing"
                                   : std::string("capture failed: ") + std::strerror(socketError));
                pcap_dispatch(handle, -1, writePacket, reinterpret_cast<u_char *>(&out)); // what is left
                flushAll();
                break;
            }
        }
        const int budget = options.count ? static_cast<int>(std::min<std::uint64_t>(options.count - out.captured, 1 << 20)) : -1;
        const int n = pcap_dispatch(handle, budget, writePacket, reinterpret_cast<u_char *>(&out));
        flushAll();
        if (n == PCAP_ERROR) {
            const std::string why = pcap_geterr(handle);
            // libpcap says "The interface went down" (ENETDOWN) or "... disappeared" (ENODEV).
            const bool down = why.find("went down") != std::string::npos || why.find("disappeared") != std::string::npos ||
                              why.find("No such device") != std::string::npos;
            fault.emplace(down ? HelperErrorKind::InterfaceDown : HelperErrorKind::Other,
                          (down ? "the interface " + options.interface + " went down while capturing: "
                                : std::string("capture failed: ")) + why);
            break;
        }
        if (out.failed) {
            fault.emplace(HelperErrorKind::Output, "cannot write the capture to " + out.failure);
            break;
        }
        if (out.pipeClosed) {
            endReason = "output-closed";
            break;
        }
        if (options.count && out.captured >= options.count) {
            endReason = "count";
            break;
        }
        const auto now = std::chrono::steady_clock::now();
        if (options.durationSeconds > 0 &&
            now - started >= std::chrono::duration<double>(options.durationSeconds)) {
            endReason = "duration";
            break;
        }
        if (now >= nextStats) {
            readStats();
            say(statsLine(stats));
            nextStats = now + std::chrono::milliseconds(options.statsIntervalMs);
        }
    }
    g_handle = nullptr;

    // The pcapng ends with the interface's statistics block, so the drop counts travel with it.
    readStats();
    PcapngStatistics blockStats{nowNs(), stats.received, stats.droppedInterface, stats.droppedKernel};
    if (interface.timestampDigits == 6) blockStats.timestampNs = nowNs() / 1000 * 1000;
    for (std::size_t i = 0; i < out.files.size(); ++i) {
        if (!out.files[i]) continue;
        writer.writeStatistics(out.files[i], blockStats);
        if (out.names[i] == "-") std::fflush(out.files[i]);
        else std::fclose(out.files[i]);
    }
    pcap_close(handle);
    say(statsLine(stats));
    if (fault) return fail(fault->first, fault->second);
    say(helperLine("end", {endReason}));
    return HelperOk;
}

} // namespace portlens::capture
