<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
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
        <source>FTP data channel announced on control connection #%1</source>
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
    <name>portlens::ui::AnalysisWorker</name>
    <message>
        <source>cannot read from the capture stream</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>reading stopped at byte %1 of %2 (%3); the %n packets before it were analysed</source>
        <translation>
            <numerusform>reading stopped at byte %1 of %2 (%3); the %n packet before it was analysed</numerusform>
            <numerusform>reading stopped at byte %1 of %2 (%3); the %n packets before it were analysed</numerusform>
        </translation>
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
        <source>&amp;Export All Connections…</source>
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
        <source>&amp;Quit</source>
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
        <source>&amp;Filter Connections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Flagged &amp;Only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show only mismatches, unexpected content and warnings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Next Flagged Connection</source>
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
        <source>Open &amp;Recent</source>
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
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next Flagged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Explain Port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wireshark</source>
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
        <source>Flagged only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
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
        <source>Clear Recent Files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only capture files can be dropped here (pcap, pcapng); the dropped item was not a file.</source>
        <translation type="unfinished"></translation>
    </message>
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
        <translation>
            <numerusform>%n file dropped; at most %1 can be opened at once</numerusform>
            <numerusform>%n files dropped; at most %1 can be opened at once</numerusform>
        </translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 packets, %2 packets/s</source>
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
    <message numerus="yes">
        <source>Stopped: the %n connection(s) analysed so far are shown.</source>
        <translation>
            <numerusform>Stopped: the %n connection analysed so far is shown.</numerusform>
            <numerusform>Stopped: the %n connections analysed so far are shown.</numerusform>
        </translation>
    </message>
    <message>
        <source>Analysis finished.</source>
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
        <source>%1 of %2 shown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection %1 is not in the table.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No flagged connections.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Copied %n connection(s).</source>
        <translation>
            <numerusform>Copied %n connection.</numerusform>
            <numerusform>Copied %n connections.</numerusform>
        </translation>
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
        <translation>
            <numerusform>Exported %n connection to %1.</numerusform>
            <numerusform>Exported %n connections to %1.</numerusform>
        </translation>
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
    <message>
        <source>Type a port number, optionally with /tcp or /udp</source>
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
        <translation>
            <numerusform>Wrote %n packet to %1.</numerusform>
            <numerusform>Wrote %n packets to %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>Exporting packets to %1…</source>
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
</TS>
