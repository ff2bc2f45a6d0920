/* VKD -- the virtual keyboard device (the DDK's device 000Dh), a VxD on the
 * public API only (vmm.h, vpicd.h, v86mmgr.h).
 *
 * It owns the real keyboard: VPICD gives it IRQ 1; it reads the scancode
 * from the real port 60h and watches Ctrl and Alt.  Ctrl+Alt+1 ... 9 is the
 * focus hot key: the focus goes to the VM with that ID (Set_Execution_Focus
 * from a global event, which sends Set_Device_Focus); the digit's make and
 * break never reach a VM, and the VM losing the focus gets the break codes of
 * the Ctrl and Alt keys it saw go down.  Every other byte is queued for the
 * focus VM.  When the focus VM ends, the focus goes to the VM with the
 * lowest ID left.
 *
 * Each VM has a virtual keyboard controller at ports 60h/64h: one byte at a
 * time in its output buffer (status bit 0), IRQ 1 raised in its virtual PIC
 * for each byte (VPICD_Set_Int_Request) while its command byte enables the
 * keyboard interrupt.  Commands: 20h/60h read/write the command byte, AAh
 * self test (55h), ABh interface test (00h), ADh/AEh keyboard off/on,
 * D0h/D1h read/write the output port (A20 through V86MMGR_SetLocalA20; the
 * reset line, bit 0 low, crashes the VM, as does a pulse command Fxh with
 * bit 0 low), DDh/DFh A20 off/on.  Bytes a VM writes to port 60h go to its
 * virtual keyboard, which answers FAh (and AAh after FFh, reset).  Other
 * commands are ignored: a VM never reaches the real controller, so none can
 * disturb the keyboard of another.
 */
#include "vmm.h"
#include "vpicd.h"
#include "v86mmgr.h"

#define VKD_DEVICE_ID   0x000D
#define VKD_INIT_ORDER  0x28000000u     /* after VPICD; what the DDK's VKD uses */

#define KBC_DATA        0x60
#define KBC_STATUS      0x64
#define ST_OBF          0x01
#define ST_SYS          0x04            /* self test passed */
#define ST_UNLOCKED     0x10
#define CTR_KBD_INT     0x01
#define CTR_DEFAULT     0x45            /* kbd interrupt, system flag, translation */

#define CMD_READ_CTR    0x20
#define CMD_WRITE_CTR   0x60
#define CMD_SELF_TEST   0xAA
#define CMD_IF_TEST     0xAB
#define CMD_KBD_OFF     0xAD
#define CMD_KBD_ON      0xAE
#define CMD_READ_OUTP   0xD0
#define CMD_WRITE_OUTP  0xD1
#define CMD_A20_OFF     0xDD
#define CMD_A20_ON      0xDF
#define OUTP_RESET      0x01            /* active low */
#define OUTP_A20        0x02

#define SC_CTRL         0x1D
#define SC_ALT          0x38
#define SC_1            0x02
#define SC_9            0x0A
#define SC_BREAK        0x80
#define SC_E0           0xE0
#define KBD_ACK         0xFA
#define KBD_RESET_OK    0xAA
#define KBD_RESET       0xFF

#define QLEN 32

struct vkd_vm {                         /* in every VM's control block */
    BYTE q[QLEN];
    BYTE qhead, qcount;
    BYTE obf, obf_full, last;           /* the output buffer, the byte last read */
    BYTE ctr;                           /* command byte */
    BYTE pending;                       /* command waiting for its byte at 60h */
    BYTE inited;
    BYTE mods_down;                     /* MOD_* this VM saw go down */
};

#define MOD_LCTRL 0x01
#define MOD_RCTRL 0x02
#define MOD_LALT  0x04
#define MOD_RALT  0x08

static DWORD cb_off;
static HIRQ kbd_irq;
static BYTE mods;                       /* MOD_* down on the real keyboard */
static BOOL e0;                         /* an E0h prefix is waiting */
static BYTE swallow_break;              /* make code of the hot key digit, its break is dropped */

static struct vkd_vm *st(VMHANDLE vm)
{
    struct vkd_vm *k = (struct vkd_vm *)((char *)vm + cb_off);
    if (!k->inited) {
        k->inited = 1;
        k->ctr = CTR_DEFAULT;
        k->pending = 0;
    }
    return k;
}

