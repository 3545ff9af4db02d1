#!/usr/bin/env python3
"""menu_keys.py - types keys into a QEMU guest once its boot menu is on the serial log.

usage: menu_keys.py monitor SOCKET LOG KEY...   QEMU monitor `sendkey KEY` per KEY
       menu_keys.py serial SOCKET LOG TEXT...   each TEXT's bytes written to COM1

SOCKET is the unix socket of run.sh's --monitor or --serial-socket. Each KEY or TEXT
goes half a second after the one before, once LOG has the menu's help line. In serial
mode this script is COM1's only reader: it reads until QEMU closes the socket, since
QEMU holds (and does not log) output that no client takes.
"""
import socket
import sys
import threading
import time

MENU_LINE = b"loader: up/down"
WAIT_STEPS = 1800  # tenths of a second: QEMU's start and the firmware's boot


def connect(path):
    s = socket.socket(socket.AF_UNIX)
    for _ in range(WAIT_STEPS):
        try:
            s.connect(path)
            return s
        except OSError:  # QEMU has not made the socket yet
            time.sleep(0.1)
    sys.exit("menu_keys.py: no QEMU socket at " + path)


def drain(s):
    while s.recv(4096):
        pass


def wait_for_menu(log):
    for _ in range(WAIT_STEPS):
        try:
            with open(log, "rb") as f:
                if MENU_LINE in f.read():
                    return
        except FileNotFoundError:
            pass
        time.sleep(0.1)


def main():
    via, path, log, keys = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    s = connect(path)
    reader = None
    if via == "serial":
        reader = threading.Thread(target=drain, args=(s,))
        reader.start()
    wait_for_menu(log)
    try:
        for k in keys:
            s.sendall(k.encode("latin-1") if via == "serial" else ("sendkey %s\n" % k).encode())
            time.sleep(0.5)
    except OSError:  # QEMU ended early (a key booted something that exits at once)
        pass
    if reader:
        reader.join()
    s.close()


main()
