/* The virtual PS/2 mouse behind each VM's keyboard controller (VKD's
 * auxiliary port): the device's side of the protocol, what a VM's BIOS or
 * mouse driver sends it through controller command D4h and what it answers.
 * Pure logic (no I/O), unit-tested on the host (tests/unit/test_vkd_mouse.c).
 * Movement itself comes from the real mouse: VKD hands its packets to the
 * focus VM's virtual mouse while that one streams (vmouse_streams). */
#ifndef VXD_VKD_MOUSE_H
#define VXD_VKD_MOUSE_H

#include <stdint.h>
#include <stdbool.h>

#define VMOUSE_ACK      0xFA
#define VMOUSE_RESEND   0xFE            /* the answer to a command it does not know */
#define VMOUSE_BAT_OK   0xAA            /* after FFh, reset: self test passed, then ID 00h */
#define VMOUSE_MAX_ANSWER 4

struct vmouse {
    uint8_t reporting;                  /* F4h on; F5h, F6h, FFh off */
    uint8_t remote;                     /* F0h remote mode; EAh stream mode */
    uint8_t scaling21;                  /* E7h 2:1; E6h 1:1 */
    uint8_t resolution;                 /* E8h n: 2^n counts/mm, n = 0..3 */
    uint8_t rate;                       /* F3h n: samples per second */
    uint8_t wrap;                       /* EEh echo mode; ECh ends it */
    uint8_t param_for;                  /* F3h or E8h waits for its argument */
    uint8_t buttons;                    /* of the last packet: bit 0 left, 1 right, 2 middle */
};

/* Power-on state (and FFh, F6h): stream mode, not reporting, 100 samples/s,
 * 4 counts/mm, 1:1. */
void vmouse_reset(struct vmouse *m);

/* A byte written to the mouse: its answer bytes into out, their count
 * (0..VMOUSE_MAX_ANSWER). */
int vmouse_write(struct vmouse *m, uint8_t b, uint8_t out[VMOUSE_MAX_ANSWER]);

/* Does a movement packet go to this mouse now (stream mode, reporting)? */
bool vmouse_streams(const struct vmouse *m);

/* A movement packet was handed to it: its buttons for the status request. */
void vmouse_packet(struct vmouse *m, uint8_t status);

#endif
