/* Client_Reg_Struc: the VM's registers as the VMM saved them on entry.
 *
 * Layout is the Windows DDK's (vmm-facts 1.1): the PUSHAD image, an error
 * code, then the frame the CPU pushes when it leaves V86 mode (EIP, CS,
 * EFLAGS, ESP, SS, ES, DS, FS, GS), then the Alt_* copy used by nested
 * execution.  vmm386's trap stubs build exactly this image, so EBP points at
 * a live trap frame, not a copy.
 */
#ifndef VMM386_CRS_H
#define VMM386_CRS_H

#include "vmm_types.h"

struct Client_Reg_Struc {
    DWORD Client_EDI;       /* 00 */
    DWORD Client_ESI;       /* 04 */
    DWORD Client_EBP;       /* 08 */
    DWORD Client_res0;      /* 0C  ESP at pushall */
    DWORD Client_EBX;       /* 10 */
    DWORD Client_EDX;       /* 14 */
    DWORD Client_ECX;       /* 18 */
    DWORD Client_EAX;       /* 1C */
    DWORD Client_Error;     /* 20 */
    DWORD Client_EIP;       /* 24 */
    WORD  Client_CS;        /* 28 */
    WORD  Client_res1;
    DWORD Client_EFlags;    /* 2C */
    DWORD Client_ESP;       /* 30 */
    WORD  Client_SS;        /* 34 */
    WORD  Client_res2;
    WORD  Client_ES;        /* 38 */
    WORD  Client_res3;
    WORD  Client_DS;        /* 3C */
    WORD  Client_res4;
    WORD  Client_FS;        /* 40 */
    WORD  Client_res5;
    WORD  Client_GS;        /* 44 */
    WORD  Client_res6;
    DWORD Client_Alt_EIP;   /* 48 */
    WORD  Client_Alt_CS;    /* 4C */
    WORD  Client_res7;
    DWORD Client_Alt_EFlags;/* 50 */
    DWORD Client_Alt_ESP;   /* 54 */
    WORD  Client_Alt_SS;    /* 58 */
    WORD  Client_res8;
    WORD  Client_Alt_ES;    /* 5C */
    WORD  Client_res9;
    WORD  Client_Alt_DS;    /* 60 */
    WORD  Client_res10;
    WORD  Client_Alt_FS;    /* 64 */
    WORD  Client_res11;
    WORD  Client_Alt_GS;    /* 68 */
    WORD  Client_res12;
};

struct Client_Word_Reg_Struc {
    WORD Client_DI;    WORD Client_res13;   /* 00 */
    WORD Client_SI;    WORD Client_res14;   /* 04 */
    WORD Client_BP;    WORD Client_res15;   /* 08 */
    DWORD Client_res16;                     /* 0C */
    WORD Client_BX;    WORD Client_res17;   /* 10 */
    WORD Client_DX;    WORD Client_res18;   /* 14 */
    WORD Client_CX;    WORD Client_res19;   /* 18 */
    WORD Client_AX;    WORD Client_res20;   /* 1C */
    DWORD Client_res21;                     /* 20 */
    WORD Client_IP;    WORD Client_res22;   /* 24 */
    DWORD Client_res23;                     /* 28 */
    WORD Client_Flags; WORD Client_res24;   /* 2C */
    WORD Client_SP;    WORD Client_res25;   /* 30 */
    DWORD Client_res26[5];                  /* 34..44 */
    WORD Client_Alt_IP;    WORD Client_res27;   /* 48 */
    DWORD Client_res28;                         /* 4C */
    WORD Client_Alt_Flags; WORD Client_res29;   /* 50 */
    WORD Client_Alt_SP;    WORD Client_res30;   /* 54 */
    DWORD Client_res31[5];                      /* 58..68 */
};

struct Client_Byte_Reg_Struc {
    DWORD Client_res32[4];                  /* 00..0C */
    BYTE Client_BL, Client_BH; WORD Client_res33;  /* 10 */
    BYTE Client_DL, Client_DH; WORD Client_res34;  /* 14 */
    BYTE Client_CL, Client_CH; WORD Client_res35;  /* 18 */
    BYTE Client_AL, Client_AH; WORD Client_res36;  /* 1C */
    DWORD Client_res37[19];                 /* 20..68 */
};

typedef union CLIENT_STRUCT {
    struct Client_Reg_Struc CRS;
    struct Client_Word_Reg_Struc CWRS;
    struct Client_Byte_Reg_Struc CBRS;
} CLIENT_STRUCT, *PCLIENT_STRUCT;

typedef struct Client_Reg_Struc CRS;

