/* The list of VxDs (Device Descriptor Blocks), in init order. */
#ifndef VXD_DEVICES_H
#define VXD_DEVICES_H
#include <stdint.h>
#include <stdbool.h>
#include "include/vmm.h"

extern struct VxD_Desc_Block *ddb_list;     /* sorted by DDB_Init_Order */
extern struct VxD_Desc_Block VMM_DDB;

/* Add a DDB (static registration or VMM_Add_DDB); false on a duplicate ID. */
bool ddb_add(struct VxD_Desc_Block *ddb);
void ddb_remove(struct VxD_Desc_Block *ddb);
/* By device ID, or (id == UNDEFINED_DEVICE_ID) by 8-char blank-padded name. */
struct VxD_Desc_Block *ddb_find(uint16_t id, const char *name);
/* "NAME" without the blanks, for messages. */
const char *ddb_name(const struct VxD_Desc_Block *ddb, char buf[9]);
#endif
