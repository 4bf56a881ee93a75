// Port data: the IANA registry is complete, every curated note has every field, the verdict
// engine's questions keep their meaning now that thousands of registry rows are loaded, and
// translations replace only texts that are still current.
#include "core/detect/detection.h"
#include "core/ports/port_knowledge.h"
#include "core/verdict/verdict.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <chrono>

using namespace portlens;

namespace {

QByteArray readSource(const char *relative)
{
    QFile file(QStringLiteral(PORTLENS_SOURCE_DIR "/") + QString::fromLatin1(relative));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// The reference article's ports: every one must have a full note.
const char *const kArticlePorts[] = {"21/tcp",  "22/tcp",   "23/tcp",  "25/tcp",   "53/tcp",   "80/tcp",
                                     "179/tcp", "443/tcp",  "465/tcp", "5000/tcp", "5355/tcp", "53/udp",
                                     "443/udp", "1900/udp", "5353/udp", "5355/udp"};

Connection unrecognisedPayload(std::uint16_t port)
{
    Connection c;
    c.transport = 6;
    c.client = {*IpAddress::parse("192.0.2.10"), 50000};
    c.server = {*IpAddress::parse("198.51.100.1"), port};
    for (char ch : std::string("\x01\x02\x03 some bytes no detector knows"))
        c.payload.bytes[0].push_back(static_cast<std::byte>(ch));
    c.toServer.payloadBytes = c.payload.bytes[0].size();
    return c;
}

} // namespace

class TestPortKnowledge : public QObject {
    Q_OBJECT

private slots:
    void registryIsComplete()
    {
        const QByteArray tsv = readSource("resources/ports/iana-services.tsv");
        QVERIFY(!tsv.isEmpty());
        qsizetype rows = 0;
        for (const QByteArray &line : tsv.split('\n'))
            if (!line.isEmpty() && !line.startsWith('#')) ++rows;
        QVERIFY2(rows > 11000, qPrintable(QString::number(rows)));

        const PortKnowledge &ports = PortKnowledge::builtin();
        // Every registry row is loaded (curated rows replace or add to them, never drop one).
        QVERIFY(static_cast<qsizetype>(ports.services().size()) >= rows);
        std::size_t sctp = 0, dccp = 0;
        for (const PortService &s : ports.services()) {
            sctp += s.transport == 132;
            dccp += s.transport == 33;
        }
        QVERIFY(sctp > 50);
        QVERIFY(dccp > 0);
    }

    void spotChecks_data()
    {
        QTest::addColumn<int>("port");
        QTest::addColumn<int>("transport");
        QTest::addColumn<QString>("service");
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("curated");
        QTest::newRow("llmnr") << 5355 << 17 << "llmnr" << "LLMNR" << true;
        QTest::newRow("ssdp") << 1900 << 17 << "ssdp" << "SSDP" << true;
        QTest::newRow("mdns") << 5353 << 17 << "mdns" << "mDNS" << true;
        QTest::newRow("ssh") << 22 << 6 << "ssh" << "SSH" << true;
        QTest::newRow("x11 range start") << 6000 << 6 << "x11" << "x11" << false;
        QTest::newRow("x11 range end") << 6063 << 17 << "x11" << "x11" << false;
        QTest::newRow("sctp discard") << 9 << 132 << "discard" << "discard" << false;
        QTest::newRow("hbci") << 3000 << 6 << "hbci" << "hbci" << false;
    }
    void spotChecks()
    {
        QFETCH(int, port);
        QFETCH(int, transport);
        QFETCH(QString, service);
        QFETCH(QString, name);
        QFETCH(bool, curated);
        const PortService *s =
            PortKnowledge::builtin().registered(static_cast<std::uint16_t>(port), static_cast<std::uint8_t>(transport));
        QVERIFY(s);
        QCOMPARE(QString::fromStdString(s->service), service);
        QCOMPARE(QString::fromStdString(s->name()), name);
        QCOMPARE(s->curated(), curated);
        QVERIFY(!s->description.empty());
    }

    void unassignedPortsAreUnknown()
    {
        QVERIFY(!PortKnowledge::builtin().registered(65535, 6));
        QVERIFY(!PortKnowledge::builtin().registered(22, 50)); // ESP has no ports
    }

