"""tap_fields.py - what the GRUB differential comparers share (compare_bootinfo.py,
compare_mb1.py): TAP lines that remember a failure, and the key=value fields of a
dump kernel's serial line."""
import re

_failed = False


def report(good, desc):
    """Prints one TAP line; a "not ok" makes any_failed() true."""
    global _failed
    print(("ok - " if good else "not ok - ") + desc)
    _failed |= not good


def any_failed():
    return _failed


def fields(text):
    """key=value pairs of one line; values are "quoted" strings or bare words."""
    out = {}
    for m in re.finditer(r'(\w+)=("([^"]*)"|\S+)', text):
        out[m.group(1)] = m.group(3) if m.group(3) is not None else m.group(2)
    return out


def num(v):
    return int(v, 0)
