// A protocol is one unit (core/detect/detector.h): these checks keep the unit's parts agreeing
// with each other, so that nothing else has to name a protocol.
#include "core/detect/registry.h"
#include "core/ports/port_knowledge.h"
#include "registered_tests.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

#include <map>
#include <set>
#include <string>

using namespace portlens;

namespace {

struct KeyUse {
    std::map<std::string, std::set<QString>> written; // key -> files that write it
    std::map<std::string, std::set<QString>> read;    // key -> files whose notes read it
};

// Every metadata key the detector files write (add, emplace_back) and read (meta), with the
// file's key constants ("constexpr const char *kQrKey = \"llmnr.qr\";") resolved.
KeyUse scanDetectorSources()
{
    KeyUse use;
    const QDir dir(QStringLiteral(PORTLENS_SOURCE_DIR "/core/detect"));
    const auto files = dir.entryList({QStringLiteral("*_detector.cpp")}, QDir::Files);
    static const QRegularExpression constant(QStringLiteral("constexpr const char \\*(k\\w+) = \"([^\"]+)\";"));
    static const QRegularExpression write(QStringLiteral("\\b(?:add|emplace_back)\\(\\s*(?:\"([a-z0-9_]+\\.[a-z0-9_.]+)\"|(k\\w+Key)\\b)"));
    static const QRegularExpression readUse(QStringLiteral("\\bmeta\\(\\s*(?:\"([^\"]+)\"|(k\\w+))\\s*\\)"));
    for (const QString &name : files) {
        QFile file(dir.filePath(name));
        if (!file.open(QIODevice::ReadOnly)) qFatal("cannot read %s", qPrintable(file.fileName()));
        const QString text = QString::fromUtf8(file.readAll());
        std::map<QString, std::string> constants;
        for (const auto &m : constant.globalMatch(text)) constants[m.captured(1)] = m.captured(2).toStdString();
        const auto resolve = [&](const QRegularExpressionMatch &m) {
            if (!m.captured(1).isEmpty()) return m.captured(1).toStdString();
            const auto found = constants.find(m.captured(2));
            return found == constants.end() ? "<unresolved " + m.captured(2).toStdString() + ">" : found->second;
        };
        for (const auto &m : write.globalMatch(text)) use.written[resolve(m)].insert(name);
        for (const auto &m : readUse.globalMatch(text)) use.read[resolve(m)].insert(name);
    }
    return use;
}

} // namespace

class TestProtocolUnits : public QObject {
    Q_OBJECT

private slots:
    void namesAndRanksAreUnique()
    {
        std::set<std::string_view> names;
        std::set<int> ranks;
        for (const auto &detector : DetectorRegistry::builtin().detectors()) {
            const ProtocolIdentity &id = detector->identity();
            QVERIFY2(names.insert(id.name).second, ("two detectors are named " + std::string(id.name)).c_str());
            QVERIFY2(ranks.insert(id.tieRank).second, ("tie rank used twice: " + std::string(id.name)).c_str());
            QVERIFY2(!id.displayName.empty(), std::string(id.name).c_str());
            QVERIFY2(id.tcp || id.udp, std::string(id.name).c_str());
            for (const AnnouncedProtocol &announced : id.announces)
                QVERIFY2(names.insert(announced.name).second, std::string(announced.name).c_str());
        }
        QVERIFY(names.size() >= 30);
    }

    // The registry's list is generated from the detector files: each file registers a detector.
    void everyDetectorFileRegistersOne()
    {
        const QDir dir(QStringLiteral(PORTLENS_SOURCE_DIR "/core/detect"));
        const auto files = dir.entryList({QStringLiteral("*_detector.cpp")}, QDir::Files);
        int registrations = 0;
        for (const QString &name : files) {
            QFile file(dir.filePath(name));
            QVERIFY(file.open(QIODevice::ReadOnly));
            const int here = static_cast<int>(QString::fromUtf8(file.readAll()).count(QStringLiteral("\nPORTLENS_REGISTER_DETECTOR(")));
            QVERIFY2(here == 1, qPrintable(name + QStringLiteral(": one protocol, one file")));
            registrations += here;
        }
        QCOMPARE(static_cast<std::size_t>(registrations), DetectorRegistry::builtin().detectors().size());
    }

    void portDataNamesOnlyKnownProtocols()
    {
        const DetectorRegistry &registry = DetectorRegistry::builtin();
        std::set<std::string> named;
        for (const PortService &service : PortKnowledge::builtin().services())
            for (const std::string &protocol : service.protocols) named.insert(protocol);
        // A port whose normal protocol no detector knows would read "unexpected content" for
        // every connection on it (as 500/udp did for IKE before its detector).
        for (const std::string &protocol : named) {
            const bool known = registry.find(protocol) || registry.announcerOf(protocol);
            QVERIFY2(known, ("the port data names " + protocol + ", which no detector reports").c_str());
        }
    }

    // A note rule that reads a key no detector writes can never fire (the LLMNR rule once read
    // "dns.qr", which only the DNS detector writes, instead of its own "llmnr.qr").
    void everyKeyANoteReadsIsWritten()
    {
        const KeyUse use = scanDetectorSources();
        QVERIFY(use.read.size() >= 10);
        QVERIFY(use.written.size() >= 30);
        for (const auto &[key, readers] : use.read) {
            const auto writers = use.written.find(key);
            QVERIFY2(writers != use.written.end(), ("metadata key '" + key + "' is read by " +
                                                    readers.begin()->toStdString() + " but written by no detector").c_str());
            // A protocol's notes read its own detection: the key is written in the same file.
            for (const QString &reader : readers)
                QVERIFY2(writers->second.contains(reader),
                         ("'" + key + "' is read in " + reader.toStdString() + " but written elsewhere").c_str());
        }
    }

    void displayNamesOfDetectedAndAnnouncedProtocols()
    {
        const DetectorRegistry &registry = DetectorRegistry::builtin();
        QCOMPARE(registry.displayName("SSH"), std::string_view("Secure Shell"));
        QCOMPARE(registry.displayName("FTP-DATA"), std::string_view("FTP data channel"));
        QCOMPARE(registry.announcerOf("FTP-DATA"), registry.find("FTP"));
        QCOMPARE(registry.displayName("nothing"), std::string_view("nothing"));
    }
};

PORTLENS_REGISTER_TEST(TestProtocolUnits)
#include "tst_protocol_units.moc"