    // Every curated entry has every field, in the data file itself (what translators and the
    // pane read), not only after parsing with defaults.
    void notesSchema()
    {
        const QJsonDocument document = QJsonDocument::fromJson(readSource("resources/ports/ports.json"));
        QVERIFY(document.isObject());
        QCOMPARE(document[QStringLiteral("format")].toString(), QStringLiteral("portlens-ports/2"));
        const QJsonArray services = document[QStringLiteral("services")].toArray();
        QVERIFY2(services.size() >= 76, qPrintable(QString::number(services.size())));
        QSet<QString> keys;
        for (const QJsonValue &value : services) {
            const QJsonObject e = value.toObject();
            const QString key = QString::number(e[QStringLiteral("port")].toInt()) + QLatin1Char('/') +
                                e[QStringLiteral("transport")].toString();
            QVERIFY2(!keys.contains(key), qPrintable(key + QStringLiteral(" twice")));
            keys.insert(key);
            for (const char *field : {"service", "title", "description"})
                QVERIFY2(!e[QLatin1String(field)].toString().isEmpty(), qPrintable(key + QLatin1Char(' ') + QLatin1String(field)));
            QVERIFY2(QStringList({QStringLiteral("yes"), QStringLiteral("no"), QStringLiteral("optional")})
                         .contains(e[QStringLiteral("encrypted")].toString()),
                     qPrintable(key + QStringLiteral(" encrypted")));
            for (const char *field : {"protocols", "related", "destinations"})
                QVERIFY2(e[QLatin1String(field)].isArray(), qPrintable(key + QLatin1Char(' ') + QLatin1String(field)));
            QVERIFY2(!e[QStringLiteral("related")].toArray().isEmpty(), qPrintable(key + QStringLiteral(" related")));
            const QJsonObject note = e[QStringLiteral("note")].toObject();
            QVERIFY2(note[QStringLiteral("encryption")].toString().size() >= 10, qPrintable(key + QStringLiteral(" note.encryption")));
            for (const char *field : {"usage", "users"})
                QVERIFY2(note[QLatin1String(field)].toString().size() >= 20,
                         qPrintable(key + QStringLiteral(" note.") + QLatin1String(field)));
            const QJsonArray lookFor = note[QStringLiteral("lookFor")].toArray();
            QVERIFY2(!lookFor.isEmpty(), qPrintable(key + QStringLiteral(" note.lookFor")));
            for (const QJsonValue &line : lookFor) QVERIFY(line.toString().size() >= 20);
        }
        for (const char *port : kArticlePorts) QVERIFY2(keys.contains(QLatin1String(port)), port);

        // And the parsed data agrees: each curated port has a note.
        for (const char *port : kArticlePorts) {
            const QString key = QLatin1String(port);
            const auto slash = key.indexOf(QLatin1Char('/'));
            const PortService *s = PortKnowledge::builtin().registered(
                static_cast<std::uint16_t>(key.left(slash).toUInt()), transportFromText(key.mid(slash + 1).toStdString()));
            QVERIFY2(s && s->note && !s->note->lookFor.empty(), port);
        }
    }

    void multicastDestinations()
    {
        const auto &ports = PortKnowledge::builtin();
        const auto has = [](const PortService *s, const char *address) {
            return s && s->note &&
                   std::find(s->note->destinations.begin(), s->note->destinations.end(), address) != s->note->destinations.end();
        };
        QVERIFY(has(ports.registered(1900, 17), "239.255.255.250"));
        QVERIFY(has(ports.registered(5353, 17), "224.0.0.251"));
        QVERIFY(has(ports.registered(5355, 17), "224.0.0.252"));
        QCOMPARE(ports.registered(22, 6)->note->encrypted, Encryption::Yes);
        QCOMPARE(ports.registered(23, 6)->note->encrypted, Encryption::No);
    }

    // The verdict engine asks lookup(): only ports with detector protocols answer it, as before
    // the registry was loaded; registered() knows every assigned port.
    void verdictSemanticsKept()
    {
        const auto &ports = PortKnowledge::builtin();
        QVERIFY(ports.lookup(22, 6));
        QVERIFY(!ports.lookup(3000, 6));
        QVERIFY(ports.registered(3000, 6));
        QVERIFY(ports.isNormalFor("SSH", 22, 6));
        QVERIFY(ports.isNormalFor("SSDP", 1900, 17));
        QVERIFY(!ports.isNormalFor("SSH", 443, 6));
        QCOMPARE(ports.usualPorts("SSH", 6), std::vector<std::uint16_t>{22});
        for (const PortService &s : ports.services())
            if (!s.recognised()) QVERIFY(ports.lookup(s.port, s.transport) != &s);

        const Verdict registeredOnly = judge(unrecognisedPayload(3000), ports);
        QCOMPARE(registeredOnly.kind, VerdictKind::Unknown);
        QVERIFY(!registeredOnly.flagged());
        QVERIFY2(registeredOnly.reason.toString().find("registered for hbci") != std::string::npos,
                 registeredOnly.reason.toString().c_str());
        QVERIFY(registeredOnly.portService.empty());
        const Verdict unassigned = judge(unrecognisedPayload(65535), ports);
        QCOMPARE(unassigned.kind, VerdictKind::Unknown);
        QVERIFY(unassigned.reason.toString().find("registered") == std::string::npos);
        const Verdict normal = judge(unrecognisedPayload(22), ports);
        QCOMPARE(normal.kind, VerdictKind::UnexpectedContent);
    }

