/* VCD -- the virtual COM device (the DDK's device 000Eh), a VxD on the
 * public API only (vmm.h, vpicd.h).
 *
 * The COM ports that have a UART (COM1-COM4 at 3F8h, 2F8h, 3E8h, 2E8h, 8
 * ports each; found by their scratch register: the BIOS data area is not
 * reliable, the QEMU BIOS may leave it empty).  A port is the first
 * VM's that touches it, until that VM ends: its accesses then go straight to
 * the UART (Disable_Local_Trapping) and the port's interrupt line (IRQ 4 for
 * COM1/COM3, IRQ 3 for COM2/COM4, virtualized through VPICD) goes to it.
 * To every other VM the port is absent: reads give FFh, writes are dropped.
 * The log says who owns what.  The UART that is the VMM's own log line
 * (log=, COM1 by default) is the VMM's: Install_IO_Handler refuses it, and
 * VCD leaves it alone.
 */
#include "vmm.h"
#include "portio.h"
#include "vpicd.h"

#define VCD_DEVICE_ID   0x000E
#define VCD_INIT_ORDER  0x70000000u
#define NCOM            4
#define UART_PORTS      8
#define MAX_TOLD        32              /* VM IDs told "absent" (a bit each) */

static const WORD com_base[NCOM] = { 0x3F8, 0x2F8, 0x3E8, 0x2E8 };
static const BYTE com_irq[NCOM] = { 4, 3, 4, 3 };

#define UART_SCR 7


/* Is there a UART at base?  Its scratch register keeps what is written. */
static BOOL uart_present(WORD base)
{
    BYTE was = inb(base + UART_SCR);
    outb(base + UART_SCR, 0x5A);
    BOOL a = inb(base + UART_SCR) == 0x5A;
    outb(base + UART_SCR, 0xA5);
    BOOL b = inb(base + UART_SCR) == 0xA5;
    outb(base + UART_SCR, was);
    return a && b;
}
struct com {
    BOOL ours;                          /* the handlers are installed */
    VMHANDLE owner;
    DWORD told;                         /* VMs told the port is absent */
};
static struct com coms[NCOM];
static HIRQ irqs[2];                    /* IRQ 3, IRQ 4 */

static void log_com(int n, const char *what, VMHANDLE vm)
{
    char line[64] = "VCD: COMn ";
    int k = 10;
    line[8] = (char)('1' + n);
    for (const char *s = what; *s; s++)
        line[k++] = *s;
    DWORD id = vm->CB_VMID;
    if (id >= 10)
        line[k++] = (char)('0' + id / 10 % 10);
    line[k++] = (char)('0' + id % 10);
    line[k] = 0;
    VMM386_Log(line);
}

static int com_of(DWORD port)
{
    for (int n = 0; n < NCOM; n++)
        if (port >= com_base[n] && port < (DWORD)com_base[n] + UART_PORTS)
            return n;
    return -1;
}

static void set_trapping(int n, VMHANDLE vm, BOOL on)
{
    for (WORD p = 0; p < UART_PORTS; p++)
        (on ? Enable_Local_Trapping : Disable_Local_Trapping)(vm, com_base[n] + p);
}

static DWORD com_io(VMHANDLE hVM, DWORD IOType, DWORD Port, CLIENT_STRUCT *pcrs, DWORD OutData)
{
    (void)pcrs;
    int n = com_of(Port);
    BOOL out = IOType & Output;
    if (n < 0)
        return 0xFF;
    struct com *c = &coms[n];
    if (!c->owner || !Validate_VM_Handle(c->owner)) {
        c->owner = hVM;
        c->told = 0;
        log_com(n, "belongs to VM ", hVM);
        set_trapping(n, hVM, FALSE);    /* from now on straight to the UART */
    }
    if (c->owner == hVM) {              /* this very access still came here */
        BYTE v = 0;
        if (out)
            outb((WORD)Port, (BYTE)OutData);
        else
            v = inb((WORD)Port);
        return v;
    }
    DWORD bit = hVM->CB_VMID < MAX_TOLD ? 1u << hVM->CB_VMID : 0;
    if (!(c->told & bit)) {
        c->told |= bit;
        log_com(n, "is absent for VM ", hVM);
    }
    return 0xFF;
}

/* IRQ 3 or 4: to the VMs owning a port on that line. */
static void com_hw_int(HIRQ hIRQ, VMHANDLE hVM, DWORD RefData)
{
    (void)hVM;
    VPICD_Phys_EOI(hIRQ);
    for (int n = 0; n < NCOM; n++)
        if (com_irq[n] == RefData && coms[n].owner)
            VPICD_Set_Int_Request(hIRQ, coms[n].owner);
}

static void vm_gone(VMHANDLE vm)
{
    for (int n = 0; n < NCOM; n++) {
        if (coms[n].owner != vm)
            continue;
        coms[n].owner = 0;
        coms[n].told = 0;
        log_com(n, "is free again: it was VM ", vm);
    }
}

static BOOL VCD_Control(DWORD Msg, VMHANDLE hVM, DWORD Esi, DWORD Edi, DWORD Edx)
{
    (void)Esi, (void)Edi, (void)Edx;
    if (Msg == Device_Init) {
        for (int n = 0; n < NCOM; n++) {
            BOOL ok = uart_present(com_base[n]);
            if (!ok)
                continue;
            for (WORD p = 0; p < UART_PORTS && ok; p++)
                ok = Install_IO_Handler(com_base[n] + p, com_io);
            if (!ok) {                  /* the VMM's log line: not ours to give */
                for (WORD p = 0; p < UART_PORTS; p++)
                    Remove_IO_Handler(com_base[n] + p);
                continue;
            }
            coms[n].ours = TRUE;
        }
        for (int i = 0; i < 2; i++) {
            static VID vid[2];
            vid[i] = (VID){ .VID_IRQ_Number = (WORD)(3 + i),
                            .VID_Options = VPICD_OPT_VMM386_C | VPICD_OPT_REF_DATA,
                            .VID_Hw_Int_Proc = (DWORD)com_hw_int, .VID_IRET_Time_Out = 500,
                            .VID_Hw_Int_Ref = 3 + i };
            irqs[i] = VPICD_Virtualize_IRQ(&vid[i]);
        }
        return TRUE;
    }
    if (Msg == Destroy_VM)
        vm_gone(hVM);
    return TRUE;
}

static struct VxD_Desc_Block VCD_DDB = {
    .DDB_SDK_Version = DDK_VERSION,
    .DDB_Req_Device_Number = VCD_DEVICE_ID,
    .DDB_Dev_Major_Version = 4,
    .DDB_Flags = DDB_VMM386_C_PROCS,
    .DDB_Name = { 'V', 'C', 'D', ' ', ' ', ' ', ' ', ' ' },
    .DDB_Init_Order = VCD_INIT_ORDER,
    .DDB_Control_Proc = (void *)VCD_Control,
    .DDB_Size = sizeof(struct VxD_Desc_Block),
};
VXD_REGISTER(VCD_DDB);
