#ifndef VMM_A20_H
#define VMM_A20_H
/* Virtual A20 gate and the CPU reset lines a VM may try to pull: port 92h
 * (fast A20, fast reset) and port CF9h (reset control).  The keyboard
 * controller's A20 and reset (D1h, D0h, DDh, DFh, Fxh) are VKD's (vxd/vkd.c).
 * The real A20 stays on and the real reset lines are never touched: a VM
 * asking for a reset is terminated. */
void a20_install(void);
#endif
