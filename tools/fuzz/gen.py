"""The differential fuzzer's block generator (tools/fuzz).

Block i of seed s depends only on (s, i): gen_block(seed, i, opts) draws from
random.Random("vmm386-fuzz:<s>:<i>").  A block is an initial register image
(every GPR with its upper half, DS/ES/FS/GS/SS in the scratch window, SP
anywhere, FLAGS) and a list of units: each unit is a few NASM lines that
belong together (an instruction and the setup it needs, or a forward branch
with what it skips), so that the minimizer can drop whole units.

Flags the CPU leaves undefined (MUL's SF/ZF/AF/PF, DIV's six, shifts' OF/AF,
BT*'s, BCD's, BSF/BSR's...) are redefined by a CMP before any instruction
that could expose them (Jcc, SETcc, ADC, PUSHF, INT, a possible fault, ...)
and at the end of the block.  Under TF single-stepping no instruction that
leaves flags undefined is generated (every #DB frame holds FLAGS).

Left out because they legitimately differ in V86 mode: SMSW, SGDT, SIDT,
SLDT, STR, LAR/LSL/VERR/VERW (they #UD in real mode but not in V86 mode),
RDTSC/RDPMC/CPUID timing and model reads, the vectors vmm386 serves itself
(INT 13h with the module disk, INT 15h, INT 2Fh AX=16xxh), and ports other
than the harmless ones.  INT 60h AH=01h/02h is generated only with
opts.int60 (the INT60 sample VxD answers it in the default kernel).
"""
import random

CF, PF, AF, ZF, SF, OF = 0x1, 0x4, 0x10, 0x40, 0x80, 0x800
ARITH = CF | PF | AF | ZF | SF | OF

R8 = ["al", "cl", "dl", "bl", "ah", "ch", "dh", "bh"]
R16 = ["ax", "cx", "dx", "bx", "sp", "bp", "si", "di"]
R32 = ["eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"]
# registers a block may scribble over freely (SP changes are made on purpose)
W16 = ["ax", "cx", "dx", "bx", "bp", "si", "di"]
W32 = ["eax", "ecx", "edx", "ebx", "ebp", "esi", "edi"]
CC = ["o", "no", "b", "ae", "e", "ne", "be", "a", "s", "ns", "p", "np", "l", "ge", "le", "g"]
ALU = ["add", "or", "adc", "sbb", "and", "sub", "xor", "cmp"]
SCRSEG = 0x3000
CODESEG = 0x2000
# software-interrupt vectors: not the faults that end a block (0, 5, 6, 7,
# 0Ch, 0Dh), not IRQ 0 (8), not what vmm386 serves itself (13h, 15h, 2Fh)
INT_VECTORS = [0x01, 0x03, 0x04, 0x09, 0x0A, 0x0B, 0x0E, 0x0F, 0x10, 0x11, 0x12, 0x14,
               0x16, 0x17, 0x18, 0x19, 0x1A, 0x1C, 0x20, 0x21, 0x22, 0x28, 0x33, 0x40,
               0x41, 0x4A, 0x61, 0x62, 0x66, 0x67, 0x70, 0x75, 0x80, 0xE0, 0xFF]
# ports that read back or ignore writes the same way bare and under vmm386
# (DMA page registers of unused channels, an unused ISA range)
IO_PORTS = [0x83, 0x87, 0x8B, 0x2E0, 0x2E3]


class Opts:
    def __init__(self, int60=False, iopl=True, cx8=False, maxlen=40, retf_guard=True, ac=True):
        # AC in FLAGS images: with VME the CPU's own INT n redirection keeps
        # AC, where a real-mode INT clears it (docs/fuzzing.md)
        self.ac = ac
        self.retf_guard = retf_guard
        # QEMU 7.2 takes no single-step trap after STI (docs/fuzzing.md)
        self.sti_step = not retf_guard    # QEMU 7.2: RETF reads CS past SS:FFFF (docs/fuzzing.md)
        self.int60 = int60      # INT 60h AH=01h/02h (the INT60 sample's functions)
        self.iopl = iopl        # random IOPL/NT in FLAGS images (False: IOPL is 3 throughout)
        self.cx8 = cx8          # CMPXCHG8B (QEMU 7.2 bug: see docs/fuzzing.md)
        self.maxlen = maxlen


class Block:
    def __init__(self, seed, index, regs, units, ninsns):
        self.seed, self.index = seed, index
        self.regs = regs        # dict: eax..edi, ebp, esp, eflags, ds, es, fs, gs, ss
        self.units = units      # list of lists of NASM lines
        self.ninsns = ninsns    # instructions generated (setup included)

    def source(self, label, units=None):
        """NASM text of the block's code, at label (position independent:
        offsets are taken relative to the label, the code runs at 2000:0000)."""
        units = self.units if units is None else units
        out = ["%s:" % label]
        for u in units:
            for l in u:
                out.append("        " + l.replace("@B", label).replace("@L", label + "_"))
        out.append("        jmp     1000h:0003h")
        out.append("%s_end:" % label)
        return "\n".join(out)


