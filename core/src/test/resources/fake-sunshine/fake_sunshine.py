"""FakeSunshine: stands in for Sunshine, which needs a GPU and cannot run in the tests.

Called like Sunshine: `fake_sunshine.py CONFIG` reads `port` from the config and holds Sunshine's
ports (TCP port-5, port, port+1, port+21; UDP port+9..port+11) until SIGTERM;
`fake_sunshine.py CONFIG --creds USER PASS` stores a salted hash of the login in the config's
credentials_file, as Sunshine does, and exits.
"""
import hashlib
import json
import os
import signal
import socket
import sys


def read_config(path):
    values = {}
    with open(path, encoding="utf-8") as conf:
        for line in conf:
            line = line.strip()
            if line and not line.startswith("#") and "=" in line:
                key, value = line.split("=", 1)
                values[key.strip()] = value.strip()
    return values


def store_credentials(config, user, password):
    salt = os.urandom(16).hex()
    digest = hashlib.sha256((password + salt).encode()).hexdigest().upper()
    with open(config["credentials_file"], "w", encoding="utf-8") as out:
        json.dump({"username": user, "salt": salt, "password": digest}, out)
    print("fake-sunshine: credentials stored for " + user, flush=True)


def hold_ports(config):
    port = int(config["port"])
    sockets = []
    for offset in (-5, 0, 1, 21):
        tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        tcp.bind(("127.0.0.1", port + offset))
        tcp.listen(8)
        sockets.append(tcp)
    for offset in (9, 10, 11):
        udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        udp.bind(("127.0.0.1", port + offset))
        sockets.append(udp)
    print("fake-sunshine: listening on %d-%d for display %s" % (port - 5, port + 21, os.environ.get("DISPLAY")),
          flush=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    while True:
        signal.pause()


def main(argv):
    config = read_config(argv[1])
    if len(argv) == 5 and argv[2] == "--creds":
        store_credentials(config, argv[3], argv[4])
    else:
        hold_ports(config)


if __name__ == "__main__":
    main(sys.argv)
