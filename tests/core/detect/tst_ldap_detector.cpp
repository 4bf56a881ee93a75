// core/detect/ldap_detector.cpp: positives, negatives, truncation at every length, metadata.
#include "detector_test_support.h"
#include "binary_samples.h"
#include "registered_tests.h"

#include "core/capture/packet_source.h"

#include <QFileInfo>
#include <functional>
#include <memory>
#include <random>

using namespace portlens;
using namespace portlens::test;
using namespace portlens::test::binary_samples;

class TestLdapDetector : public QObject {
    Q_OBJECT

private slots:
    void ldapBindsAndSearches()
    {
        const auto ldap = &detectorNamed("LDAP");
        auto d = run(*ldap, tcp(389, {fromClient(kLdapSimpleBind), fromServer(kLdapBindResponse)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->protocol, std::string("LDAP"));
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(meta(d, "ldap.op"), std::string("bindRequest"));
        QCOMPARE(meta(d, "ldap.bind_dn"), std::string("cn=admin,dc=example,dc=org"));
        QCOMPARE(meta(d, "ldap.simple_bind"), std::string("yes"));
        QCOMPARE(meta(d, "ldap.result"), std::string("success"));
        QCOMPARE(d->evidence.length, 47u);
        QVERIFY(QByteArray::fromStdString(d->evidence.sentence).contains("password travels in clear"));
        for (const auto &[key, value] : d->metadata) QVERIFY(value.find("S3cret") == std::string::npos); // never the password
        QVERIFY(d->evidence.sentence.find("S3cret") == std::string::npos);
        // Active Directory's answer alone, with 4-byte BER lengths.
        d = run(*ldap, tcp(389, {fromServer(kLdapAdBindResponse)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(meta(d, "ldap.op"), std::string("bindResponse"));
        QCOMPARE(meta(d, "ldap.result"), std::string("success"));
        // Connectionless LDAP over UDP.
        d = run(*ldap, udp(389, {fromClient(kLdapSearch)}));
        QVERIFY(d.has_value());
        QCOMPARE(meta(d, "ldap.op"), std::string("searchRequest"));
        QCOMPARE(meta(d, "ldap.search_base"), std::string("dc=example,dc=org"));
        // Cut by the kept limit: Medium.
        d = run(*ldap, tcp(389, {fromClient(kLdapSimpleBind.substr(0, 30))}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::Medium);
    }

    void ldapNegatives()
    {
        const auto ldap = &detectorNamed("LDAP");
        QVERIFY(!run(*ldap, udp(161, {fromClient(kSnmpGetRequest)})));
        QVERIFY(!run(*ldap, tcp(389, {fromServer(hex("30 0e 02 01 01 61 07 0a 01 00 04 00 04 00 ff 00"))}))); // junk inside
        QVERIFY(!run(*ldap, tcp(389, {fromClient(hex("30 05 02 01 01 55 00"))})));     // no such operation
        QVERIFY(!run(*ldap, tcp(389, {fromClient(hex("30 07 02 01 01 60 09 02 01"))}))); // operation longer than its message
        QVERIFY(!run(*ldap, tcp(389, {fromServer(kLdapSimpleBind)})));                // a request from the server
        QVERIFY(survivesEveryTruncation(*ldap, 6, 389, {fromClient(kLdapSimpleBind), fromServer(kLdapBindResponse)}));
        QVERIFY(survivesEveryTruncation(*ldap, 6, 389, {fromServer(kLdapAdBindResponse)}));
    }
};

PORTLENS_REGISTER_TEST(TestLdapDetector)
#include "tst_ldap_detector.moc"
