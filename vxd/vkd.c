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
 *
 * The PS/2 mouse on the controller's auxiliary port is VKD's too, when the
 * machine has one (found at Sys_Critical_Init: it must answer F6h and F4h).
 * VPICD gives it IRQ 12; VKD keeps the real mouse streaming and hands each
 * whole 3-byte packet to the focus VM's virtual mouse (vxd/vkd_mouse.c)
 * while that one reports.  Each VM's controller has the auxiliary side of
 * an 8042: command byte bits 1 (IRQ 12) and 5 (port off), commands A7h/A8h
 * (port off/on), A9h (test), D3h (into the buffer as mouse data) and D4h
 * (next byte to the mouse, whose answers come back as mouse data: status
 * bit 5, IRQ 12).  A VM's rate and resolution commands stay in its virtual
 * mouse: the one real mouse keeps VKD's settings.  Without a real mouse a
 * VM's mouse commands get no answer, as on a machine with none.
 */
#include "vmm.h"
#include "portio.h"
#include "vpicd.h"
#include "v86mmgr.h"
#include "vxd/vkd_mouse.h"

#define VKD_DEVICE_ID   0x000D
#define VKD_INIT_ORDER  0x28000000u     /* after VPICD; what the DDK's VKD uses */

#define KBC_DATA        0x60
#define KBC_STATUS      0x64
#define ST_OBF          0x01
#define ST_IBF          0x02            /* the real controller has not taken our last byte */
#define ST_SYS          0x04            /* self test passed */
#define ST_UNLOCKED     0x10
#define ST_AUX          0x20            /* the byte in the output buffer is the mouse's */
#define CTR_KBD_INT     0x01
#define CTR_AUX_INT     0x02
#define CTR_AUX_OFF     0x20
#define CTR_DEFAULT     0x45            /* kbd interrupt, system flag, translation */

#define CMD_READ_CTR    0x20
#define CMD_WRITE_CTR   0x60
#define CMD_SELF_TEST   0xAA
#define CMD_IF_TEST     0xAB
#define CMD_KBD_OFF     0xAD
#define CMD_KBD_ON      0xAE
#define CMD_AUX_OFF     0xA7
#define CMD_AUX_ON      0xA8
#define CMD_AUX_TEST    0xA9
#define CMD_READ_OUTP   0xD0
#define CMD_WRITE_OUTP  0xD1
#define CMD_WRITE_KBD_OB 0xD2
#define CMD_WRITE_AUX_OB 0xD3
#define CMD_WRITE_AUX   0xD4
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
#define AUX_IRQ 12
#define PKT_LEN 3
#define PKT_ALWAYS1 0x08                /* bit 3 of a packet's first byte: the sync */

struct vkd_vm {                         /* in every VM's control block */
    BYTE q[QLEN];
    BYTE qhead, qcount;
    BYTE obf, obf_full, last;           /* the output buffer, the byte last read */
    BYTE ctr;                           /* command byte */
    BYTE pending;                       /* command waiting for its byte at 60h */
    BYTE inited;
    BYTE mods_down;                     /* MOD_* this VM saw go down */
    BYTE obf_aux;                       /* the output buffer holds a mouse byte */
    BYTE aq[QLEN];                      /* mouse bytes waiting for the output buffer */
    BYTE aqhead, aqcount;
    struct vmouse mouse;
};

#define MOD_LCTRL 0x01
#define MOD_RCTRL 0x02
#define MOD_LALT  0x04
#define MOD_RALT  0x08

static DWORD cb_off;
static HIRQ kbd_irq;
static HIRQ aux_irq;                    /* 0: the machine has no PS/2 mouse */
static BYTE pkt[PKT_LEN], pkt_len;      /* the real mouse's packet so far */
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
        vmouse_reset(&k->mouse);
    }
    return k;
}

static void put_hex(char *p, DWORD v, int digits)
{
    static const char hex[] = "0123456789abcdef";
    for (int i = digits - 1; i >= 0; i--, v >>= 4)
        p[i] = hex[v & 15];
}

/* A full output buffer interrupts the VM as its command byte allows: IRQ 1
 * for a keyboard byte, IRQ 12 for a mouse byte. */
static void signal(VMHANDLE vm, struct vkd_vm *k)
{
    if (!k->obf_full)
        return;
    if (k->obf_aux) {
        if (aux_irq && (k->ctr & CTR_AUX_INT))
            VPICD_Set_Int_Request(aux_irq, vm);
    } else if (k->ctr & CTR_KBD_INT) {
        VPICD_Set_Int_Request(kbd_irq, vm);
    }
}

