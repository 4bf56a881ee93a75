// LocalSocketsModel: this machine's sockets as a table (protocol, state, local and peer address,
// reach, process, pid, user). setSockets() replaces the rows in place where they are the same
// socket, so a periodic refresh keeps the selection and scroll position.
#pragma once

#include "core/sockets/local_socket.h"

#include <QAbstractTableModel>

#include <vector>

namespace portlens::ui {

class LocalSocketsModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { Protocol, State, Local, Peer, Reach, Process, Pid, User, ColumnCount };
    enum Role {
        LocalPortRole = Qt::UserRole + 1, // quint16, for the port and prefix filters
        ProcessNameRole,                  // the process names, space-separated
        ListeningRole,                    // bool
        LoopbackOnlyRole,                 // bool: a server only this machine can reach
    };

    explicit LocalSocketsModel(QObject *parent = nullptr);

    void setSockets(std::vector<LocalSocket> sockets);
    [[nodiscard]] const LocalSocket &socketAt(int row) const { return m_sockets.at(std::size_t(row)); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<LocalSocket> m_sockets;
};

} // namespace portlens::ui
