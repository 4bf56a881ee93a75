// Factory functions, one per detector file in core/detect/. registry.cpp lists them.
#pragma once

#include "core/detect/detector.h"

#include <memory>

namespace portlens {

std::unique_ptr<Detector> makeSshDetector();
std::unique_ptr<Detector> makeHttpDetector();
// TLS family and binary protocols
std::unique_ptr<Detector> makeTlsDetector();
std::unique_ptr<Detector> makeDtlsDetector();
std::unique_ptr<Detector> makeQuicDetector();
std::unique_ptr<Detector> makeRdpDetector();
std::unique_ptr<Detector> makeSmbDetector();
std::unique_ptr<Detector> makeNetbiosSessionDetector();
std::unique_ptr<Detector> makeKerberosDetector();
std::unique_ptr<Detector> makeLdapDetector();
std::unique_ptr<Detector> makeSnmpDetector();
std::unique_ptr<Detector> makeOpenVpnDetector();
std::unique_ptr<Detector> makeWireGuardDetector();
std::unique_ptr<Detector> makeBitTorrentDetector();
// name services and UDP protocols
std::unique_ptr<Detector> makeDnsDetector();
std::unique_ptr<Detector> makeMdnsDetector();
std::unique_ptr<Detector> makeLlmnrDetector();
std::unique_ptr<Detector> makeNetbiosUdpDetector(); // NetBIOS name and datagram services (netbios_udp_detector.cpp)
std::unique_ptr<Detector> makeNtpDetector();
std::unique_ptr<Detector> makeDhcpDetector();
std::unique_ptr<Detector> makeTftpDetector();
std::unique_ptr<Detector> makeSyslogDetector();
std::unique_ptr<Detector> makeSsdpDetector();
std::unique_ptr<Detector> makeSipDetector();
std::unique_ptr<Detector> makeBgpDetector();
std::unique_ptr<Detector> makeMqttDetector();
// text dialogues
std::unique_ptr<Detector> makeFtpDetector();
std::unique_ptr<Detector> makeSmtpDetector();
std::unique_ptr<Detector> makePop3Detector();
std::unique_ptr<Detector> makeImapDetector();
std::unique_ptr<Detector> makeTelnetDetector();
std::unique_ptr<Detector> makeIrcDetector();
std::unique_ptr<Detector> makeRtspDetector();

} // namespace portlens
