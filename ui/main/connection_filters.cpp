#include "ui/main/connection_filters.h"

namespace portlens::ui {

namespace {

QString address(const IpAddress &a) { return QString::fromStdString(a.toString()); }

const char *transportKeyword(const Connection &c) { return c.isTcp() ? "tcp" : (c.isUdp() ? "udp" : "ip"); }

} // namespace

QString bpfFilter(const Connection &c)
{
    const QString proto = QString::fromLatin1(transportKeyword(c));
    // "host" works for both families in BPF; naming the transport keeps other protocols out.
    return QStringLiteral("%1 and host %2 and host %3 and port %4 and port %5")
        .arg(proto, address(c.client.address), address(c.server.address))
        .arg(c.client.port)
        .arg(c.server.port);
}

QString wiresharkFilter(const Connection &c)
{
    const QString field = c.client.address.isV4() ? QStringLiteral("ip.addr") : QStringLiteral("ipv6.addr");
    const QString proto = QString::fromLatin1(transportKeyword(c));
    if (c.client.port == c.server.port) {
        return QStringLiteral("%1 == %2 && %1 == %3 && %4.port == %5")
            .arg(field, address(c.client.address), address(c.server.address), proto)
            .arg(c.server.port);
    }
    return QStringLiteral("%1 == %2 && %1 == %3 && %4.port == %5 && %4.port == %6")
        .arg(field, address(c.client.address), address(c.server.address), proto)
        .arg(c.client.port)
        .arg(c.server.port);
}

} // namespace portlens::ui