static void put_hex(char *p, DWORD v, int digits)
{
    static const char hex[] = "0123456789abcdef";
    for (int i = digits - 1; i >= 0; i--, v >>= 4)
        p[i] = hex[v & 15];
}

/* The next byte into the output buffer, with IRQ 1 in the VM's virtual PIC. */
static void refill(VMHANDLE vm, struct vkd_vm *k)
{
    if (k->obf_full || !k->qcount)
        return;
    k->obf = k->q[k->qhead];
    k->qhead = (k->qhead + 1) % QLEN;
    k->qcount--;
    k->obf_full = 1;
    if (k->ctr & CTR_KBD_INT)
        VPICD_Set_Int_Request(kbd_irq, vm);
}

static void queue(VMHANDLE vm, BYTE b)
{
    struct vkd_vm *k = st(vm);
    if (k->qcount == QLEN)
        return;                         /* a full buffer drops keys, as the 8042 does */
    k->q[(k->qhead + k->qcount) % QLEN] = b;
    k->qcount++;
    refill(vm, k);
}

static BYTE mod_bit(BYTE code, BOOL ext)
{
    code &= ~SC_BREAK;
    if (code == SC_CTRL)
        return ext ? MOD_RCTRL : MOD_LCTRL;
    if (code == SC_ALT)
        return ext ? MOD_RALT : MOD_LALT;
    return 0;
}

/* A key (with its E0h prefix) for the focus VM, tracking what it saw. */
static void to_focus(BYTE code, BOOL ext)
{
    VMHANDLE vm = Get_Execution_Focus();
    if (!vm)
        return;
    struct vkd_vm *k = st(vm);
    BYTE m = mod_bit(code, ext);
    if (m && !(code & SC_BREAK))
        k->mods_down |= m;
    else if (m) {
        if (!(k->mods_down & m))
            return;                     /* it went down in another VM */
        k->mods_down &= ~m;
    }
    if (ext)
        queue(vm, SC_E0);
    queue(vm, code);
}

/* The VM losing the focus sees its Ctrl and Alt go up. */
static void release_mods(VMHANDLE vm)
{
    struct vkd_vm *k = st(vm);
    static const BYTE bits[4] = { MOD_LCTRL, MOD_RCTRL, MOD_LALT, MOD_RALT };
    for (int i = 0; i < 4; i++) {
        if (!(k->mods_down & bits[i]))
            continue;
        if (bits[i] & (MOD_RCTRL | MOD_RALT))
            queue(vm, SC_E0);
        queue(vm, (bits[i] & (MOD_LCTRL | MOD_RCTRL) ? SC_CTRL : SC_ALT) | SC_BREAK);
    }
    k->mods_down = 0;
}

static void focus_event(VMHANDLE hVM, CLIENT_STRUCT *pcrs, DWORD RefData)
{
    (void)hVM, (void)pcrs;
    VMHANDLE to = (VMHANDLE)RefData, from = Get_Execution_Focus();
    if (!Validate_VM_Handle(to) || to == from)
        return;
    if (from)
        release_mods(from);
    if (!Set_Execution_Focus(to)) {
        VMM386_Log("VKD: the focus could not move");
        return;
    }
    /* the Ctrl and Alt still held now count as down in the new focus VM
     * only once it sees them go down: their breaks are dropped meanwhile */
}

/* Walk the VMs alive: from any handle (even one of a VM that ended: the
 * system VM may be gone) Get_Next_VM_Handle goes round the live ones; stop
 * when the walk meets the first live one again.  *first: 0 to start. */
static VMHANDLE walk(VMHANDLE vm, VMHANDLE *first)
{
    vm = Get_Next_VM_Handle(vm);
    if (!vm || !Validate_VM_Handle(vm) || vm == *first)
        return 0;
    if (!*first)
        *first = vm;
    return vm;
}

/* The focus VM ended: the focus goes to the VM with the lowest ID left, as
 * a user closing one DOS window expects to be in another. */
static VMHANDLE lowest_vm(void)
{
    VMHANDLE best = 0, first = 0;
    for (VMHANDLE vm = Get_Sys_VM_Handle(); (vm = walk(vm, &first)) != 0;)
        if (!best || vm->CB_VMID < best->CB_VMID)
            best = vm;
    return best;
}

