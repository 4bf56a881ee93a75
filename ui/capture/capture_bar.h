// CaptureBar: the toolbar row of a live capture. Interface chooser, BPF filter editor (validated
// and highlighted as you type), presets and history, Start/Stop (Ctrl+E, as in Wireshark) and the
// live counters. It only asks and shows: CaptureSession runs the capture (see connectCaptureBar).
#pragma once

#include "core/capture/capture_interfaces.h"

#include <QStringList>
#include <QWidget>

#include <vector>

class QAction;
class QComboBox;
class QLabel;
class QToolButton;

namespace portlens::ui {

class CaptureSession;
class FilterEditor;

class CaptureBar : public QWidget {
    Q_OBJECT

public:
    explicit CaptureBar(QWidget *parent = nullptr);

    // Fills the chooser (from pcap_findalldevs by default; tests pass their own list).
    void setInterfaces(const std::vector<CaptureInterface> &interfaces);
    void refreshInterfaces();
    [[nodiscard]] QString currentInterface() const;
    void setCurrentInterface(const QString &name);

    [[nodiscard]] FilterEditor *filterEditor() const { return m_filter; }
    [[nodiscard]] QString filter() const;
    void setFilter(const QString &filter);
    // "Capture this port" from the port reference: tcp port 22, udp port 53, or port N.
    void captureThisPort(quint16 port, const QString &transport = {});

    [[nodiscard]] QAction *startStopAction() const { return m_startStop; }
    [[nodiscard]] bool isCapturing() const { return m_capturing; }
    void setCapturing(bool capturing);

    [[nodiscard]] QStringList history() const { return m_history; }
    void setHistory(const QStringList &history);
    static QStringList presets();

    // Live counters: packets (as the helper captured them), connections, flagged, kernel drops.
    void setCounters(quint64 packets, quint64 connections, quint64 flagged, quint64 kernelDrops);
    // The helper's part (captured packets, kernel drops) and the analysis's part, updated apart.
    void setCaptureStatistics(quint64 packets, quint64 kernelDrops);
    void setAnalysisCounts(quint64 connections, quint64 flagged);
    [[nodiscard]] QString countersText() const;
    void showMessage(const QString &message, bool error);

signals:
    void startRequested(const QString &interface, const QString &filter);
    void stopRequested();

private:
    void toggle();
    void rememberFilter(const QString &filter);
    void rebuildFilterMenu();
    void updateStartEnabled();

    QComboBox *m_interfaces;
    FilterEditor *m_filter;
    QToolButton *m_filterMenuButton;
    QToolButton *m_startStopButton;
    QAction *m_startStop;
    QLabel *m_validation;
    QLabel *m_counters;
    std::vector<CaptureInterface> m_interfaceList;
    QStringList m_history;
    bool m_capturing = false;
    quint64 m_packets = 0;
    quint64 m_connections = 0;
    quint64 m_flagged = 0;
    quint64 m_kernelDrops = 0;
};

// Wires a bar to a session: Start/Stop, counters from the helper's statistics, fault messages.
// The connection and flagged counts come from the analysis (call bar->setCounters as batches arrive).
void connectCaptureBar(CaptureBar *bar, CaptureSession *session);

} // namespace portlens::ui
