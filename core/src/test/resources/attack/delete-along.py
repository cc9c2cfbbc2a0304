"""Removes DIR's entries alongside a privileged process that removes DIR, as DIR's owner.

Usage: delete-along.py DIR FILES SECONDS
Fills DIR with FILES files, prints "ready", waits (at most SECONDS) until the first of them in the
directory's own order is gone (the other side began), then removes the others in that same order:
both sides reach for the same entries at the same time, and each finds some already gone.
"""
import os
import sys
import time


def main(directory, files, seconds):
    os.makedirs(directory, mode=0o700, exist_ok=True)
    os.chdir(directory)
    for i in range(files):
        with open("f%d" % i, "w") as f:
            f.write("x")
    names = os.listdir(".")
    print("ready", flush=True)
    end = time.monotonic() + seconds
    while os.path.lexists(names[0]):
        if time.monotonic() > end:
            sys.exit("the other side never began")
    for name in names[1:]:
        try:
            os.unlink(name)
        except FileNotFoundError:
            pass


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), float(sys.argv[3]))
