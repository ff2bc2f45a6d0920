#ifndef VXD_DOSREADY_H
#define VXD_DOSREADY_H
/* Hook INT 21h to send VMM386_DOS_Ready (vxd/dosready.c). */
void dos_ready_init(void);
#endif