static void refocus_event(VMHANDLE hVM, CLIENT_STRUCT *pcrs, DWORD RefData)
{
    (void)hVM, (void)pcrs;
    VMHANDLE to = (VMHANDLE)RefData;
    if (!Get_Execution_Focus() && Validate_VM_Handle(to))   /* a hot key may have been faster */
        Set_Execution_Focus(to);
}

static VMHANDLE vm_by_id(DWORD id)
{
    VMHANDLE first = 0;
    for (VMHANDLE vm = Get_Sys_VM_Handle(); (vm = walk(vm, &first)) != 0;)
        if (vm->CB_VMID == id)
            return vm;
    return 0;
}

static BOOL can_run(VMHANDLE vm)
{
    return vm && Validate_VM_Handle(vm) &&
           !(vm->CB_VM_Status & (VMSTAT_BLOCKED | VMSTAT_SUSPENDED | VMSTAT_NOT_EXECUTEABLE));
}

/* A VM to run the focus change in: the old focus VM, the new one, any. */
static VMHANDLE runner(VMHANDLE to)
{
    VMHANDLE from = Get_Execution_Focus(), first = 0;
    if (can_run(from))
        return from;
    if (can_run(to))
        return to;
    for (VMHANDLE vm = Get_Sys_VM_Handle(); (vm = walk(vm, &first)) != 0;)
        if (can_run(vm))
            return vm;
    return to;
}

static void hot_key(BYTE digit_code)
{
    DWORD id = digit_code - SC_1 + 1;
    VMHANDLE vm = vm_by_id(id);
    char line[] = "VKD: Ctrl+Alt+0: no such VM";
    line[14] = (char)('0' + id);
    if (!vm) {
        VMM386_Log(line);
        return;
    }
    /* not here, inside the interrupt: the devices change their state
     * (video memory, mappings) at a point where the VMM is between things.
     * An event of a VM that can run it soon, idle or not: not one blocked
     * in ring 0 (VDD holds a VM that waits for the focus that way). */
    Schedule_VM_Event(runner(vm), (DWORD)vm, focus_event);
}

static void kbd_hw_int(HIRQ hIRQ, VMHANDLE hVM, DWORD RefData)
{
    (void)hVM, (void)RefData;
    BYTE b;
    __asm__ volatile("inb %1, %0" : "=a"(b) : "Nd"((WORD)KBC_DATA));
    VPICD_Phys_EOI(hIRQ);
    if (b == SC_E0) {
        e0 = TRUE;
        return;
    }
    BOOL ext = e0;
    e0 = FALSE;
    BYTE m = mod_bit(b, ext);
    if (m)
        mods = (b & SC_BREAK) ? (mods & ~m) : (mods | m);
    BYTE make = b & ~SC_BREAK;
    if (!ext && make >= SC_1 && make <= SC_9) {
        if (!(b & SC_BREAK) && (mods & (MOD_LCTRL | MOD_RCTRL)) && (mods & (MOD_LALT | MOD_RALT))) {
            swallow_break = make;
            hot_key(make);
            return;
        }
        if ((b & SC_BREAK) && swallow_break == make) {
            swallow_break = 0;
            return;
        }
    }
    to_focus(b, ext);
}

/* "VKD: <what><v in hex>)": the reason the VM is crashed for. */
static void log_reset(const char *what, BYTE v)
{
    char line[80] = "VKD: ";
    int n = 5;
    for (const char *s = what; *s; s++)
        line[n++] = *s;
    put_hex(line + n, v, 2);
    n += 2;
    line[n++] = ')';
    line[n] = 0;
    VMM386_Log(line);
}

static BYTE outport(VMHANDLE vm)
{
    return OUTP_RESET | (V86MMGR_SetLocalA20(vm, V86MMGR_A20_QUERY) ? OUTP_A20 : 0);
}

/* A controller answer: straight into the output buffer, ahead of keys. */
static void answer(VMHANDLE vm, struct vkd_vm *k, BYTE b)
{
    if (k->obf_full && k->qcount < QLEN) {      /* push the waiting key back */
        k->qhead = (k->qhead + QLEN - 1) % QLEN;
        k->q[k->qhead] = k->obf;
        k->qcount++;
    }
    k->obf = b;
    k->obf_full = 1;
    (void)vm;
}

