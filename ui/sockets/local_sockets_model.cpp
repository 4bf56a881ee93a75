#include "ui/sockets/local_sockets_model.h"

#include "core/sockets/local_sockets.h"

#include <QCoreApplication>

#include <algorithm>
#include <tuple>

namespace portlens::ui {

namespace {

// Display order (protocol, port, addresses) and identity in one key; the inode tells apart
// sockets that share an address (SO_REUSEPORT workers).
auto identity(const LocalSocket &s)
{
    return std::tie(s.transport, s.localPort, s.localAddress, s.remoteAddress, s.remotePort, s.inode);
}

bool displayOrder(const LocalSocket &a, const LocalSocket &b)
{
    return identity(a) < identity(b);
}

QString endpointText(const IpAddress &address, std::uint16_t port, bool wildcard)
{
    if (wildcard) return QStringLiteral("*:%1").arg(port);
    const QString host = QString::fromStdString(address.toString());
    return address.isV4() ? QStringLiteral("%1:%2").arg(host).arg(port) : QStringLiteral("[%1]:%2").arg(host).arg(port);
}

} // namespace

LocalSocketsModel::LocalSocketsModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void LocalSocketsModel::setSockets(std::vector<LocalSocket> sockets)
{
    std::sort(sockets.begin(), sockets.end(), displayOrder);
    // Rows are kept sorted; walk both lists and insert, remove or update by identity, so views keep
    // their selection across refreshes.
    std::size_t i = 0, j = 0;
    while (i < m_sockets.size() || j < sockets.size()) {
        const bool haveOld = i < m_sockets.size();
        const bool haveNew = j < sockets.size();
        if (haveOld && haveNew && identity(m_sockets[i]) == identity(sockets[j])) {
            const LocalSocket &old = m_sockets[i];
            const LocalSocket &now = sockets[j];
            if (old.state != now.state || old.processes != now.processes || old.ownerHidden != now.ownerHidden) {
                m_sockets[i] = now;
                emit dataChanged(index(int(i), 0), index(int(i), ColumnCount - 1));
            }
            ++i;
            ++j;
        } else if (haveOld && (!haveNew || displayOrder(m_sockets[i], sockets[j]))) {
            beginRemoveRows({}, int(i), int(i));
            m_sockets.erase(m_sockets.begin() + std::ptrdiff_t(i));
            endRemoveRows();
        } else {
            beginInsertRows({}, int(i), int(i));
            m_sockets.insert(m_sockets.begin() + std::ptrdiff_t(i), sockets[j]);
            endInsertRows();
            ++i;
            ++j;
        }
    }
}

int LocalSocketsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_sockets.size());
}

int LocalSocketsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LocalSocketsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid)) return {};
    const LocalSocket &s = m_sockets[std::size_t(index.row())];
    QStringList names, pids, users;
    for (const ProcessInfo &p : s.processes) {
        names << QString::fromStdString(p.name);
        pids << QString::number(p.pid);
        users << QString::fromStdString(p.user);
    }
    switch (role) {
    case LocalPortRole: return QVariant::fromValue<quint16>(s.localPort);
    case ProcessNameRole: return names.join(QLatin1Char(' '));
    case ListeningRole: return s.isListening();
    case LoopbackOnlyRole: return s.isListening() && s.isLoopbackOnly();
    case Qt::ToolTipRole:
        if (index.column() == Reach && s.isListening() && s.isLoopbackOnly())
            return QCoreApplication::translate("LocalSockets", loopbackOnlyExplanation());
        if (index.column() == Process && s.ownerHidden)
            return QCoreApplication::translate("LocalSockets", hiddenOwnerExplanation());
        if (s.isUdp() && index.column() == State) return QCoreApplication::translate("LocalSockets", udpRolesExplanation());
        return {};
    case Qt::DisplayRole: break;
    default: return {};
    }
    switch (index.column()) {
    case Protocol: return s.isTcp() ? QStringLiteral("TCP") : QStringLiteral("UDP");
    case State: return QString::fromLatin1(socketStateName(s));
    case Local: return endpointText(s.localAddress, s.localPort, s.isWildcard());
    case Peer: return s.remotePort == 0 ? QStringLiteral("*:*") : endpointText(s.remoteAddress, s.remotePort, false);
    case Reach:
        if (!s.isListening()) return QString();
        if (s.isLoopbackOnly()) return tr("this machine only");
        if (s.isWildcard()) return tr("all addresses");
        return tr("this address");
    case Process:
        if (!names.isEmpty()) return names.join(QStringLiteral(", "));
        return s.ownerHidden ? tr("hidden (another user's)") : QStringLiteral("-");
    case Pid: return pids.join(QStringLiteral(", "));
    case User: return users.isEmpty() ? QString::number(s.uid) : users.join(QStringLiteral(", "));
    default: return {};
    }
}

QVariant LocalSocketsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case Protocol: return tr("Proto");
    case State: return tr("State");
    case Local: return tr("Local address");
    case Peer: return tr("Peer address");
    case Reach: return tr("Reachable from");
    case Process: return tr("Program");
    case Pid: return tr("PID");
    case User: return tr("User");
    default: return {};
    }
}

} // namespace portlens::ui
