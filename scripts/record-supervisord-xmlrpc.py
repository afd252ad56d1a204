#!/usr/bin/env python3
"""Record real supervisord's XML-RPC and HTTP answers, as a reference for grace's own.

Starts supervisord (Debian's package, 4.2.5) on test/fixtures/supervisord-reference.conf in a
temporary directory on a Unix socket, makes a fixed list of calls with raw HTTP (so the exact
bytes of each answer are kept), stops it by its pid, and writes packages/daemon/src/xmlrpc/reference/supervisord-4.2.5.ts, which the XML-RPC
unit tests compare grace's adapter and serializer against.

    /usr/bin/python3 scripts/record-supervisord-xmlrpc.py && pnpm format

Pids, times and temporary paths vary from run to run: they are replaced by placeholders
(PID, TIME, TMP) so the file only changes when supervisord's behaviour does.
"""
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import xmlrpc.client

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "packages/daemon/src/xmlrpc/reference/supervisord-4.2.5.ts")

# The supervisorctl comparison (test/e2e/supervisorctl-compat.test.ts) runs both daemons on it too;
# its %(here)s is the temporary directory the copy is written to.
CONFIG_FILE = os.path.join(ROOT, "test/fixtures/supervisord-reference.conf")


class UnixConnection(http.client.HTTPConnection):
    def __init__(self, path):
        super().__init__("localhost", timeout=20)
        self.path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(20)
        self.sock.connect(self.path)


def rpc(sock, method, params):
    body = xmlrpc.client.dumps(tuple(params), method).encode()
    return post(sock, body, {"Content-Type": "text/xml", "Content-Length": str(len(body))})


def post(sock, body, headers):
    conn = UnixConnection(sock)
    conn.putrequest("POST", "/RPC2", skip_accept_encoding=True)
    for k, v in headers.items():
        conn.putheader(k, v)
    conn.endheaders()
    if body:
        conn.send(body)
    r = conn.getresponse()
    data = r.read()
    conn.close()
    return r.status, data.decode("utf-8", "replace")


def raw(sock, request, limit=4096):
    """Send bytes as they are; return the status line and as much as arrives within a moment."""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(1.0)
    s.connect(sock)
    s.sendall(request)
    got = b""
    try:
        while len(got) < limit:
            chunk = s.recv(limit)
            if not chunk:
                break
            got += chunk
    except socket.timeout:
        pass
    s.close()
    return got.split(b"\r\n", 1)[0].decode()


def normalize(text, tmp):
    text = text.replace(tmp, "TMP")
    text = re.sub(r"<name>pid</name>\n<value><int>[1-9]\d*</int>", "<name>pid</name>\n<value><int>PID</int>", text)
    text = re.sub(r"<name>(start|stop|now)</name>\n<value><int>[1-9]\d*</int>", r"<name>\1</name>\n<value><int>TIME</int>", text)
    text = re.sub(r"---reference-\w{8}\.log", "---reference-RANDOM.log", text)
    text = re.sub(r"pid \d+, uptime \d+:\d\d:\d\d", "pid PID, uptime UPTIME", text)
    text = re.sub(r"[A-Z][a-z]{2} \d\d \d\d:\d\d [AP]M", "DATE", text)
    return text


def wait_for(predicate, what, seconds=10):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    sys.exit("timed out waiting for " + what)


def state_of(sock, name):
    _, body = rpc(sock, "supervisor.getProcessInfo", [name])
    return xmlrpc.client.loads(body)[0][0]["statename"]