/* The next byte into the output buffer: the keyboard's first, then the
 * mouse's while the VM has its mouse port on. */
static void refill(VMHANDLE vm, struct vkd_vm *k)
{
    if (k->obf_full)
        return;
    if (k->qcount) {
        k->obf = k->q[k->qhead];
        k->qhead = (k->qhead + 1) % QLEN;
        k->qcount--;
        k->obf_aux = 0;
    } else if (k->aqcount && !(k->ctr & CTR_AUX_OFF)) {
        k->obf = k->aq[k->aqhead];
        k->aqhead = (k->aqhead + 1) % QLEN;
        k->aqcount--;
        k->obf_aux = 1;
    } else {
        return;
    }
    k->obf_full = 1;
    signal(vm, k);
}

/* Mouse bytes for the VM: all of them or, with no room, none (a packet is
 * never split). */
static void queue_aux(VMHANDLE vm, struct vkd_vm *k, const BYTE *b, int n)
{
    if (k->aqcount + n > QLEN)
        return;
    for (int i = 0; i < n; i++)
        k->aq[(k->aqhead + k->aqcount++) % QLEN] = b[i];
    refill(vm, k);
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


/* A byte of the real mouse: whole packets go to the focus VM's mouse. */
static void mouse_byte(BYTE b)
{
    if (!pkt_len && !(b & PKT_ALWAYS1))
        return;                         /* out of step: wait for a first byte */
    pkt[pkt_len++] = b;
    if (pkt_len < PKT_LEN)
        return;
    pkt_len = 0;
    VMHANDLE vm = Get_Execution_Focus();
    if (!vm)
        return;
    struct vkd_vm *k = st(vm);
    if (!vmouse_streams(&k->mouse))
        return;
    vmouse_packet(&k->mouse, pkt[0]);
    queue_aux(vm, k, pkt, PKT_LEN);
}

static void kbd_byte(BYTE b);

static void aux_hw_int(HIRQ hIRQ, VMHANDLE hVM, DWORD RefData)
{
    (void)hVM, (void)RefData;
    BYTE s = inb(KBC_STATUS);
    BYTE b = (s & ST_OBF) ? inb(KBC_DATA) : 0;
    VPICD_Phys_EOI(hIRQ);
    if (!(s & ST_OBF))
        return;
    if (s & ST_AUX)
        mouse_byte(b);
    else
        kbd_byte(b);                    /* a key, whatever line told us */
}


static void kbd_hw_int(HIRQ hIRQ, VMHANDLE hVM, DWORD RefData)
{
    (void)hVM, (void)RefData;
    BYTE s = aux_irq ? inb(KBC_STATUS) : 0;
    BYTE b = inb(KBC_DATA);
    VPICD_Phys_EOI(hIRQ);
    if (s & ST_AUX)
        mouse_byte(b);                  /* the mouse's, whatever line told us */
    else
        kbd_byte(b);
}

static void kbd_byte(BYTE b)
{
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
    if (k->obf_full && k->obf_aux && k->aqcount < QLEN) {   /* push the waiting byte back */
        k->aqhead = (k->aqhead + QLEN - 1) % QLEN;
        k->aq[k->aqhead] = k->obf;
        k->aqcount++;
    } else if (k->obf_full && !k->obf_aux && k->qcount < QLEN) {
        k->qhead = (k->qhead + QLEN - 1) % QLEN;
        k->q[k->qhead] = k->obf;
        k->qcount++;
    }
    k->obf = b;
    k->obf_full = 1;
    k->obf_aux = 0;
    (void)vm;
}

static void command(VMHANDLE vm, struct vkd_vm *k, BYTE c)
{
    k->pending = 0;
    switch (c) {
    case CMD_READ_CTR: answer(vm, k, k->ctr); return;
    case CMD_SELF_TEST: answer(vm, k, 0x55); return;
    case CMD_IF_TEST: answer(vm, k, 0x00); return;
    case CMD_AUX_TEST: answer(vm, k, 0x00); return;
    case CMD_READ_OUTP: answer(vm, k, outport(vm)); return;
    case CMD_AUX_OFF: k->ctr |= CTR_AUX_OFF; return;
    case CMD_AUX_ON: k->ctr &= ~CTR_AUX_OFF; refill(vm, k); return;
    case CMD_WRITE_CTR:
    case CMD_WRITE_OUTP:
    case CMD_WRITE_KBD_OB:
    case CMD_WRITE_AUX_OB:
    case CMD_WRITE_AUX: k->pending = c; return;
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
        signal(vm, k);                  /* its interrupt may have been turned on */
        return;
    }
    if (p == CMD_WRITE_AUX) {           /* to the mouse; no mouse, no answer */
        BYTE out[VMOUSE_MAX_ANSWER];
        if (aux_irq)
            queue_aux(vm, k, out, vmouse_write(&k->mouse, v, out));
        return;
    }
    if (p == CMD_WRITE_AUX_OB) {
        queue_aux(vm, k, &v, 1);
        return;
    }
    if (p == CMD_WRITE_KBD_OB) {
        queue(vm, v);
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
        return ST_SYS | ST_UNLOCKED | (k->obf_full ? ST_OBF | (k->obf_aux ? ST_AUX : 0) : 0);
    }
    if (out) {
        data_write(hVM, k, (BYTE)OutData);
        return 0;
    }
    if (k->obf_full) {
        k->last = k->obf;
        k->obf_full = 0;
        VPICD_Clear_Int_Request(k->obf_aux && aux_irq ? aux_irq : kbd_irq, hVM);
        refill(hVM, k);
    }
    return k->last;
}

/* ---------------------------------------- the real controller, polled at init */
#define POLL_LIMIT 200000               /* status reads: some 200 ms on real hardware */

static BOOL kbc_write(WORD port, BYTE v)
{
    for (int i = 0; i < POLL_LIMIT; i++)
        if (!(inb(KBC_STATUS) & ST_IBF)) {
            outb(port, v);
            return TRUE;
        }
    return FALSE;
}

/* The next byte from the mouse (aux) or the controller; -1: none came. */
static int kbc_read(BOOL aux)
{
    for (int i = 0; i < POLL_LIMIT; i++) {
        BYTE s = inb(KBC_STATUS);
        if (!(s & ST_OBF))
            continue;
        BYTE b = inb(KBC_DATA);
        if (!(s & ST_AUX) == !aux)
            return b;                   /* a key typed meanwhile is dropped */
    }
    return -1;
}

static BOOL mouse_cmd(BYTE c)
{
    return kbc_write(KBC_STATUS, CMD_WRITE_AUX) && kbc_write(KBC_DATA, c) && kbc_read(TRUE) == VMOUSE_ACK;
}

/* Is there a PS/2 mouse?  Then it streams from now on (defaults, enabled)
 * with its interrupt on; else the port goes back off.  Interrupts are off
 * and neither IRQ is virtualized yet, so nobody else reads the answers. */
static BOOL find_mouse(void)
{
    while (inb(KBC_STATUS) & ST_OBF)    /* whatever waits from before */
        inb(KBC_DATA);
    int ctr;
    if (!kbc_write(KBC_STATUS, CMD_READ_CTR) || (ctr = kbc_read(FALSE)) < 0)
        return FALSE;
    if (kbc_write(KBC_STATUS, CMD_AUX_ON) && mouse_cmd(0xF6) && mouse_cmd(0xF4) &&
        kbc_write(KBC_STATUS, CMD_WRITE_CTR) &&
        kbc_write(KBC_DATA, (BYTE)((ctr | CTR_AUX_INT) & ~CTR_AUX_OFF)))
        return TRUE;
    VMM386_Log("VKD: no PS/2 mouse");
    if (kbc_write(KBC_STATUS, CMD_WRITE_CTR))
        kbc_write(KBC_DATA, (BYTE)((ctr & ~CTR_AUX_INT) | CTR_AUX_OFF));
    kbc_write(KBC_STATUS, CMD_AUX_OFF);
    return FALSE;
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
        BOOL mouse = find_mouse();        /* before IRQ 1 and 12 are live: polled */
        kbd_irq = VPICD_Virtualize_IRQ(&vid);
        if (mouse) {
            static VID avid = { .VID_IRQ_Number = AUX_IRQ, .VID_Options = VPICD_OPT_VMM386_C,
                                .VID_IRET_Time_Out = 500 };
            avid.VID_Hw_Int_Proc = (DWORD)aux_hw_int;
            aux_irq = VPICD_Virtualize_IRQ(&avid);
            VMM386_Log(aux_irq ? "VKD: PS/2 mouse on IRQ 12" : "VKD: IRQ 12 refused: no mouse");
        }
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
        st(hVM);
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
