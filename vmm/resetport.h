#ifndef VMM_RESETPORT_H
#define VMM_RESETPORT_H
/* The machine's reset control register (port CF9h): a VM that pulls it is
 * terminated, the real reset line is never touched.  The VMM keeps this
 * one itself: the PCI configuration ports around it need dword accesses
 * whole, which a VxD's byte-wide I/O handler cannot see.  The other reset
 * and A20 switches are V86MMGR's (port 92h) and VKD's (the keyboard
 * controller); the real A20 stays on. */
void resetport_install(void);
#endif