def _is32(operand):
    o = operand.strip()
    return (o.startswith(("dword", "strict dword")) or o in R32)


def stack_effect(line):
    """(SP change or None when unknown, uses 32-bit stack slots) of one line."""
    w = line.split(None, 1)
    op = w[0] if w else ""
    arg = w[1] if len(w) > 1 else ""
    if op == "push":
        if arg.strip() in ("ds", "es", "fs", "gs", "ss", "cs"):
            return -2, False
        return (-4, True) if _is32(arg) else (-2, False)
    if op == "pop":
        return (4, True) if _is32(arg) else (2, False)
    fixed = {"pusha": (-16, False), "pushad": (-32, True), "popa": (16, False), "popad": (32, True),
             "pushf": (-2, False), "pushfd": (-4, True), "popf": (2, False), "popfd": (4, True),
             "iret": (6, False), "iretd": (12, True), "ret": (2, False), "retf": (4, False)}
    if op in fixed:
        d, w32 = fixed[op]
        if arg and op in ("ret", "retf"):
            d += int(arg, 0)
        return d, w32
    if op == "call":
        return (-4 if ":" in arg else -2), False
    if op == "enter":
        size, level = (int(x, 0) for x in arg.split(","))
        return -(2 + 2 * level + size if level else 2 + size), False
    if op == "leave":
        return None, False
    return 0, False