    // Loading sorts the merged entries in place; registered() searches that order, so it must hold
    // exactly: ascending port and transport, a curated entry before the registry rows it shares a
    // port with, and every registry row still there once.
    void entriesAreSortedCuratedFirst()
    {
        const auto &services = PortKnowledge::builtin().services();
        QVERIFY(services.size() > 11000);
        for (std::size_t i = 1; i < services.size(); ++i) {
            const PortService &a = services[i - 1];
            const PortService &b = services[i];
            const bool ordered = a.port < b.port || (a.port == b.port && a.transport < b.transport) ||
                                 (a.port == b.port && a.transport == b.transport && (a.curated() || !b.curated()));
            QVERIFY2(ordered, qPrintable(QStringLiteral("entry %1 (%2/%3) before %4/%5")
                                             .arg(i - 1).arg(a.port).arg(a.transport).arg(b.port).arg(b.transport)));
        }
        const PortService *ssh = PortKnowledge::builtin().registered(22, 6);
        QVERIFY(ssh && ssh->curated());
        QCOMPARE(ssh->service, std::string("ssh"));
        // hbci has no note: the registry row itself is what registered() finds
        const PortService *hbci = PortKnowledge::builtin().registered(3000, 6);
        QVERIFY(hbci && !hbci->curated());
        QCOMPARE(hbci->service, std::string("hbci"));
    }

    // Notes live outside the entries (most entries have none); a copy still owns its own notes,
    // so translating a copy leaves the original English.
    void copiesOwnTheirNotes()
    {
        PortKnowledge copy = PortKnowledge::builtin();
        const PortService *original = PortKnowledge::builtin().registered(22, 6);
        const PortService *copied = copy.registered(22, 6);
        QVERIFY(original && copied && original->note && copied->note);
        QVERIFY(&*original->note != &*copied->note);
        QCOMPARE(copied->note->usage, original->note->usage);
    }

    void loadsQuickly()
    {
        // The real figure comes from bench-port-search; this only catches a gross regression
        // (the target is well under 100 ms on the slowest build).
        const QByteArray json = readSource("resources/ports/ports.json");
        const QByteArray tsv = readSource("resources/ports/iana-services.tsv");
        const auto start = std::chrono::steady_clock::now();
        std::string error;
        const auto knowledge = PortKnowledge::fromData(json.toStdString(), tsv.toStdString(), error);
        const auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
        QVERIFY2(knowledge, error.c_str());
        QVERIFY2(ms < 500, qPrintable(QString::number(ms)));
    }

    void badDataIsRefused()
    {
        std::string error;
        QVERIFY(!PortKnowledge::fromJson("[1,2,3]", error));
        QVERIFY(!error.empty());
        error.clear();
        QVERIFY(!PortKnowledge::fromData(R"({"services":[]})", "22\ttcp\tssh\tSSH\nnot-a-port\ttcp\tx\ty\n", error));
        QVERIFY(error.find("1 registry rows") != std::string::npos);
        QVERIFY(!PortKnowledge::fromJson(R"({"services":[{"port":70000,"transport":"tcp"}]})", error));
    }

    void translationsReplaceCurrentTextsOnly()
    {
        const char *curated = R"({"services":[{"port":22,"transport":"tcp","service":"ssh","title":"SSH",
            "description":"Secure Shell","protocols":["SSH"],"encrypted":"yes","related":["22/udp"],"destinations":[],
            "note":{"usage":"Remote logins.","users":"Administrators.","encryption":"Always.","lookFor":["One","Two"]}}]})";
        std::string error;
        auto knowledge = PortKnowledge::fromData(curated, "22\ttcp\tssh\tThe Secure Shell (SSH) Protocol\n", error);
        QVERIFY2(knowledge, error.c_str());
        QCOMPARE(knowledge->services().size(), std::size_t{1}); // merged into the registry row
        const char *german = R"({"format":"portlens-port-notes/1","language":"de","notes":{"22/tcp":{
            "usage":{"source":"Remote logins.","translation":"Entfernte Anmeldungen."},
            "users":{"source":"Admins (old English text).","translation":"Administratoren."},
            "lookFor":[{"source":"Two","translation":"Zwei"}]}}})";
        const auto translated = knowledge->applyTranslation(german, error);
        QVERIFY2(translated, error.c_str());
        QCOMPARE(*translated, std::size_t{2});
        const PortService *s = knowledge->registered(22, 6);
        QCOMPARE(s->note->usage, std::string("Entfernte Anmeldungen."));
        QCOMPARE(s->note->users, std::string("Administrators.")); // stale translation ignored
        QCOMPARE(s->note->lookFor, (std::vector<std::string>{"One", "Zwei"}));
        QVERIFY(!knowledge->applyTranslation("{}", error));
    }
};

QTEST_GUILESS_MAIN(TestPortKnowledge)
#include "tst_port_knowledge.moc"
