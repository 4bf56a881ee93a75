// Filters that select one connection in other tools: a BPF capture filter (tcpdump, dumpcap)
// and a Wireshark display filter. Both name the two endpoints exactly, in either direction.
#pragma once

#include "core/flow/connection.h"

#include <QString>

namespace portlens::ui {

QString bpfFilter(const Connection &connection);
QString wiresharkFilter(const Connection &connection);

} // namespace portlens::ui
