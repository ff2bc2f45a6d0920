/* The virtual PS/2 mouse's protocol (vxd/vkd_mouse.h). */
#include "vxd/vkd_mouse.h"

#define CMD_SCALING_11  0xE6
#define CMD_SCALING_21  0xE7
#define CMD_RESOLUTION  0xE8
#define CMD_STATUS      0xE9
#define CMD_STREAM      0xEA
#define CMD_READ_DATA   0xEB
#define CMD_WRAP_OFF    0xEC
#define CMD_WRAP_ON     0xEE
#define CMD_REMOTE      0xF0
#define CMD_GET_ID      0xF2
#define CMD_RATE        0xF3
#define CMD_ENABLE      0xF4
#define CMD_DISABLE     0xF5
#define CMD_DEFAULTS    0xF6
#define CMD_RESET       0xFF

#define PKT_ALWAYS1     0x08            /* bit 3 of a packet's first byte */

void vmouse_reset(struct vmouse *m)
{
    *m = (struct vmouse){ .rate = 100, .resolution = 2 };
}

static void defaults(struct vmouse *m)
{
    uint8_t buttons = m->buttons;       /* the buttons stay as they are */
    vmouse_reset(m);
    m->buttons = buttons;
}

int vmouse_write(struct vmouse *m, uint8_t b, uint8_t out[VMOUSE_MAX_ANSWER])
{
    if (m->wrap && b != CMD_WRAP_OFF && b != CMD_RESET) {
        out[0] = b;                     /* echo mode */
        return 1;
    }
    out[0] = VMOUSE_ACK;
    if (m->param_for) {                 /* the argument of F3h or E8h */
        if (m->param_for == CMD_RATE)
            m->rate = b;
        else
            m->resolution = b & 3;
        m->param_for = 0;
        return 1;
    }
    switch (b) {
    case CMD_RESET:
        defaults(m);
        out[1] = VMOUSE_BAT_OK;
        out[2] = 0x00;                  /* device ID: a standard mouse */
        return 3;
    case CMD_DEFAULTS:
        defaults(m);
        return 1;
    case CMD_ENABLE:
        m->reporting = 1;
        return 1;
    case CMD_DISABLE:
        m->reporting = 0;
        return 1;
    case CMD_RATE:
    case CMD_RESOLUTION:
        m->param_for = b;
        return 1;
    case CMD_GET_ID:
        out[1] = 0x00;                  /* 3-byte packets only: no wheel */
        return 2;
    case CMD_REMOTE:
        m->remote = 1;
        return 1;
    case CMD_STREAM:
        m->remote = 0;
        return 1;
    case CMD_WRAP_ON:
        m->wrap = 1;
        return 1;
    case CMD_WRAP_OFF:
        m->wrap = 0;
        return 1;
    case CMD_SCALING_11:
    case CMD_SCALING_21:
        m->scaling21 = b == CMD_SCALING_21;
        return 1;
    case CMD_READ_DATA:                 /* no movement since the last packet */
        out[1] = PKT_ALWAYS1 | m->buttons;
        out[2] = 0;
        out[3] = 0;
        return 4;
    case CMD_STATUS:                    /* buttons here: bit 0 right, 1 middle, 2 left */
        out[1] = (uint8_t)(m->remote << 6 | m->reporting << 5 | m->scaling21 << 4 |
                           (m->buttons & 1) << 2 | (m->buttons & 4) >> 1 | (m->buttons & 2) >> 1);
        out[2] = m->resolution;
        out[3] = m->rate;
        return 4;
    }
    out[0] = VMOUSE_RESEND;
    return 1;
}

bool vmouse_streams(const struct vmouse *m)
{
    return m->reporting && !m->remote && !m->wrap;
}

void vmouse_packet(struct vmouse *m, uint8_t status)
{
    m->buttons = status & 7;
}
