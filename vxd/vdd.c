/* VDD -- the virtual display device (the DDK's device 000Ah), text video per
 * VM, a VxD on the public API only (vmm.h).
 *
 * The focus VM's B8000h-BFFFFh is the real video memory (_PhysIntoV86);
 * every other VM writes into a copy of its own, 8 pages from the heap mapped
 * at the same place (_LinMapIntoV86), so a background VM's text never reaches
 * the screen.  Set_Device_Focus moves the screen: the VM losing the focus
 * gets the real memory's contents in its copy and the copy mapped, the new
 * focus VM's copy goes to the screen and the real memory is mapped for it.
 * The CRTC (3D4h/3D5h) is the focus VM's: its trapping is off for that VM;
 * a background VM's accesses are trapped and kept in its own registers, and
 * its cursor (shape, position) and start address are loaded into the real
 * CRTC when it gets the focus, so its cursor shows at once.
 * A background VM that sets a graphics mode (INT 10h AH=00h, AL >= 4 but not
 * 7) is blocked until it has the focus: graphics memory is not copied.
 * A VM in a text mode that gets the focus while the hardware is in another
 * mode (a graphics VM had it) has its own BIOS set its mode again (nested
 * INT 10h AH=00h, memory kept, from an event of that VM) before its text
 * is shown.
 * The rest of the VGA is the focus VM's alone too: a background VM's
 * A0000h-B7FFFh is a copy of its own (24 pages), and its accesses to the
 * VGA's other registers (attribute controller, misc output, sequencer, DAC,
 * graphics controller, input status) are trapped and kept in its own
 * shadow, so nothing it does reaches the screen or the VGA state of the
 * VM that has it.  Input status 1 (3DAh) toggles retrace for it, so its
 * waits for retrace end.
 * Known gaps: the copy of A0000h-B7FFFh and the shadow registers are not
 * carried to the hardware when a VM gets the focus (a graphics mode waits
 * for the focus; a text VM has its mode set again); the palette and fonts
 * of the VM that had the focus are not saved.
 */
#include "vmm.h"
#include "portio.h"

#define VDD_DEVICE_ID   0x000A
#define VDD_INIT_ORDER  0x60000000u

#define TEXT_PAGE       0xB8            /* B8000h */
#define TEXT_PAGES      8
#define TEXT_BYTES      (TEXT_PAGES * 4096)
#define CRTC_INDEX      0x3D4
#define CRTC_DATA       0x3D5
#define CRTC_REGS       0x19
#define CRTC_CUR_START  0x0A            /* 0Ah-0Fh: cursor shape, start address, cursor */
#define CRTC_CUR_LOC_LO 0x0F
#define BLANK_CELL      0x0720          /* space, light grey on black */
#define GFX_PAGE        0xA0            /* A0000h-B7FFFh: graphics, monochrome text */
#define GFX_PAGES       24
#define VGA_ATTR        0x3C0           /* index/data, with a flip-flop */
#define VGA_ATTR_READ   0x3C1
#define VGA_MISC_W      0x3C2
#define VGA_ENABLE      0x3C3           /* 0 turns the whole adapter off on some */
#define VGA_SEQ_INDEX   0x3C4
#define VGA_SEQ_DATA    0x3C5
#define VGA_DAC_MASK    0x3C6
#define VGA_DAC_RINDEX  0x3C7
#define VGA_DAC_WINDEX  0x3C8
#define VGA_DAC_DATA    0x3C9
#define VGA_MISC_R      0x3CC
#define VGA_GC_INDEX    0x3CE
#define VGA_GC_DATA     0x3CF
#define VGA_STATUS1     0x3DA
#define SEQ_REGS        5
#define GC_REGS         9
#define ATTR_REGS       0x15

struct vga_shadow {                     /* a background VM's VGA registers */
    BYTE misc, seq_index, gc_index, attr_index, attr_data_next, status;
    BYTE seq[SEQ_REGS], gc[GC_REGS], attr[ATTR_REGS];
    BYTE dac_mask, dac_index, dac_comp;
};

