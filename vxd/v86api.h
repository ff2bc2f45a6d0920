/* How DOS programs reach VxDs: INT 2Fh AX=1684h BX=device ID (or BX=0 and
 * ES:DI -> the blank-padded 8-character name, the Windows 95 form) returns in
 * ES:DI the address of a V86 callback that lands in the device's V86 API
 * procedure (EBX=VM, EBP=client registers); 0:0 when the device has none.
 * INT 2Fh AX=1600h reports the enhanced-mode version (4.0). */
#ifndef VXD_V86API_H
#define VXD_V86API_H
void v86api_init(void);
#endif
