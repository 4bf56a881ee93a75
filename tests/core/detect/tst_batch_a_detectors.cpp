// Batch A detectors - TLS, DTLS, QUIC, RDP, SMB, NetBIOS, Kerberos, LDAP, SNMP, OpenVPN, WireGuard,
// BitTorrent: real payloads from the nDPI corpus written out as hex (the capture and frame are
// named above each), hand-made ones where the corpus has none, negatives (other protocols' bytes
// and random bytes), truncation at every length, metadata, and the whole registry's verdict.
#include "detector_test_support.h"

#include "core/analysis/capture_analysis.h"
#include "core/capture/packet_source.h"

#include <QFileInfo>

#include <functional>
#include <memory>
#include <random>

using namespace portlens;
using namespace portlens::test;

namespace {

// clang-format off
// TLS 1.3 ClientHello for www.google.com, ALPN http/1.1: tls_1.3_unidirectional_client.pcapng frame 3 (564 bytes)
const std::string kTlsClientHello = hex(
    "160301022f0100022b0303d3a25d7961eeee7919cd614bd8b0f63d5a6f8c6ca4de1828bda054f956f1af2420691ce20136f8bc28a70a33e7"
    "ef38c01b821e4bab3b8775d4691789deb9ca78140022130113021303c02bc02ccca9c02fc030cca8c009c00ac013c014009c009d002f0035"
    "010001c000000013001100000e7777772e676f6f676c652e636f6d00170000ff01000100000a00080006001d00170018000b000201000023"
    "00000010000b000908687474702f312e31000500050100000000000d00140012040308040401050308050501080606010201003300260024"
    "001d0020dd05c9f34e9561b87b33ae9953204e9cdf17a4d71fbe2c1bf6630f98d504e43e002d00020101002b000908030403030302030100"
    "29011900f400ee01c1092fcf2e5566daa6383f539f55adeb8861e813cbdb08d12aed079eb584fa451ee875701fef81fa2dafa2b1ca600035"
    "a6524dccabbb9077a57e8f8244a6e058d21e9dd1ef37bf390ee4b551d5da7c2e2e932d78aa42e1a516cdce66f9998928bcb8dfabb7018466"
    "e86994c7d98696220821cbfac54286286988df5c06f600667b9340b418dc2ca444f058779088b6d943f1a63c9c6bc84d0d3e3529d9953224"
    "cb1cf76971f31668eb1f6168175956f324442ed9583cac70118d00ebc9941eaa6a54dddc8e3aca0274a49cc3287c8ca4bdf5b975f80e772b"
    "cec17c3ca7471b678a05f88ed675119a65c0444273e797c5e300212091e42fe213601653a1e5e795b7a6fc938bdf71b51c8ea6150e91aec6"
    "54576259");

// its ServerHello (supported_versions 0x0304), ChangeCipherSpec and first encrypted record: tls_1.3_unidirectional_server.pcapng frame 3 (218 bytes)
const std::string kTlsServerHello = hex(
    "16030300800200007c0303c57417b3a7267c19e1431447bf571918fc463e2a2992c63d2241054efb49195020691ce20136f8bc28a70a33e7"
    "ef38c01b821e4bab3b8775d4691789deb9ca7814130100003400290002000000330024001d0020cc4c7a4927e6c3b46de7f9db39ddab59ad"
    "b5e876213215a1c41bf035b2acca4e002b00020304140303000101170303004a777cec0ef78baa149b1eec701520aa4c2f683963226baf5a"
    "ea6efb6f9572dced792351544723fa5e364619f3dcd40e8ade9d4b8ac1bdca5854c4e305946ffc3a17975ddad27f26284d6c");

// DTLS 1.2 ClientHello: dtls_session_id_and_coockie_both.pcap frame 1 (99 bytes)
const std::string kDtlsClientHello = hex(
    "16fefd000000000000000000560100004a000000000000004afefd3fc15b397b7c6648012efa02ef69e2fac74534c631c046fe86fb3fb2ff"
    "4bd41d203832002f8393c761e3b64aae0df27f5c9b5716b19e1f7e852712a5a45e6d493e000002c02c0100");

// DTLS HelloVerifyRequest: same capture, frame 2 (48 bytes)
const std::string kDtlsHelloVerify = hex(
    "16feff00000000000000000023030000170000000000000017feff141c0efc217010049e0680531d364ee05eaa42a69e");

// QUIC v1 client Initial for app-analytics-v2.snapchat.com, ALPN h3: quic_crypto_aes_auth_size.pcap frame 1 (1350 bytes)
const std::string kQuicV1Initial = hex(
    "c100000001086a39e7bd7a5940690040a4b5f8df1fbc4cbf20e913e28c9da2bb40bf6100ee9311d5be7ba8450dfc258b83022c89a26bb10e"
    "211473b7978bbb54606b9142ca1c8fe5c630d6744d62ac0eddd81ee1e23918296cb41c3da58c0030354682ab619029820c1583cf9e35209d"
    "ce8d4646910614b301ef1f667766de753be59ed632eb38cb8162bac93358aef03ca04833b6f142206fa58eb631c424774b72befe3a269f6c"
    "aa7b1c8410dcebb25b21af5b80448fa7e81c3fd479dc8d971d507eb0ab7ce695bc8df0833980f6333c862d0f93e7929bdde94d8207af44f3"
    "6de7f9f92d20f5f8168cc0f2169e2ca1c97aa7f4ced93af1f1b6994449fdffba69b080c602163584e31e02815fbc96ab6d2e72834fedf7b8"
    "f2f11668541efbb246062ce77bfe37b627dfc52e7d453a66139798713cf9759e1ecdedbbc583a1d13a496461339c6c795cc26582c64d3dd7"
    "e828d834570997a932aa6aaec28804bb70821e75e64bf20d8c1e2e4948b2321462e12ba64b6d3164556da996729e498c9569cad3d7bcd418"
    "2463f8ae8ac656bc946e24715dc0cdf40792c38eda60a9f6b36e90aee94c26bf6bb718bf1460583d25727a5ca5bb4630d7bf639779ca4da5"
    "5ec473e359ed2f846e593edb2ee0746186389d18590fd475b33db63afbe666199666765e6c1a39603b96ea63a2d08456dbcdc951a3c35a74"
    "4508f05b091436ecbf4e312a31cb9d4a128d6bd5820d0f1b5842205c70d70123bf3d53eade0108a895906ced2784edab1c90bd9ada41f74d"
    "8c4e7401de8461893b5431fedf02643eeace46367e9cdde9f780660603e24f5eeb09bc38ec46edcfc026f19962795b8d8fe97eb572d7d1e0"
    "899f354706e52bb850d15af08980ec68121fad3c8de3650041fea0e8fc2e302229ce2b4c4be8d4b33191c9b445b120439cc283881bdcaebd"
    "e54ee19e4b9591b6763f4ff4447a9289db5c1dd7d607c8449052f22ae525c856e04e3dba21ec6728f8aefec8a4ed77f419f0bff111561cf8"
    "38e9b49b3ab40f83f82329d8e855891a97b4c98056880fe5473737909be8523f0c2d836016ce7416466164a7be72617ee0a2c76d0a562b65"
    "803a1458ab1ea0d6fb4189ca48e5c5028e5c399424f2e7c86d611768aba7e616da5f00e3349c15214c1fb3918b3ee36a45b7f2ce2bdcb8db"
    "32245bf13c7e9b4f3f332fe52670bdc5987cabcd8b5d3e3576feb871fc20d9e42dbc7d8bab3b3623dae07189acc879cfcaf47bebdf6b5449"
    "3d27d61a2eb8ebf9f93c37b3304be036b57f623836569c93949be9933700bf4ff456c8011133885b50012eadea68f09fda11c5e7047a3ba2"
    "ce464952e68ff1a21f078702b0c5d26c858699f7e1c029f1fe98d1033790553a14b1312c6001767c9093914404eaf5e6a9106d5c59de48b0"
    "1dae4c09a71346288845b33a7c98c960c08a4cba98c9ead5b5a84326373d4c7a041ea91cdbadf172395493707ee38678c6eaa0b785de1e89"
    "5653e69932df2846eae4006e13b9fe142aa4e6231ba4253d933015a46ac5501cfdd9f166aeb20a7b196110539ebb8861c070f2baef44927b"
    "d07d86ab09f2838461c38de5aa4c8f6e9107c65ddba43c7e2ab5bea5841a8d4f0b1b948b9ba769516036ff9cd6192f9fb99eca31d2fcbe51"
    "737083504a60b58cb568e1d02516d750a01e055aa09b35654c580a3407610a5940a49a30a33c258685574bb46fca96162f2a8414ced9bb88"
    "82c0c6a31418535c1085c072c395f8920b586cde23e520020246e0b338ba0769c41f26af9830128ff59fc1ddd53c8eb2a8531f2b1df462ce"
    "89357c9b68f7547d965684c07620d396d22a20fd93e8f5cd7b1030af2b78c75dcefcc831ab5c336c287cde619e94c73ab11bf9b6fcccd2f2"
    "d6f23df036c4");

// QUIC v2 client Initial for 'test', ALPN h3: quic-v2.pcapng frame 1 (1232 bytes)
const std::string kQuicV2Initial = hex(
    "d66b3343cf080726272642fc2eb20811fffdea452422b832a196c2fa15ec4a99b399b9116eb2c5ef233065423a33ac16db1be7c47541e1db"
    "c9337bc0326b173b40bfcb11d25b647d0e8141c89fd5d4fe0ae06a3a4962392c9e91c2e1b3920ae3f12a7128aed5573623691908c9962a93"
    "6cabe187e5acf4e4047e6fe88834c87e48cab6336dcf659934dffc133e0b4672e74e81a0d801d41fd6abdb6e04c27d9c831771e2c8fe0e02"
    "5fe22818a653f609bbf7f500392b83579bdb2ef50507795f7bf7a63c939e9c6b8292d9fafbfd0daff19350ccb31c473981ddcff35e2d4446"
    "5427a3ce8f5f91da78c35e9479bf6d372b5ac20129844c77052541040d4f2f1567dddd86ebe0b18efcde66d1098ee7a330ec771df5edc99b"
    "aaa853ef72b0a49b685d976f83600e5bbed12fb1c123e189b90a7585bf3e3bc42ef017d060cb4638a4e693cc9e04916be5ea6bf5f0b46aaa"
    "166619dc465a0ddb25b89226216b70dc49014284ee512ca3ba354cdd26fdc3a36e5e41693069e7fa89fb45d8c687802c8362440d78ab2c72"
    "7e7827af5663be939dd4888ace2214195d0e8861f7dfbcc0c3c886c03ee2424d960192010158c016737b5a6edaf09f13f65d830e476c41a0"
    "7c7e6badfc1ff2e2a70b0f1ad551ef429e0ef6b0d85b0834c08ffdef70af1745ad61b83381339680ae39b9c92e5cdb8475f5efd7b76b3f78"
    "77126431960b60a5a61b3a12ee1e5f1eea7958b16d0c48599bf4f6bee36b3343cf080726272642fc2eb20811fffdea452422b842a36e46d4"
    "41f8c3f756c608d417943fb77a8fdc13b99403e5bb94d6a809d67cdfbffe00d687862536d8dcbb9a0d94a3aa080c8fe40379d52d3f982a52"
    "1af9900d8034fb0ae504b28073dc59a189c126ab9fe636588d1034f9dc00ebb01e8729d663404e00f0e38e902af72e2b92387dcab96bea2b"
    "445b8f3f6c2bafb3fc01aa152bf874c8d4b3b46bfbf5b6167a139ca4cda71a917762b3013a7b6e7bcb9fe6fc13b3213636dd97389174e56d"
    "63302a1fde2f20938e20c7bc6bdfe8890528b53c72f1f346d5a8d964a46f2f49ea554eb3754a8788caeed7fc6e49acd25302f3f8e53b1173"
    "264a443e665bc09d3a73f183ed3deb90974a6c993cd0aa6fae24e23fef2e493416d858f981dda4632e306b7544ec9fb65c144baeb456c895"
    "baf6e310f611537be8e07e4ebddec383c455fe882539b08fa0073a7e66cc5ee81f836dfec3ef43d77dc30b260ebe17f1c13eb609897cba36"
    "48ebe0a7dae509fddfddf290e69d7a25ac5db1920dd5806c6165fe4905fccdd96355636883c977d68d987672c1d96c6efae19bfa7494f89b"
    "66d61e0980847448463834485b07515833ed34ae181adfb4ec769836a626d4efa240c6f1f010a1f142c9f948edde0a0840b66c9e248698f4"
    "56397ed4dc6c3e3ec5bac71812ad41e36531e8ba62faf269cbbce55ae5e3201d443f3504ea9727787ad20ff0b8e73eda0d7c522fd467beec"
    "602f7a536da1c248262305d26efe21f17ddb9b5409fe19145aa3df1629d5a381c83035284fc949410a7c1d66e727cd2e96b0c2664754dfa7"
    "c7c465be6555e462bf83b9404a4f266b0df00373f8de23b90c28c92a9c33e7a65aa6258cb1d5b26ec1f74c05430d67c0122e19c0f5b066e1"
    "6727145c0047e77b8113d41e73456795f5c6db66d4caaab7d25c18a72a163d75b9ec4569146cb20de5ac44b365b03452be4c05734b28603c");

// QUIC Version Negotiation: quic-forcing-vn-with-data.pcapng frame 2 (59 bytes)
const std::string kQuicVersionNegotiation = hex(
    "9f00000000149ad6a5028e908ed78fa10f28d1142ed3303b2ef010565ef4f16c5e1e1b1ae6605c200dea2300000001ff00001dff00001cff"
    "00001b");

// first 64 bytes of the client's reserved-version packet that provoked it: frame 1 (1208 bytes; padded with zeros below) (64 bytes)
const std::string kQuicReservedVersionHeader = hex(
    "cfbabababa10565ef4f16c5e1e1b1ae6605c200dea23149ad6a5028e908ed78fa10f28d1142ed3303b2ef00041309fd79a7a768de4fe5a85"
    "b056f550d5be8edf");

// X.224 Connection Request with cookie mstshash=Administr: rdp3.pcap frame 4 (39 bytes)
const std::string kRdpCookieRequest = hex(
    "0300002722e00000000000436f6f6b69653a206d737473686173683d41646d696e697374720d0a");

// X.224 Connection Confirm without negotiation: rdp3.pcap frame 5 (11 bytes)
const std::string kRdpBareConfirm = hex(
    "0300000b06d00000123400");

// X.224 Connection Request with RDP_NEG_REQ (TLS, CredSSP, CredSSP-EX): rdp.pcap frame 4 (19 bytes)
const std::string kRdpNegRequest = hex(
    "030000130ee00000000000010008000b000000");

// X.224 Connection Confirm with RDP_NEG_RSP (CredSSP-EX): rdp.pcap frame 5 (19 bytes)
const std::string kRdpNegResponse = hex(
    "030000130ed00000123400021f080008000000");

// RDP-UDP SYN, first 48 bytes (then zero padding to 1232): rdp2.pcap frame 1 (48 bytes)
const std::string kRdpUdpSynHeader = hex(
    "ffffffff00401801bbff568704d004d0a69040c1df7948b78fa08c4d6363000000000000000000000000000000000000");

// RDP-UDP SYN+ACK, first 48 bytes (then zero padding to 1232): rdp2.pcap frame 2 (48 bytes)
const std::string kRdpUdpSynAckHeader = hex(
    "bbff5687004010054d67796604d004d00001010100000000000000000000000000000000000000000000000000000000");

// SMB1 NEGOTIATE request with six dialects: smbv1.pcap frame 1 (137 bytes)
const std::string kSmb1Negotiate = hex(
    "00000085ff534d4272000000001853c00000000000000000000000000000fffe00004000006200025043204e4554574f524b2050524f4752"
    "414d20312e3000024c414e4d414e312e30000257696e646f777320666f7220576f726b67726f75707320332e316100024c4d312e32583030"
    "3200024c414e4d414e322e3100024e54204c4d20302e313200");

// SMB1 NEGOTIATE response choosing 'NT LM 0.12' (index 5): smbv1.pcap frame 2 (117 bytes)
const std::string kSmb1NegotiateResponse = hex(
    "00000071ff534d4272000000009853c00000000000000000000000000000fffe000040001105000332000100041100000000010000000000"
    "fce3010040f49cd344b5d201f000082c0008ab1c2fe1ece6a957004f0052004b00470052004f005500500000004a004f0048004e002d0050"
    "0043000000");

// SMB2 CREATE request from the middle of a session, first 120 bytes: smb_deletefile.pcap frame 1 (120 bytes)
const std::string kSmb2MidStream = hex(
    "00000178fe534d4240000100000000000500000100000000980000009c0f000000000000fffe0000110000001d0000000028000000000000"
    "0000000000000000000000003900000002000000000000000000000000000000000000008100100010000000070000000100000001000000"
    "78001c0000000000");

// NetBIOS session request to IBIFHQ11WS023<20> from ROSFHQ07WS004<00>: netbios.pcap frame 261 (72 bytes)
const std::string kNetbiosSessionRequest = hex(
    "8100004420454a4543454a454745494642444244424648464444414443444443414341434100204643455046444547454946424441444846"
    "48464444414441444543414341414100");

// Kerberos AS-REQ over TCP for johnson-pc$@happycraft.org: kerberos.pcap frame 1 (239 bytes)
const std::string kKerberosTcpAsReq = hex(
    "000000eb6a81e83081e5a103020105a20302010aa31530133011a10402020080a20904073005a0030101ffa481c13081bea0070305004081"
    "0010a1183016a003020101a10f300d1b0b6a6f686e736f6e2d706324a2101b0e686170707963726166742e6f7267a3233021a003020102a1"
    "1a30181b066b72627467741b0e686170707963726166742e6f7267a511180f32303337303931333032343830355aa611180f323033373039"
    "31333032343830355aa70602044ec01617a81530130201120201110201170201180202ff79020103a91d301b3019a003020114a11204104a"
    "4f484e534f4e2d5043202020202020");

// KRB-ERROR KDC_ERR_PREAUTH_REQUIRED over TCP: kerberos.pcap frame 2 (278 bytes)
const std::string kKerberosTcpError = hex(
    "000001127e82010e3082010aa003020105a10302011ea411180f32303139303230353033333834385aa5050203063520a603020119a9101b"
    "0e686170707963726166742e6f7267aa233021a003020102a11a30181b066b72627467741b0e686170707963726166742e6f7267ac81a704"
    "81a43081a1307ea103020113a277047530733034a003020112a12d1b2b484150505943524146542e4f5247686f73746a6f686e736f6e2d70"
    "632e686170707963726166742e6f72673005a0030201173034a003020103a12d1b2b484150505943524146542e4f5247686f73746a6f686e"
    "736f6e2d70632e686170707963726166742e6f72673009a103020102a20204003009a103020110a20204003009a10302010fa2020400");

// Kerberos AS-REQ over UDP, realm LINUX.SHELL.COM: kerberos-error.pcap frame 1 (287 bytes)
const std::string kKerberosUdpAsReq = hex(
    "6a82011b30820117a103020105a20302010aa35830563048a103020102a241043f303da003020117a2360434b60e0b505f98104206f62503"
    "b8e0e7c82d842e6f01e5c7f0e1540d1ea4c7e89181e69691e0c41d775649bd7fa5ac4b1874a91915300aa10402020095a2020400a481b030"
    "81ada00703050000810000a11f301da003020101a11630141b04686f73741b0c6d75732d6e2d636a30373039a2111b0f4c494e55582e5348"
    "454c4c2e434f4da3243022a003020102a11b30191b066b72627467741b0f4c494e55582e5348454c4c2e434f4da511180f32303232303232"
    "333037343630335aa611180f32303232303330343037343630335aa706020447a1fa99a81a30180201170201120201110201140201130201"
    "1002011902011a");

// KRB-ERROR KRB_ERR_RESPONSE_TOO_BIG over UDP: kerberos-error.pcap frame 2 (102 bytes)
const std::string kKerberosUdpError = hex(
    "7e643062a003020105a10302011ea411180f32303232303232323037343630345aa50502030ec26da603020134a9111b0f4c494e55582e53"
    "48454c4c2e434f4daa243022a003020102a11b30191b066b72627467741b0f4c494e55582e5348454c4c2e434f4d");

// Active Directory LDAP bindResponse (SASL/GSS-SPNEGO, 4-byte BER lengths): kerberos.pcap frame 14 (210 bytes)
const std::string kLdapAdBindResponse = hex(
    "3084000000cc0201036184000000c30a010004000400878200b8a181b53081b2a0030a0100a10b06092a864882f712010202a2819d04819a"
    "60819706092a864886f71201020202006f8187308184a003020105a10302010fa2783076a003020112a26f046d5f3e51bb6ca59dae1d870f"
    "a729cfe3228c199f843703487460c68b0c9f071b0a2d59467ad588606d302da742fea65540d225aa57fe6660b5ce25f402dbfbf8e8931b24"
    "48222dd0665f05794187a48ea7b83d9dcff6593e261b97be7dcb6db4d5b82a2c6c0564cbb24e14d13b03");

// SNMPv1 get-next-request, community 'public': snmp.pcap frame 1 (43 bytes)
const std::string kSnmpGetRequest = hex(
    "302902010004067075626c6963a11c02044b781a6e020100020100300e300c06082b060102010105000500");

// its get-response: snmp.pcap frame 2 (57 bytes)
const std::string kSnmpResponse = hex(
    "303702010004067075626c6963a22a02044b781a6e020100020100301c301a06082b06010201010600040e476c6f626f6d616e7469637348"
    "51");

// OpenVPN P_CONTROL_HARD_RESET_CLIENT_V2 without tls-auth: openvpn.pcap frame 1 (14 bytes)
const std::string kOpenVpnClientReset = hex(
    "38334857703d96db390000000000");

// P_CONTROL_HARD_RESET_SERVER_V2 acknowledging it: frame 2 (26 bytes)
const std::string kOpenVpnServerReset = hex(
    "40d31c3a6964602fa00100000000334857703d96db3900000000");

// client P_ACK_V1: frame 3 (22 bytes)
const std::string kOpenVpnClientAck = hex(
    "28334857703d96db390100000000d31c3a6964602fa0");

// tls-crypt-v2 client reset (P_CONTROL_HARD_RESET_CLIENT_V3): openvpn-tlscrypt.pcap frame 1 (353 bytes)
const std::string kOpenVpnTlsCryptClientReset = hex(
    "50aae06512392a3d710a010001625a9e9785ead7700d5d18dac8f1eb9b317b46a2fc3519cab585d134a9251798df506f18831d1778e9aece"
    "89e8c67f5743d0c3e4e22b9c779d05805b1a327a5d2afca997b7dc48bea88594971a6eead55058f2f29ef6e439da74f848d1316ca7989f30"
    "9d71701fc24fc5a86802fed6efa0171cef869f910a4aee47457f8f664db7a9e539e62c63f35878e72cf94f89bf97bcdb2fcf49ed9de6aa48"
    "47a3dc89680a520e7c202b526577b9c2fb4cc651147ab81811e87ddb4f35c872c9214929b05d940f2d90ec0c8f053c013674b613c7c55cc5"
    "8fa3707be8f03445616a57dd96ea5394b299fc4b2e4cf66fae1c79caaf73552bc215433cb04e7cd0509d5be75d05c2b820b77b82913f3919"
    "f5d32840854ffd7e12b6643164a99a4870055d9d8ad22f24d4c6b9d58c80d26681e99ee759027e3d85e90a522b3bd7a2d777b886fa438043"
    "ca69a9c2f7563bfa7ff4bdfeca21f4012b");

// server reset: frame 2 (72 bytes)
const std::string kOpenVpnTlsCryptServerReset = hex(
    "4053c96dd083724fd200000001625a9e9721ea783a859f9c2d8edd04f1e1c9f78f4493a69dfacd5cf0b0c1873cf1aa7d4000649f91fd227c"
    "f02fe525f9af94a91332159bb09c8c26");

// client P_CONTROL_WKC_V1: frame 3 (642 bytes)
const std::string kOpenVpnTlsCryptClientControl = hex(
    "58aae06512392a3d710a010002625a9e9733a77c623a5967f6d3bbddc4cb8da6e5a500df9d95afd0ac5774c69cdd508331f275dd96a2e9c6"
    "708d0b320745c7e0e2c52d04b358896cccee92b995194a7adde2e1555c35282c3eee5493c0850c2af69ca34b435b1dfbf934911b267e1f29"
    "3669c3b498053beab3967d4a218424201b3a97b72bd2edb05acfecc58f17d3d8d272e783431e2ad7c532671ef5d4463d6ba29e7ff9d5ec4a"
    "7e7225f532a2d8186734b1fff9913df290506ab173afd97fbb7b5fc1e05f3caeb0f1b525859a90d1e61708bbfd27f4ab9e8a4247731ad9ec"
    "03d78e69cacd55533c312d94b5b9c9040b43f43f975e144fddb3ce146fb2df05f9d9640d5c5ee0c78b1a2679c053dd6f9700611e319c4123"
    "39dcb6010ed4e84520b8c4ee9acd045b523c5dc8a9442d97938f647a8853de42b19fcdced43c442eeae87fa5843240e7029684a5a9a01382"
    "1ada1c63cbf264aece89e8c67f5743d0c3e4e22b9c779d05805b1a327a5d2afca997b7dc48bea88594971a6eead55058f2f29ef6e439da74"
    "f848d1316ca7989f309d71701fc24fc5a86802fed6efa0171cef869f910a4aee47457f8f664db7a9e539e62c63f35878e72cf94f89bf97bc"
    "db2fcf49ed9de6aa4847a3dc89680a520e7c202b526577b9c2fb4cc651147ab81811e87ddb4f35c872c9214929b05d940f2d90ec0c8f053c"
    "013674b613c7c55cc58fa3707be8f03445616a57dd96ea5394b299fc4b2e4cf66fae1c79caaf73552bc215433cb04e7cd0509d5be75d05c2"
    "b820b77b82913f3919f5d32840854ffd7e12b6643164a99a4870055d9d8ad22f24d4c6b9d58c80d26681e99ee759027e3d85e90a522b3bd7"
    "a2d777b886fa438043ca69a9c2f7563bfa7ff4bdfeca21f4012b");

// server P_CONTROL_V1, first 80 bytes: frame 4 (80 bytes)
const std::string kOpenVpnTlsCryptServerControl = hex(
    "2053c96dd083724fd200000002625a9e97f242867d2ea2472101e3caec9638d664d0dd87ab7540cbc7dd57368b174dcca05be58d6c25735a"
    "71a8c15ae2dc3958193ecf910c46d0cc472560d634e8dc14");

// OpenVPN over TCP (2-byte length prefix), client reset: openvpn_nohmac_tcp.pcapng frame 4 (16 bytes)
const std::string kOpenVpnTcpClientReset = hex(
    "000e38507a28a78275788d0000000000");

// server reset: frame 6 (28 bytes)
const std::string kOpenVpnTcpServerReset = hex(
    "001a409ad747beb24d8a1b0100000000507a28a78275788d00000000");

// WireGuard handshake initiation: wireguard.pcap frame 1 (148 bytes)
const std::string kWireGuardInitiation = hex(
    "01000000d837d0305fcec7c8e5c8e2e3f7989eef60c228d82329d602b6b1e2bb9d068f89cf9d4d4532780f6d27264f7b98701fdc27a4ec00"
    "aeb6becdbef2332f1b4084cadb93823935c012ae255e7b25eff13940c321fa6bd66a2a87b061db1430173e937f569349de2856dc5f261676"
    "3eeeafc0533b01dd965e7ec76976e28f683d671200000000000000000000000000000000");

// WireGuard handshake response: wireguard.pcap frame 2 (92 bytes)
const std::string kWireGuardResponse = hex(
    "0200000006f47dabd837d030b18d5550bd4042a37a46823ac08db1ec66839bc0ca2d64bc15cd80232b66232faec24af8918de1060ff5c98e"
    "865d5f35f272214c5260110dc4c61e32cdd8542100000000000000000000000000000000");

// WireGuard transport data: wireguard.pcap frame 3 (128 bytes)
const std::string kWireGuardData = hex(
    "0400000006f47dab0000000000000000a4ebc12ee3f990da18033a0789c04e2700f6f5c271d42ac4b4d6262e666549b445a7436e829bffb6"
    "ac65f05648bc0c391fe7c5884874376127164940188f03dba67af8388eaab76c593628bf9dc7be03346d912e916dad862545454701364f2d"
    "2486d7ced4c8642ce547ddb26ef6a46b");

// a provider's padded initiation (204 bytes): tunnelbear.pcap frame 1 (204 bytes)
const std::string kWireGuardPaddedInitiation = hex(
    "01000000316618ac09ad0e1ccda196d9f8af6627c303d6d9811fa0a060b52f55d3e536f87df38d4c48889e8ec00c25e0bfa8af86339accc8"
    "c2fedddf358f85eac52598bb092890c283218f527b7ffeb24f022bb400d7fc145f00ec9df5de39f214902d46ae83bd5537582f1b20ad93bf"
    "0167ddb25445d47b24e396f1ae2282a8a0785039724848e7e1755c73d2998f004b42beb0ab95c61d3ca718712cfb1db7088e4e4091d316eb"
    "35f620db502881a44c8db7d03ec48b0d839a318000000000000000000000000000000000");

// its padded response (100 bytes): tunnelbear.pcap frame 2 (100 bytes)
const std::string kWireGuardPaddedResponse = hex(
    "0200000002ca1a00316618ac0a000533ac110301131365569c1ed86608418d59e9350dca4c94ce103d928c558ef2cd5d202a107727d5f001"
    "34b81a06d0e4a2697f8fd0c4464d87c00132402fa4411b1e60a5dfe200000000000000000000000000000000");

// BitTorrent peer handshake: bittorrent.pcap frame 1 (68 bytes)
const std::string kBitTorrentHandshake = hex(
    "13426974546f7272656e742070726f746f636f6c0000000000100005dcfcdccfb9e670ccc3dd40c78c161f2bea2431262d554d313836302d"
    "418e181ac9ba17987152663e");

// DHT get_peers query: bittorrent_utp.pcap frame 1 (104 bytes)
const std::string kBitTorrentDhtQuery = hex(
    "64313a6164323a696432303af7f6007cea13506e514de7ecbc94f2ae517115f8393a696e666f5f6861736832303af7f601d8a6276f762c2c"
    "3df274af2827f8d1f1de65313a71393a6765745f7065657273313a74323a0e61313a76343a4c540101313a79313a7165");

// uTP ST_SYN: bittorrent_utp.pcap frame 3 (20 bytes)
const std::string kUtpSyn = hex(
    "4100530210eeb2f00000000000000000e7f50000");

// uTP ST_STATE answering it: frame 4 (30 bytes)
const std::string kUtpState = hex(
    "2102530206ff3f5f7fffffff0000f00049c7e7f500080000000000000000");

// Local Service Discovery: bt_search.pcap frame 1 (119 bytes)
const std::string kBitTorrentLsd = hex(
    "42542d534541524348202a20485454502f312e310d0a486f73743a203233392e3139322e3135322e3134333a363737310d0a506f72743a20"
    "36313139370d0a496e666f686173683a20454434463130383545383835463938463941363942373045453839454239383842384644393131"
    "350d0a0d0a0d0a");

// Hand-made where the corpus has no example (lengths computed, fields as the specifications give).
// SMB2 NEGOTIATE request offering 2.0.2, 2.1, 3.0, 3.0.2, and the response choosing 3.0.2.
const std::string kSmb2Negotiate = hex("0000006cfe534d4240000000000000000000010000000000000000000000000000000000fffe00000000000000000000000000000000000000000000000000000000000024000400010000007f000000000102030405060708090a0b0c0d0e0f00000000000000000202100200030203");
const std::string kSmb2NegotiateResponse = hex("00000081fe534d4240000000000000000000010001000000000000000000000000000000fffe0000000000000000000000000000000000000000000000000000000000004100010002030000101112131415161718191a1b1c1d1e1f2f000000000080000000800000008000f6e5d4c3b2a1d9010000000000000000800000000000000000");
// LDAP simple bind as cn=admin,dc=example,dc=org (password "S3cret!"), its success response, and
// a search request with base dc=example,dc=org.
const std::string kLdapSimpleBind = hex("302d0201016028020103041a636e3d61646d696e2c64633d6578616d706c652c64633d6f7267800753336372657421");
const std::string kLdapBindResponse = hex("300c02010161070a010004000400");
const std::string kLdapSearch = hex("30360201026331041164633d6578616d706c652c64633d6f72670a01020a0100020100020100010100870b6f626a656374436c6173733000");
// SNMPv3 get-request (noAuthNoPriv) from user "alice".
const std::string kSnmpV3GetRequest = hex("306d020103301102041e8e2f4a020300ffe304010402010304243022040d80001f888059dc486145a26322020105020300a5190405616c69636504000400302f040d80001f888059dc486145a263220400a01c0204532a1107020100020100300e300c06082b060102010105000500");
// clang-format on

// A few other protocols, to check that batch A keeps away from them.
const std::string kHttpRequest = "GET / HTTP/1.1\r\nHost: www.example.com\r\n\r\n";
const std::string kSshBanner = "SSH-2.0-OpenSSH_9.6\r\n";
const std::string kDnsQuery = hex("1a2b 0100 0001 0000 0000 0000 03777777 076578616d706c65 03636f6d 00 0001 0001");
const std::string kStunBindingRequest = hex("0001 0000 2112a442 0102030405060708090a0b0c");
const std::string kRtp = hex("80 60 1234 00000001 deadbeef") + std::string(160, '\x55');
const std::string kS7CotpConnect = hex("0300001611e00000000100c1020100c2020102c0010a"); // ISO-TSAP, not RDP

std::string padded(const std::string &head, std::size_t size) { return head + std::string(size - head.size(), '\0'); }

const std::string kRdpUdpSyn = padded(kRdpUdpSynHeader, 1232);
const std::string kRdpUdpSynAck = padded(kRdpUdpSynAckHeader, 1232);
const std::string kQuicReservedVersion = padded(kQuicReservedVersionHeader, 1208);
const std::string kNetbiosPositive = hex("82 00 00 00");

// A ClientHello split over two handshake records (allowed by RFC 8446 5.1).
std::string helloInTwoRecords()
{
    const std::string handshake = kTlsClientHello.substr(5);
    const std::string first = handshake.substr(0, 200), second = handshake.substr(200);
    const auto record = [](const std::string &fragment) {
        return hex("16 03 01") + static_cast<char>(fragment.size() >> 8) + static_cast<char>(fragment.size() & 0xff) + fragment;
    };
    return record(first) + record(second);
}

std::string randomBytes(std::mt19937 &random, std::size_t size)
{
    std::string out(size, '\0');
    for (char &c : out) c = static_cast<char>(random() & 0xff);
    return out;
}

std::vector<std::unique_ptr<Detector>> batchA()
{
    std::vector<std::unique_ptr<Detector>> all;
    all.push_back(makeTlsDetector());
    all.push_back(makeDtlsDetector());
    all.push_back(makeQuicDetector());
    all.push_back(makeRdpDetector());
    all.push_back(makeSmbDetector());
    all.push_back(makeNetbiosSessionDetector());
    all.push_back(makeKerberosDetector());
    all.push_back(makeLdapDetector());
    all.push_back(makeSnmpDetector());
    all.push_back(makeOpenVpnDetector());
    all.push_back(makeWireGuardDetector());
    all.push_back(makeBitTorrentDetector());
    return all;
}

bool handles(const Detector &d, const Connection &c) { return c.isTcp() ? d.handlesTcp() : d.handlesUdp(); }

struct Sample {
    const char *label;
    std::string protocol; // the batch A protocol these bytes are, or "" for other protocols
    Connection connection;
};

std::vector<Sample> samples()
{
    return {
        {"TLS hellos", "TLS", tcp(443, {fromClient(kTlsClientHello), fromServer(kTlsServerHello)})},
        {"DTLS hello", "DTLS", udp(4433, {fromClient(kDtlsClientHello), fromServer(kDtlsHelloVerify)})},
        {"QUIC v1", "QUIC", udp(443, {fromClient(kQuicV1Initial)})},
        {"QUIC v2", "QUIC", udp(443, {fromClient(kQuicV2Initial)})},
        {"QUIC VN", "QUIC", udp(443, {fromClient(kQuicReservedVersion), fromServer(kQuicVersionNegotiation)})},
        {"RDP cookie", "RDP", tcp(3389, {fromClient(kRdpCookieRequest), fromServer(kRdpBareConfirm)})},
        {"RDP negotiation", "RDP", tcp(3389, {fromClient(kRdpNegRequest), fromServer(kRdpNegResponse)})},
        {"RDP UDP", "RDP", udp(3389, {fromClient(kRdpUdpSyn), fromServer(kRdpUdpSynAck)})},
        {"SMB1", "SMB", tcp(445, {fromClient(kSmb1Negotiate), fromServer(kSmb1NegotiateResponse)})},
        {"SMB2", "SMB", tcp(445, {fromClient(kSmb2Negotiate), fromServer(kSmb2NegotiateResponse)})},
        {"NetBIOS", "NetBIOS", tcp(139, {fromClient(kNetbiosSessionRequest), fromServer(kNetbiosPositive)})},
        {"Kerberos TCP", "Kerberos", tcp(88, {fromClient(kKerberosTcpAsReq), fromServer(kKerberosTcpError)})},
        {"Kerberos UDP", "Kerberos", udp(88, {fromClient(kKerberosUdpAsReq), fromServer(kKerberosUdpError)})},
        {"LDAP bind", "LDAP", tcp(389, {fromClient(kLdapSimpleBind), fromServer(kLdapBindResponse)})},
        {"LDAP AD", "LDAP", tcp(389, {fromServer(kLdapAdBindResponse)})},
        {"CLDAP", "LDAP", udp(389, {fromClient(kLdapSearch)})},
        {"SNMPv1", "SNMP", udp(161, {fromClient(kSnmpGetRequest), fromServer(kSnmpResponse)})},
        {"SNMPv3", "SNMP", udp(161, {fromClient(kSnmpV3GetRequest)})},
        {"OpenVPN UDP", "OpenVPN", udp(1194, {fromClient(kOpenVpnClientReset), fromServer(kOpenVpnServerReset), fromClient(kOpenVpnClientAck)})},
        {"OpenVPN tls-crypt", "OpenVPN", udp(1194, {fromClient(kOpenVpnTlsCryptClientReset), fromServer(kOpenVpnTlsCryptServerReset),
                                                     fromClient(kOpenVpnTlsCryptClientControl), fromServer(kOpenVpnTlsCryptServerControl)})},
        {"OpenVPN TCP", "OpenVPN", tcp(1194, {fromClient(kOpenVpnTcpClientReset), fromServer(kOpenVpnTcpServerReset)})},
        {"WireGuard", "WireGuard", udp(51820, {fromClient(kWireGuardInitiation), fromServer(kWireGuardResponse), fromClient(kWireGuardData)})},
        {"BitTorrent TCP", "BitTorrent", tcp(6881, {fromClient(kBitTorrentHandshake)})},
        {"BitTorrent DHT", "BitTorrent", udp(6881, {fromClient(kBitTorrentDhtQuery)})},
        {"uTP", "BitTorrent", udp(6881, {fromClient(kUtpSyn), fromServer(kUtpState)})},
        {"BitTorrent LSD", "BitTorrent", udp(6771, {fromClient(kBitTorrentLsd)})},
        {"HTTP", "", tcp(80, {fromClient(kHttpRequest), fromServer("HTTP/1.1 200 OK\r\n\r\n")})},
        {"SSH", "", tcp(22, {fromServer(kSshBanner), fromClient(kSshBanner)})},
        {"SMTP STARTTLS", "", tcp(25, {fromServer("220 mail.example.com ESMTP\r\n"), fromClient("EHLO client\r\n"),
                                       fromServer("250-mail.example.com\r\n250 STARTTLS\r\n"), fromClient("STARTTLS\r\n"),
                                       fromServer("220 2.0.0 Ready to start TLS\r\n"), fromClient(kTlsClientHello),
                                       fromServer(kTlsServerHello)})},
        {"DNS", "", udp(53, {fromClient(kDnsQuery)})},
        {"STUN", "", udp(3478, {fromClient(kStunBindingRequest)})},
        {"RTP", "", udp(5004, {fromClient(kRtp), fromClient(kRtp)})},
        {"S7 COTP", "", tcp(102, {fromClient(kS7CotpConnect)})},
    };
}

// Every connection of a corpus capture, after detection (as portlens-cli would see them).
std::vector<Connection> analyzeCapture(const QString &path)
{
    std::vector<Connection> connections;
    auto opened = PacketSource::openFile(path.toStdString());
    if (!opened.source) return connections;
    DetectionEngine engine(DetectorRegistry::builtin(), &PortKnowledge::builtin());
    CaptureAnalysis analysis(FlowTableConfig{}, [&](Connection &&c) { connections.push_back(std::move(c)); }, &engine);
    analysis.run(*opened.source);
    return connections;
}

} // namespace