struct vdd_vm {
    BYTE *copy;                         /* TEXT_PAGES pages (_PageAllocate) */
    BYTE *gfx;                          /* GFX_PAGES pages: its A0000h-B7FFFh in the background */
    struct vga_shadow vga;
    DWORD mode_sem;                     /* a graphics mode waits for the focus */
    BYTE crtc_index;
    BYTE crtc[CRTC_REGS];
    BYTE real;                          /* the real memory is mapped */
};

static DWORD cb_off;
static BYTE *screen;                    /* the real B8000h, ring 0 */
static BYTE real_mode = 0xFF;           /* the BIOS mode the hardware is in (FFh: unknown) */

#define BDA_VIDEO_MODE  0x449
#define MODE_NO_CLEAR   0x80            /* INT 10h AH=00h: keep video memory */

static BOOL text_mode(BYTE m) { return m < 4 || m == 7; }

/* The BIOS video mode a VM believes it is in (its own BIOS data area). */
static BYTE vm_mode(VMHANDLE vm) { return *(BYTE *)(vm->CB_High_Linear + BDA_VIDEO_MODE); }

static struct vdd_vm *st(VMHANDLE vm) { return (struct vdd_vm *)((char *)vm + cb_off); }


static void copy(void *to, const void *from, DWORD n)
{
    DWORD *d = to;
    const DWORD *s = from;
    for (n /= 4; n; n--)
        *d++ = *s++;
}

static void log_vm(const char *what, VMHANDLE vm, const char *tail)
{
    char line[96] = "VDD: VM ";
    int n = 8;
    line[n++] = (char)('0' + vm->CB_VMID / 10 % 10);
    if (line[n - 1] == '0')
        n--;
    line[n++] = (char)('0' + vm->CB_VMID % 10);
    line[n++] = ' ';
    for (const char *s = what; *s && n < 80; s++)
        line[n++] = *s;
    for (const char *s = tail; *s && n < 95; s++)
        line[n++] = *s;
    line[n] = 0;
    VMM386_Log(line);
}

/* The VGA ports VDD traps for a background VM (besides the CRTC's). */
static const WORD vga_ports[] = {
    VGA_ATTR, VGA_ATTR_READ, VGA_MISC_W, VGA_ENABLE, VGA_SEQ_INDEX, VGA_SEQ_DATA, VGA_DAC_MASK,
    VGA_DAC_RINDEX, VGA_DAC_WINDEX, VGA_DAC_DATA, VGA_MISC_R, VGA_GC_INDEX, VGA_GC_DATA, VGA_STATUS1,
};
#define NVGA_PORTS (sizeof vga_ports / sizeof vga_ports[0])

static void map_real(VMHANDLE vm, struct vdd_vm *v)
{
    _PhysIntoV86(TEXT_PAGE, vm, TEXT_PAGE, TEXT_PAGES, 0);
    _PhysIntoV86(GFX_PAGE, vm, GFX_PAGE, GFX_PAGES, 0);
    Disable_Local_Trapping(vm, CRTC_INDEX);
    Disable_Local_Trapping(vm, CRTC_DATA);
    for (DWORD i = 0; i < NVGA_PORTS; i++)
        Disable_Local_Trapping(vm, vga_ports[i]);
    v->real = 1;
}

static void map_copy(VMHANDLE vm, struct vdd_vm *v)
{
    _LinMapIntoV86((DWORD)v->copy >> 12, vm, TEXT_PAGE, TEXT_PAGES, 0);
    _LinMapIntoV86((DWORD)v->gfx >> 12, vm, GFX_PAGE, GFX_PAGES, 0);
    Enable_Local_Trapping(vm, CRTC_INDEX);
    Enable_Local_Trapping(vm, CRTC_DATA);
    for (DWORD i = 0; i < NVGA_PORTS; i++)
        Enable_Local_Trapping(vm, vga_ports[i]);
    v->real = 0;
}

