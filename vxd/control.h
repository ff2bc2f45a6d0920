/* Control messages to VxDs (System_Control, Directed_Sys_Control). */
#ifndef VXD_CONTROL_H
#define VXD_CONTROL_H
#include <stdint.h>
#include <stdbool.h>
#include "include/vmm.h"
#include "vmm/vm.h"

extern uint32_t system_init_state;      /* VMM_GetSystemInitState: SYSSTATE_* of vmm.h */

/* One device; true = success (carry clear). */
bool control_call(struct VxD_Desc_Block *ddb, uint32_t msg, struct vm *vm,
                  uint32_t esi, uint32_t edi, uint32_t edx);
/* Every device in init order (reverse order for the exit messages); stops
 * at the first failure and returns false. */
bool system_control(uint32_t msg, struct vm *vm, uint32_t esi, uint32_t edi, uint32_t edx);
#endif
