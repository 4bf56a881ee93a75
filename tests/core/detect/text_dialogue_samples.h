// Text dialogue samples: shared by the tests of several detectors (each protocol's bytes are also the
// other detectors' negatives).
// Text dialogues (FTP, SMTP, POP3, IMAP, Telnet, IRC, RTSP, NNTP, HTTP, SSH) and helpers on
// the metadata and evidence the text detectors give.
#pragma once

#include "detector_test_support.h"

#include <random>
#include <string>
#include <vector>

namespace portlens::test::text_dialogue_samples {

// clang-format off
// True when no metadata value and not the evidence sentence contain `secret`.
inline bool neverShows(const std::optional<Detection> &d, std::string_view secret)
{
    if (!d) return true;
    if (d->evidence.sentence.find(secret) != std::string::npos) return false;
    for (const auto &[k, v] : d->metadata)
        if (v.find(secret) != std::string::npos) return false;
    return true;
}

inline bool says(const std::optional<Detection> &d, const char *words)
{
    return d && QByteArray::fromStdString(d->evidence.sentence).contains(words);
}

inline std::string randomBytes(std::uint32_t seed, std::size_t n)
{
    std::mt19937 gen(seed);
    std::uniform_int_distribution<int> byte(0, 255);
    std::string out;
    for (std::size_t i = 0; i < n; ++i) out += static_cast<char>(byte(gen));
    return out;
}

inline const std::string kTlsClientHello = hex("16 03 01 00 2f 01 00 00 2b 03 03 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f"
                                        " 10 11 12 13 14 15 16 17 18 19 1a 1b 1c 1d 1e 1f 00 00 02 13 01 01 00");

// A passive-mode FTP session as vsftpd and a command-line client speak it.
inline const std::vector<Turn> kFtpSession{
    fromServer("220 (vsFTPd 3.0.5)\r\n"),
    fromClient("USER anonymous\r\n"),
    fromServer("331 Please specify the password.\r\n"),
    fromClient("PASS guest@example.com\r\n"),
    fromServer("230 Login successful.\r\n"),
    fromClient("SYST\r\n"),
    fromServer("215 UNIX Type: L8\r\n"),
    fromClient("PASV\r\n"),
    fromServer("227 Entering Passive Mode (198,51,100,20,195,149).\r\n"),
    fromClient("LIST\r\n"),
    fromServer("150 Here comes the directory listing.\r\n226 Directory send OK.\r\n"),
    fromClient("EPSV\r\n"),
    fromServer("229 Entering Extended Passive Mode (|||50070|)\r\n"),
    fromClient("PORT 192,0,2,10,200,10\r\n"),
    fromServer("200 PORT command successful. Consider using PASV.\r\n"),
    fromClient("EPRT |1|192.0.2.10|51211|\r\n"),
    fromServer("200 EPRT command successful. Consider using EPSV.\r\n"),
    fromClient("EPRT |2|2001:db8::10|51212|\r\n"),
    fromServer("200 EPRT command successful. Consider using EPSV.\r\n"),
    fromClient("QUIT\r\n"),
    fromServer("221 Goodbye.\r\n"),
};

inline const std::vector<Turn> kSmtpSession{
    fromServer("220 mail.example.com ESMTP Postfix (Debian/GNU)\r\n"),
    fromClient("EHLO client.example.org\r\n"),
    fromServer("250-mail.example.com\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250-STARTTLS\r\n250-AUTH PLAIN LOGIN\r\n"
               "250 8BITMIME\r\n"),
    fromClient("AUTH PLAIN AGFsaWNlAHMzY3JldA==\r\n"),
    fromServer("235 2.7.0 Authentication successful\r\n"),
    fromClient("MAIL FROM:<alice@example.org> SIZE=120\r\n"),
    fromServer("250 2.1.0 Ok\r\n"),
    fromClient("RCPT TO:<bob@example.com>\r\n"),
    fromServer("250 2.1.5 Ok\r\n"),
    fromClient("DATA\r\n"),
    fromServer("354 End data with <CR><LF>.<CR><LF>\r\n"),
    // The message mentions FTP and POP3 commands: they are text, not commands.
    fromClient("From: alice@example.org\r\nSubject: USER guide\r\n\r\nPASV and RETR are FTP commands.\r\n.\r\n"),
    fromServer("250 2.0.0 Ok: queued as 4F2B81C0A3\r\n"),
    fromClient("QUIT\r\n"),
    fromServer("221 2.0.0 Bye\r\n"),
};

inline const std::vector<Turn> kPop3Session{
    fromServer("+OK Dovecot ready.\r\n"),
    fromClient("CAPA\r\n"),
    fromServer("+OK\r\nCAPA\r\nTOP\r\nUIDL\r\nRESP-CODES\r\nUSER\r\nSASL PLAIN\r\n.\r\n"),
    fromClient("USER alice\r\n"),
    fromServer("+OK\r\n"),
    fromClient("PASS s3cret\r\n"),
    fromServer("+OK Logged in.\r\n"),
    fromClient("STAT\r\n"),
    fromServer("+OK 2 3200\r\n"),
    fromClient("RETR 1\r\n"),
    fromServer("+OK 1600 octets\r\nSubject: hi\r\n\r\nhello\r\n.\r\n"),
    fromClient("QUIT\r\n"),
    fromServer("+OK Logging out.\r\n"),
};

inline const std::vector<Turn> kImapSession{
    fromServer("* OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ STARTTLS AUTH=PLAIN] Dovecot "
               "ready.\r\n"),
    fromClient("a001 CAPABILITY\r\n"),
    fromServer("* CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE STARTTLS AUTH=PLAIN\r\n"
               "a001 OK Pre-login capabilities listed, post-login capabilities have more.\r\n"),
    fromClient("a002 LOGIN alice \"p4ss word\"\r\n"),
    fromServer("a002 OK [CAPABILITY IMAP4rev1 SORT THREAD] Logged in\r\n"),
    fromClient("a003 SELECT INBOX\r\n"),
    fromServer("* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n* 2 EXISTS\r\n"
               "a003 OK [READ-WRITE] Select completed.\r\n"),
    fromClient("a004 LOGOUT\r\n"),
    fromServer("* BYE Logging out\r\na004 OK Logout completed.\r\n"),
};

// Linux telnetd and a terminal client: the server asks, the client answers, then the login.
inline const std::vector<Turn> kTelnetSession{
    fromServer(hex("ff fd 18 ff fd 20 ff fd 23 ff fd 27")),
    fromClient(hex("ff fb 18 ff fb 20 ff fc 23 ff fb 27")),
    fromServer(hex("ff fa 20 01 ff f0 ff fa 27 01 ff f0 ff fa 18 01 ff f0")),
    fromClient(hex("ff fa 20 00 33 38 34 30 30 2c 33 38 34 30 30 ff f0 ff fa 27 00 ff f0 ff fa 18 00 58 54 45 52 4d ff f0")),
    fromServer(hex("ff fb 03 ff fd 01 ff fd 1f ff fb 05 ff fd 21")),
    fromClient(hex("ff fd 03 ff fc 01 ff fb 1f ff fa 1f 00 78 00 28 ff f0 ff fd 05 ff fb 21")),
    fromServer("Ubuntu 24.04 LTS\r\nsw-lab-01 login: "),
    fromClient("admin\r\n"),
    fromServer("Password: "),
};

inline const std::vector<Turn> kIrcSession{
    fromClient("CAP LS 302\r\nNICK alice\r\nUSER alice 0 * :Alice Liddell\r\n"),
    fromServer(":irc.example.net NOTICE * :*** Looking up your hostname...\r\n"
               ":irc.example.net CAP * LS :multi-prefix sasl\r\n"),
    fromClient("CAP END\r\n"),
    fromServer(":irc.example.net 001 alice :Welcome to the ExampleNet IRC Network alice!alice@192.0.2.10\r\n"
               ":irc.example.net 002 alice :Your host is irc.example.net\r\n"),
    fromClient("JOIN #portlens\r\n"),
};

inline const std::vector<Turn> kRtspSession{
    fromClient("OPTIONS rtsp://192.0.2.50:554/stream1 RTSP/1.0\r\nCSeq: 1\r\n"
               "User-Agent: LibVLC/3.0.20 (LIVE555 Streaming Media v2016.11.28)\r\n\r\n"),
    fromServer("RTSP/1.0 200 OK\r\nCSeq: 1\r\nServer: GStreamer RTSP server\r\n"
               "Public: OPTIONS, DESCRIBE, SETUP, PLAY, PAUSE, TEARDOWN\r\n\r\n"),
    fromClient("DESCRIBE rtsp://192.0.2.50:554/stream1 RTSP/1.0\r\nCSeq: 2\r\nAccept: application/sdp\r\n\r\n"),
};

inline const std::vector<Turn> kNntpSession{fromServer("200 news.example.com InterNetNews server INN 2.7.1 ready (posting ok)\r\n"),
                                     fromClient("MODE READER\r\n"), fromServer("200 news.example.com ready\r\n"),
                                     fromClient("LIST\r\n"), fromServer("215 Newsgroups in form \"group high low status\"\r\n"),
                                     fromClient("QUIT\r\n")};

inline const std::vector<Turn> kHttpPlain{fromClient("GET /index.html HTTP/1.1\r\nHost: www.example.com\r\n\r\n"),
                                   fromServer("HTTP/1.1 200 OK\r\nServer: nginx/1.24.0\r\n\r\n")};

inline const std::vector<Turn> kSsh{fromServer("SSH-2.0-OpenSSH_9.6\r\n"), fromClient("SSH-2.0-OpenSSH_9.2p1\r\n")};

// clang-format on

} // namespace portlens::test::text_dialogue_samples
