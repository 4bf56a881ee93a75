// SNMP (RFC 1157, 3416, 3412): a datagram holding one BER SEQUENCE { version INTEGER, ... }.
// Versions 1 and 2c (version 0 and 1) carry the community string - a password - in clear,
// followed by the PDU ([0]-[8]); version 3 (version 3) carries header data, USM security
// parameters (the user name) and a plain or encrypted scoped PDU.
#include "core/detect/ber_reader.h"
#include "core/detect/detector.h"
#include "core/util/translatable.h"
#include "core/detect/text_lines.h"

#include <string>

namespace portlens {

namespace {

// Metadata keys (read by notes() below).
constexpr const char *kCommunityKey = "snmp.community";

using ber::Ber;
using ber::readBer;
// ------------------------------------------------------------------------------------------

const char *pduName(std::uint8_t tag)
{
    switch (tag) {
    case 0xa0: return "get-request";
    case 0xa1: return "get-next-request";
    case 0xa2: return "response";
    case 0xa3: return "set-request";
    case 0xa4: return "trap";
    case 0xa5: return "get-bulk-request";
    case 0xa6: return "inform-request";
    case 0xa7: return "snmpV2-trap";
    case 0xa8: return "report";
    default: return nullptr;
    }
}

struct Message {
    std::string version; // "1", "2c", "3"
    std::string community;
    std::string user;
    std::string pdu;
    std::size_t length = 0;
};

// The PDU of v1/v2c: request-id INTEGER first (a v1 trap starts with enterprise OID instead).
bool plausiblePdu(const Ber &pdu)
{
    ByteReader inside = pdu.value;
    const auto first = readBer(inside);
    return first && (first->tag == 0x02 || (pdu.tag == 0xa4 && first->tag == 0x06));
}

std::optional<Message> snmpMessage(Bytes datagram)
{
    ByteReader r(datagram);
    if (r.peekU8() != 0x30) return std::nullopt;
    const auto message = readBer(r);
    if (!message || !r.empty()) return std::nullopt; // the SEQUENCE fills the datagram exactly
    ByteReader fields = message->value;
    const auto version = readBer(fields);
    if (!version || version->tag != 0x02 || version->length != 1) return std::nullopt;
    const auto v = version->value.peekU8();
    if (!v || (*v != 0 && *v != 1 && *v != 3)) return std::nullopt;

    Message m;
    m.length = datagram.size();
    if (*v != 3) {
        m.version = *v == 0 ? "1" : "2c";
        const auto community = readBer(fields);
        if (!community || community->tag != 0x04 || community->length > 255) return std::nullopt;
        const auto pdu = readBer(fields);
        if (!pdu || !fields.empty()) return std::nullopt;
        const char *name = pduName(pdu->tag);
        if (!name || (*v == 0 && pdu->tag > 0xa4) || (*v == 1 && pdu->tag == 0xa4) || !plausiblePdu(*pdu)) return std::nullopt;
        m.community = text::printable(asText(community->value.rest()), 64);
        m.pdu = name;
        return m;
    }
    // v3: msgGlobalData SEQUENCE { msgID, msgMaxSize, msgFlags OCTET STRING (1), msgSecurityModel }
    m.version = "3";
    const auto header = readBer(fields);
    if (!header || header->tag != 0x30) return std::nullopt;
    ByteReader global = header->value;
    const auto id = readBer(global);
    const auto maxSize = id ? readBer(global) : std::nullopt;
    const auto flags = maxSize ? readBer(global) : std::nullopt;
    const auto model = flags ? readBer(global) : std::nullopt;
    if (!model || id->tag != 0x02 || maxSize->tag != 0x02 || flags->tag != 0x04 || flags->length != 1 || model->tag != 0x02 ||
        !global.empty())
        return std::nullopt;
    const auto security = readBer(fields);
    const auto scoped = security ? readBer(fields) : std::nullopt;
    if (!scoped || security->tag != 0x04 || (scoped->tag != 0x30 && scoped->tag != 0x04) || !fields.empty()) return std::nullopt;
    // USM: SEQUENCE { engineID, boots, time, userName, authParams, privParams }
    ByteReader usm = security->value;
    if (const auto params = readBer(usm); params && params->tag == 0x30) {
        ByteReader p = params->value;
        const auto engine = readBer(p);
        const auto boots = engine ? readBer(p) : std::nullopt;
        const auto time = boots ? readBer(p) : std::nullopt;
        const auto user = time ? readBer(p) : std::nullopt;
        if (user && user->tag == 0x04 && user->length > 0) m.user = text::printable(asText(user->value.rest()), 64);
    }
    if (scoped->tag == 0x04) {
        m.pdu = "encrypted";
    } else {
        // ScopedPDU: SEQUENCE { contextEngineID, contextName, PDU }
        ByteReader s = scoped->value;
        const auto engine = readBer(s);
        const auto context = engine ? readBer(s) : std::nullopt;
        const auto pdu = context ? readBer(s) : std::nullopt;
        if (pdu && pduName(pdu->tag) && pdu->tag != 0xa4) m.pdu = pduName(pdu->tag);
        else return std::nullopt;
    }
    return m;
}

constexpr ProtocolIdentity kSnmpIdentity{
    .name = "SNMP", .displayName = "Simple Network Management Protocol", .tcp = false, .udp = true, .tieRank = 110};

class SnmpDetector final : public Detector {
public:
    const ProtocolIdentity &identity() const override { return kSnmpIdentity; }

    void notes(const NoteContext &context) const override
    {
        if (const std::string community = context.meta(kCommunityKey); !community.empty())
            context.note("snmp-community", Severity::Warning,
                         QT_TRANSLATE_NOOP("Verdict", "SNMP community string '%1' travels in clear text"), {community});
    }

    bool ruledOut(const DetectionInput & /*input*/) const override
    {
        // Only the first datagram of each side counts, and a side's first datagram never changes.
        return true;
    }

    std::optional<Detection> detect(const DetectionInput &input) const override
    {
        const auto client = snmpMessage(input.firstDatagram(Direction::ToServer));
        const auto server = client ? std::nullopt : snmpMessage(input.firstDatagram(Direction::ToClient));
        if (!client && !server) return std::nullopt;
        const Message &m = client ? *client : *server;
        const bool fromClient = client.has_value();

        Detection d;
        d.protocol = "SNMP";
        d.confidence = Confidence::High; // every length agrees with the datagram and the fields are typed right
        std::string sentence = "SNMPv" + m.version + " " + m.pdu;
        if (m.version != "3") sentence += " with community '" + m.community + "' (sent in clear)";
        else if (!m.user.empty()) sentence += " from user '" + m.user + "'";
        d.evidence = {fromClient ? Direction::ToServer : Direction::ToClient, 0, static_cast<std::uint32_t>(m.length),
                      sentence + " filling the " + (fromClient ? "client's" : "server's") + " first datagram"};
        d.add("snmp.version", m.version);
        if (m.version != "3") d.add(kCommunityKey, m.community);
        if (!m.user.empty()) d.add("snmp.user", m.user);
        d.add("snmp.pdu", m.pdu);
        return d;
    }
};

} // namespace

PORTLENS_REGISTER_DETECTOR(SnmpDetector)

} // namespace portlens
