/* Service names for messages, and who called: "Call_Priority_VM_Event
 * (VMM 0014h) from VxD BADCALL+0031h". */
#ifndef VXD_SVC_NAMES_H
#define VXD_SVC_NAMES_H
#include <stdint.h>
#include <stddef.h>

/* The DDK name of VMM service svc (or vmm386's for 0200h up); NULL if none. */
const char *vmm_service_name(uint32_t svc);
/* "Name (VMM 0014h)", "VMM service 0300h" or "service 0005h of device 7EEEh". */
const char *service_desc(uint16_t dev, uint16_t svc, char *buf, size_t n);
/* Whose code is at addr: "VxD NAME+01A3h" (offset into that VxD's code, as
 * objdump shows it for its object) or "the VMM at c0123456". */
const char *vxd_caller(uint32_t addr, char *buf, size_t n);
/* The service that called us from a service entry stub (vxd/service_entry.asm):
 * the `call [slot]` that returned to ret_addr is 6 bytes before it. */
#define CALL_SITE(ret_addr) ((ret_addr) - 6)
#endif
