#ifndef V86_BIOSDISK_H
#define V86_BIOSDISK_H
/* INT 13h to the real BIOS inside the critical section (v86/biosdisk.c). */
void biosdisk_install(void);
#endif
