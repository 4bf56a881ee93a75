<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>CaptureHelper</name>
    <message>
        <source>Capturing needs the CAP_NET_RAW and CAP_NET_ADMIN capabilities, given only to the small helper %1, never to PortLens itself. Either join the group the installer allows to capture (sudo usermod -aG portlens $USER, then log in again), or grant the helper the capabilities (sudo setcap cap_net_raw,cap_net_admin=eip %1), or run the helper as root (sudo %1 ...).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConnectionModel</name>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1:%2:%3</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Decoder</name>
    <message>
        <source>the frame is shorter than its link-layer header</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>more than 4 VLAN tags, or a VLAN tag cut short</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the MPLS label stack is cut short or deeper than 8 labels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the PPPoE header is cut short</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the link layer announces IP, but the IP version is neither 4 nor 6</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the IPv4 header is cut short (fewer than 20 bytes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the IPv4 header&apos;s version field is not 4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the IPv4 header length (IHL) is below 5, less than the 20-byte header</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the IPv4 header length (IHL) reaches past the captured bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the IPv4 total length is shorter than the IPv4 header</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the IPv6 header is cut short (fewer than 40 bytes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an IPv6 extension header reaches past the packet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>more than 16 IPv6 extension headers in a chain (a loop?)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tunnels nested more than 6 deep</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the GRE header is cut short</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the TCP header is cut short (fewer than 20 bytes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the TCP data offset is below 5, less than the 20-byte header</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the TCP data offset reaches past the segment the IP header announces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the UDP header is cut short (fewer than 8 bytes)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LocalSockets</name>
    <message>
        <source>A server listening on 127.0.0.1 or ::1 can only be reached from this machine: other computers, on the LAN or beyond, find that port closed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>UDP has no connections, so client and server blur: a program bound to a well-known port (5353 for mDNS) answers there, and may also send its own queries from a high port.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The owning program of some sockets is hidden: they belong to another user&apos;s processes, which only root (or CAP_SYS_PTRACE) may inspect.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PacketExport</name>
    <message>
        <source>cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot read %1 again: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PortCard</name>
    <message>
        <source>Encrypted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not encrypted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Encryption optional</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Encryption unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Registered with IANA as &lt;b&gt;%1&lt;/b&gt;. PortLens has no teaching note for this port and no detector that recognises its service, so a connection here is judged by its payload alone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Normal use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Who uses it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What to look for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Should be sent to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Related ports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PortLens detects here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no detector for this service: unrecognised payload stays &quot;unknown&quot;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TableExport</name>
    <message>
        <source>cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrainingDeck</name>
    <message>
        <source>not a JSON object: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not a PortLens training deck (no &quot;format&quot;: &quot;portlens-deck/1&quot;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>card %1 needs a port and a transport</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the deck has no cards</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Verdict</name>
    <message>
        <source>expected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mismatch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unexpected content</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no payload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>info</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>notice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>warning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no payload was kept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the payload looks like text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the payload looks encrypted or compressed from the first byte</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the payload is binary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SSH on port %1 instead of 22: SSH can tunnel any traffic, so letting it through the perimeter on any port undermines the perimeter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Telnet sends logins and everything typed in clear text; SSH replaced it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FTP sends the user name, password and files in clear text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SMTP without STARTTLS: the mail travels in clear text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an HTTP request carries %1 credentials in clear text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SNMP community string &apos;%1&apos; travels in clear text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 login without STARTTLS: the password travels in clear text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LDAP simple bind: the password travels in clear text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DNS zone transfer (%1): a copy of a whole zone, normally only between DNS servers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DNS over TCP carries large answers and zone transfers; most DNS uses UDP, and some sites block 53/tcp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>BGP exchanges routes between routers: both ends should be routers, and BGP is not encrypted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SSDP %1 sent to %2 instead of the multicast group 239.255.255.250</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mDNS sent to %1 instead of the multicast group 224.0.0.251</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LLMNR query sent to %1 instead of the multicast group 224.0.0.252</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>any host on the link can answer LLMNR, a classic way to steal credentials</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 on %2, the port&apos;s normal service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 on %2, which normally carries %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 on %2, a port with no well-known service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 on %2, a port with no well-known service (%1 normally uses %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no payload: nothing shows what this connection would have carried</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 normally carries %2, but this payload is not %2 (%3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no known protocol on %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 announced on control connection #%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 on %2, a port registered for %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 on %2, a port registered for %3 (%1 normally uses %4)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no known protocol on %1 (%2); the port is registered for %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>IKEv1 Aggressive Mode sends a hash of the pre-shared key before the peers are authenticated: anyone who sees it can try to crack the key offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The PostgreSQL server asks for the password in clear text, and this connection is not encrypted: the password crosses the network readable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The Redis client sends AUTH with its password in clear text: anyone on the path can read it (Redis supports TLS)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The SQL Server login travels outside TLS: its password is only scrambled by a fixed XOR and anyone on the path can read it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VNC (RFB %1): unless both ends add encryption (VeNCrypt, TLS) or a tunnel, the screen and every keystroke cross the network in clear text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a PortLens detector failed on this connection&apos;s bytes (%1); it was skipped here, so the detection may be incomplete</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>What is really talking on that port?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Capture files to open (pcap, pcapng).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save a screenshot to &lt;file&gt; once loaded, then quit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With --screenshot: select the &lt;n&gt;th flagged connection.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portlens::ui::AboutDialog</name>
    <message>
        <source>Qt %1 (built with %2)
KF6 SyntaxHighlighting %3
%4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About PortLens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h2&gt;PortLens %1&lt;/h2&gt;&lt;p&gt;&lt;b&gt;What is really talking on that port?&lt;/b&gt;&lt;/p&gt;&lt;p&gt;For every connection in a capture, PortLens shows what the payload actually is, what the port normally carries, and whether the difference matters, with the bytes that prove it.&lt;/p&gt;&lt;p&gt;License: MIT&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portlens::ui::AnalysisStatus</name>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Stopped: the %n connection(s) analysed so far are shown.</source>
        <translation type="unfinished">
            <numerusform>Stopped: the %n connection analysed so far is shown.</numerusform>
            <numerusform>Stopped: the %n connections analysed so far are shown.</numerusform>
        </translation>
    </message>
    <message>
        <source>Analysis finished.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 packets, %2 packets/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Packets: %1 · Connections: %2 · Flagged: %3 · Evicted: %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · Not TCP/UDP: %1 packets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · Not shown (table full at %1): %2, %3 of them flagged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · Not shown (table full at %1): %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portlens::ui::AnalysisWorker</name>
    <message>
        <source>cannot read from the capture stream</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>packet %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n malformed packet(s), counted but not analysed: %1</source>
        <translation>
            <numerusform>%n malformed packet, counted but not analysed: %1</numerusform>
            <numerusform>%n malformed packets, counted but not analysed: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>; and %n more</source>
        <translation>
            <numerusform>; and %n more</numerusform>
            <numerusform>; and %n more</numerusform>
        </translation>
    </message>
    <message>
        <source>reading stopped at byte %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reading stopped at byte %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1, after packet %2 (%3); the %n packets before it were analysed</source>
        <translation>
            <numerusform>%1, after packet %2 (%3); the %n packet before it was analysed</numerusform>
            <numerusform>%1, after packet %2 (%3); the %n packets before it were analysed</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>portlens::ui::CaptureBar</name>
    <message>
        <source>Start capture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Interface to capture on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Presets and recently used filters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start or stop capturing (Ctrl+E)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Interface:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>loopback</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>wireless</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot list the interfaces: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop capture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Presets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 packets, %2 connections, %3 flagged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 dropped by the kernel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Capturing on %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portlens::ui::CaptureSession</name>
    <message>
        <source>The capture helper portlens-capture was not found. Reinstall PortLens, or set PORTLENS_CAPTURE_HELPER to its path.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No temporary folder for the capture: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot create a pipe for the capture.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The capture helper %1 could not be started: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No permission to capture: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The interface is missing: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1. The packets captured so far are kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The capture filter is not valid: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The capture could not be written: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The capture failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The capture helper stopped unexpectedly. The packets captured until then are kept and can be saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The capture helper failed (exit code %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the capture before saving it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no capture to save.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot replace %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot save the capture to %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portlens::ui::ConnectionActions</name>
    <message>
        <source>&amp;Export All Connections…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export &amp;Shown Connections…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the connections the filters show, in the order shown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export &amp;Packets of Selected Connections…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write the packets of the selected connections to a new pcapng file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Copy Rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the selected connections as tab-separated text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy as &amp;BPF Filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A capture filter (tcpdump, Wireshark capture options) for this connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy as &amp;Wireshark Display Filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Next Flagged Connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next Flagged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Explain Port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What does the server port of this connection normally carry?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Explain Port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show Connections on This &amp;Port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open in &amp;Wireshark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the capture in Wireshark, filtered to this connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wireshark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV for spreadsheets (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON Lines, every field (*.jsonl)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zeek conn.log (*.log)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export Shown Connections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export All Connections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Exported %n connection(s) to %1.</source>
        <translation type="unfinished">
            <numerusform>Exported %n connection to %1.</numerusform>
            <numerusform>Exported %n connections to %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>Export Packets of Selected Connections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pcapng captures (*.pcapng)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Packet export failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Wrote %n packet(s) to %1.</source>
        <translation type="unfinished">
            <numerusform>Wrote %n packet to %1.</numerusform>
            <numerusform>Wrote %n packets to %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>Exporting packets to %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wireshark could not be started.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Port %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 normally carries %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has no well-known service.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portlens::ui::ConnectionDetails</name>
    <message>
        <source>client and server seen from the start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>seen mid-stream: the server is guessed from the ports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>UDP peers on the same port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>still open when the capture ended</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ended after the idle timeout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pushed out by the flow limit (memory bound)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a new connection reused its addresses and ports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a connection to see its verdict, evidence and metadata.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 on %2/%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nothing recognised</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Still open: the verdict may change as more payload arrives.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>explain port %1/%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Port normally</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no well-known service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 bytes %2–%3: %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>client</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Roles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 UTC, lasted %2; %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client → server</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n packet(s), %1 bytes (%2 payload)</source>
        <translation>
            <numerusform>%n packet, %1 bytes (%2 payload)</numerusform>
            <numerusform>%n packets, %1 bytes (%2 payload)</numerusform>
        </translation>
    </message>
    <message>
        <source>Server → client</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TCP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>history %1, state %2%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, %1 bytes never seen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Announced by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>connection %1 (control)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>connection %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data channels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Capture</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portlens::ui::ConnectionModel</name>
    <message>
        <source>No.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start (UTC)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transport</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Port normally</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Packets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Local process</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Capture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection number within its capture, in order of first packet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The side that started the conversation (for UDP peers: the first sender)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The side listening on the port in question</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the server port normally carries (IANA registry and PortLens notes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the payload actually is, detected from its bytes, never from the port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Does the payload match what the port normally carries?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The local program that owns the socket (live capture only)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(still open: the verdict may change as more payload arrives)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portlens::ui::ConnectionTableView</name>
    <message>
        <source>No flagged connections.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Copied %n connection(s).</source>
        <translation type="unfinished">
            <numerusform>Copied %n connection.</numerusform>
            <numerusform>Copied %n connections.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>portlens::ui::DroppedFiles</name>
    <message>
        <source>%1 is not a local file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 does not exist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is a folder, not a capture file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 cannot be read (permission denied)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) dropped; at most %1 can be opened at once</source>
        <translation type="unfinished">
            <numerusform>%n file dropped; at most %1 can be opened at once</numerusform>
            <numerusform>%n files dropped; at most %1 can be opened at once</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>portlens::ui::FilterBar</name>
    <message>
        <source>Flagged only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Flagged &amp;Only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter: address, port, protocol, verdict, host name… (Ctrl+F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All protocols</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing detected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show only connections whose payload is this protocol</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Port, e.g. 443 or 53/udp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show only connections with this port on either side</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show only mismatches, unexpected content and warnings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 shown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type a port number, optionally with /tcp or /udp</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portlens::ui::FilterEditor</name>
    <message>
        <source>Capture filter, e.g. tcp port 443 (empty: everything)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valid capture filter</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portlens::ui::LocalSocketsModel</name>
    <message>
        <source>this machine only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all addresses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>hidden (another user&apos;s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Proto</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Local address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Peer address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reachable from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Program</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portlens::ui::LocalSocketsPane</name>
    <message>
        <source>Servers only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Port (53), ports starting with (53*), or program name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TCP listeners and bound, unconnected UDP sockets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portlens::ui::MainWindow</name>
    <message>
        <source>PortLens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open one or more capture files (pcap, pcapng)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Filter Connections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Stop Analysis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop reading; the connections found so far stay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reset Layout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About PortLens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Columns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Main</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Capture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Captures</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Packet captures (*.pcap *.pcapng *.cap *.pcap.gz *.ntar);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — PortLens</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n captures — PortLens</source>
        <translation>
            <numerusform>%n captures — PortLens</numerusform>
            <numerusform>%n captures — PortLens</numerusform>
        </translation>
    </message>
    <message>
        <source>Only capture files can be dropped here (pcap, pcapng); the dropped item was not a file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2. The connections read before that are shown.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 could not be opened: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection %1 is not in the table.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pcapng captures (*.pcapng)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Payload Kept per Direction…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How many bytes of each direction PortLens keeps for detection and the payload view</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Training Mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Present the common ports card by card, full screen, with the capture&apos;s connections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>live capture on %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save &amp;Capture As…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep the packets of the last live capture as a pcapng file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save Capture As</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>capture.pcapng</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Local sockets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PortLens Training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the open captures</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sample capture could not be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The table is full: it holds at most %1 connections (View ▸ Table Row Limit…). Connections after those are counted in the status bar but not shown; portlens-cli analyze lists them all.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Table &amp;Row Limit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How many connections the table holds at most, so that huge captures keep memory bounded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portlens::ui::PayloadLimit</name>
    <message>
        <source>Payload Kept per Direction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KiB kept from the start of each direction of every connection.
More shows more of each conversation and costs memory on large captures;
it applies to captures opened from now on.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portlens::ui::PayloadView</name>
    <message>
        <source>Automatic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conversation (text)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hex dump</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the payload as text or as a hex dump</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a connection to see the beginning of its payload.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;span style=&quot;background:%1&quot;&gt;&amp;nbsp;client %2 bytes&amp;nbsp;&lt;/span&gt; &lt;span style=&quot;background:%3&quot;&gt;&amp;nbsp;server %4 bytes&amp;nbsp;&lt;/span&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No payload was kept for this connection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hex dump; the detection&apos;s evidence is marked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Highlighted as %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kept payload: %1 %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portlens::ui::PortReferencePane</name>
    <message>
        <source>Port reference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show connections on this port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Capture this port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Port, 5353/udp, 5350-5360, name or keyword</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Examples: 22 · 5353/udp · 5350-5360 · ssh · netbios · multicast · mail · encrypted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search ports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Matching ports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Port card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type a port number or a name above, then pick a result to read what it is for.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fills the capture filter with this port; available once live capture is</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;%1 is not in the IANA registry: nothing is assigned to it.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 match</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 matches</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portlens::ui::PortResultsModel</name>
    <message>
        <source>%1: has a teaching note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: IANA registry entry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Description</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portlens::ui::ProblemBar</name>
    <message>
        <source>Details…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hide this message</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 (and %n earlier problem(s))</source>
        <translation>
            <numerusform>%1 (and %n earlier problem)</numerusform>
            <numerusform>%1 (and %n earlier problems)</numerusform>
        </translation>
    </message>
    <message>
        <source>Problems while opening captures</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n problem(s) occurred. Connections read before a problem are kept and shown.</source>
        <translation>
            <numerusform>%n problem occurred. Connections read before a problem are kept and shown.</numerusform>
            <numerusform>%n problems occurred. Connections read before a problem are kept and shown.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>portlens::ui::RecentFiles</name>
    <message>
        <source>Open &amp;Recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear Recent Files</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portlens::ui::TableRowLimit</name>
    <message>
        <source>Table Row Limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Most connections the table holds. Past it, connections are counted in the status bar
but not shown (portlens-cli analyze lists them all). Each row costs about 850 bytes
plus the payload kept of its connection; it applies to captures opened from now on.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portlens::ui::TrainingPresenter</name>
    <message>
        <source>PortLens training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a training deck</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PortLens decks (*.json);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training deck</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 cannot be used: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This deck has no cards.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · card %2 of %3%4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · quiz</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p style=&apos;color:gray&apos;&gt;What normally runs here? Press Space to reveal.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unassigned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Nothing is registered on this port.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p style=&apos;color:gray&apos;&gt;No capture open: connections on this port would be listed here.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no protocol recognised</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No connection on %1 in %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 connections on %3 in %4:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 connection on %1 in %2:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 connections on %2 in %3:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
