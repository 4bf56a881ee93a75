#include "ui/main/payload_limit.h"

#include "core/flow/flow_table.h"

#include <QInputDialog>
#include <QSettings>

namespace portlens::ui {

namespace {

QString settingsKey() { return QStringLiteral("analysis/payloadBytesPerDirection"); }

} // namespace

std::size_t PayloadLimit::stored()
{
    const auto fallback = static_cast<qulonglong>(FlowTableConfig{}.payloadBytesPerDirection);
    return static_cast<std::size_t>(QSettings().value(settingsKey(), fallback).toULongLong());
}

std::optional<std::size_t> PayloadLimit::ask(QWidget *parent)
{
    QSettings settings;
    const int currentKiB = static_cast<int>(settings.value(settingsKey(), 4096).toULongLong() / 1024);
    bool ok = false;
    const int kib = QInputDialog::getInt(parent, tr("Payload Kept per Direction"),
                                         tr("KiB kept from the start of each direction of every connection.\n"
                                            "More shows more of each conversation and costs memory on large captures;\n"
                                            "it applies to captures opened from now on."),
                                         currentKiB, 1, 1024, 1, &ok);
    if (!ok) return std::nullopt;
    settings.setValue(settingsKey(), static_cast<qulonglong>(kib) * 1024);
    return static_cast<std::size_t>(kib) * 1024;
}

} // namespace portlens::ui
