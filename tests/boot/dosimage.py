"""A real DOS for boot tests: a private copy of the FreeDOS floppy
(../shared/dos/freedos.img, or $VMM386_DOS_IMAGE) with our own programs and
an AUTOEXEC.BAT copied onto it with mtools.  Tests skip, saying why, when
no image is there."""
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOS_PROGS = ROOT / "build" / "dos"


def dos_image_path():
    env = os.environ.get("VMM386_DOS_IMAGE")
    for p in ([Path(env)] if env else []) + [ROOT.parent / "shared" / "dos" / "freedos.img"]:
        if p.is_file():
            return p
    return None


def make_dos_disk(autoexec_lines, progs=(), name="dos", config_first=(), config_drop=()):
    """A copy of the DOS floppy with build/dos/<prog> for each prog and the
    given AUTOEXEC.BAT; returns its path (in a fresh temporary folder).
    config_first: lines put before the floppy's own CONFIG.SYS lines (e.g.
    "DEVICE=A:\\XMS.SYS"); config_drop: its lines that start with one of
    these (case-insensitive) are left out (e.g. "DOS=HIGH")."""
    src = dos_image_path()
    if src is None:
        pytest.skip("no DOS image: ../shared/dos/freedos.img is absent and VMM386_DOS_IMAGE is not set")
    if not shutil.which("mcopy"):
        pytest.skip("mtools (mcopy) is not installed")
    tmp = Path(tempfile.mkdtemp(prefix="vmm386-dos-"))
    img = tmp / (name + ".img")
    shutil.copyfile(src, img)
    img.chmod(0o644)
    for p in progs:
        f = DOS_PROGS / p
        if not f.exists():
            pytest.fail("%s missing (run `make dos-progs`)" % f, pytrace=False)
        subprocess.run(["mcopy", "-o", "-i", str(img), str(f), "::" + p], check=True)
    if config_first or config_drop:
        old = subprocess.run(["mtype", "-i", str(img), "::CONFIG.SYS"], check=True,
                             capture_output=True).stdout.decode("ascii", "replace")
        keep = [l for l in old.replace("\r", "").split("\n")
                if l.strip() and not any(l.upper().startswith(d.upper()) for d in config_drop)]
        cfg = tmp / "CONFIG.SYS"
        cfg.write_bytes(("\r\n".join(list(config_first) + keep) + "\r\n").encode("ascii"))
        subprocess.run(["mcopy", "-o", "-i", str(img), str(cfg), "::CONFIG.SYS"], check=True)
    bat = tmp / "AUTOEXEC.BAT"
    bat.write_bytes(("\r\n".join(autoexec_lines) + "\r\n").encode("ascii"))
    subprocess.run(["mcopy", "-o", "-i", str(img), str(bat), "::AUTOEXEC.BAT"], check=True)
    return img
