// Small servers and clients on 127.0.0.1 for the live tests, in plain POSIX sockets: an
// SSH-style banner server, an HTTP responder and a DNS answerer over UDP, each on its own thread.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <thread>
#include <vector>

namespace portlens::test {

inline sockaddr_in loopback(std::uint16_t port)
{
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return address;
}

inline std::uint16_t boundPort(int fd)
{
    sockaddr_in address{};
    socklen_t length = sizeof address;
    ::getsockname(fd, reinterpret_cast<sockaddr *>(&address), &length);
    return ntohs(address.sin_port);
}

// Binds a socket of type on 127.0.0.1:port (0: any free port); -1 when the port is taken or
// needs privileges.
inline int bindLoopback(int type, std::uint16_t port)
{
    const int fd = ::socket(AF_INET, type | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    const int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    const sockaddr_in address = loopback(port);
    if (::bind(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) != 0 ||
        (type == SOCK_STREAM && ::listen(fd, 16) != 0)) {
        ::close(fd);
        return -1;
    }
    return fd;
}

// A TCP server: for each accepted connection, serve(fd) runs on the server thread.
class TcpServer {
public:
    // Tries the preferred ports in turn, then any free port.
    TcpServer(std::vector<std::uint16_t> preferred, std::function<void(int)> serve) : m_serve(std::move(serve))
    {
        preferred.push_back(0);
        for (const std::uint16_t port : preferred)
            if ((m_fd = bindLoopback(SOCK_STREAM, port)) >= 0) break;
        m_port = m_fd >= 0 ? boundPort(m_fd) : 0;
        m_thread = std::thread([this] {
            while (!m_stop) {
                const int client = ::accept4(m_fd, nullptr, nullptr, SOCK_CLOEXEC);
                if (client < 0) break;
                if (!m_stop) m_serve(client);
                ::close(client);
            }
        });
    }
    ~TcpServer()
    {
        m_stop = true;
        ::shutdown(m_fd, SHUT_RDWR);
        ::close(m_fd);
        m_thread.join();
    }
    [[nodiscard]] std::uint16_t port() const { return m_port; }
    [[nodiscard]] int fd() const { return m_fd; }

private:
    int m_fd = -1;
    std::uint16_t m_port = 0;
    std::function<void(int)> m_serve;
    std::atomic_bool m_stop{false};
    std::thread m_thread;
};

// A UDP server: answer(query) is sent back to each datagram's sender.
class UdpServer {
public:
    explicit UdpServer(std::function<std::string(const std::string &)> answer) : m_answer(std::move(answer))
    {
        m_fd = bindLoopback(SOCK_DGRAM, 0);
        m_port = boundPort(m_fd);
        m_thread = std::thread([this] {
            char buffer[2048];
            while (!m_stop) {
                sockaddr_in from{};
                socklen_t length = sizeof from;
                const ssize_t n =
                    ::recvfrom(m_fd, buffer, sizeof buffer, 0, reinterpret_cast<sockaddr *>(&from), &length);
                if (n <= 0 || m_stop) break;
                const std::string reply = m_answer(std::string(buffer, static_cast<std::size_t>(n)));
                ::sendto(m_fd, reply.data(), reply.size(), 0, reinterpret_cast<sockaddr *>(&from), length);
            }
        });
    }
    ~UdpServer()
    {
        m_stop = true;
        ::shutdown(m_fd, SHUT_RDWR); // wakes recvfrom
        const sockaddr_in self = loopback(m_port);
        ::sendto(m_fd, "", 0, 0, reinterpret_cast<const sockaddr *>(&self), sizeof self);
        m_thread.join();
        ::close(m_fd);
    }
    [[nodiscard]] std::uint16_t port() const { return m_port; }

private:
    int m_fd = -1;
    std::uint16_t m_port = 0;
    std::function<std::string(const std::string &)> m_answer;
    std::atomic_bool m_stop{false};
    std::thread m_thread;
};

inline bool sendAll(int fd, const std::string &data)
{
    std::size_t sent = 0;
    while (sent < data.size()) {
        const ssize_t n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) return false;
        sent += static_cast<std::size_t>(n);
    }
    return true;
}

inline std::string receiveSome(int fd)
{
    char buffer[4096];
    const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    return n > 0 ? std::string(buffer, static_cast<std::size_t>(n)) : std::string();
}

// Connects to 127.0.0.1:port, sends request (if any), returns the first reply bytes.
inline std::string tcpExchange(std::uint16_t port, const std::string &request, bool readFirst = false)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const sockaddr_in address = loopback(port);
    std::string reply;
    if (::connect(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) == 0) {
        if (readFirst) reply = receiveSome(fd);
        sendAll(fd, request);
        if (!readFirst) reply = receiveSome(fd);
    }
    ::close(fd);
    return reply;
}

inline std::string udpExchange(std::uint16_t port, const std::string &request)
{
    const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    timeval timeout{2, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    const sockaddr_in address = loopback(port);
    ::sendto(fd, request.data(), request.size(), 0, reinterpret_cast<const sockaddr *>(&address), sizeof address);
    char buffer[2048];
    const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    ::close(fd);
    return n > 0 ? std::string(buffer, static_cast<std::size_t>(n)) : std::string();
}

// A DNS query for name (type A), id 0x4c50.
inline std::string dnsQuery(const std::string &name)
{
    std::string q("\x4c\x50\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00", 12);
    std::size_t start = 0;
    while (start <= name.size()) {
        const auto dot = name.find('.', start);
        const std::string label = name.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        q += static_cast<char>(label.size());
        q += label;
        if (dot == std::string::npos) break;
        start = dot + 1;
    }
    q += std::string("\x00\x00\x01\x00\x01", 5);
    return q;
}

// The answer to a query: same id and question, one A record 192.0.2.53.
inline std::string dnsAnswer(const std::string &query)
{
    if (query.size() < 12) return {};
    std::string a = query;
    a[2] = '\x81';
    a[3] = '\x80';
    a[7] = '\x01'; // one answer
    a += std::string("\xc0\x0c\x00\x01\x00\x01\x00\x00\x00\x3c\x00\x04\xc0\x00\x02\x35", 16);
    return a;
}

} // namespace portlens::test
