#!/usr/bin/env python3
"""monitor.py - sends commands to a QEMU human monitor on a unix socket, one at a time.

usage: monitor.py SOCKET COMMAND...
Each command is sent after the previous one's "(qemu)" prompt came back, so a
`screendump` has finished writing its file before the next command runs.
"""
import socket
import sys
import time

PROMPT = b"(qemu) "
CONNECT_TRIES = 50  # the socket appears when QEMU starts; run.sh may still be starting it
REPLY_TIMEOUT_S = 30


def read_prompt(sock):
    buf = b""
    deadline = time.monotonic() + REPLY_TIMEOUT_S
    while not buf.endswith(PROMPT):
        if time.monotonic() > deadline:
            raise TimeoutError("no monitor prompt; got %r" % buf[-200:])
        chunk = sock.recv(4096)
        if not chunk:
            raise ConnectionError("monitor closed; got %r" % buf[-200:])
        buf += chunk
    return buf


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(REPLY_TIMEOUT_S)
    for _ in range(CONNECT_TRIES):
        try:
            sock.connect(sys.argv[1])
            break
        except OSError:
            time.sleep(0.1)
    else:
        sys.exit("monitor.py: cannot connect to %s" % sys.argv[1])
    read_prompt(sock)  # the banner
    for cmd in sys.argv[2:]:
        sock.sendall(cmd.encode() + b"\n")
        reply = read_prompt(sock).decode(errors="replace")
        # The monitor echoes the command; anything else before the prompt is an error.
        text = reply.replace("\r", "").split("\n", 1)[-1].rsplit(PROMPT.decode(), 1)[0].strip()
        text = "\n".join(l for l in text.split("\n") if l.strip() and cmd not in l)
        if text:
            print("monitor.py: %s: %s" % (cmd, text), file=sys.stderr)
    sock.close()


if __name__ == "__main__":
    main()
