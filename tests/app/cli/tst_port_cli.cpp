// `portlens-cli port` as a user and a script run it.
#include "program_run.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

namespace {
using Run = portlens::test::ProgramRun;

Run cli(const QStringList &arguments)
{
    return portlens::test::runProgram(QStringLiteral(PORTLENS_CLI), arguments, 60'000);
}
} // namespace

class TestPortCli : public QObject {
    Q_OBJECT

private slots:
    void exactMatchPrintsTheNote()
    {
        const Run run = cli({QStringLiteral("port"), QStringLiteral("1900/udp")});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.startsWith(QStringLiteral("1900/udp  SSDP")), qPrintable(run.out));
        for (const char *label : {"Normal use:", "Who uses it:", "Encrypted:", "Look for:", "Related:", "Destinations:", "Detected as:"})
            QVERIFY2(run.out.contains(QLatin1String(label)), label);
        QVERIFY(run.out.contains(QStringLiteral("239.255.255.250")));
        QVERIFY(!run.out.contains(QStringLiteral("Also matching")));
    }

    void oneCuratedExactAnswerAmongRegistryRows()
    {
        const Run run = cli({QStringLiteral("port"), QStringLiteral("22")});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.startsWith(QStringLiteral("22/tcp  SSH (ssh)")), qPrintable(run.out));
        QVERIFY(run.out.contains(QStringLiteral("Also matching:\n22/udp")));
    }

    void severalMatchesAreListed()
    {
        const Run run = cli({QStringLiteral("port"), QStringLiteral("netbios")});
        QCOMPARE(run.exitCode, 0);
        const QStringList lines = run.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QVERIFY(lines.size() >= 3);
        QVERIFY2(lines.first().contains(QStringLiteral("* netbios")), qPrintable(run.out)); // curated marker
        QVERIFY(!run.out.contains(QStringLiteral("Normal use:")));
        QVERIFY(run.out.contains(QStringLiteral("teaching note")));
    }

    void limitAndAll()
    {
        const Run limited = cli({QStringLiteral("port"), QStringLiteral("1-1023"), QStringLiteral("--limit"), QStringLiteral("5")});
        QCOMPARE(limited.exitCode, 0);
        QVERIFY2(limited.out.contains(QStringLiteral("(5 of ")), qPrintable(limited.out));
    }

    void json()
    {
        const Run run = cli({QStringLiteral("port"), QStringLiteral("5355"), QStringLiteral("--format"), QStringLiteral("json")});
        QCOMPARE(run.exitCode, 0);
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(run.out.toUtf8(), &error);
        QVERIFY2(document.isObject(), qPrintable(error.errorString()));
        QCOMPARE(document[QStringLiteral("query")].toString(), QStringLiteral("5355"));
        const QJsonArray matches = document[QStringLiteral("matches")].toArray();
        QCOMPARE(matches.size(), 2); // tcp and udp
        for (const QJsonValue &m : matches) {
            QCOMPARE(m[QStringLiteral("port")].toInt(), 5355);
            QCOMPARE(m[QStringLiteral("service")].toString(), QStringLiteral("llmnr"));
            QVERIFY(m[QStringLiteral("curated")].toBool());
            QVERIFY(!m[QStringLiteral("note")][QStringLiteral("lookFor")].toArray().isEmpty());
            QCOMPARE(m[QStringLiteral("protocols")].toArray().first().toString(), QStringLiteral("LLMNR"));
        }
    }

    void noMatch()
    {
        const Run run = cli({QStringLiteral("port"), QStringLiteral("zzzz-nothing")});
        QCOMPARE(run.exitCode, 0);
        QVERIFY(run.out.isEmpty());
        QVERIFY(run.err.contains(QStringLiteral("no port matches 'zzzz-nothing'")));
        const Run json = cli({QStringLiteral("port"), QStringLiteral("zzzz-nothing"), QStringLiteral("-f"), QStringLiteral("json")});
        QVERIFY(QJsonDocument::fromJson(json.out.toUtf8())[QStringLiteral("matches")].toArray().isEmpty());
    }

    void usage()
    {
        QCOMPARE(cli({QStringLiteral("port")}).exitCode, 2);
        QVERIFY(cli({QStringLiteral("port"), QStringLiteral("--help")}).out.contains(QStringLiteral("5353/udp")));
    }
};

QTEST_GUILESS_MAIN(TestPortCli)
#include "tst_port_cli.moc"
