// The teaching card of one port as rich text, shared by the reference pane and training mode.
// Sections: what it is for, who uses it, encryption, what to look for, related ports (as
// "port:990/tcp" links), multicast or broadcast destinations, and what PortLens detects there.
#pragma once

#include <QString>

namespace portlens {
struct PortService;
class PortKnowledge;
} // namespace portlens

namespace portlens::ui {


struct PortCardOptions {
    bool heading = true;     // the "22/tcp SSH" title and description
    int pointSize = 0;       // 0: the widget's font
};

QString portCardHtml(const PortService &service, const PortKnowledge &knowledge, const PortCardOptions &options = {});
// "22/tcp"
QString portKeyText(quint16 port, quint8 transport);
// Parses "22/tcp" (or "port:22/tcp"); false when it is not one.
bool parsePortKey(const QString &text, quint16 &port, quint8 &transport);

} // namespace portlens::ui