STATIC_ASSERT(sizeof(struct Client_Reg_Struc) == 0x6C, "Client_Reg_Struc size");
STATIC_ASSERT(sizeof(struct Client_Word_Reg_Struc) == 0x6C, "Client_Word_Reg_Struc size");
STATIC_ASSERT(sizeof(struct Client_Byte_Reg_Struc) == 0x6C, "Client_Byte_Reg_Struc size");
OFFSET_ASSERT(struct Client_Reg_Struc, Client_EDI, 0x00);
OFFSET_ASSERT(struct Client_Reg_Struc, Client_ESI, 0x04);
OFFSET_ASSERT(struct Client_Reg_Struc, Client_EBP, 0x08);
OFFSET_ASSERT(struct Client_Reg_Struc, Client_res0, 0x0C);
OFFSET_ASSERT(struct Client_Reg_Struc, Client_EBX, 0x10);
OFFSET_ASSERT(struct Client_Reg_Struc, Client_EDX, 0x14);
OFFSET_ASSERT(struct Client_Reg_Struc, Client_ECX, 0x18);
OFFSET_ASSERT(struct Client_Reg_Struc, Client_EAX, 0x1C);
OFFSET_ASSERT(struct Client_Reg_Struc, Client_Error, 0x20);
OFFSET_ASSERT(struct Client_Reg_Struc, Client_EIP, 0x24);
OFFSET_ASSERT(struct Client_Reg_Struc, Client_CS, 0x28);
OFFSET_ASSERT(struct Client_Reg_Struc, Client_EFlags, 0x2C);
OFFSET_ASSERT(struct Client_Reg_Struc, Client_ESP, 0x30);
OFFSET_ASSERT(struct Client_Reg_Struc, Client_SS, 0x34);
OFFSET_ASSERT(struct Client_Reg_Struc, Client_ES, 0x38);
OFFSET_ASSERT(struct Client_Reg_Struc, Client_DS, 0x3C);
OFFSET_ASSERT(struct Client_Reg_Struc, Client_FS, 0x40);
OFFSET_ASSERT(struct Client_Reg_Struc, Client_GS, 0x44);
OFFSET_ASSERT(struct Client_Reg_Struc, Client_Alt_EIP, 0x48);
OFFSET_ASSERT(struct Client_Reg_Struc, Client_Alt_CS, 0x4C);
OFFSET_ASSERT(struct Client_Reg_Struc, Client_Alt_EFlags, 0x50);
OFFSET_ASSERT(struct Client_Reg_Struc, Client_Alt_ESP, 0x54);
OFFSET_ASSERT(struct Client_Reg_Struc, Client_Alt_SS, 0x58);
OFFSET_ASSERT(struct Client_Reg_Struc, Client_Alt_ES, 0x5C);
OFFSET_ASSERT(struct Client_Reg_Struc, Client_Alt_DS, 0x60);
OFFSET_ASSERT(struct Client_Reg_Struc, Client_Alt_FS, 0x64);
OFFSET_ASSERT(struct Client_Reg_Struc, Client_Alt_GS, 0x68);
OFFSET_ASSERT(struct Client_Word_Reg_Struc, Client_BX, 0x10);
OFFSET_ASSERT(struct Client_Word_Reg_Struc, Client_AX, 0x1C);
OFFSET_ASSERT(struct Client_Word_Reg_Struc, Client_IP, 0x24);
OFFSET_ASSERT(struct Client_Word_Reg_Struc, Client_Flags, 0x2C);
OFFSET_ASSERT(struct Client_Word_Reg_Struc, Client_SP, 0x30);
OFFSET_ASSERT(struct Client_Word_Reg_Struc, Client_Alt_IP, 0x48);
OFFSET_ASSERT(struct Client_Word_Reg_Struc, Client_Alt_Flags, 0x50);
OFFSET_ASSERT(struct Client_Word_Reg_Struc, Client_Alt_SP, 0x54);
OFFSET_ASSERT(struct Client_Byte_Reg_Struc, Client_BL, 0x10);
OFFSET_ASSERT(struct Client_Byte_Reg_Struc, Client_BH, 0x11);
OFFSET_ASSERT(struct Client_Byte_Reg_Struc, Client_DL, 0x14);
OFFSET_ASSERT(struct Client_Byte_Reg_Struc, Client_DH, 0x15);
OFFSET_ASSERT(struct Client_Byte_Reg_Struc, Client_CL, 0x18);
OFFSET_ASSERT(struct Client_Byte_Reg_Struc, Client_CH, 0x19);
OFFSET_ASSERT(struct Client_Byte_Reg_Struc, Client_AL, 0x1C);
OFFSET_ASSERT(struct Client_Byte_Reg_Struc, Client_AH, 0x1D);

/* Map_Flat offset constants (byte offsets of the segment/offset registers). */
#define CLIENT_DI 0
#define CLIENT_SI 4
#define CLIENT_BP 8
#define CLIENT_BX 16
#define CLIENT_DX 20
#define CLIENT_CX 24
#define CLIENT_AX 28
#define CLIENT_IP 36
#define CLIENT_CS 40
#define CLIENT_SP 48
#define CLIENT_SS 52
#define CLIENT_ES 56
#define CLIENT_DS 60
#define CLIENT_FS 64
#define CLIENT_GS 68

/* Offset of the Alt_* area: where ESP0 points, since the CPU frame ends there. */
#define CRS_FRAME_END 0x48

#endif
