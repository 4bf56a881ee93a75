// ByteReader: every read is bounds-checked and a failed read consumes nothing.
#include "core/util/byte_reader.h"

#include <QTest>

#include <array>

using namespace portlens;

class TestByteReader : public QObject {
    Q_OBJECT

private:
    static constexpr std::array<std::byte, 8> kBytes{std::byte{0x01}, std::byte{0x02}, std::byte{0x03},
                                                      std::byte{0x04}, std::byte{0x05}, std::byte{0x06},
                                                      std::byte{0x07}, std::byte{0x08}};

private slots:
    void readsBigAndLittleEndian()
    {
        ByteReader r(kBytes);
        QCOMPARE(*r.readU16BigEndian(), 0x0102);
        QCOMPARE(*r.readU16LittleEndian(), 0x0403);
        QCOMPARE(*r.readU32BigEndian(), 0x05060708u);
        QVERIFY(r.empty());
        QCOMPARE(r.consumed(), 8u);
    }

    void failedReadConsumesNothing()
    {
        for (std::size_t size = 0; size <= kBytes.size(); ++size) {
            ByteReader r(Bytes(kBytes).first(size));
            const bool fits8 = size >= 8;
            QCOMPARE(r.readU64BigEndian().has_value(), fits8);
            QCOMPARE(r.remaining(), fits8 ? 0 : size);
            ByteReader s(Bytes(kBytes).first(size));
            QCOMPARE(s.readU32BigEndian().has_value(), size >= 4);
            QCOMPARE(s.remaining(), size >= 4 ? size - 4 : size);
            ByteReader t(Bytes(kBytes).first(size));
            QCOMPARE(t.readU24BigEndian().has_value(), size >= 3);
            ByteReader u(Bytes(kBytes).first(size));
            QCOMPARE(u.skip(5), size >= 5);
            QCOMPARE(u.remaining(), size >= 5 ? size - 5 : size);
            ByteReader v(Bytes(kBytes).first(size));
            QCOMPARE(v.readFixed<6>().has_value(), size >= 6);
            QCOMPARE(v.remaining(), size >= 6 ? size - 6 : size);
        }
    }

    void hugeLengthsFromTheWireAreRefused()
    {
        ByteReader r(kBytes);
        QVERIFY(!r.read(std::size_t(-1)).has_value());
        QVERIFY(!r.skip(std::size_t(-1)));
        QVERIFY(!r.subReader(9).has_value());
        QCOMPARE(r.remaining(), 8u);
    }

    void subReaderIsConfinedToItsLength()
    {
        ByteReader r(kBytes);
        auto sub = r.subReader(3);
        QVERIFY(sub.has_value());
        QCOMPARE(sub->remaining(), 3u);
        QVERIFY(!sub->readU32BigEndian().has_value());
        QCOMPARE(*sub->readU24BigEndian(), 0x010203u);
        QCOMPARE(*r.readU8(), 0x04);
    }

    void peekDoesNotConsume()
    {
        ByteReader r(kBytes);
        QCOMPARE(*r.peekU8(7), 0x08);
        QVERIFY(!r.peekU8(8).has_value());
        QCOMPARE(r.peek(8)->size(), 8u);
        QVERIFY(!r.peek(9).has_value());
        QCOMPARE(r.remaining(), 8u);
    }

    void fixedHeaderFields()
    {
        ByteReader r(kBytes);
        auto header = r.readFixed<8>();
        QVERIFY(header.has_value());
        QCOMPARE(fieldU8<7>(*header), 0x08);
        QCOMPARE(fieldU16BigEndian<1>(*header), 0x0203);
        QCOMPARE(fieldU32BigEndian<4>(*header), 0x05060708u);
    }
};

QTEST_GUILESS_MAIN(TestByteReader)
#include "tst_byte_reader.moc"
