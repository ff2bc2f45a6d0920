#ifndef V86_BIOSDISK_H
#define V86_BIOSDISK_H
/* INT 13h to the real BIOS inside the critical section (v86/biosdisk.c):
 * on while there are several VMs; call when a VM comes or goes. */
void biosdisk_vms_changed(void);
#endif