static BOOL vm_init(VMHANDLE vm)
{
    struct vdd_vm *v = st(vm);
    if (v->copy)
        return TRUE;                    /* VM 1: Sys_VM_Init did it */
    v->copy = _PageAllocate(TEXT_PAGES, PG_SYS, 0, 0, 0, 0, 0, 0);
    v->gfx = _PageAllocate(GFX_PAGES, PG_SYS, 0, 0, 0, 0, 0, 0);
    if (!v->copy || !v->gfx) {
        log_vm("gets no screen copy: out of memory", vm, "");
        return FALSE;
    }
    for (DWORD i = 0; i < GFX_PAGES * 4096 / 4; i++)
        ((DWORD *)v->gfx)[i] = 0;
    v->vga.misc = inb(VGA_MISC_R);
    WORD *cell = (WORD *)v->copy;
    for (DWORD i = 0; i < TEXT_BYTES / 2; i++)
        cell[i] = BLANK_CELL;
    BYTE idx = inb(CRTC_INDEX);         /* start from the real CRTC's state */
    for (BYTE r = 0; r < CRTC_REGS; r++) {
        outb(CRTC_INDEX, r);
        v->crtc[r] = inb(CRTC_DATA);
    }
    outb(CRTC_INDEX, idx);
    v->crtc[0x0C] = v->crtc[0x0D] = v->crtc[0x0E] = v->crtc[0x0F] = 0;     /* page 0, home */
    if (vm == Get_Execution_Focus())
        map_real(vm, v);
    else
        map_copy(vm, v);
    return TRUE;
}

static void vm_gone(VMHANDLE vm)
{
    struct vdd_vm *v = st(vm);
    if (v->copy)
        _PageFree(v->copy, 0);
    if (v->gfx)
        _PageFree(v->gfx, 0);
    if (v->mode_sem)
        Destroy_Semaphore(v->mode_sem);
    *v = (struct vdd_vm){ 0 };
}

/* The new focus VM's text and cursor onto the real screen. */
static void show(VMHANDLE vm, struct vdd_vm *n)
{
    (void)vm;
    copy(screen, n->copy, TEXT_BYTES);
    for (BYTE r = CRTC_CUR_START; r <= CRTC_CUR_LOC_LO; r++) {
        outb(CRTC_INDEX, r);
        outb(CRTC_DATA, n->crtc[r]);
    }
    outb(CRTC_INDEX, n->crtc_index);
}

/* In the new focus VM: INT 10h AH=00h with its text mode (memory kept),
 * then its screen.  Skipped if the focus moved on meanwhile.  A priority
 * event that waits for the VM's STI and for the critical section: nested
 * execution where the VM has interrupts off (DOS switching stacks, a
 * handler in progress) or inside another VM's BIOS disk call would run
 * the BIOS on a stack and state the VM does not expect to lend. */
static void mode_event(VMHANDLE hVM, CLIENT_STRUCT *pcrs, DWORD RefData, BOOL TimedOut)
{
    (void)TimedOut;
    if (hVM != Get_Execution_Focus())
        return;
    Begin_Nest_V86_Exec();
    pcrs->CWRS.Client_AX = (WORD)((RefData & 0x7F) | MODE_NO_CLEAR);
    Exec_Int(0x10);
    End_Nest_Exec();
    real_mode = (BYTE)RefData;
    show(hVM, st(hVM));
    char tail[] = " 00 restored";
    tail[1] = "0123456789abcdef"[(RefData >> 4) & 15];
    tail[2] = "0123456789abcdef"[RefData & 15];
    log_vm("text mode", hVM, tail);
}

/* The screen goes from the VM that had the focus (if any) to vm. */
static void set_focus(VMHANDLE vm)
{
    VMHANDLE old = Get_Execution_Focus();
    struct vdd_vm *n = st(vm);
    if (!n->copy || vm == old)
        return;
    if (old && Validate_VM_Handle(old) && st(old)->copy && st(old)->real) {
        struct vdd_vm *o = st(old);
        copy(o->copy, screen, TEXT_BYTES);
        o->crtc_index = inb(CRTC_INDEX);
        for (BYTE r = CRTC_CUR_START; r <= CRTC_CUR_LOC_LO; r++) {
            outb(CRTC_INDEX, r);
            o->crtc[r] = inb(CRTC_DATA);
        }
        map_copy(old, o);
    }
    if (old && Validate_VM_Handle(old))
        real_mode = vm_mode(old);
    map_real(vm, n);
    BYTE want = vm_mode(vm);
    if (text_mode(want) && want != real_mode && !n->mode_sem) {
        /* the hardware is in another mode (a graphics VM had the focus):
         * the VM's own BIOS sets its text mode again, from an event of its */
        Call_Priority_VM_Event(0, vm, PEF_Wait_For_STI | PEF_Wait_Not_Crit | PEF_Always_Sched, want,
                               mode_event, 0, NULL);
        return;
    }
    show(vm, n);
    if (n->mode_sem)
        Signal_Semaphore(n->mode_sem);
}

