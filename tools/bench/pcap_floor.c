/*
 * portlens-pcap-floor: the speed "floor" for tools/bench.sh.
 *
 * Reads a capture file with libpcap as fast as libpcap can deliver it and does nothing else:
 * every packet's first byte is touched and every caplen summed, so the compiler cannot drop
 * the loop. This is the yardstick the PortLens CLI's throughput is compared with.
 *
 *   portlens-pcap-floor CAPTURE        prints "packets=N bytes=M" (M = sum of caplen)
 *   portlens-pcap-floor --stdio-buffer KIB CAPTURE
 *                                      the same, reading through a stdio buffer of KIB KiB
 *
 * By default the file is opened as the plain loop would (pcap_open_offline: stdio's default
 * buffer, 4 KiB, so a read() call every dozen packets). PortLens opens files with a 64 KiB
 * buffer, which makes reading itself faster; --stdio-buffer 64 measures that stricter floor, so
 * the benchmark can show both.
 *
 * Exit status: 0 on success, 1 when the file cannot be opened or read to the end, 2 on bad usage.
 */
/* libpcap's headers use the BSD types u_char/u_int, which glibc hides under strict -std=c11. */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE 1
#endif

#include <pcap/pcap.h>

#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Written once per packet; volatile so that the read of the first byte really happens. */
static volatile unsigned char g_sink;

static void usage(FILE *out, const char *prog)
{
    fprintf(out,
            "usage: %s [--stdio-buffer KIB] CAPTURE\n"
            "Reads every packet of a pcap/pcapng file with libpcap (nanosecond time stamps)\n"
            "(with --stdio-buffer, through a stdio buffer of KIB KiB instead of the default)\n"
            "and prints \"packets=N bytes=M\" (M is the sum of captured lengths).\n",
            prog);
}

int main(int argc, char **argv)
{
    const char *prog = argc > 0 && argv[0] != NULL ? argv[0] : "portlens-pcap-floor";
    if (argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
        usage(stdout, prog);
        return 0;
    }
    size_t buffer_kib = 0;
    if (argc == 4 && strcmp(argv[1], "--stdio-buffer") == 0) {
        char *end = NULL;
        const unsigned long kib = strtoul(argv[2], &end, 10);
        if (end == argv[2] || *end != '\0' || kib == 0 || kib > 65536) {
            usage(stderr, prog);
            return 2;
        }
        buffer_kib = kib;
        argv += 2;
        argc -= 2;
    }
    if (argc != 2 || argv[1][0] == '\0') {
        usage(stderr, prog);
        return 2;
    }
    const char *path = argv[1];

    char errbuf[PCAP_ERRBUF_SIZE];
    errbuf[0] = '\0';
    pcap_t *pcap = NULL;
    char *buffer = NULL;
    if (buffer_kib == 0) {
        pcap = pcap_open_offline_with_tstamp_precision(path, PCAP_TSTAMP_PRECISION_NANO, errbuf);
    } else {
        FILE *file = fopen(path, "rb");
        buffer = malloc(buffer_kib * 1024);
        if (file == NULL || buffer == NULL) {
            fprintf(stderr, "%s: cannot open '%s': %s\n", prog, path, strerror(errno));
            return 1;
        }
        setvbuf(file, buffer, _IOFBF, buffer_kib * 1024); /* before the first read */
        pcap = pcap_fopen_offline_with_tstamp_precision(file, PCAP_TSTAMP_PRECISION_NANO, errbuf);
        if (pcap == NULL) fclose(file);
    }
    if (pcap == NULL) {
        free(buffer);
        fprintf(stderr, "%s: cannot open '%s': %s\n", prog, path, errbuf[0] != '\0' ? errbuf : "unknown error");
        return 1;
    }

    uint64_t packets = 0;
    uint64_t bytes = 0;
    unsigned char acc = 0;
    struct pcap_pkthdr *header = NULL;
    const u_char *data = NULL;
    int rc;
    while ((rc = pcap_next_ex(pcap, &header, &data)) == 1) {
        ++packets;
        bytes += header->caplen;
        if (header->caplen > 0) {
            acc = (unsigned char)(acc ^ data[0]);
            g_sink = acc;
        }
    }

    int status = 0;
    if (rc != PCAP_ERROR_BREAK) { /* PCAP_ERROR_BREAK (-2) is the normal end of a savefile */
        fprintf(stderr, "%s: error reading '%s' after %" PRIu64 " packets: %s\n", prog, path, packets,
                rc == PCAP_ERROR ? pcap_geterr(pcap) : "unexpected pcap_next_ex result");
        status = 1;
    }
    pcap_close(pcap); /* closes the file, so the buffer may go now */
    free(buffer);
    if (status != 0) {
        return status;
    }

    printf("packets=%" PRIu64 " bytes=%" PRIu64 "\n", packets, bytes);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "%s: cannot write the result: %s\n", prog, strerror(errno));
        return 1;
    }
    return 0;
}
