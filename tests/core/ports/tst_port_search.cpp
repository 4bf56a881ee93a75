// Port search: what a user types, and the order the answers come in.
#include "core/ports/port_search.h"

#include <QTest>

#include <chrono>

using namespace portlens;

namespace {

QString keyOf(const PortMatch &m)
{
    return QString::fromStdString(portKey(m.service->port, m.service->transport));
}

QStringList keys(const std::vector<PortMatch> &matches, std::size_t first = 100)
{
    QStringList out;
    for (std::size_t i = 0; i < matches.size() && i < first; ++i) out << keyOf(matches[i]);
    return out;
}

const PortSearch &search()
{
    static const PortSearch s(PortKnowledge::builtin());
    return s;
}

} // namespace

class TestPortSearch : public QObject {
    Q_OBJECT

private slots:
    void coversTheWholeRegistry() { QCOMPARE(search().size(), PortKnowledge::builtin().services().size()); }

    void number()
    {
        const auto m = search().find("22");
        QVERIFY(m.size() >= 2);
        QCOMPARE(keyOf(m.front()), QStringLiteral("22/tcp")); // curated first
        for (const auto &match : m) {
            QCOMPARE(match.service->port, 22);
            QVERIFY(match.exact);
        }
    }

    void numberAndTransport()
    {
        const auto m = search().find("5353/udp");
        QCOMPARE(keys(m), QStringList{QStringLiteral("5353/udp")});
        QCOMPARE(QString::fromStdString(m.front().service->name()), QStringLiteral("mDNS"));
        QCOMPARE(keys(search().find("5353 udp")), QStringList{QStringLiteral("5353/udp")});
        QCOMPARE(keys(search().find("UDP/5353")).size(), 0); // not a form we read; no crash
    }

    void range()
    {
        const auto m = search().find("5350-5360");
        QVERIFY(m.size() >= 10);
        for (const auto &match : m) QVERIFY(match.service->port >= 5350 && match.service->port <= 5360);
        // Curated ports lead: mDNS and LLMNR before the plain registry rows.
        const QStringList top = keys(m, 3);
        QVERIFY2(top.contains(QStringLiteral("5353/udp")) && top.contains(QStringLiteral("5355/udp")), qPrintable(top.join(u' ')));
        const auto tcpOnly = search().find("5350-5360/tcp");
        QVERIFY(!tcpOnly.empty());
        for (const auto &match : tcpOnly) QCOMPARE(match.service->transport, 6);
        QVERIFY(search().find("5360-5350").empty() || search().find("5360-5350").front().service->port != 5355);
    }

    void serviceName()
    {
        const auto ssh = search().find("ssh");
        QCOMPARE(keyOf(ssh.front()), QStringLiteral("22/tcp"));
        QVERIFY(ssh.front().exact);
        const auto netbios = search().find("netbios");
        const QStringList top = keys(netbios, 3);
        for (const char *k : {"137/udp", "138/udp", "139/tcp"}) QVERIFY2(top.contains(QLatin1String(k)), qPrintable(top.join(u' ')));
        QCOMPARE(keyOf(search().find("SSDP").front()), QStringLiteral("1900/udp"));
        QCOMPARE(keyOf(search().find("llmnr").front()).left(5), QStringLiteral("5355/"));
    }

    void keywords_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("expected"); // among the first ten
        QTest::newRow("multicast") << "multicast" << "1900/udp";
        QTest::newRow("multicast mdns") << "multicast" << "5353/udp";
        QTest::newRow("mail") << "mail" << "25/tcp";
        QTest::newRow("mail imap") << "mail" << "143/tcp";
        QTest::newRow("encrypted") << "encrypted" << "22/tcp";
        QTest::newRow("plaintext") << "plaintext" << "23/tcp";
        QTest::newRow("two words") << "zone transfer" << "53/tcp";
    }
    void keywords()
    {
        QFETCH(QString, query);
        QFETCH(QString, expected);
        const QStringList top = keys(search().find(query.toStdString()), 10);
        QVERIFY2(top.contains(expected), qPrintable(top.join(u' ')));
    }

    void encryptedDoesNotMatchUnencrypted()
    {
        for (const auto &m : search().find("encrypted", 15))
            QVERIFY2(!m.service->note || m.service->note->encrypted != Encryption::No, qPrintable(keyOf(m)));
    }

    void curatedBeforeObscure()
    {
        // "http" names hundreds of registry rows; the ports analysts meet come first.
        const QStringList top = keys(search().find("http"), 6);
        QVERIFY2(top.contains(QStringLiteral("80/tcp")), qPrintable(top.join(u' ')));
    }

    void nothingAndNonsense()
    {
        QVERIFY(search().find("").empty());
        QVERIFY(search().find("   ").empty());
        QVERIFY(search().find("zzzz-no-such-service").empty());
        QVERIFY(search().find("70000").empty());
        QVERIFY(search().find("ssh zzzz").empty()); // every word must match
        QCOMPARE(search().find("22", 1).size(), std::size_t{1});
    }

    void fastOverTheWholeRegistry()
    {
        // bench-port-search gives the real figures; this catches a gross regression only.
        const auto start = std::chrono::steady_clock::now();
        for (const char *q : {"1-65535", "encrypted", "x", "mail"}) QVERIFY(!search().find(q).empty());
        const auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
        QVERIFY2(ms < 200, qPrintable(QString::number(ms)));
    }
};

QTEST_GUILESS_MAIN(TestPortSearch)
#include "tst_port_search.moc"
