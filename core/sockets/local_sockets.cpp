#include "core/sockets/local_sockets.h"

#include "core/sockets/proc_net_parser.h"

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <unordered_map>

namespace portlens {

namespace {

std::optional<std::string> readWholeFile(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string userName(std::uint32_t uid)
{
    // Login names do not change while we run; the GUI reads sockets from two threads.
    static std::mutex mutex;
    static std::map<std::uint32_t, std::string> cache;
    const std::lock_guard lock(mutex);
    if (const auto it = cache.find(uid); it != cache.end()) return it->second;
    std::string name = std::to_string(uid);
    passwd entry{};
    passwd *found = nullptr;
    std::vector<char> buffer(4096);
    if (getpwuid_r(uid, &entry, buffer.data(), buffer.size(), &found) == 0 && found) name = found->pw_name;
    cache.emplace(uid, name);
    return name;
}

// "socket:[12345]" -> 12345
std::optional<std::uint64_t> socketInode(const std::string &link)
{
    constexpr std::string_view prefix = "socket:[";
    if (link.size() <= prefix.size() + 1 || link.compare(0, prefix.size(), prefix) != 0 || link.back() != ']')
        return std::nullopt;
    std::uint64_t inode = 0;
    const char *first = link.data() + prefix.size();
    const char *last = link.data() + link.size() - 1;
    const auto [end, ec] = std::from_chars(first, last, inode);
    if (ec != std::errc() || end != last) return std::nullopt;
    return inode;
}

struct Owners {
    std::unordered_map<std::uint64_t, std::vector<ProcessInfo>> byInode;
    std::size_t hiddenProcesses = 0;
};

// Walks /proc/<pid>/fd of every process we may read. Processes that exit meanwhile are skipped.
Owners readOwners(const std::string &procRoot)
{
    namespace fs = std::filesystem;
    Owners owners;
    std::error_code ec;
    for (fs::directory_iterator it(procRoot, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string pidText = it->path().filename().string();
        int pid = 0;
        const auto [p, pidError] = std::from_chars(pidText.data(), pidText.data() + pidText.size(), pid);
        if (pidError != std::errc() || p != pidText.data() + pidText.size()) continue;

        const std::string fdDir = it->path().string() + "/fd";
        std::error_code fdError;
        fs::directory_iterator fds(fdDir, fdError);
        if (fdError) {
            if (fdError == std::errc::permission_denied) ++owners.hiddenProcesses;
            continue;
        }
        std::optional<ProcessInfo> process; // read only for processes that hold a socket
        for (fs::directory_iterator fdEnd; !fdError && fds != fdEnd; fds.increment(fdError)) {
            char target[64];
            const ssize_t length = ::readlink(fds->path().c_str(), target, sizeof target - 1);
            if (length <= 0) continue;
            const auto inode = socketInode(std::string(target, static_cast<std::size_t>(length)));
            if (!inode) continue;
            if (!process) {
                process.emplace();
                process->pid = pid;
                auto comm = readWholeFile(it->path().string() + "/comm").value_or(std::string());
                while (!comm.empty() && (comm.back() == '\n' || comm.back() == '\r')) comm.pop_back();
                process->name = comm.empty() ? "?" : comm;
                struct stat info{};
                if (::stat(it->path().c_str(), &info) == 0) process->uid = info.st_uid;
                process->user = userName(process->uid);
            }
            auto &list = owners.byInode[*inode];
            if (std::find_if(list.begin(), list.end(), [pid](const ProcessInfo &i) { return i.pid == pid; }) ==
                list.end())
                list.push_back(*process);
        }
    }
    return owners;
}

std::string lowered(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

} // namespace

SocketSnapshot readLocalSockets(const std::string &procRoot)
{
    SocketSnapshot snapshot;
    struct Table {
        const char *file;
        std::uint8_t transport;
        bool ipv6;
    };
    constexpr Table tables[] = {{"tcp", 6, false}, {"tcp6", 6, true}, {"udp", 17, false}, {"udp6", 17, true}};
    for (const Table &table : tables) {
        const std::string path = procRoot + "/net/" + table.file;
        const auto text = readWholeFile(path);
        if (!text) {
            snapshot.unreadable.push_back(path);
            continue;
        }
        auto sockets = parseProcNet(*text, table.transport, table.ipv6);
        snapshot.sockets.insert(snapshot.sockets.end(), sockets.begin(), sockets.end());
    }
    Owners owners = readOwners(procRoot);
    snapshot.hiddenProcesses = owners.hiddenProcesses;
    for (LocalSocket &socket : snapshot.sockets) {
        if (socket.inode == 0) continue;
        if (const auto it = owners.byInode.find(socket.inode); it != owners.byInode.end())
            socket.processes = it->second;
        else
            socket.ownerHidden = owners.hiddenProcesses > 0;
    }
    return snapshot;
}

bool SocketFilter::matches(const LocalSocket &socket) const
{
    if (socket.isTcp() && !tcp) return false;
    if (socket.isUdp() && !udp) return false;
    if (listeningOnly && !socket.isListening()) return false;
    if (port && socket.localPort != *port && socket.remotePort != *port) return false;
    if (!portPrefix.empty() && std::to_string(socket.localPort).rfind(portPrefix, 0) != 0) return false;
    if (!process.empty()) {
        const std::string wanted = lowered(process);
        const bool any = std::any_of(socket.processes.begin(), socket.processes.end(), [&](const ProcessInfo &p) {
            return lowered(p.name).find(wanted) != std::string::npos || std::to_string(p.pid) == process;
        });
        if (!any) return false;
    }
    return true;
}

void sortForDisplay(std::vector<LocalSocket> &sockets)
{
    std::stable_sort(sockets.begin(), sockets.end(), [](const LocalSocket &a, const LocalSocket &b) {
        return std::tie(a.transport, a.localPort, a.localAddress, a.remoteAddress, a.remotePort) <
               std::tie(b.transport, b.localPort, b.localAddress, b.remoteAddress, b.remotePort);
    });
}

std::string describeOwners(const LocalSocket &socket)
{
    if (!socket.processes.empty()) {
        std::string text;
        for (const ProcessInfo &p : socket.processes) {
            if (!text.empty()) text += ", ";
            text += "pid " + std::to_string(p.pid) + " " + p.name + " (" + p.user + ")";
        }
        return text;
    }
    if (socket.ownerHidden) return "hidden (user " + userName(socket.uid) + ")";
    return "-";
}

} // namespace portlens