static void command(VMHANDLE vm, struct vkd_vm *k, BYTE c)
{
    k->pending = 0;
    switch (c) {
    case CMD_READ_CTR: answer(vm, k, k->ctr); return;
    case CMD_SELF_TEST: answer(vm, k, 0x55); return;
    case CMD_IF_TEST: answer(vm, k, 0x00); return;
    case CMD_READ_OUTP: answer(vm, k, outport(vm)); return;
    case CMD_WRITE_CTR:
    case CMD_WRITE_OUTP: k->pending = c; return;
    case CMD_A20_OFF:
    case CMD_A20_ON: V86MMGR_SetLocalA20(vm, c == CMD_A20_ON); return;
    case CMD_KBD_OFF:
    case CMD_KBD_ON: return;
    }
    if (c >= 0xF0 && !(c & OUTP_RESET)) {
        log_reset("reset through the keyboard controller (command ", c);
        Crash_Cur_VM();
    }
}

static void data_write(VMHANDLE vm, struct vkd_vm *k, BYTE v)
{
    BYTE p = k->pending;
    k->pending = 0;
    if (p == CMD_WRITE_CTR) {
        k->ctr = v;
        refill(vm, k);
        return;
    }
    if (p == CMD_WRITE_OUTP) {
        if (!(v & OUTP_RESET)) {
            log_reset("reset through the keyboard controller output port (", v);
            Crash_Cur_VM();
        }
        V86MMGR_SetLocalA20(vm, (v & OUTP_A20) != 0);
        return;
    }
    queue(vm, KBD_ACK);                 /* the virtual keyboard takes any command */
    if (v == KBD_RESET)
        queue(vm, KBD_RESET_OK);
}

static DWORD kbc_io(VMHANDLE hVM, DWORD IOType, DWORD Port, CLIENT_STRUCT *pcrs, DWORD OutData)
{
    (void)pcrs;
    struct vkd_vm *k = st(hVM);
    BOOL out = IOType & Output;
    if (Port == KBC_STATUS) {
        if (out)
            command(hVM, k, (BYTE)OutData);
        return ST_SYS | ST_UNLOCKED | (k->obf_full ? ST_OBF : 0);
    }
    if (out) {
        data_write(hVM, k, (BYTE)OutData);
        return 0;
    }
    if (k->obf_full) {
        k->last = k->obf;
        k->obf_full = 0;
        VPICD_Clear_Int_Request(kbd_irq, hVM);
        refill(hVM, k);
    }
    return k->last;
}

static BOOL VKD_Control(DWORD Msg, VMHANDLE hVM, DWORD Esi, DWORD Edi, DWORD Edx)
{
    (void)Esi, (void)Edi, (void)Edx;
    switch (Msg) {
    case Sys_Critical_Init: {
        static VID vid = { .VID_IRQ_Number = 1, .VID_Options = VPICD_OPT_VMM386_C,
                           .VID_IRET_Time_Out = 500 };
        vid.VID_Hw_Int_Proc = (DWORD)kbd_hw_int;
        cb_off = _Allocate_Device_CB_Area(sizeof(struct vkd_vm), 0);
        if (!cb_off)
            return FALSE;
        kbd_irq = VPICD_Virtualize_IRQ(&vid);
        return kbd_irq && Install_IO_Handler(KBC_DATA, kbc_io) && Install_IO_Handler(KBC_STATUS, kbc_io);
    }
    case Destroy_VM: {
        VMHANDLE to = Get_Execution_Focus() ? 0 : lowest_vm();
        if (to)                         /* a VM event: it runs soon, idle or not */
            Schedule_VM_Event(runner(to), (DWORD)to, refocus_event);
        return TRUE;
    }
    case Create_VM: {                   /* a fork copies its parent's area: start empty */
        struct vkd_vm *k = (struct vkd_vm *)((char *)hVM + cb_off);
        *k = (struct vkd_vm){ 0 };
        return TRUE;
    }
    }
    return TRUE;
}

static struct VxD_Desc_Block VKD_DDB = {
    .DDB_SDK_Version = DDK_VERSION,
    .DDB_Req_Device_Number = VKD_DEVICE_ID,
    .DDB_Dev_Major_Version = 4,
    .DDB_Flags = DDB_VMM386_C_PROCS,
    .DDB_Name = { 'V', 'K', 'D', ' ', ' ', ' ', ' ', ' ' },
    .DDB_Init_Order = VKD_INIT_ORDER,
    .DDB_Control_Proc = (void *)VKD_Control,
    .DDB_Size = sizeof(struct VxD_Desc_Block),
};
VXD_REGISTER(VKD_DDB);