class Gen:
    def __init__(self, rng, opts):
        self.r = rng
        self.o = opts
        self.units = []
        self.U = 0              # flags currently undefined
        self.tf = False         # single-stepping on
        self.csadj = 0          # IP of the code = offset + csadj (CS 2000h: 0, 1FF0h: 100h)
        self.cs = CODESEG
        self.nlab = 0
        self.n = 0
        self.spmod = None        # SP mod 4 when known

    # ------------------------------------------------------------ helpers
    def lab(self):
        self.nlab += 1
        return "@L%d" % self.nlab

    def ip(self, label):
        """The IP of label under the current CS."""
        return "(%s - @B + %d)" % (label, self.csadj)

    def imm(self, bits):
        r = self.r
        c = r.random()
        if c < 0.15:
            return r.choice([0, 1, (1 << bits) - 1, 1 << (bits - 1), (1 << (bits - 1)) - 1])
        if c < 0.3:
            return r.randrange(0, 16)
        return r.getrandbits(bits)

    def seg_value(self):
        return SCRSEG + self.r.randrange(0, 0x100)

    def redefine(self):
        if self.U:
            reg = self.r.choice(R16[:4] + R8)
            self.units.append(["cmp     %s, %d" % (reg, self.r.randrange(0, 256))])
            self.n += 1
            self.U = 0

    def emit(self, lines, reads=False, undef=0, defines=0, count=None):
        """One unit.  reads: it may expose FLAGS (a reader, a possible fault
        or interrupt); undef: flags it leaves undefined; defines: the
        arithmetic flags it sets to defined values."""
        effects = [stack_effect(l) for l in lines if not l.endswith(":")]
        moves = [e for e in effects if e != (0, False)]
        if moves and (self.spmod is None or (self.spmod and any(w for _, w in moves))):
            # keep stack slots from straddling the end of the stack segment
            self.units.append(["and     sp, 0xFFFC"])
            self.n += 1
            self.U = (self.U & ~ARITH) | AF
            self.spmod = 0
        if reads or self.tf:
            self.redefine()
        self.units.append(list(lines))
        for l in lines:
            if l.startswith("mov     sp, "):
                self.spmod = int(l.split(",")[1], 0) & 3
            elif self.spmod is not None:
                d, _ = stack_effect(l) if not l.endswith(":") else (0, False)
                self.spmod = None if d is None else (self.spmod + d) & 3
        self.n += count if count is not None else sum(1 for l in lines if not l.endswith(":"))
        self.U = (self.U & ~defines & ~undef) | undef

    def mem16(self, write, size=None):
        """A 16-bit-address memory operand, any ModRM form and any segment
        (CS only for reads: the code segment is not scratch)."""
        r = self.r
        segs = ["", "", "", "", "", "es:", "ss:", "ds:", "fs:", "gs:"] + ([] if write else ["cs:"])
        seg = r.choice(segs)
        base = r.choice(["bx+si", "bx+di", "bp+si", "bp+di", "si", "di", "bp", "bx", None])
        if base is None:
            addr = "word 0x%x" % r.randrange(0, 0x10000)
        else:
            m = r.randrange(3)
            if m == 0 and base != "bp":
                addr = base
            elif m == 1 or (m == 0 and base == "bp"):
                addr = "byte %s%+d" % (base, r.randrange(-128, 128))
            else:
                addr = "word %s+0x%x" % (base, r.randrange(0, 0x10000))
        sz = (size + " ") if size else ""
        return "%s[%s%s]" % (sz, seg, addr)

    def mem32(self, write, size=None):
        """A 32-bit-address (67h) operand: setup lines that bring the base and
        index into range (EA < 0C000h), and the operand."""
        r = self.r
        setup = []
        base = r.choice(R32 + [None])
        idx = r.choice([x for x in R32 if x != "esp"] + [None, None])
        parts = []
        if base:
            setup.append("and     %s, 0x%x" % (base, r.choice([0x3FFF, 0xFFF, 0xFF])))
            parts.append(base)
        if idx:
            if idx != base:
                setup.append("and     %s, 0x%x" % (idx, r.choice([0x7FF, 0xFF, 0x1F])))
                parts.append("%s*%d" % (idx, r.choice([1, 2, 4, 8])))
        d = r.randrange(4)
        if not parts or d == 3:
            parts.append("dword 0x%x" % r.randrange(0, 0x800))
        elif d == 1:
            parts.append("byte %d" % r.randrange(0, 128))
        if parts[-1].startswith(("dword", "byte")) and len(parts) > 1:
            disp = parts.pop()
            addr = disp.split()[0] + " " + "+".join(parts) + "+" + disp.split()[1]
        else:
            addr = "+".join(parts)
        segs = ["", "", "", "es:", "ss:", "ds:", "fs:", "gs:"] + ([] if write else ["cs:"])
        sz = (size + " ") if size else ""
        if setup:
            self.U |= AF            # AND leaves AF undefined
            self.U &= ~(CF | PF | ZF | SF | OF)
        return setup, "%s[%s%s]" % (sz, r.choice(segs), addr)

    def mem(self, write, size=None):
        if self.r.random() < 0.2:
            return self.mem32(write, size)
        return [], self.mem16(write, size)

    def reg(self, bits, writable=True):
        r = self.r
        if bits == 8:
            return r.choice(R8)
        if bits == 16:
            return r.choice(W16 if writable else R16)
        return r.choice(W32 if writable else R32)

    # ------------------------------------------------------------ the mix
    def g_alu(self):
        r = self.r
        op = r.choice(ALU)
        bits = r.choice([8, 16, 32])
        reads = op in ("adc", "sbb")
        undef = AF if op in ("and", "or", "xor") else 0
        write = op != "cmp"
        form = r.randrange(5)
        setup = []
        if form == 0:       # reg, reg (either encoding)
            a, b = self.reg(bits), self.reg(bits, False)
            if r.random() < 0.3 and bits != 32:
                # the other direction's opcode (02/03 form) as raw bytes
                opc = ALU.index(op) * 8 + (2 if bits == 8 else 3)
                regs = R8 if bits == 8 else R16
                line = "db 0x%02x, 0x%02x ; %s %s,%s (r, r/m form)" % (
                    opc, 0xC0 | (regs.index(a) << 3) | regs.index(b), op, a, b)
                lines = [line]
            else:
                lines = ["%s %s, %s" % (op, a, b)]
        elif form == 1:     # reg, imm
            a = self.reg(bits)
            lines = ["%s %s, 0x%x" % (op, a, self.imm(bits))]
            if bits > 8 and r.random() < 0.3:
                lines = ["%s %s, strict byte %d" % (op, a, r.randrange(-128, 128))]
        elif form == 2:     # mem, reg
            setup, m = self.mem(write)
            lock = "lock " if write and r.random() < 0.15 else ""
            lines = ["%s%s %s, %s" % (lock, op, m, self.reg(bits, False))]
        elif form == 3:     # reg, mem
            setup, m = self.mem(False)
            lines = ["%s %s, %s" % (op, self.reg(bits), m)]
        else:               # mem, imm
            sz = {8: "byte", 16: "word", 32: "dword"}[bits]
            setup, m = self.mem(write, sz)
            lines = ["%s %s, 0x%x" % (op, m, self.imm(bits))]
        self.emit(setup + lines, reads=reads, undef=undef, defines=ARITH & ~undef)

    def g_unary(self):
        r = self.r
        op = r.choice(["inc", "dec", "neg", "not", "test"])
        bits = r.choice([8, 16, 32])
        sz = {8: "byte", 16: "word", 32: "dword"}[bits]
        setup = []
        if r.random() < 0.5:
            t = self.reg(bits)
        else:
            setup, t = self.mem(op != "test", sz)
        if op == "test":
            line = "test %s, %s" % (t, self.reg(bits, False) if r.random() < 0.5 and not t.startswith(sz) else "0x%x" % self.imm(bits))
            self.emit(setup + [line], undef=AF, defines=ARITH & ~AF)
        elif op == "not":
            self.emit(setup + ["not %s" % t])
        elif op == "neg":
            self.emit(setup + ["neg %s" % t], defines=ARITH)
        else:
            self.emit(setup + ["%s %s" % (op, t)], defines=ARITH & ~CF)

    def g_mov(self):
        r = self.r
        bits = r.choice([8, 16, 32])
        k = r.randrange(8)
        if k == 0:
            self.emit(["mov %s, 0x%x" % (self.reg(bits), self.imm(bits))])
        elif k == 1:
            self.emit(["mov %s, %s" % (self.reg(bits), self.reg(bits, False))])
        elif k == 2:
            setup, m = self.mem(True)
            self.emit(setup + ["mov %s, %s" % (m, self.reg(bits, False))])
        elif k == 3:
            setup, m = self.mem(False)
            self.emit(setup + ["mov %s, %s" % (self.reg(bits), m)])
        elif k == 4:
            setup, m = self.mem(False)
            addr = m.split("[", 1)[1]
            if ":" in addr:
                addr = addr.split(":", 1)[1]
            self.emit(setup + ["lea %s, [%s" % (self.reg(r.choice([16, 32])), addr)])
        elif k == 5:
            op = r.choice(["movsx", "movzx"])
            if r.random() < 0.5:
                src = r.choice(R8)
                dst = self.reg(r.choice([16, 32]))
            else:
                src = r.choice(R16)
                dst = self.reg(32)
            self.emit(["%s %s, %s" % (op, dst, src)])
        elif k == 6:
            self.emit(["xchg %s, %s" % (self.reg(bits), self.reg(bits))])
        else:
            self.emit([r.choice(["cbw", "cwd", "cwde", "cdq", "xlatb", "nop", "sahf", "clc",
                                 "stc", "cld", "std", "cmc", "lahf"])],
                      reads=False)
            last = self.units[-1][0]
            if last in ("lahf", "cmc") and self.U:
                # re-emit with the fix-up in front
                self.units.pop()
                self.n -= 1
                self.redefine()
                self.emit([last])
            if last in ("sahf",):
                self.U &= ~(CF | PF | AF | ZF | SF)
            if last in ("clc", "stc"):
                self.U &= ~CF

    def g_shift(self):
        r = self.r
        op = r.choice(["rol", "ror", "rcl", "rcr", "shl", "shr", "sar", "sal"])
        bits = r.choice([8, 16, 32])
        sz = {8: "byte", 16: "word", 32: "dword"}[bits]
        setup = []
        if r.random() < 0.6:
            t = self.reg(bits)
        else:
            setup, t = self.mem(True, sz)
        how = r.randrange(3)
        if how == 0:
            cnt = "1"
        elif how == 1:
            cnt = "cl"
        else:
            cnt = str(r.randrange(0, 32))
        reads = op in ("rcl", "rcr")
        if op in ("rol", "ror", "rcl", "rcr"):
            undef = OF if cnt != "1" else 0
            defines = CF | OF
        else:
            undef = (OF if cnt != "1" else 0) | AF
            if cnt == "cl" or (cnt not in ("1",) and int(cnt) >= bits):
                undef |= CF
            defines = ARITH
        if op == "sal":     # D0-D3 /6, the undocumented alias of SHL
            if t in R8 or t in R16 or t in R32:
                regs = R8 if bits == 8 else (R16 if bits == 16 else R32)
                pre = "db 0x66\n" if bits == 32 else ""
                opc = {("1", 8): 0xD0, ("1", 16): 0xD1, ("cl", 8): 0xD2, ("cl", 16): 0xD3}
                if cnt in ("1", "cl"):
                    b = opc[(cnt, 8 if bits == 8 else 16)]
                    lines = ([pre.strip()] if pre else []) + [
                        "db 0x%02x, 0x%02x ; sal %s, %s (D0-D3 /6)" % (b, 0xF0 | regs.index(t), t, cnt)]
                    self.emit(setup + lines, reads=False, undef=undef, defines=defines, count=1)
                    return
            op = "shl"
        if self.tf and undef:
            return
        self.emit(setup + ["%s %s, %s" % (op, t, cnt)], reads=reads, undef=undef, defines=defines)

    def g_shld(self):
        r = self.r
        op = r.choice(["shld", "shrd"])
        bits = r.choice([16, 32])
        if bits == 16:
            cnt = str(r.randrange(0, 16))
        else:
            cnt = r.choice(["cl", str(r.randrange(0, 32))])
        if self.tf:
            return
        self.emit(["%s %s, %s, %s" % (op, self.reg(bits), self.reg(bits, False), cnt)],
                  undef=OF | AF | (CF if cnt == "cl" else 0), defines=ARITH)

    def g_muldiv(self):
        r = self.r
        if self.tf:
            return
        op = r.choice(["mul", "imul", "div", "idiv", "imul2", "imul3"])
        bits = r.choice([8, 16, 32])
        sz = {8: "byte", 16: "word", 32: "dword"}[bits]
        if op in ("imul2", "imul3"):
            bits = r.choice([16, 32])
            if op == "imul2":
                line = "imul %s, %s" % (self.reg(bits), self.reg(bits, False))
            else:
                line = "imul %s, %s, %d" % (self.reg(bits), self.reg(bits, False),
                                            r.randrange(-40000, 40000))
            self.emit([line], undef=SF | ZF | AF | PF, defines=CF | OF)
            return
        setup = []
        if r.random() < 0.7:
            src = r.choice(R8 if bits == 8 else (R16 if bits == 16 else R32))
        else:
            setup, src = self.mem(False, sz)
        if op in ("mul", "imul"):
            self.emit(setup + ["%s %s" % (op, src)], undef=SF | ZF | AF | PF, defines=CF | OF)
            return
        # DIV: sometimes make it succeed (small dividend high part, divisor != 0)
        pre = []
        if r.random() < 0.6 and src in (R8 + R16 + R32) and src not in ("al", "ah", "ax", "eax", "dx", "edx"):
            pre.append("or      %s, 0x%x" % (src, r.randrange(1, 256) << (bits - 8)))
            hi = {8: "ah", 16: "dx", 32: "edx"}[bits]
            pre.append("xor     %s, %s" % (hi, hi))
            self.U &= ~ARITH
        self.emit(setup + pre + ["%s %s" % (op, src)], reads=True, undef=ARITH)

    def g_bcd(self):
        r = self.r
        if self.tf:
            return
        op = r.choice(["daa", "das", "aaa", "aas", "aam", "aad"])
        if op in ("daa", "das"):
            self.emit([op], reads=True, undef=OF, defines=ARITH)
        elif op in ("aaa", "aas"):
            self.emit([op], reads=True, undef=OF | SF | ZF | PF, defines=ARITH)
        else:
            base = r.choice([10, 10, 16, 7, 0, 255]) if op == "aam" else r.choice([10, 16, 0, 3])
            self.emit(["%s %d" % (op, base)], reads=(op == "aam"), undef=OF | AF | CF, defines=ARITH)

    def g_bt(self):
        r = self.r
        if self.tf:
            return
        op = r.choice(["bt", "bts", "btr", "btc"])
        bits = r.choice([16, 32])
        sz = "word" if bits == 16 else "dword"
        if r.random() < 0.5:
            t = self.reg(bits)
            src = r.choice([self.reg(bits, False), str(r.randrange(0, 256))])
            self.emit(["%s %s, %s" % (op, t, src)], undef=OF | SF | AF | PF | ZF, defines=CF)
        else:
            setup, m = self.mem(op != "bt", sz)
            self.emit(setup + ["%s %s, %d" % (op, m, r.randrange(0, 256))],
                      undef=OF | SF | AF | PF | ZF, defines=CF)

    def g_bsf(self):
        r = self.r
        if self.tf:
            return
        op = r.choice(["bsf", "bsr"])
        bits = r.choice([16, 32])
        src = self.reg(bits)
        dst = self.reg(bits)
        # the destination is undefined for a zero source: make it nonzero
        self.emit(["or      %s, 0x%x" % (src, r.randrange(1, 1 << bits)),
                   "%s %s, %s" % (op, dst, src)], undef=CF | OF | SF | AF | PF, defines=ZF)

    def g_setcc(self):
        r = self.r
        k = r.randrange(3)
        cc = r.choice(CC)
        if k == 0:
            setup, m = ([], r.choice(R8)) if r.random() < 0.6 else self.mem(True, "byte")
            self.emit(setup + ["set%s %s" % (cc, m)], reads=True)
        elif k == 1:
            bits = r.choice([16, 32])
            setup, src = ([], self.reg(bits, False)) if r.random() < 0.6 else self.mem(False)
            self.emit(setup + ["cmov%s %s, %s" % (cc, self.reg(bits), src)], reads=True)
        else:
            reg = self.reg(32)
            self.emit(["bswap %s" % reg])

    def g_xadd(self):
        r = self.r
        bits = r.choice([8, 16, 32])
        op = r.choice(["xadd", "cmpxchg"])
        if r.random() < 0.5:
            t = self.reg(bits)
            setup = []
        else:
            setup, t = self.mem(True)
        self.emit(setup + ["%s %s, %s" % (op, t, self.reg(bits))], defines=ARITH)

    def g_cx8(self):
        setup, m = self.mem(True, "qword")
        self.emit(setup + ["cmpxchg8b %s" % m], defines=ZF)

    def g_string(self):
        r = self.r
        op = r.choice(["movs", "cmps", "scas", "lods", "stos"])
        sz = r.choice(["b", "w", "d"])
        a32 = r.random() < 0.2
        rep = r.choice(["", "rep ", "rep ", "repe ", "repne "]) if op in ("cmps", "scas") \
            else r.choice(["", "rep ", "rep "])
        pre = []
        if a32:
            n = r.randrange(0, 0x400)
            pre += ["mov     esi, 0x%x" % r.randrange(0x1000, 0xA000),
                    "mov     edi, 0x%x" % r.randrange(0x1000, 0xA000),
                    "mov     ecx, 0x%x" % n]
        elif rep and (self.tf or r.random() < 0.5):
            pre.append("mov     cx, 0x%x" % (r.randrange(0, 8) if self.tf else r.randrange(0, 0x200)))
        if r.random() < 0.3:
            pre.append(r.choice(["cld", "std"]))
        seg = ""
        if op in ("movs", "cmps", "lods") and r.random() < 0.3:
            seg = r.choice(["es ", "ss ", "fs ", "gs ", "cs ", "ds "])
        line = "%s%s%s%s%s" % (("a32 " if a32 else ""), seg, rep, op, sz)
        if seg:
            line = "%s%s%s%s" % (("a32 " if a32 else ""), rep, op, sz)
            line = "%s %s" % (seg.strip(), line)
        defines = ARITH if op in ("cmps", "scas") else 0
        self.emit(pre + [line], defines=defines)

    def g_stack(self):
        r = self.r
        k = r.randrange(12)
        if k == 0:
            self.emit(["push %s" % r.choice(R16 + R32)])
        elif k == 1:
            self.emit(["pop %s" % r.choice(W16 + W32)])
        elif k == 2:
            self.emit(["push %s %s" % (r.choice(["word", "dword", "strict word", "strict dword"]),
                                       "0x%x" % self.imm(16))])
        elif k == 3:
            self.emit(["push strict byte %d" % r.randrange(-128, 128)])
        elif k == 4:
            setup, m = self.mem(False, r.choice(["word", "dword"]))
            self.emit(setup + ["push %s" % m])
        elif k == 5:
            setup, m = self.mem(True, r.choice(["word", "dword"]))
            if "sp" in m:
                return
            self.emit(setup + ["pop %s" % m])
        elif k == 6:
            op = r.choice(["pusha", "pushad", "popa", "popad"])
            self.emit([op])
        elif k == 7:
            self.emit([r.choice(["pushf", "pushfd"])], reads=True)
        elif k == 8:
            self.g_popf()
        elif k == 9:
            self.emit(["push %s" % r.choice(["ds", "es", "fs", "gs", "ss", "cs"])])
        elif k == 10:
            e = "enter 0x%x, %d" % (r.randrange(0, 32) * 2, r.randrange(0, 3))
            self.emit([e, "leave"] if r.random() < 0.5 else [e])
        else:
            # stack near SP=0: wrap
            sp = r.choice([0, 2, 4, 0xFFFC, 0xFFFE])
            ops = ["push ax", "pop ax", "pushf", "pusha", "popa"]
            if sp % 4 == 0:
                ops += ["push eax", "pushfd", "pop eax", "pushad", "popad"]
            self.emit(["mov     sp, 0x%x" % sp, r.choice(ops)], reads=True)

    def flags_image(self, bits32):
        """A random FLAGS image for POPF/IRET (TF only under control)."""
        r = self.r
        f = r.getrandbits(32 if bits32 else 16) & ~0x100
        if not self.o.ac:
            f &= ~0x40000
        if not self.o.iopl:
            f |= 0x3000
        return f

    def g_popf(self):
        r = self.r
        is32 = r.random() < 0.4
        f = self.flags_image(is32)
        if is32:
            self.emit(["push dword 0x%x" % f, "popfd"], defines=ARITH)
        else:
            self.emit(["push word 0x%x" % f, "popf"], defines=ARITH)

    def g_tf(self):
        """Single-stepping on or off through PUSHF/POPF."""
        r = self.r
        reg = r.choice(["ax", "cx", "dx", "bx", "si", "di", "bp"])
        if not self.tf:
            self.redefine()
            self.emit(["pushf", "pop %s" % reg, "or %s, 0x100" % reg, "push %s" % reg, "popf"],
                      reads=True, defines=ARITH)
            self.tf = True
        else:
            self.emit(["pushf", "pop %s" % reg, "and %s, 0xFEFF" % reg, "push %s" % reg, "popf"],
                      reads=True, defines=ARITH)
            self.tf = False

    def g_cli(self):
        op = self.r.choice(["cli", "sti"])
        if op == "sti" and self.tf and not self.o.sti_step:
            op = "cli"
        self.emit([op])

    def g_int(self):
        r = self.r
        k = r.randrange(6)
        if k == 0:
            self.emit(["int3"], reads=True)
        elif k == 1:
            self.emit(["int 3"], reads=True)
        elif k == 2:
            self.emit(["into"], reads=True)
        elif k == 3 and self.o.int60:
            self.emit(["mov ah, %d" % r.choice([1, 2]), "int 0x60"], reads=True)
        else:
            self.emit(["int 0x%x" % r.choice(INT_VECTORS)], reads=True)

    def g_bound(self):
        r = self.r
        bits = r.choice([16, 32])
        reg = self.reg(bits)
        lo = r.getrandbits(bits)
        hi = r.getrandbits(bits)
        base = r.choice(["bx", "si", "di", "bp"])
        sz = "word" if bits == 16 else "dword"
        w = bits // 8
        self.emit(["mov %s, 0x%x" % (base, r.randrange(0, 0xFFF0)),
                   "mov %s [%s], 0x%x" % (sz, base, lo),
                   "mov %s [%s+%d], 0x%x" % (sz, base, w, hi),
                   "bound %s, [%s]" % (reg, base)], reads=True)

    def g_iret(self):
        r = self.r
        if self.tf:
            return
        lab = self.lab()
        newcs, newadj = r.choice([(CODESEG, 0), (CODESEG - 0x10, 0x100)])
        is32 = r.random() < 0.4
        f = self.flags_image(is32)
        save = self.csadj
        self.csadj = newadj
        ip = self.ip(lab)
        self.csadj = save
        if is32:
            lines = ["push dword 0x%x" % f, "push dword 0x%x" % ((r.getrandbits(16) << 16) | newcs),
                     "push dword %s" % ip, "iretd", lab + ":"]
        else:
            lines = ["push word 0x%x" % (f & 0xFFFF), "push word 0x%x" % newcs,
                     "push word %s" % ip, "iret", lab + ":"]
        self.emit(lines, defines=ARITH)
        self.csadj, self.cs = newadj, newcs

    def g_far(self):
        r = self.r
        lab = self.lab()
        newcs, newadj = r.choice([(CODESEG, 0), (CODESEG - 0x10, 0x100), (CODESEG - 0x100, 0x1000)])
        save = self.csadj
        self.csadj = newadj
        ip = self.ip(lab)
        self.csadj = save
        k = r.randrange(4)
        if k == 0:
            lines = ["jmp 0x%x:%s" % (newcs, ip), lab + ":"]
        elif k == 1:
            lines = ["call 0x%x:%s" % (newcs, ip), lab + ":"]
        elif k == 2:
            lines = ["push word 0x%x" % newcs, "push word %s" % ip, "retf", lab + ":"]
        else:
            n = r.choice([2, 4, 6])
            lines = ["push word 0x%x" % newcs, "push word %s" % ip, "retf %d" % n, lab + ":"]
        if k >= 2 and self.o.retf_guard:
            # QEMU's RETF does not wrap SP between IP and CS: keep the frame off SS:FFFF
            self.emit(["or      sp, 0x10", "and     sp, 0xFFF0"], undef=AF, defines=ARITH)
            self.spmod = 0
        self.emit(lines)
        self.csadj, self.cs = newadj, newcs

    def g_near(self):
        r = self.r
        lab = self.lab()
        k = r.randrange(4)
        if k == 0:
            self.emit(["call %s" % lab, lab + ":"])
        elif k == 1:
            self.emit(["push word %s" % self.ip(lab), "ret", lab + ":"])
        elif k == 2:
            self.emit(["push word %s" % self.ip(lab), "ret %d" % r.choice([2, 4]), lab + ":"])
        else:
            # a forward branch over 1-3 simple instructions
            cond = r.choice(["j" + c for c in CC] + ["jcxz", "jecxz", "loop", "loope", "loopne", "jmp"])
            body = []
            for _ in range(r.randrange(1, 4)):
                body.append(r.choice(["inc %s" % self.reg(16), "mov %s, 0x%x" % (self.reg(16), self.imm(16)),
                                      "add %s, %s" % (self.reg(32), self.reg(32, False)),
                                      "xchg %s, %s" % (self.reg(8), self.reg(8))]))
            near = "" if r.random() < 0.7 or cond.startswith(("loop", "jcx", "jecx")) else "near "
            self.emit(["%s %s%s" % (cond, near, lab)] + body + [lab + ":"],
                      reads=True, defines=ZF | SF | PF | AF | OF if any(b.startswith(("inc", "add")) for b in body) else 0)

    def g_sreg(self):
        r = self.r
        sreg = r.choice(["ds", "es", "fs", "gs", "ss"])
        v = self.seg_value()
        k = r.randrange(4)
        reg = self.reg(16)
        if k == 0:
            self.emit(["mov %s, 0x%x" % (reg, v), "mov %s, %s" % (sreg, reg)])
        elif k == 1:
            self.emit(["push word 0x%x" % v, "pop %s" % sreg])
        elif k == 2:
            setup, m = self.mem(True, "word")
            self.emit(setup + ["mov %s, %s" % (m, sreg)])
        else:
            # LDS/LES/LFS/LGS/LSS from a pointer written just before
            op = r.choice(["lds", "les", "lfs", "lgs", "lss"])
            base = r.choice(["bx", "si", "di"])
            bits = r.choice([16, 32])
            w = bits // 8
            # the pointer must not straddle ES:FFFF (QEMU would read past it)
            self.emit(["mov %s, 0x%x" % (base, r.randrange(0, 0xFFF0)),
                       "mov word [es:%s+%d], 0x%x" % (base, w, v),
                       "%s %s, [es:%s]" % (op, self.reg(bits), base)])

    def g_io(self):
        r = self.r
        port = r.choice(IO_PORTS)
        k = r.randrange(4)
        if k == 0 and port < 0x100:
            self.emit([r.choice(["in al, 0x%x" % port, "out 0x%x, al" % port])])
        elif k == 1:
            self.emit(["mov dx, 0x%x" % port, r.choice(["in al, dx", "out dx, al", "in ax, dx",
                                                        "out dx, ax"])])
        else:
            sz = r.choice(["b", "b", "w"])
            op = r.choice(["ins", "outs"])
            rep = r.choice(["", "rep "])
            # vmm386 emulates string I/O: keep it away from the segment end
            pre = ["mov dx, 0x%x" % port,
                   "mov %s, 0x%x" % ("di" if op == "ins" else "si", r.randrange(0x100, 0xF000))]
            if rep:
                pre.append("mov cx, %d" % r.randrange(0, 9))
            self.emit(pre + ["%s%s%s" % (rep, op, sz)])

    def g_hlt(self):
        """HLT with the timer interrupt pending: unmask IRQ 0 only, STI, HLT;
        the runner's IRQ 0 stub sends EOI and masks it again."""
        if self.tf:
            return
        self.emit(["cli", "mov al, 0xFE", "out 0x21, al", "sti", "hlt"], reads=True)

    def g_misc(self):
        r = self.r
        self.emit([r.choice(["salc", "ud2", "arpl ax, bx", "lock nop", "db 0x0f, 0xff"])
                   if r.random() < 0.05 else r.choice(["xchg ax, ax", "nop", "wait"])],
                  reads=True)

    MIX = [("g_alu", 20), ("g_unary", 6), ("g_mov", 14), ("g_shift", 7), ("g_shld", 2),
           ("g_muldiv", 5), ("g_bcd", 3), ("g_bt", 3), ("g_bsf", 2), ("g_setcc", 5),
           ("g_xadd", 2), ("g_string", 6), ("g_stack", 8), ("g_tf", 1), ("g_cli", 2),
           ("g_int", 3), ("g_bound", 1), ("g_iret", 2), ("g_far", 2), ("g_near", 4),
           ("g_sreg", 3), ("g_io", 2), ("g_hlt", 0.3), ("g_misc", 1)]

    def run(self, target):
        names = [m for m, _ in self.MIX]
        weights = [w for _, w in self.MIX]
        if self.o.cx8:
            names.append("g_cx8")
            weights.append(1)
        guard = 0
        while self.n < target and guard < 400:
            guard += 1
            getattr(self, self.r.choices(names, weights)[0])()
        if self.tf:
            self.g_tf()
        self.redefine()


