#!/usr/bin/env python3
"""Runs a command in a chroot with NOTIFY_SOCKET set, as systemd does for Type=notify,
and requires READY=1 on that socket. usage: notify_listen.py SOCKET JAIL CMD..."""
import os
import shutil
import socket
import subprocess
import sys

sock_path, jail, cmd = sys.argv[1], sys.argv[2], sys.argv[3:]
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sock_path)
s.settimeout(0.5)
# Inside the chroot the socket is at its path relative to the jail.
inner = "/" + os.path.relpath(sock_path, jail)
chroot = shutil.which("chroot") or "/usr/sbin/chroot"
run = subprocess.run([chroot, jail] + cmd, env={"NOTIFY_SOCKET": inner},
                     capture_output=True, text=True, timeout=120)
messages = []
while True:
    try:
        messages.append(s.recv(4096).decode())
    except socket.timeout:
        break
print("exit", run.returncode, "notifications:", messages)
if run.returncode != 0:
    sys.exit("FAIL: the agent failed: " + run.stderr)
if not any("READY=1" in m.split("\n") for m in messages):
    sys.exit("FAIL: no READY=1 reached NOTIFY_SOCKET; systemd would wait for TimeoutStartSec")