/* 3D4h/3D5h of a background VM (the focus VM's go to the hardware). */
static DWORD crtc_io(VMHANDLE hVM, DWORD IOType, DWORD Port, CLIENT_STRUCT *pcrs, DWORD OutData)
{
    (void)pcrs;
    struct vdd_vm *v = st(hVM);
    BOOL out = IOType & Output;
    if (v->real) {                      /* trapping was on a moment ago: pass it on */
        if (out)
            outb((WORD)Port, (BYTE)OutData);
        return out ? 0 : inb((WORD)Port);
    }
    if (Port == CRTC_INDEX) {
        if (out)
            v->crtc_index = (BYTE)OutData;
        return v->crtc_index;
    }
    BYTE r = v->crtc_index & 0x3F;
    if (out) {
        if (r < CRTC_REGS)
            v->crtc[r] = (BYTE)OutData;
        return 0;
    }
    return r < CRTC_REGS ? v->crtc[r] : 0xFF;
}

/* A shadow register a port reads and writes whole (an index, the DAC mask). */
static BYTE shadow_reg(BYTE *reg, BOOL out, BYTE b)
{
    if (out)
        *reg = b;
    return *reg;
}

/* The data port of an index/data pair: register `index` of n; FFh past them. */
static BYTE shadow_data(BYTE *regs, unsigned n, BYTE index, BOOL out, BYTE b)
{
    return index < n ? shadow_reg(&regs[index], out, b) : 0xFF;
}

/* The VGA's other ports for a background VM: its own shadow, never the
 * hardware (the focus VM's go to the hardware: their trapping is off). */
static DWORD vga_io(VMHANDLE hVM, DWORD IOType, DWORD Port, CLIENT_STRUCT *pcrs, DWORD OutData)
{
    (void)pcrs;
    struct vdd_vm *v = st(hVM);
    struct vga_shadow *g = &v->vga;
    BOOL out = IOType & Output;
    BYTE b = (BYTE)OutData;
    if (v->real) {                      /* trapping was on a moment ago: pass it on */
        if (out)
            outb((WORD)Port, b);
        return out ? 0 : inb((WORD)Port);
    }
    switch (Port) {
    case VGA_ATTR:                      /* index, then data, by the flip-flop */
        if (!out)
            return g->attr_index;
        if (g->attr_data_next && (g->attr_index & 0x1F) < ATTR_REGS)
            g->attr[g->attr_index & 0x1F] = b;
        else if (!g->attr_data_next)
            g->attr_index = b;
        g->attr_data_next ^= 1;
        return 0;
    case VGA_ATTR_READ:
        return (g->attr_index & 0x1F) < ATTR_REGS ? g->attr[g->attr_index & 0x1F] : 0;
    case VGA_MISC_W:                    /* a read here is input status 0 */
        if (out)
            g->misc = b;
        return 0;
    case VGA_MISC_R:
        return g->misc;
    case VGA_ENABLE:                    /* on, whatever it writes */
        return 1;
    case VGA_SEQ_INDEX:
        return shadow_reg(&g->seq_index, out, b);
    case VGA_SEQ_DATA:
        return shadow_data(g->seq, SEQ_REGS, g->seq_index, out, b);
    case VGA_GC_INDEX:
        return shadow_reg(&g->gc_index, out, b);
    case VGA_GC_DATA:
        return shadow_data(g->gc, GC_REGS, g->gc_index, out, b);
    case VGA_DAC_MASK:
        return shadow_reg(&g->dac_mask, out, b);
    case VGA_DAC_RINDEX:
    case VGA_DAC_WINDEX:
        if (out) {
            g->dac_index = b;
            g->dac_comp = 0;
        }
        return g->dac_index;
    case VGA_DAC_DATA:                  /* three writes or reads per entry, kept nowhere */
        if (++g->dac_comp == 3) {
            g->dac_comp = 0;
            g->dac_index++;
        }
        return 0;
    case VGA_STATUS1:                   /* resets the flip-flop; retrace comes and goes */
        if (out)
            return 0;
        g->attr_data_next = 0;
        g->status ^= 0x09;
        return g->status;
    }
    return 0xFF;
}