class TestBatchADetectors : public QObject {
    Q_OBJECT

private slots:
    // ------------------------------------------------------------------------------------ TLS
    void tlsClientAndServerHello()
    {
        const auto tls = makeTlsDetector();
        const auto d = run(*tls, tcp(443, {fromClient(kTlsClientHello), fromServer(kTlsServerHello)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->protocol, std::string("TLS"));
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(meta(d, "tls.version"), std::string("TLS 1.3")); // from the ServerHello's supported_versions
        QCOMPARE(meta(d, "tls.sni"), std::string("www.google.com"));
        QCOMPARE(meta(d, "tls.alpn"), std::string("http/1.1"));
        QCOMPARE(meta(d, "tls.client_versions"), std::string("TLS 1.3,TLS 1.2,TLS 1.1,TLS 1.0"));
        QCOMPARE(d->evidence.direction, Direction::ToServer);
        QCOMPARE(d->evidence.offset, 0u);
        QCOMPARE(d->evidence.length, 564u);
        QCOMPARE(d->evidence.sentence,
                 std::string("TLS ClientHello for 'www.google.com' (record version 3.1) at the start of the client's data"));
    }

    void tlsOneSideAndCutHellos()
    {
        const auto tls = makeTlsDetector();
        // A complete ClientHello alone.
        auto d = run(*tls, tcp(443, {fromClient(kTlsClientHello)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(meta(d, "tls.version"), std::string("TLS 1.2")); // the hello's legacy version field
        QCOMPARE(meta(d, "tls.sni"), std::string("www.google.com"));
        // A ServerHello alone is complete evidence.
        d = run(*tls, tcp(443, {fromServer(kTlsServerHello)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(d->evidence.direction, Direction::ToClient);
        QCOMPARE(d->evidence.length, 133u); // the ServerHello's record only
        QCOMPARE(meta(d, "tls.version"), std::string("TLS 1.3"));
        // Cut by the kept-bytes limit after the server name: Medium, the name still read.
        d = run(*tls, tcp(443, {fromClient(kTlsClientHello.substr(0, 300))}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::Medium);
        QCOMPARE(meta(d, "tls.sni"), std::string("www.google.com"));
        QVERIFY(QByteArray::fromStdString(d->evidence.sentence).contains("cut short"));
        // Only the record header and the handshake type: still Medium.
        d = run(*tls, tcp(443, {fromClient(kTlsClientHello.substr(0, 9))}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::Medium);
        // A hello spread over two records is joined.
        d = run(*tls, tcp(443, {fromClient(helloInTwoRecords())}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(meta(d, "tls.sni"), std::string("www.google.com"));
        QCOMPARE(d->evidence.length, static_cast<std::uint32_t>(helloInTwoRecords().size()));
    }

    void tlsMidStreamAndOddHellos()
    {
        const auto tls = makeTlsDetector();
        // Application data records from both sides: the handshake happened before the capture.
        const std::string appData = hex("17 03 03 00 20") + std::string(32, '\x5a');
        auto d = run(*tls, tcp(443, {fromClient(appData + appData), fromServer(appData)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::Medium);
        QCOMPARE(meta(d, "tls.handshake"), std::string("not captured"));
        QCOMPARE(d->evidence.length, 74u);
        // One record exactly filling the only turn: Low.
        d = run(*tls, tcp(443, {fromClient(appData)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::Low);
        // A hello whose cipher-suite list has an odd length (tls_cipher_lens.pcap): record and
        // handshake lengths agree, so it is still TLS, Medium.
        std::string odd = kTlsClientHello;
        odd[5 + 4 + 2 + 32 + 1 + 32 + 1] = '\x21';
        d = run(*tls, tcp(443, {fromClient(odd)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::Medium);
        QVERIFY(QByteArray::fromStdString(d->evidence.sentence).contains("does not parse"));
    }

    void tlsStartTlsBelongsToTheTextProtocol()
    {
        const auto tls = makeTlsDetector();
        const Connection c = tcp(25, {fromServer("220 mail.example.com ESMTP\r\n"), fromClient("EHLO client\r\n"),
                                      fromServer("250 STARTTLS\r\n"), fromClient("STARTTLS\r\n"),
                                      fromServer("220 Ready to start TLS\r\n"), fromClient(kTlsClientHello),
                                      fromServer(kTlsServerHello)});
        QVERIFY(!run(*tls, c));
        QVERIFY(detectedProtocol(c) != "TLS");
        // IMAP, POP3 and FTP upgrades likewise.
        QVERIFY(!run(*tls, tcp(143, {fromClient("a STARTTLS\r\n"), fromServer("a OK Begin TLS\r\n"), fromClient(kTlsClientHello)})));
        QVERIFY(!run(*tls, tcp(110, {fromClient("STLS\r\n"), fromServer("+OK Begin TLS\r\n"), fromClient(kTlsClientHello)})));
        QVERIFY(!run(*tls, tcp(21, {fromClient("AUTH TLS\r\n"), fromServer("234 AUTH TLS OK.\r\n"), fromClient(kTlsClientHello)})));
    }

    void tlsNegatives()
    {
        const auto tls = makeTlsDetector();
        QVERIFY(!run(*tls, tcp(443, {fromClient(kHttpRequest)})));
        QVERIFY(!run(*tls, tcp(443, {fromClient(hex("16 03 09 00 40 01 00 00 3c"))})));  // no such version
        QVERIFY(!run(*tls, tcp(443, {fromClient(hex("16 03 01 00 40 0b 00 00 3c"))})));  // a Certificate first
        QVERIFY(!run(*tls, tcp(443, {fromClient(hex("16 03 01 00 40 01 01 00 3c"))})));  // hello longer than 64 KiB
        QVERIFY(!run(*tls, tcp(443, {fromClient(hex("17 03 03 00 20 00 00"))})));        // one record, cut: proves nothing
        QVERIFY(!run(*tls, tcp(443, {})));
        QVERIFY(survivesEveryTruncation(*tls, 6, 443, {fromClient(kTlsClientHello), fromServer(kTlsServerHello)}));
        QVERIFY(survivesEveryTruncation(*tls, 6, 443, {fromClient(helloInTwoRecords())}));
    }

    // ----------------------------------------------------------------------------------- DTLS
    void dtlsHellos()
    {
        const auto dtls = makeDtlsDetector();
        QVERIFY(dtls->handlesUdp());
        QVERIFY(!dtls->handlesTcp());
        auto d = run(*dtls, udp(4433, {fromClient(kDtlsClientHello), fromServer(kDtlsHelloVerify)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->protocol, std::string("DTLS"));
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(meta(d, "dtls.version"), std::string("DTLS 1.2"));
        QCOMPARE(d->evidence.length, 99u);
        QVERIFY(QByteArray::fromStdString(d->evidence.sentence).startsWith("DTLS ClientHello without a server name"));
        // In WebRTC the hello follows STUN connectivity checks.
        d = run(*dtls, udp(19305, {fromClient(kStunBindingRequest), fromClient(kDtlsClientHello)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(d->evidence.offset, static_cast<std::uint32_t>(kStunBindingRequest.size()));
        QVERIFY(!run(*dtls, udp(4433, {fromClient(kTlsClientHello)})));                  // TLS framing, not DTLS
        QVERIFY(!run(*dtls, udp(4433, {fromClient(kDtlsClientHello.substr(0, 60))})));   // record longer than the datagram
        QVERIFY(survivesEveryTruncation(*dtls, 17, 4433, {fromClient(kDtlsClientHello), fromServer(kDtlsHelloVerify)}));
    }

    // ----------------------------------------------------------------------------------- QUIC
    void quicInitialsDecrypted()
    {
        const auto quic = makeQuicDetector();
        QVERIFY(quic->handlesUdp());
        QVERIFY(!quic->handlesTcp());
        auto d = run(*quic, udp(443, {fromClient(kQuicV1Initial)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->protocol, std::string("QUIC"));
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(meta(d, "quic.version"), std::string("v1"));
        QCOMPARE(meta(d, "quic.sni"), std::string("app-analytics-v2.snapchat.com"));
        QCOMPARE(meta(d, "quic.alpn"), std::string("h3"));
        QCOMPARE(d->evidence.length, 1350u);
        QVERIFY(QByteArray::fromStdString(d->evidence.sentence).contains("app-analytics-v2.snapchat.com"));
        d = run(*quic, udp(443, {fromClient(kQuicV2Initial)}));
        QVERIFY(d.has_value());
        QCOMPARE(meta(d, "quic.version"), std::string("v2"));
        QCOMPARE(meta(d, "quic.sni"), std::string("test"));
        QCOMPARE(meta(d, "quic.alpn"), std::string("h3"));
        // One flipped ciphertext bit: the header is still QUIC, the ClientHello is not read.
        std::string tampered = kQuicV1Initial;
        tampered[600] = static_cast<char>(tampered[600] ^ 1);
        d = run(*quic, udp(443, {fromClient(tampered)}));
        QVERIFY(d.has_value());
        QCOMPARE(meta(d, "quic.sni"), std::string());
    }

    void quicVersionNegotiationAndNegatives()
    {
        const auto quic = makeQuicDetector();
        auto d = run(*quic, udp(443, {fromClient(kQuicReservedVersion), fromServer(kQuicVersionNegotiation)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::High); // the server echoes both connection IDs
        QVERIFY(QByteArray::fromStdString(meta(d, "quic.server_versions")).startsWith("v1,draft-29"));
        // A reserved version alone is only Medium.
        d = run(*quic, udp(443, {fromClient(kQuicReservedVersion)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::Medium);
        // Too short for a client Initial, or lengths that do not fit.
        QVERIFY(!run(*quic, udp(443, {fromClient(kQuicV1Initial.substr(0, 400))})));
        QVERIFY(!run(*quic, udp(443, {fromClient(kQuicReservedVersion.substr(0, 300))})));
        QVERIFY(!run(*quic, udp(443, {fromClient(kDnsQuery)})));
        QVERIFY(!run(*quic, udp(443, {fromClient(kRtp)})));
        QVERIFY(!run(*quic, udp(443, {fromClient(hex("c0 12345678 08 0102030405060708 00") + std::string(1200, '\0'))}))); // unknown version
        QVERIFY(survivesEveryTruncation(*quic, 17, 443, {fromClient(kQuicV2Initial)}));
        QVERIFY(survivesEveryTruncation(*quic, 17, 443, {fromClient(kQuicReservedVersion), fromServer(kQuicVersionNegotiation)}));
    }

    // ------------------------------------------------------------------------------------ RDP
    void rdpConnectionRequests()
    {
        const auto rdp = makeRdpDetector();
        auto d = run(*rdp, tcp(3389, {fromClient(kRdpCookieRequest), fromServer(kRdpBareConfirm)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->protocol, std::string("RDP"));
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(meta(d, "rdp.cookie"), std::string("Administr"));
        QCOMPARE(d->evidence.length, 39u);
        QVERIFY(QByteArray::fromStdString(d->evidence.sentence).contains("cookie 'mstshash=Administr'"));
        d = run(*rdp, tcp(3389, {fromClient(kRdpNegRequest), fromServer(kRdpNegResponse)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(meta(d, "rdp.requested_protocols"), std::string("TLS,CredSSP,CredSSP-EX"));
        QCOMPARE(meta(d, "rdp.selected_protocol"), std::string("CredSSP-EX"));
        QCOMPARE(meta(d, "rdp.cookie"), std::string());
        // A bare request and confirm (no cookie, no negotiation): plausible only.
        d = run(*rdp, tcp(3389, {fromServer(kRdpBareConfirm)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::Medium);
        // RDP over UDP: SYN answered by SYN+ACK.
        d = run(*rdp, udp(3389, {fromClient(kRdpUdpSyn), fromServer(kRdpUdpSynAck)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(meta(d, "rdp.transport"), std::string("UDP"));
        QVERIFY(!run(*rdp, udp(3389, {fromClient(kRdpUdpSyn.substr(0, 200))}))); // SYNs are padded to the MTU
    }

    void rdpNegatives()
    {
        const auto rdp = makeRdpDetector();
        QVERIFY(!run(*rdp, tcp(102, {fromClient(kS7CotpConnect)}))); // TSAP parameters: ISO-TSAP, S7comm
        QVERIFY(!run(*rdp, tcp(3389, {fromClient(hex("03 00 00 13 0d e0 00 00 00 00 00 01 00 08 00 0b 00 00 00"))}))); // LI wrong
        QVERIFY(!run(*rdp, tcp(3389, {fromClient(kTlsClientHello)})));
        QVERIFY(!run(*rdp, tcp(3389, {fromClient(hex("03 00 00 27 22 e0 00 00 00 00 00") + "Cookie: mstshash=x\r\nzzzzzzzzzzzzzz")})));
        QVERIFY(survivesEveryTruncation(*rdp, 6, 3389, {fromClient(kRdpCookieRequest), fromServer(kRdpBareConfirm)}));
        QVERIFY(survivesEveryTruncation(*rdp, 6, 3389, {fromClient(kRdpNegRequest), fromServer(kRdpNegResponse)}));
        QVERIFY(survivesEveryTruncation(*rdp, 17, 3389, {fromClient(kRdpUdpSyn), fromServer(kRdpUdpSynAck)}));
    }

    // ------------------------------------------------------------------------ SMB and NetBIOS
    void smbNegotiations()
    {
        const auto smb = makeSmbDetector();
        auto d = run(*smb, tcp(445, {fromClient(kSmb1Negotiate), fromServer(kSmb1NegotiateResponse)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->protocol, std::string("SMB"));
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(meta(d, "smb.version"), std::string("SMB1"));
        QCOMPARE(meta(d, "smb.dialect"), std::string("NT LM 0.12"));
        QCOMPARE(d->evidence.length, 137u);
        d = run(*smb, tcp(445, {fromClient(kSmb2Negotiate), fromServer(kSmb2NegotiateResponse)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(meta(d, "smb.version"), std::string("SMB2+"));
        QCOMPARE(meta(d, "smb.dialect"), std::string("SMB 3.0.2"));
        QVERIFY(QByteArray::fromStdString(d->evidence.sentence).contains("NEGOTIATE request"));
        // A NEGOTIATE request alone: no dialect yet (the engine reads the answer when the connection ends).
        d = run(*smb, tcp(445, {fromClient(kSmb2Negotiate)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(meta(d, "smb.dialect"), std::string());
        // From the middle of a session (capture started late), cut by the kept limit.
        d = run(*smb, tcp(445, {fromClient(kSmb2MidStream)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::High);
        QVERIFY(QByteArray::fromStdString(d->evidence.sentence).contains("CREATE request"));
        // On port 139 the session set-up comes first; SMB owns the connection, NetBIOS steps aside.
        const Connection overNetbios = tcp(139, {fromClient(kNetbiosSessionRequest), fromServer(kNetbiosPositive),
                                                 fromClient(kSmb1Negotiate), fromServer(kSmb1NegotiateResponse)});
        d = run(*smb, overNetbios);
        QVERIFY(d.has_value());
        QCOMPARE(d->evidence.offset, 72u);
        QCOMPARE(meta(d, "smb.dialect"), std::string("NT LM 0.12"));
        QVERIFY(!run(*makeNetbiosSessionDetector(), overNetbios));
        QCOMPARE(detectedProtocol(overNetbios), std::string("SMB"));
    }

    void smbNegatives()
    {
        const auto smb = makeSmbDetector();
        QVERIFY(!run(*smb, tcp(445, {fromClient(hex("00 00 00 20 fe 53 4d 42") + std::string(28, '\0'))}))); // SMB2 needs 64 bytes
        QVERIFY(!run(*smb, tcp(445, {fromClient(hex("00 00 00 44 fe 53 4d 42 41 00") + std::string(58, '\0'))}))); // StructureSize 65
        QVERIFY(!run(*smb, tcp(445, {fromClient(hex("00 00 00 44 fe 53 4d 43") + std::string(64, '\0'))})));
        QVERIFY(!run(*smb, tcp(445, {fromClient(kKerberosTcpAsReq)})));
        QVERIFY(survivesEveryTruncation(*smb, 6, 445, {fromClient(kSmb1Negotiate), fromServer(kSmb1NegotiateResponse)}));
        QVERIFY(survivesEveryTruncation(*smb, 6, 445, {fromClient(kSmb2Negotiate), fromServer(kSmb2NegotiateResponse)}));
        QVERIFY(survivesEveryTruncation(*smb, 6, 139, {fromClient(kNetbiosSessionRequest + kSmb1Negotiate),
                                                       fromServer(kNetbiosPositive + kSmb1NegotiateResponse)}));
    }

    void netbiosSessions()
    {
        const auto netbios = makeNetbiosSessionDetector();
        auto d = run(*netbios, tcp(139, {fromClient(kNetbiosSessionRequest), fromServer(kNetbiosPositive)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->protocol, std::string("NetBIOS"));
        QCOMPARE(d->confidence, Confidence::Medium); // SMB may still follow
        QCOMPARE(meta(d, "netbios.called"), std::string("IBIFHQ11WS023<20>"));
        QCOMPARE(meta(d, "netbios.calling"), std::string("ROSFHQ07WS004<00>"));
        QCOMPARE(meta(d, "netbios.response"), std::string("positive"));
        QCOMPARE(d->evidence.length, 72u);
        // The session carries something other than SMB: High.
        d = run(*netbios, tcp(139, {fromClient(kNetbiosSessionRequest), fromServer(kNetbiosPositive),
                                    fromClient(hex("00 00 00 04 01 02 03 04"))}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::High);
        // A lone 4-byte response is a magic number: Low. A negative response is reported.
        d = run(*netbios, tcp(139, {fromServer(kNetbiosPositive)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::Low);
        d = run(*netbios, tcp(139, {fromClient(kNetbiosSessionRequest), fromServer(hex("83 00 00 01 82"))}));
        QCOMPARE(meta(d, "netbios.response"), std::string("negative: called name not present"));
        // Names must be in first-level encoding ('A'-'P').
        std::string badName = kNetbiosSessionRequest;
        badName[6] = 'Z';
        QVERIFY(!run(*netbios, tcp(139, {fromClient(badName)})));
        QVERIFY(!run(*netbios, tcp(139, {fromClient(kHttpRequest)})));
        QVERIFY(survivesEveryTruncation(*netbios, 6, 139, {fromClient(kNetbiosSessionRequest), fromServer(kNetbiosPositive)}));
    }

    // ------------------------------------------------------------------------------- Kerberos
    void kerberosOverTcpAndUdp()
    {
        const auto krb = makeKerberosDetector();
        QVERIFY(krb->handlesTcp());
        QVERIFY(krb->handlesUdp());
        auto d = run(*krb, tcp(88, {fromClient(kKerberosTcpAsReq), fromServer(kKerberosTcpError)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->protocol, std::string("Kerberos"));
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(meta(d, "kerberos.msg"), std::string("AS-REQ"));
        QCOMPARE(meta(d, "kerberos.reply"), std::string("KRB-ERROR"));
        QCOMPARE(meta(d, "kerberos.realm"), std::string("happycraft.org"));
        QCOMPARE(meta(d, "kerberos.cname"), std::string("johnson-pc$"));
        QCOMPARE(meta(d, "kerberos.sname"), std::string("krbtgt/happycraft.org"));
        QCOMPARE(meta(d, "kerberos.error"), std::string("KDC_ERR_PREAUTH_REQUIRED (25)"));
        QCOMPARE(d->evidence.offset, 4u); // after the TCP length prefix
        QCOMPARE(d->evidence.length, 235u);
        d = run(*krb, udp(88, {fromClient(kKerberosUdpAsReq), fromServer(kKerberosUdpError)}));
        QVERIFY(d.has_value());
        QCOMPARE(meta(d, "kerberos.realm"), std::string("LINUX.SHELL.COM"));
        QCOMPARE(meta(d, "kerberos.cname"), std::string("host/mus-n-cj0709"));
        QCOMPARE(meta(d, "kerberos.error"), std::string("KRB_ERR_RESPONSE_TOO_BIG (52)"));
        // The reply alone.
        d = run(*krb, udp(88, {fromServer(kKerberosUdpError)}));
        QVERIFY(d.has_value());
        QCOMPARE(meta(d, "kerberos.msg"), std::string("KRB-ERROR"));
    }

    void kerberosNegatives()
    {
        const auto krb = makeKerberosDetector();
        std::string wrongPvno = kKerberosUdpAsReq;
        wrongPvno[12] = '\x04'; // pvno 4
        QVERIFY(!run(*krb, udp(88, {fromClient(wrongPvno)})));
        std::string wrongType = kKerberosUdpAsReq;
        wrongType[17] = '\x0c'; // msg-type 12 inside an AS-REQ tag
        QVERIFY(!run(*krb, udp(88, {fromClient(wrongType)})));
        QVERIFY(!run(*krb, udp(88, {fromClient(kKerberosUdpAsReq + "x")})));     // trailing byte: lengths disagree
        QVERIFY(!run(*krb, tcp(88, {fromClient(kKerberosUdpAsReq)})));           // TCP needs the length prefix
        QVERIFY(!run(*krb, udp(88, {fromClient(kSnmpGetRequest)})));
        QVERIFY(survivesEveryTruncation(*krb, 6, 88, {fromClient(kKerberosTcpAsReq), fromServer(kKerberosTcpError)}));
        QVERIFY(survivesEveryTruncation(*krb, 17, 88, {fromClient(kKerberosUdpAsReq), fromServer(kKerberosUdpError)}));
    }

    // ----------------------------------------------------------------------------------- LDAP
    void ldapBindsAndSearches()
    {
        const auto ldap = makeLdapDetector();
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
        const auto ldap = makeLdapDetector();
        QVERIFY(!run(*ldap, udp(161, {fromClient(kSnmpGetRequest)})));
        QVERIFY(!run(*ldap, tcp(389, {fromServer(hex("30 0e 02 01 01 61 07 0a 01 00 04 00 04 00 ff 00"))}))); // junk inside
        QVERIFY(!run(*ldap, tcp(389, {fromClient(hex("30 05 02 01 01 55 00"))})));     // no such operation
        QVERIFY(!run(*ldap, tcp(389, {fromClient(hex("30 07 02 01 01 60 09 02 01"))}))); // operation longer than its message
        QVERIFY(!run(*ldap, tcp(389, {fromServer(kLdapSimpleBind)})));                // a request from the server
        QVERIFY(survivesEveryTruncation(*ldap, 6, 389, {fromClient(kLdapSimpleBind), fromServer(kLdapBindResponse)}));
        QVERIFY(survivesEveryTruncation(*ldap, 6, 389, {fromServer(kLdapAdBindResponse)}));
    }

    // ----------------------------------------------------------------------------------- SNMP
    void snmpCommunitiesAndUsers()
    {
        const auto snmp = makeSnmpDetector();
        QVERIFY(!snmp->handlesTcp());
        auto d = run(*snmp, udp(161, {fromClient(kSnmpGetRequest), fromServer(kSnmpResponse)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->protocol, std::string("SNMP"));
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(meta(d, "snmp.version"), std::string("1"));
        QCOMPARE(meta(d, "snmp.community"), std::string("public"));
        QCOMPARE(meta(d, "snmp.pdu"), std::string("get-next-request"));
        QCOMPARE(d->evidence.length, 43u);
        QVERIFY(QByteArray::fromStdString(d->evidence.sentence).contains("community 'public' (sent in clear)"));
        d = run(*snmp, udp(161, {fromServer(kSnmpResponse)}));
        QCOMPARE(meta(d, "snmp.pdu"), std::string("response"));
        d = run(*snmp, udp(161, {fromClient(kSnmpV3GetRequest)}));
        QVERIFY(d.has_value());
        QCOMPARE(meta(d, "snmp.version"), std::string("3"));
        QCOMPARE(meta(d, "snmp.user"), std::string("alice"));
        QCOMPARE(meta(d, "snmp.community"), std::string());
        // A long community with control bytes: printable, capped at 64 characters.
        const std::string community = std::string(70, 'c') + '\x01';
        const std::string pdu = hex("a0 0c 02 01 01 02 01 00 02 01 00 30 01") + std::string(1, '\0');
        const std::string body = hex("02 01 01 04") + static_cast<char>(community.size()) + community + pdu;
        const std::string message = hex("30") + static_cast<char>(body.size()) + body;
        d = run(*snmp, udp(161, {fromClient(message)}));
        QVERIFY(d.has_value());
        QCOMPARE(meta(d, "snmp.version"), std::string("2c"));
        QCOMPARE(meta(d, "snmp.community"), std::string(64, 'c') + "...");
    }

    void snmpNegatives()
    {
        const auto snmp = makeSnmpDetector();
        QVERIFY(!run(*snmp, udp(161, {fromClient(kSnmpGetRequest + "x")})));                   // datagram longer than the message
        QVERIFY(!run(*snmp, udp(161, {fromClient(kSnmpGetRequest.substr(0, 42))})));
        std::string v2 = kSnmpGetRequest;
        v2[4] = '\x02'; // version 2 does not exist (2c is 1, v3 is 3)
        QVERIFY(!run(*snmp, udp(161, {fromClient(v2)})));
        QVERIFY(!run(*snmp, udp(389, {fromClient(kLdapSearch)})));
        QVERIFY(survivesEveryTruncation(*snmp, 17, 161, {fromClient(kSnmpGetRequest), fromServer(kSnmpResponse)}));
        QVERIFY(survivesEveryTruncation(*snmp, 17, 161, {fromClient(kSnmpV3GetRequest)}));
    }

    // -------------------------------------------------------------------------------- OpenVPN
    void openVpnResets()
    {
        const auto vpn = makeOpenVpnDetector();
        auto d = run(*vpn, udp(1194, {fromClient(kOpenVpnClientReset), fromServer(kOpenVpnServerReset), fromClient(kOpenVpnClientAck)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->protocol, std::string("OpenVPN"));
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(meta(d, "openvpn.reset"), std::string("P_CONTROL_HARD_RESET_CLIENT_V2"));
        QCOMPARE(meta(d, "openvpn.control_protection"), std::string("none (no tls-auth or tls-crypt)"));
        QCOMPARE(d->evidence.length, 14u);
        QVERIFY(QByteArray::fromStdString(d->evidence.sentence).contains("echoing the client's session ID"));
        // tls-crypt-v2: the echo is encrypted; both sides keep their session IDs.
        d = run(*vpn, udp(1194, {fromClient(kOpenVpnTlsCryptClientReset), fromServer(kOpenVpnTlsCryptServerReset),
                                 fromClient(kOpenVpnTlsCryptClientControl), fromServer(kOpenVpnTlsCryptServerControl)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(meta(d, "openvpn.reset"), std::string("P_CONTROL_HARD_RESET_CLIENT_V3"));
        QCOMPARE(meta(d, "openvpn.control_protection"), std::string("tls-crypt-v2"));
        // Over TCP, with the 2-byte length prefix.
        d = run(*vpn, tcp(1194, {fromClient(kOpenVpnTcpClientReset), fromServer(kOpenVpnTcpServerReset)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(d->evidence.offset, 2u);
        // A client reset alone, with the exact fields of a reset without HMAC: Medium.
        d = run(*vpn, udp(1194, {fromClient(kOpenVpnClientReset)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::Medium);
    }

    void openVpnNegatives()
    {
        const auto vpn = makeOpenVpnDetector();
        // The right opcode byte with nothing else to back it.
        QVERIFY(!run(*vpn, udp(1194, {fromClient(hex("38 0102030405060708 05 0000000a 11223344"))})));
        QVERIFY(!run(*vpn, udp(1194, {fromClient(kOpenVpnTlsCryptClientReset)}))); // a tls-crypt reset alone proves little
        QVERIFY(!run(*vpn, tcp(1194, {fromClient(kOpenVpnClientReset)})));          // TCP needs the length prefix
        QVERIFY(!run(*vpn, udp(1194, {fromClient(kWireGuardInitiation)})));
        // An ONC RPC (NFS) reply whose XID starts with 0x38: the zeros of a plain reset, but longer
        // (nfsv2.pcap).
        QVERIFY(!run(*vpn, udp(2049, {fromClient(hex("3841169f 00000001 00000000 00000000 00000000 00000000 00000002"))})));
        // OpenVPN 2.6's early-negotiation TLV after a plain reset is fine.
        QVERIFY(run(*vpn, udp(1194, {fromClient(kOpenVpnClientReset + hex("0f00 0001 0002 0001"))})).has_value());
        QVERIFY(survivesEveryTruncation(*vpn, 17, 1194, {fromClient(kOpenVpnClientReset), fromServer(kOpenVpnServerReset)}));
        QVERIFY(survivesEveryTruncation(*vpn, 6, 1194, {fromClient(kOpenVpnTcpClientReset), fromServer(kOpenVpnTcpServerReset)}));
    }

    // ------------------------------------------------------------------------------ WireGuard
    void wireGuardHandshakes()
    {
        const auto wg = makeWireGuardDetector();
        QVERIFY(!wg->handlesTcp());
        auto d = run(*wg, udp(51820, {fromClient(kWireGuardInitiation), fromServer(kWireGuardResponse), fromClient(kWireGuardData)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->protocol, std::string("WireGuard"));
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(meta(d, "wireguard.message"), std::string("handshake initiation"));
        QCOMPARE(meta(d, "wireguard.handshake"), std::string("complete"));
        QCOMPARE(d->evidence.length, 148u);
        // The initiation alone: exact size and zero bytes, Medium.
        d = run(*wg, udp(51820, {fromClient(kWireGuardInitiation)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::Medium);
        // Transport data only (capture started after the handshake): one message Low, a run Medium.
        d = run(*wg, udp(51820, {fromClient(kWireGuardData)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::Low);
        std::string next = kWireGuardData;
        next[8] = '\x01'; // counter 1
        d = run(*wg, udp(51820, {fromClient(kWireGuardData), fromClient(next)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::Medium);
        // Padded handshake messages count only when their indexes link up.
        d = run(*wg, udp(51820, {fromClient(kWireGuardPaddedInitiation), fromServer(kWireGuardPaddedResponse)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::High);
        QVERIFY(!run(*wg, udp(51820, {fromClient(kWireGuardPaddedInitiation)})));
    }

    void wireGuardNegatives()
    {
        const auto wg = makeWireGuardDetector();
        std::string reserved = kWireGuardInitiation;
        reserved[2] = '\x01';
        QVERIFY(!run(*wg, udp(51820, {fromClient(reserved)})));
        QVERIFY(!run(*wg, udp(51820, {fromClient(kWireGuardInitiation.substr(0, 147))})));
        QVERIFY(!run(*wg, udp(51820, {fromClient(kWireGuardData.substr(0, 31))})));
        QVERIFY(!run(*wg, udp(51820, {fromClient(hex("05000000") + std::string(60, '\x11'))})));
        QVERIFY(!run(*wg, udp(1194, {fromClient(kOpenVpnClientReset)})));
        QVERIFY(survivesEveryTruncation(*wg, 17, 51820, {fromClient(kWireGuardInitiation), fromServer(kWireGuardResponse)}));
    }

    // ----------------------------------------------------------------------------- BitTorrent
    void bitTorrentHandshakesAndDht()
    {
        const auto bt = makeBitTorrentDetector();
        auto d = run(*bt, tcp(6881, {fromClient(kBitTorrentHandshake)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->protocol, std::string("BitTorrent"));
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(meta(d, "bittorrent.info_hash"), std::string("dcfcdccfb9e670ccc3dd40c78c161f2bea243126"));
        QCOMPARE(meta(d, "bittorrent.peer_client"), std::string("UM1860"));
        QCOMPARE(d->evidence.length, 68u);
        // Cut after the protocol string: Medium, no info hash.
        d = run(*bt, tcp(6881, {fromClient(kBitTorrentHandshake.substr(0, 30))}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::Medium);
        QCOMPARE(meta(d, "bittorrent.info_hash"), std::string());
        // DHT over UDP.
        d = run(*bt, udp(6881, {fromClient(kBitTorrentDhtQuery)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(meta(d, "bittorrent.dht_query"), std::string("get_peers"));
        // uTP: SYN answered by STATE.
        d = run(*bt, udp(6881, {fromClient(kUtpSyn), fromServer(kUtpState)}));
        QVERIFY(d.has_value());
        QCOMPARE(meta(d, "bittorrent.transport"), std::string("uTP"));
        // Local Service Discovery.
        d = run(*bt, udp(6771, {fromClient(kBitTorrentLsd)}));
        QVERIFY(d.has_value());
        QCOMPARE(meta(d, "bittorrent.info_hash"), std::string("ed4f1085e885f98f9a69b70ee89eb988b8fd9115"));
    }

    void bitTorrentNegatives()
    {
        const auto bt = makeBitTorrentDetector();
        QVERIFY(!run(*bt, tcp(6881, {fromClient("\x13" "BitTorrent protocoX" + std::string(48, '\0'))})));
        QVERIFY(!run(*bt, udp(6881, {fromClient("d1:ad2:id20:short")})));
        QVERIFY(!run(*bt, udp(6881, {fromClient(kUtpSyn)})));                    // a lone SYN is 20 bytes of anything
        QVERIFY(!run(*bt, udp(6881, {fromClient(kUtpSyn), fromServer(kUtpSyn)})));
        QVERIFY(!run(*bt, udp(1900, {fromClient("M-SEARCH * HTTP/1.1\r\n\r\n")})));
        QVERIFY(survivesEveryTruncation(*bt, 6, 6881, {fromClient(kBitTorrentHandshake), fromServer(kBitTorrentHandshake)}));
        QVERIFY(survivesEveryTruncation(*bt, 17, 6881, {fromClient(kBitTorrentDhtQuery)}));
        QVERIFY(survivesEveryTruncation(*bt, 17, 6881, {fromClient(kUtpSyn), fromServer(kUtpState)}));
        QVERIFY(survivesEveryTruncation(*bt, 17, 6771, {fromClient(kBitTorrentLsd)}));
    }

    // ----------------------------------------------------------------------- across detectors
    void eachSampleMatchesOnlyItsOwnDetector()
    {
        const auto detectors = batchA();
        for (const Sample &sample : samples()) {
            for (const auto &detector : detectors) {
                if (!handles(*detector, sample.connection)) continue;
                const bool matched = run(*detector, sample.connection).has_value();
                const bool expected = std::string(detector->name()) == sample.protocol;
                if (matched != expected)
                    QFAIL(qPrintable(QStringLiteral("%1 detector %2 sample '%3'")
                                         .arg(QString::fromUtf8(detector->name().data(), static_cast<qsizetype>(detector->name().size())),
                                              matched ? QStringLiteral("matched") : QStringLiteral("missed"),
                                              QString::fromUtf8(sample.label))));
            }
        }
    }

    void randomBytesMatchNothing()
    {
        // Encrypted or compressed payloads look random: none of these detectors may claim them,
        // even when the first byte is one they look for.
        const auto detectors = batchA();
        std::mt19937 random(20261125);
        const std::string firstBytes = hex("16 17 c0 c3 cf 03 00 81 82 6a 6b 7e 30 38 40 50 01 02 04 13 64 41 ff fe 0d");
        for (int i = 0; i < 3000; ++i) {
            const std::size_t size = 1 + random() % 1400;
            std::string client = randomBytes(random, size), server = randomBytes(random, 1 + random() % 600);
            client[0] = firstBytes[static_cast<std::size_t>(i) % firstBytes.size()];
            server[0] = firstBytes[static_cast<std::size_t>(i / 7) % firstBytes.size()];
            const Connection c = i % 2 ? tcp(443, {fromClient(client), fromServer(server)})
                                       : udp(443, {fromClient(client), fromServer(server)});
            for (const auto &detector : detectors) {
                if (!handles(*detector, c)) continue;
                if (const auto d = run(*detector, c))
                    QFAIL(qPrintable(QStringLiteral("%1 matched random bytes (round %2): %3")
                                         .arg(QString::fromStdString(d->protocol))
                                         .arg(i)
                                         .arg(QString::fromStdString(d->evidence.sentence))));
            }
        }
    }

    void registryNamesBatchAProtocolsOnSurprisingPorts()
    {
        QCOMPARE(detectedProtocol(tcp(22, {fromClient(kTlsClientHello), fromServer(kTlsServerHello)})), std::string("TLS"));
        QCOMPARE(detectedProtocol(tcp(80, {fromClient(kTlsClientHello)})), std::string("TLS"));
        QCOMPARE(detectedProtocol(udp(53, {fromClient(kDtlsClientHello), fromServer(kDtlsHelloVerify)})), std::string("DTLS"));
        QCOMPARE(detectedProtocol(udp(123, {fromClient(kQuicV1Initial)})), std::string("QUIC"));
        QCOMPARE(detectedProtocol(tcp(80, {fromClient(kRdpCookieRequest), fromServer(kRdpBareConfirm)})), std::string("RDP"));
        QCOMPARE(detectedProtocol(udp(443, {fromClient(kRdpUdpSyn), fromServer(kRdpUdpSynAck)})), std::string("RDP"));
        QCOMPARE(detectedProtocol(tcp(443, {fromClient(kSmb2Negotiate), fromServer(kSmb2NegotiateResponse)})), std::string("SMB"));
        QCOMPARE(detectedProtocol(tcp(25, {fromClient(kNetbiosSessionRequest), fromServer(kNetbiosPositive)})), std::string("NetBIOS"));
        QCOMPARE(detectedProtocol(tcp(389, {fromClient(kKerberosTcpAsReq), fromServer(kKerberosTcpError)})), std::string("Kerberos"));
        QCOMPARE(detectedProtocol(udp(161, {fromClient(kKerberosUdpAsReq)})), std::string("Kerberos"));
        QCOMPARE(detectedProtocol(tcp(88, {fromClient(kLdapSimpleBind), fromServer(kLdapBindResponse)})), std::string("LDAP"));
        QCOMPARE(detectedProtocol(udp(53, {fromClient(kSnmpGetRequest), fromServer(kSnmpResponse)})), std::string("SNMP"));
        QCOMPARE(detectedProtocol(udp(443, {fromClient(kOpenVpnClientReset), fromServer(kOpenVpnServerReset)})), std::string("OpenVPN"));
        QCOMPARE(detectedProtocol(tcp(443, {fromClient(kOpenVpnTcpClientReset), fromServer(kOpenVpnTcpServerReset)})), std::string("OpenVPN"));
        QCOMPARE(detectedProtocol(udp(443, {fromClient(kWireGuardInitiation), fromServer(kWireGuardResponse)})), std::string("WireGuard"));
        QCOMPARE(detectedProtocol(tcp(80, {fromClient(kBitTorrentHandshake)})), std::string("BitTorrent"));
        QCOMPARE(detectedProtocol(udp(53, {fromClient(kBitTorrentDhtQuery)})), std::string("BitTorrent"));
    }

    // ------------------------------------------------------------ spot checks on real captures
    void corpusSpotChecks()
    {
        const QString corpus = QStringLiteral(PORTLENS_CORPUS_DIR "/ndpi/");
        if (!QFileInfo(corpus).isDir()) QSKIP("no nDPI corpus (../shared/corpus/ndpi)");
        struct Expectation {
            const char *file;
            const char *protocol;
            const char *key;   // metadata key to check, or nullptr
            const char *value;
        };
        const Expectation expectations[] = {
            {"tls_1.3_unidirectional_client.pcapng", "TLS", "tls.sni", "www.google.com"},
            {"tls_certificate_too_long.pcap", "TLS", "tls.sni", "wdcp.microsoft.com"},
            // The ServerHello's version arrives after the ClientHello decided the connection.
            {"tls_heur__vmess-tcp-tls.pcapng", "TLS", "tls.version", "TLS 1.3"},
            {"dtls_session_id_and_coockie_both.pcap", "DTLS", "dtls.version", "DTLS 1.2"},
            {"quic_crypto_aes_auth_size.pcap", "QUIC", "quic.sni", "app-analytics-v2.snapchat.com"},
            {"quic_frags_ch_out_of_order_same_packet_craziness.pcapng", "QUIC", "quic.sni", "update.googleapis.com"},
            {"quic_0RTT.pcap", "QUIC", "quic.sni", "abcd"},
            {"quic-v2.pcapng", "QUIC", "quic.sni", "test"},
            {"quic_q43.pcap", "QUIC", "quic.version", "Q043"},
            {"rdp3.pcap", "RDP", "rdp.cookie", "Administr"},
            {"rdp2.pcap", "RDP", "rdp.transport", "UDP"},
            {"smbv1.pcap", "SMB", "smb.dialect", "NT LM 0.12"},
            {"smb_deletefile.pcap", "SMB", "smb.version", "SMB2+"},
            {"kerberos.pcap", "Kerberos", "kerberos.realm", "happycraft.org"},
            {"kerberos.pcap", "LDAP", "ldap.op", "bindResponse"},
            {"snmp.pcap", "SNMP", "snmp.community", "public"},
            {"openvpn.pcap", "OpenVPN", "openvpn.control_protection", "none (no tls-auth or tls-crypt)"},
            {"openvpn_nohmac_tcp.pcapng", "OpenVPN", nullptr, nullptr},
            {"wireguard.pcap", "WireGuard", "wireguard.handshake", "complete"},
            {"bittorrent.pcap", "BitTorrent", "bittorrent.info_hash", "dcfcdccfb9e670ccc3dd40c78c161f2bea243126"},
            {"bt_search.pcap", "BitTorrent", nullptr, nullptr},
        };
        for (const Expectation &e : expectations) {
            const QString path = corpus + QString::fromUtf8(e.file);
            if (!QFileInfo::exists(path)) QSKIP(qPrintable(path + QStringLiteral(" is missing")));
            bool found = false;
            for (const Connection &c : analyzeCapture(path)) {
                if (c.detection.protocol != e.protocol) continue;
                const std::string *value = e.key ? c.detection.find(e.key) : nullptr;
                if (!e.key || (value && *value == e.value)) found = true;
            }
            QVERIFY2(found, qPrintable(QStringLiteral("%1: no %2 connection with %3 = %4")
                                           .arg(QString::fromUtf8(e.file), QString::fromUtf8(e.protocol),
                                                QString::fromUtf8(e.key ? e.key : "-"), QString::fromUtf8(e.value ? e.value : "-"))));
        }
        // STARTTLS upgrades stay with the mail protocols.
        for (const char *file : {"smtp-starttls.pcap", "imap-starttls.pcap", "pop3_stls.pcap"}) {
            const QString path = corpus + QString::fromUtf8(file);
            if (!QFileInfo::exists(path)) continue;
            for (const Connection &c : analyzeCapture(path))
                QVERIFY2(c.detection.protocol != "TLS" || c.server.port == 443 || c.server.port == 993 || c.server.port == 995 ||
                             c.server.port == 465,
                         qPrintable(QString::fromUtf8(file) + QStringLiteral(": an upgraded connection was called TLS")));
        }
    }
};

QTEST_GUILESS_MAIN(TestBatchADetectors)
#include "tst_batch_a_detectors.moc"
