// CaptureBar and its filter editor on the offscreen platform: validation as you type with
// libpcap's message, highlighting from the shipped BPF definition, presets, history, "capture this
// port", and Start/Stop through Ctrl+E.
#include "ui/capture/capture_bar.h"
#include "ui/capture/filter_editor.h"

#include "core/capture/bpf_filter.h"

#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/Repository>

#include <QAction>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QTextBlock>
#include <QTextLayout>

using namespace portlens;
using namespace portlens::ui;

namespace {

// QTRY_VERIFY's timeout arithmetic trips -Wconversion; the same, spelled out.
template <typename Predicate>
bool waitUntil(Predicate done, int timeoutMs = 5000)
{
    for (int waited = 0; !done() && waited < timeoutMs; waited += 10) QTest::qWait(10);
    return done();
}

std::vector<CaptureInterface> fakeInterfaces()
{
    CaptureInterface lo;
    lo.name = "lo";
    lo.up = lo.running = lo.loopback = true;
    lo.addresses = {"127.0.0.1", "::1"};
    CaptureInterface any;
    any.name = "any";
    any.up = true;
    any.linkType = 113;
    return {lo, any};
}

} // namespace

class TestCaptureBar : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("PortLensTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_capture_bar"));
    }

    void validatesAsYouType()
    {
        FilterEditor editor;
        QSignalSpy validity(&editor, &FilterEditor::validityChanged);
        QTest::keyClicks(&editor, QStringLiteral("tcp port 22"));
        QVERIFY(editor.isValid());
        QVERIFY(editor.validationMessage().isEmpty());
        const QColor validBase = editor.palette().color(QPalette::Base);
        QVERIFY2(validBase.green() > validBase.red(), "a valid filter is shown green");

        // Remove the port number: "tcp port " is a syntax error, and libpcap says so.
        QTest::keyClick(&editor, Qt::Key_Backspace);
        QTest::keyClick(&editor, Qt::Key_Backspace);
        QVERIFY(!editor.isValid());
        const std::string expected = checkCaptureFilter("tcp port ").message;
        QVERIFY(!expected.empty());
        QCOMPARE(editor.validationMessage(), QString::fromStdString(expected));
        QVERIFY(editor.validationMessage().contains(QStringLiteral("syntax error")));
        const QColor invalidBase = editor.palette().color(QPalette::Base);
        QVERIFY2(invalidBase.red() > invalidBase.green(), "an invalid filter is shown red");
        QVERIFY(validity.count() >= 1);
        QCOMPARE(validity.last().at(0).toBool(), false);

        QTest::keyClicks(&editor, QStringLiteral("53"));
        QVERIFY(editor.isValid());
        QCOMPARE(validity.last().at(0).toBool(), true);
    }

    void validatesForTheInterfaceLinkType()
    {
        FilterEditor editor;
        editor.setFilter(QStringLiteral("ether host 00:11:22:33:44:55"));
        QVERIFY(editor.isValid()); // Ethernet
        editor.setLinkType(12);    // raw IP: no Ethernet header to match
        QVERIFY(!editor.isValid());
        QVERIFY(!editor.validationMessage().isEmpty());
    }

    void highlightsWithTheShippedDefinition()
    {
        KSyntaxHighlighting::Repository repository;
        const auto definition = repository.definitionForName(QStringLiteral("BPF Filter"));
        QVERIFY2(definition.isValid(), "bpf.xml is not in :/org.kde.syntax-highlighting/syntax-addons");
        FilterEditor editor;
        QVERIFY(editor.hasHighlighting());
        editor.setFilter(QStringLiteral("tcp port 443 and not host 192.0.2.1"));
        QVERIFY(waitUntil([&] { return !editor.document()->firstBlock().layout()->formats().isEmpty(); }));
        const auto formats = editor.document()->firstBlock().layout()->formats();
        auto formatAt = [&formats](int position) {
            for (const QTextLayout::FormatRange &range : formats)
                if (position >= range.start && position < range.start + range.length) return range.format;
            return QTextCharFormat();
        };
        // "tcp", "port", "443", "and", "192.0.2.1" each get a format, and not all the same one.
        QVERIFY(formatAt(0).foreground() != formatAt(4).foreground() || formatAt(4).foreground() != formatAt(9).foreground());
        QVERIFY(formatAt(9).hasProperty(QTextFormat::ForegroundBrush));   // the number
        QVERIFY(formatAt(27).hasProperty(QTextFormat::ForegroundBrush));  // the address
    }

    void presetsAreValidAndHistoryIsKept()
    {
        for (const QString &preset : CaptureBar::presets())
            QVERIFY2(checkCaptureFilter(preset.toStdString()).valid, qPrintable(preset));

        CaptureBar bar;
        bar.setInterfaces(fakeInterfaces());
        bar.setHistory({});
        QSignalSpy start(&bar, &CaptureBar::startRequested);
        bar.setFilter(QStringLiteral("udp port 53"));
        bar.startStopAction()->trigger();
        QCOMPARE(start.count(), 1);
        QCOMPARE(start.at(0).at(0).toString(), QStringLiteral("lo"));
        QCOMPARE(start.at(0).at(1).toString(), QStringLiteral("udp port 53"));
        QCOMPARE(bar.history(), QStringList{QStringLiteral("udp port 53")});
    }

    void captureThisPort()
    {
        CaptureBar bar;
        bar.setInterfaces(fakeInterfaces());
        bar.captureThisPort(22, QStringLiteral("TCP"));
        QCOMPARE(bar.filter(), QStringLiteral("tcp port 22"));
        bar.captureThisPort(5353);
        QCOMPARE(bar.filter(), QStringLiteral("port 5353"));
        QVERIFY(bar.filterEditor()->isValid());
    }

    void ctrlEStartsAndStops()
    {
        CaptureBar bar;
        bar.setInterfaces(fakeInterfaces());
        bar.show();
        QVERIFY(QTest::qWaitForWindowExposed(&bar));
        QSignalSpy start(&bar, &CaptureBar::startRequested);
        QSignalSpy stop(&bar, &CaptureBar::stopRequested);
        bar.setFilter(QStringLiteral("tcp port 443"));
        QTest::keySequence(&bar, QKeySequence(Qt::CTRL | Qt::Key_E));
        QCOMPARE(start.count(), 1);
        bar.setCapturing(true);
        QVERIFY(bar.filterEditor()->isReadOnly());
        QTest::keySequence(&bar, QKeySequence(Qt::CTRL | Qt::Key_E));
        QCOMPARE(stop.count(), 1);
        bar.setCapturing(false);

        // An invalid filter cannot be started.
        bar.setFilter(QStringLiteral("tcp port"));
        QVERIFY(!bar.startStopAction()->isEnabled());
        QTest::keySequence(&bar, QKeySequence(Qt::CTRL | Qt::Key_E));
        QCOMPARE(start.count(), 1);
    }

    void counters()
    {
        CaptureBar bar;
        bar.setCaptureStatistics(1200, 0);
        bar.setAnalysisCounts(14, 2);
        QVERIFY2(bar.countersText().contains(QStringLiteral("14 connections")), qPrintable(bar.countersText()));
        QVERIFY(bar.countersText().contains(QStringLiteral("2 flagged")));
        QVERIFY(!bar.countersText().contains(QStringLiteral("dropped")));
        bar.setCaptureStatistics(1300, 7);
        QVERIFY(bar.countersText().contains(QStringLiteral("7 dropped by the kernel")));
        QVERIFY(bar.countersText().contains(QStringLiteral("14 connections")));
    }
};

QTEST_MAIN(TestCaptureBar)
#include "tst_capture_bar.moc"