/* INT 10h AH=00h: a graphics mode set in the background waits for the focus. */
static BOOL int10_hook(DWORD Intno, VMHANDLE hVM, CLIENT_STRUCT *pcrs)
{
    (void)Intno;
    BYTE mode = pcrs->CBRS.Client_AL & 0x7F;
    if (pcrs->CBRS.Client_AH != 0x00)
        return FALSE;
    if (hVM == Get_Execution_Focus())
        real_mode = mode;
    if (text_mode(mode))
        return FALSE;
    struct vdd_vm *v = st(hVM);
    while (hVM != Get_Execution_Focus()) {
        if (!v->mode_sem && !(v->mode_sem = Create_Semaphore(0)))
            return FALSE;               /* nothing to wait with: let it draw */
        log_vm("waits for the focus to set a graphics mode", hVM, "");
        Wait_Semaphore(v->mode_sem, 0);
    }
    if (v->mode_sem) {
        Destroy_Semaphore(v->mode_sem);
        v->mode_sem = 0;
        log_vm("has the focus: graphics mode set", hVM, "");
    }
    real_mode = mode;                   /* it has the focus: the BIOS sets it now */
    return FALSE;                       /* on down the chain: the BIOS sets it */
}

/* INT 10h is hooked only while there is more than one VM: alone, a VM has
 * the screen for good, and its INT 10h calls keep the fast path. */
static BOOL int10_hooked;

static DWORD vm_count_now(void)
{
    VMHANDLE first = Get_Cur_VM_Handle(), v = first;
    DWORD n = 0;
    do {
        v = Get_Next_VM_Handle(v);
        n++;
    } while (v && v != first && n < 64);
    return n;
}

static BOOL VDD_Control(DWORD Msg, VMHANDLE hVM, DWORD Esi, DWORD Edi, DWORD Edx)
{
    (void)Esi, (void)Edi, (void)Edx;
    switch (Msg) {
    case Sys_Critical_Init:
        cb_off = _Allocate_Device_CB_Area(sizeof(struct vdd_vm), 0);
        screen = _MapPhysToLinear(TEXT_PAGE << 12, TEXT_BYTES, 0);
        return cb_off && screen != (BYTE *)0xFFFFFFFFu;
    case Device_Init:
        if (!Install_IO_Handler(CRTC_INDEX, crtc_io) || !Install_IO_Handler(CRTC_DATA, crtc_io))
            return FALSE;
        for (DWORD i = 0; i < NVGA_PORTS; i++)
            if (!Install_IO_Handler(vga_ports[i], vga_io))
                return FALSE;
        return TRUE;
    case Create_VM:                     /* a fork's area is its parent's copy: start empty */
        *st(hVM) = (struct vdd_vm){ 0 };
        if (!int10_hooked && !(int10_hooked = Hook_V86_Int_Chain(0x10, int10_hook)))
            return FALSE;
        return TRUE;
    case Sys_VM_Init:
    case VM_Critical_Init:
        return vm_init(hVM);
    case Set_Device_Focus:
        set_focus(hVM);
        return TRUE;
    case Destroy_VM:
        vm_gone(hVM);
        if (int10_hooked && vm_count_now() <= 1 && Unhook_V86_Int_Chain(0x10, int10_hook))
            int10_hooked = FALSE;
        return TRUE;
    }
    return TRUE;
}

static struct VxD_Desc_Block VDD_DDB = {
    .DDB_SDK_Version = DDK_VERSION,
    .DDB_Req_Device_Number = VDD_DEVICE_ID,
    .DDB_Dev_Major_Version = 4,
    .DDB_Flags = DDB_VMM386_C_PROCS,
    .DDB_Name = { 'V', 'D', 'D', ' ', ' ', ' ', ' ', ' ' },
    .DDB_Init_Order = VDD_INIT_ORDER,
    .DDB_Control_Proc = (void *)VDD_Control,
    .DDB_Size = sizeof(struct VxD_Desc_Block),
};
VXD_REGISTER(VDD_DDB);
