#ifndef VMM_CMDLINE_H
#define VMM_CMDLINE_H
#include <stdbool.h>
#include <stdint.h>

enum boot_source { BOOT_DEFAULT, BOOT_FD0, BOOT_HD0, BOOT_MODULE };

struct cmdline {
    enum boot_source boot;
    bool trace_int, trace_io, trace_fault;
    bool exit_qemu;
    bool vme_off;
    bool debug_magic, debug_kdb;
    bool bench;                         /* make bench: the floor trap (vmm/bench.c) */
    bool iopl3;                         /* iopl=3: VM 1 runs at IOPL 3 (trusted mode) */
    bool fast_off;                      /* fast=off: no #GP fast path (v86/fastpath.h) */
    uint32_t ext_kb;                    /* extended memory for VM 1 (INT 15h), 0 = default */
    uint32_t fork;                      /* fork=N: copies of VM 1 when its DOS starts a program */
    uint16_t log_port;                  /* log=com1|com2|com3|com4|e9|none (vmm/hw/serial.h) */
};
extern struct cmdline cmdline;
/* Parses "key=value key=value ..."; unknown words are reported and ignored. */
void cmdline_parse(const char *s);
/* The log port the raw command line asks for (log=...; COM1 without one),
 * read before anything is printed. */
uint16_t cmdline_log_port(const char *s);
#endif