def gen_block(seed, index, opts=None):
    opts = opts or Opts()
    r = random.Random("vmm386-fuzz:%d:%d" % (seed, index))
    regs = {}
    for name in ("eax", "ebx", "ecx", "edx", "esi", "edi", "ebp"):
        c = r.random()
        if c < 0.1:
            regs[name] = r.choice([0, 0xFFFFFFFF, 0x80000000, 0x7FFFFFFF, 0xFFFF, 1])
        elif c < 0.3:
            regs[name] = r.getrandbits(16) | (r.getrandbits(16) << 16 if r.random() < 0.5 else 0)
        else:
            regs[name] = r.getrandbits(32)
    # SP a multiple of 4: a push or pop that straddles the end of the stack
    # segment faults on a 386 (vmm386 then ends the VM) but not in QEMU
    sp = r.choice([r.getrandbits(16) & ~3] * 6 + [0, 4, 8, 0xFFFC])
    regs["esp"] = (r.getrandbits(16) << 16 if r.random() < 0.5 else 0) | sp
    for s in ("ds", "es", "fs", "gs", "ss"):
        regs[s] = SCRSEG + r.randrange(0, 0x100)
    # FLAGS: arithmetic, DF, IF (every IRQ is masked), IOPL/NT, AC, ID; never TF
    f = r.getrandbits(32) & (ARITH | 0x400 | 0x200 | 0x3000 | 0x4000 | 0x40000 | 0x200000)
    if not opts.ac:
        f &= ~0x40000
    if not opts.iopl:
        f |= 0x3000
    regs["eflags"] = f | 2
    g = Gen(r, opts)
    g.run(r.randint(1, opts.maxlen))
    return Block(seed, index, regs, g.units, g.n)