CALLS = [
    ("supervisor.getAPIVersion", []),
    ("supervisor.getVersion", []),
    ("supervisor.getIdentification", []),
    ("supervisor.getState", []),
    ("supervisor.getProcessInfo", ["web"]),
    ("supervisor.getProcessInfo", ["idle"]),
    ("supervisor.getProcessInfo", ["nosuch"]),
    ("supervisor.getProcessInfo", ["worker:*"]),
    ("supervisor.getProcessInfo", ["worker"]),
    ("supervisor.getProcessInfo", []),
    ("supervisor.getProcessInfo", ["web", "extra"]),
    ("supervisor.startProcess", ["web"]),
    ("supervisor.startProcess", ["nosuch"]),
    ("supervisor.startProcess", ["quick"]),
    ("wait", ["quick", "FATAL"]),
    ("supervisor.getProcessInfo", ["quick"]),
    ("supervisor.stopProcess", ["idle"]),
    ("supervisor.startProcessGroup", ["worker"]),
    ("supervisor.startProcess", ["worker:*"]),
    ("supervisor.stopProcessGroup", ["nosuch"]),
    ("supervisor.signalProcess", ["web", "NOPE"]),
    ("supervisor.signalProcess", ["idle", "HUP"]),
    ("supervisor.signalProcess", ["nosuch", "HUP"]),
    ("supervisor.signalProcessGroup", ["worker", "CONT"]),
    ("supervisor.signalProcessGroup", ["worker", "NOPE"]),
    ("supervisor.readProcessStdoutLog", ["web", -100, 5]),
    ("supervisor.readProcessStdoutLog", ["web", 0, -1]),
    ("supervisor.readProcessStdoutLog", ["web", -100, 0]),
    ("supervisor.readProcessStdoutLog", ["web", 1, 3]),
    ("supervisor.readProcessStdoutLog", ["nosuch", 0, 0]),
    ("supervisor.readProcessStdoutLog", ["idle", 0, 0]),
    ("supervisor.readProcessStderrLog", ["quick", 0, 0]),
    ("supervisor.tailProcessStdoutLog", ["web", 0, 3]),
    ("supervisor.tailProcessStdoutLog", ["web", 0, 100]),
    ("supervisor.tailProcessStdoutLog", ["web", 100, 10]),
    ("supervisor.tailProcessStdoutLog", ["idle", 0, 100]),
    ("supervisor.tailProcessStdoutLog", ["worker:*", 0, 100]),
    ("supervisor.clearProcessLogs", ["worker:*"]),
    ("supervisor.clearProcessLogs", ["nosuch"]),
    ("supervisor.sendProcessStdin", ["idle", "x"]),
    ("supervisor.sendProcessStdin", ["nosuch", "x"]),
    ("supervisor.sendProcessStdin", ["web", 5]),
    ("supervisor.addProcessGroup", ["web"]),
    ("supervisor.addProcessGroup", ["nosuch"]),
    ("supervisor.removeProcessGroup", ["web"]),
    ("supervisor.removeProcessGroup", ["nosuch"]),
    ("supervisor.reloadConfig", []),
    ("supervisor.sendRemoteCommEvent", ["type", "data"]),
    ("supervisor.nosuch", []),
    ("supervisor._update", ["x"]),
    ("nosuch.getState", []),
    ("a.b.c", []),
    ("system.methodSignature", ["supervisor.startProcess"]),
    ("system.methodSignature", ["supervisor.getProcessInfo"]),
    ("system.methodSignature", ["nosuch"]),
    ("system.methodHelp", ["nosuch"]),
    ("system.listMethods", []),
    (
        "system.multicall",
        [
            [
                {"methodName": "supervisor.getAPIVersion", "params": []},
                {"methodName": "supervisor.getProcessInfo", "params": ["nosuch"]},
                {"methodName": "system.multicall", "params": [[]]},
                {"params": []},
                {"methodName": "supervisor.getIdentification"},
            ]
        ],
    ),
    ("supervisor.getAllConfigInfo", []),
    ("supervisor.stopProcess", ["web"]),
    ("supervisor.getProcessInfo", ["web"]),
    ("supervisor.stopProcessGroup", ["worker"]),
    ("supervisor.getAllProcessInfo", []),
    ("supervisor.clearAllProcessLogs", []),
]

def post_bytes(body):
    return b"POST /RPC2 HTTP/1.1\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body)


