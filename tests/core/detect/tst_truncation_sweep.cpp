// The truncation sweep: every text detector on every prefix of every dialogue (and of random
// bytes) must not crash, read outside the bytes or give evidence outside them.
#include "detector_test_support.h"
#include "text_dialogue_samples.h"
#include "registered_tests.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <random>

using namespace portlens;
using namespace portlens::test;
using namespace portlens::test::text_dialogue_samples;

class TestTruncationSweep : public QObject {
    Q_OBJECT

private slots:
    // Every batch C detector on every prefix of every dialogue here (and of random bytes): no
    // crash, no read outside the bytes (valgrind / the asan preset), evidence inside the bytes.
    void everyDetectorSurvivesEveryDialogue()
    {
        const std::vector<const Detector *> detectors = [] {
            std::vector<const Detector *> v;
            v.push_back(&detectorNamed("FTP"));
            v.push_back(&detectorNamed("SMTP"));
            v.push_back(&detectorNamed("POP3"));
            v.push_back(&detectorNamed("IMAP"));
            v.push_back(&detectorNamed("Telnet"));
            v.push_back(&detectorNamed("IRC"));
            v.push_back(&detectorNamed("RTSP"));
            v.push_back(&detectorNamed("HTTP"));
            return v;
        }();
        const std::vector<std::vector<Turn>> dialogues{
            kFtpSession, kSmtpSession, kPop3Session, kImapSession, kTelnetSession, kIrcSession, kRtspSession, kNntpSession,
            kHttpPlain,  kSsh,         {fromServer(randomBytes(70, 300)), fromClient(randomBytes(71, 300))}};
        for (const auto &detector : detectors)
            for (const auto &dialogue : dialogues)
                QVERIFY2(survivesEveryTruncation(*detector, 6, 4000, dialogue), std::string(detector->name()).c_str());
    }
};

PORTLENS_REGISTER_TEST(TestTruncationSweep)
#include "tst_truncation_sweep.moc"
