#ifndef VMM_DEVICES_H
#define VMM_DEVICES_H
/* The VMM's virtual devices: each installs its trapped ports. */
void dbgport_install(void);
#endif
