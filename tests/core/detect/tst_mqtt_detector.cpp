// core/detect/mqtt_detector.cpp: positives, negatives, truncation at every length, metadata.
#include "detector_test_support.h"
#include "followup_samples.h"
#include "udp_samples.h"
#include "registered_tests.h"

#include <algorithm>
#include <memory>

using namespace portlens;
using namespace portlens::test;
using namespace portlens::test::followup_samples;
using namespace portlens::test::udp_samples;

namespace {

const std::string kPingresp = hex("d000");

const std::string kClientPuback = hex("40020002");

const std::string kClientPublish = hex(
    "333a00094275733137496e666f00045570646174652074726967676572656420467269204665622031392032303a34313a313120454554"
    "2032303136");

const std::string kServerPublish = hex(
    "325400084275733137436d6400027b226d65737361676554797065223a22555044415445222c226d657373616765436f6e74656e74223a"
    "22467269204665622031392032303a34313a3131204545542032303136227d");

const std::string kServerPuback = hex("40020004");

} // namespace

class TestMqttDetector : public QObject {
    Q_OBJECT

private slots:
    void mqttConnect()
    {
        const auto mqtt = &detectorNamed("MQTT");
        QVERIFY(mqtt->handlesTcp() && !mqtt->handlesUdp());
        const auto d = run(*mqtt, tcp(1883, {fromClient(kMqttConnect), fromServer(kMqttConnack)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->protocol, std::string("MQTT"));
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(meta(d, "mqtt.version"), std::string("3.1"));
        QCOMPARE(meta(d, "mqtt.client_id"), std::string("cbaabcbabacbbbbbaaaaab"));
        QCOMPARE(meta(d, "mqtt.username_present"), std::string("yes"));
        QCOMPARE(meta(d, "mqtt.keep_alive"), std::string("20"));
        QCOMPARE(meta(d, "mqtt.connack"), std::string("accepted"));
        QCOMPARE(d->evidence.length, 14u);
        QVERIFY(survivesEveryTruncation(*mqtt, 6, 1883, {fromClient(kMqttConnect), fromServer(kMqttConnack)}));

        const std::string v311 = hex("1013 0004 4d515454 04 02 003c 0007 73656e736f7231");
        const auto plain = run(*mqtt, tcp(1883, {fromClient(v311)}));
        QCOMPARE(meta(plain, "mqtt.version"), std::string("3.1.1"));
        QCOMPARE(meta(plain, "mqtt.client_id"), std::string("sensor1"));
        QCOMPARE(meta(plain, "mqtt.username_present"), std::string());

        const std::string v5 = hex("101e 0004 4d515454 05 c2 003c 00 0005 6465762d35 0004 75736572 0004 70617373");
        const auto five = run(*mqtt, tcp(1883, {fromClient(v5), fromServer(hex("2003 00 86 00"))}));
        QCOMPARE(meta(five, "mqtt.version"), std::string("5.0"));
        QCOMPARE(meta(five, "mqtt.client_id"), std::string("dev-5"));
        QCOMPARE(meta(five, "mqtt.connack"), std::string("refused: bad user name or password"));

        // A two-byte remaining length (142 = 8e 01).
        const std::string longId = hex("108e01 0004 4d515454 04 02 003c 0082") + std::string(130, 'x');
        QCOMPARE(meta(run(*mqtt, tcp(1883, {fromClient(longId)})), "mqtt.client_id").size(), std::size_t{67}); // 64 + "..."

        const auto ackOnly = run(*mqtt, tcp(1883, {fromServer(kMqttConnack)}));
        QVERIFY(ackOnly.has_value());
        QCOMPARE(ackOnly->confidence, Confidence::Low);
    }

    void mqttNegatives()
    {
        const auto mqtt = &detectorNamed("MQTT");
        QVERIFY(!run(*mqtt, tcp(1883, {fromClient(hex("1013 0004 4d515454 07 02 003c 0007 73656e736f7231"))}))); // level 7
        QVERIFY(!run(*mqtt, tcp(1883, {fromClient(hex("1013 0004 4d515454 04 03 003c 0007 73656e736f7231"))}))); // reserved bit
        QVERIFY(!run(*mqtt, tcp(1883, {fromClient(hex("1013 0004 4d515454 04 42 003c 0007 73656e736f7231"))}))); // password, no user
        QVERIFY(!run(*mqtt, tcp(1883, {fromClient(hex("1013 0004 4d515454 04 1a 003c 0007 73656e736f7231"))}))); // will QoS 3
        QVERIFY(!run(*mqtt, tcp(1883, {fromClient(hex("1013 0004 4d515553 04 02 003c 0007 73656e736f7231"))}))); // "MQUS"
        QVERIFY(!run(*mqtt, tcp(1883, {fromClient(hex("10ffffffff7f 0004 4d515454 04 02 003c 0000"))})));         // 5-byte varint
        QVERIFY(!run(*mqtt, tcp(1883, {fromServer(hex("20020007"))})));
        QVERIFY(!run(*mqtt, tcp(1883, {fromClient("GET / HTTP/1.1\r\n\r\n")})));
    }

    void mqttMidSession()
    {
        const auto mqtt = &detectorNamed("MQTT");
        const std::vector<Turn> turns{fromClient(kPingreq), fromServer(kPingresp), fromServer(kServerPublish),
                                      fromClient(kClientPuback), fromClient(kClientPublish), fromServer(kServerPuback)};
        const auto d = run(*mqtt, tcp(17501, turns));
        QVERIFY(d.has_value());
        QCOMPARE(confidenceOf(d), Confidence::Medium);
        QCOMPARE(meta(d, "mqtt.mid_session"), std::string("yes"));
        QCOMPARE(meta(d, "mqtt.topic"), std::string("Bus17Info"));
        QVERIFY(says(d, "The client's first 66 bytes are exactly 3 well-formed MQTT control packets (PINGREQ, PUBACK, PUBLISH)"));
        QVERIFY(d && d->evidence.direction == Direction::ToServer && d->evidence.length == 66);
        QVERIFY(survivesEveryTruncation(*mqtt, 6, 17501, turns));

        // One packet per side is not enough; the server's two are.
        QVERIFY(!run(*mqtt, tcp(17501, {fromClient(kPingreq), fromServer(kPingresp)})));
        const auto server = run(*mqtt, tcp(17501, {fromClient(kPingreq), fromServer(kPingresp + kServerPublish)}));
        QCOMPARE(confidenceOf(server), Confidence::Medium);
        QCOMPARE(meta(server, "mqtt.topic"), std::string("Bus17Cmd"));
        QVERIFY(says(server, "The server's first"));
        QVERIFY(run(*mqtt, tcp(17501, {fromClient(kPingreq + kPingreq)})).has_value());
        QVERIFY(run(*mqtt, tcp(17501, {fromClient(kClientPuback + hex("e000"))})).has_value()); // then DISCONNECT
        QCOMPARE(detectedProtocol(tcp(17501, turns)), std::string("MQTT"));
    }

    void mqttMidSessionNegatives()
    {
        const auto mqtt = &detectorNamed("MQTT");
        auto client = [&](const std::string &bytes) { return run(*mqtt, tcp(17501, {fromClient(bytes)})); };
        QVERIFY(!client(kPingreq + kClientPuback + "\x01"));          // a byte left over
        QVERIFY(!client(kPingreq + kClientPublish.substr(0, 20)));    // the PUBLISH cut short
        QVERIFY(!client(kPingreq + hex("c001 00")));                  // PINGREQ with a body
        QVERIFY(!client(kPingreq + hex("40020000")));                 // packet identifier 0
        QVERIFY(!client(kPingreq + hex("42020001")));                 // PUBACK with flags
        QVERIFY(!client(kPingreq + hex("3607 0003 612f62 0001")));    // PUBLISH QoS 3
        QVERIFY(!client(kPingreq + hex("3805 0003 612f62")));         // DUP on QoS 0
        QVERIFY(!client(kPingreq + hex("3005 0003 612f2b")));         // a wildcard in a topic name
        QVERIFY(!client(kPingreq + hex("3004 0000 6869")));           // an empty topic
        QVERIFY(!client(kPingreq + hex("3005 0003 610a62")));         // a control byte in the topic
        QVERIFY(!client(kPingreq + hex("f000")));                     // AUTH is not expected here
        QVERIFY(!client(kPingreq + hex("10 00")));                    // nor CONNECT
        QVERIFY(!client("0 PUBLISH text\r\n0 PUBLISH text\r\n"));
        QVERIFY(!client(kPingreq + hex("e001 05")));                  // DISCONNECT with reason 5
    }
};

PORTLENS_REGISTER_TEST(TestMqttDetector)
#include "tst_mqtt_detector.moc"
