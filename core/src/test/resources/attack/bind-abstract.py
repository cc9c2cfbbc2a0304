"""Takes X displays the way any local user can: binds the abstract Unix sockets NAME... (no file,
no permission needed), says "ready", and holds them until SECONDS have passed or it is killed.

Usage: bind-abstract.py SECONDS NAME...
"""
import socket
import sys
import time

held = []
for name in sys.argv[2:]:
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.bind("\0" + name)
    s.listen(1)
    held.append(s)
print("ready", flush=True)
time.sleep(float(sys.argv[1]))
