/* The focus: which VM has the display and the keyboard.  Moving it sends
 * Set_Device_Focus (EBX = VM, ESI = 0: every device) so the virtual devices
 * hand the screen and keys over. */
#ifndef VMM_FOCUS_H
#define VMM_FOCUS_H
#include <stdbool.h>
#include "vmm/vm.h"
bool focus_set(struct vm *vm);
#endif