# (label, raw request bytes): answers that are HTTP status codes, not XML-RPC faults.
HTTP = [
    ("malformed XML", b"POST /RPC2 HTTP/1.1\r\nContent-Length: 9\r\n\r\n<methodCa"),
    ("no methodName", post_bytes(b"<methodCall><params/></methodCall>")),
    ("DOCTYPE with an entity", post_bytes(b'<?xml version="1.0"?><!DOCTYPE m [<!ENTITY e "supervisor.getPID">]><methodCall><methodName>&e;</methodName></methodCall>')),
    ("no Content-Length", b"POST /RPC2 HTTP/1.1\r\n\r\n"),
    ("chunked body", b"POST /RPC2 HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
    ("GET /RPC2", b"GET /RPC2 HTTP/1.1\r\n\r\n"),
    ("GET /logtail/nosuch", b"GET /logtail/nosuch HTTP/1.1\r\n\r\n"),
    ("GET /logtail/idle (no log file yet)", b"GET /logtail/idle/stderr HTTP/1.1\r\n\r\n"),
    ("GET /logtail/web/bogus", b"GET /logtail/web/bogus HTTP/1.1\r\n\r\n"),
    ("POST /logtail/web", b"POST /logtail/web HTTP/1.1\r\nContent-Length: 0\r\n\r\n"),
    ("GET /logtail/web", b"GET /logtail/web HTTP/1.1\r\n\r\n"),
    ("GET /mainlogtail", b"GET /mainlogtail HTTP/1.1\r\n\r\n"),
    ("GET /nosuch", b"GET /nosuch HTTP/1.1\r\n\r\n"),
]


def main():
    tmp = tempfile.mkdtemp(prefix="sv-ref-")
    conf = os.path.join(tmp, "supervisord.conf")
    sock = os.path.join(tmp, "s.sock")
    with open(CONFIG_FILE) as f:
        config = f.read()
    shutil.copyfile(CONFIG_FILE, conf)
    daemon = subprocess.Popen(["/usr/bin/supervisord", "-c", conf], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    calls, statuses = [], []
    try:
        wait_for(lambda: os.path.exists(sock), "the socket")
        wait_for(lambda: state_of(sock, "web") == "RUNNING", "web RUNNING")
        wait_for(lambda: os.path.getsize(os.path.join(tmp, "web.out")) > 0, "web's output")
        for method, params in CALLS:
            if method == "wait":  # a state change that happens on supervisord's own time
                wait_for(lambda: state_of(sock, params[0]) == params[1], " ".join(params))
                continue
            status, body = rpc(sock, method, params)
            calls.append({"method": method, "params": params, "status": status, "body": normalize(body, tmp)})
        for label, request in HTTP:
            statuses.append({"label": label, "request": request.decode(), "statusLine": raw(sock, request)})
        status, body = rpc(sock, "supervisor.shutdown", [])
        calls.append({"method": "supervisor.shutdown", "params": [], "status": status, "body": body})
        daemon.wait(timeout=20)
    finally:
        if daemon.poll() is None:
            os.kill(daemon.pid, signal.SIGKILL)
            daemon.wait()
        shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        f.write("// Generated by scripts/record-supervisord-xmlrpc.py from supervisord 4.2.5: do not edit.\n")
        f.write("// Pids, times, dates and the temporary directory are replaced by PID, TIME, DATE and TMP.\n\n")
        f.write("export type RecordedCall = { method: string; params: unknown[]; status: number; body: string };\n")
        f.write("export type RecordedStatus = { label: string; request: string; statusLine: string };\n\n")
        f.write("/** The config supervisord ran with (%%(here)s is the temporary directory). */\n")
        f.write("export const RECORDED_CONFIG = %s;\n\n" % json.dumps(config))
        f.write("export const RECORDED_CALLS: RecordedCall[] = %s;\n\n" % json.dumps(calls, indent=2))
        f.write("export const RECORDED_STATUSES: RecordedStatus[] = %s;\n" % json.dumps(statuses, indent=2))
    print("wrote", os.path.relpath(OUT, ROOT), len(calls), "calls,", len(statuses), "HTTP answers")


if __name__ == "__main__":
    main()
