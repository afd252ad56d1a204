#!/usr/bin/env python3
"""Compare graced's view of config files with supervisord's own (4.2.5, Debian's package).

For each file: run `bin/graced -c FILE --check --json`, load the same file with supervisord's
ServerOptions, render supervisord's process configs in grace's --check --json shape, and print
every field that differs. Differences grace makes on purpose (docs/config.md) are labelled.

    python3 scripts/compare-supervisord.py test/fixtures/configs/*.conf test/fixtures/configs/includes/supervisord.conf
"""
import json
import os
import pwd
import signal
import subprocess
import sys

sys.path.append("/usr/lib/python3/dist-packages")  # Debian's supervisor package
from supervisor.datatypes import Automatic, RestartUnconditionally, RestartWhenExitUnexpected
from supervisor.options import ServerOptions

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Fields where grace departs from supervisord by design (see docs/config.md).
INTENDED = {
    "stopasgroup": "grace signals the process group by default",
    "killasgroup": "grace kills the process group by default",
    "processes": "event listeners are not supported yet (graced warns)",
    "groups": "event listeners are not supported yet (graced warns)",
}


def signame(num):
    return signal.Signals(num).name[3:]


def logfile(value):
    if value is Automatic:
        return "AUTO"
    return value  # None for NONE/OFF, else the path


def autorestart(value):
    if value is RestartUnconditionally:
        return "true"
    if value is RestartWhenExitUnexpected:
        return "unexpected"
    return "false"


def supervisord_view(path):
    opts = ServerOptions()
    opts.realize(args=["-c", path])
    daemon_env = opts.configroot.supervisord.environment or {}
    programs, groups = [], {}
    for group in opts.process_group_configs:
        groups[group.name] = group.priority
        for p in group.process_configs:
            # supervisord merges [supervisord] environment into each program's; grace keeps
            # the program's own (and merges at spawn time).
            env = {k: v for k, v in (p.environment or {}).items() if daemon_env.get(k) != v or k not in daemon_env}
            programs.append({
                "group": group.name, "name": p.name, "command": p.command, "priority": p.priority,
                "autostart": p.autostart, "autorestart": autorestart(p.autorestart),
                "startsecs": p.startsecs, "startretries": p.startretries, "exitcodes": list(p.exitcodes),
                "stopsignal": signame(p.stopsignal), "stopwaitsecs": p.stopwaitsecs,
                "stopasgroup": p.stopasgroup, "killasgroup": p.killasgroup,
                "user": None if p.uid is None else pwd.getpwuid(p.uid).pw_name,
                "directory": p.directory, "umask": p.umask, "redirect_stderr": p.redirect_stderr,
                "stdout_logfile": logfile(p.stdout_logfile), "stdout_logfile_maxbytes": p.stdout_logfile_maxbytes,
                "stdout_logfile_backups": p.stdout_logfile_backups,
                "stderr_logfile": logfile(p.stderr_logfile), "stderr_logfile_maxbytes": p.stderr_logfile_maxbytes,
                "stderr_logfile_backups": p.stderr_logfile_backups, "environment": env,
            })
    return {"programs": programs, "groups": groups}


def grace_view(path):
    out = subprocess.run([os.path.join(ROOT, "bin/graced"), "-c", path, "--check", "--json"], capture_output=True, text=True)
    return json.loads(out.stdout)


def compare(path):
    theirs, ours = supervisord_view(path), grace_view(path)
    if "errors" in ours:
        return [f"graced rejected it: {ours['errors']}"]
    lines = []
    listeners = {name for name, prio in theirs["groups"].items() if name not in ours["groups"] and prio == -1}
    if theirs["groups"] != ours["groups"]:
        note = f"  [intended: {INTENDED['groups']}]" if set(theirs["groups"]) - set(ours["groups"]) <= listeners else ""
        lines.append(f"groups: supervisord {theirs['groups']} grace {ours['groups']}{note}")
    key = lambda p: (p["group"], p["name"])
    by_name = {key(p): p for p in ours["programs"]}
    if sorted(by_name) != sorted(key(p) for p in theirs["programs"]):
        extra = {key(p) for p in theirs["programs"]} - set(by_name)
        note = f"  [intended: {INTENDED['processes']}]" if {g for g, _ in extra} <= listeners else ""
        lines.append(f"processes: supervisord {sorted(key(p) for p in theirs['programs'])} grace {sorted(by_name)}{note}")
    for p in theirs["programs"]:
        g = by_name.get(key(p))
        if g is None:
            continue
        for field, value in p.items():
            if g.get(field) != value:
                note = f"  [intended: {INTENDED[field]}]" if field in INTENDED else ""
                lines.append(f"{p['group']}:{p['name']} {field}: supervisord {value!r} grace {g.get(field)!r}{note}")
    return lines


def main():
    for path in sys.argv[1:]:
        path = os.path.abspath(path)
        try:
            diffs = compare(path)
        except (Exception, SystemExit) as e:  # supervisord refused the file
            diffs = [f"supervisord rejected it: {e}"]
        intended = [d for d in diffs if "[intended" in d]
        print(f"== {os.path.relpath(path, ROOT)}: {len(diffs) - len(intended)} unexpected difference(s), {len(intended)} intended")
        for d in diffs:
            if d not in intended:
                print(f"   {d}")
        for field in INTENDED:
            n = sum(f" {field}:" in d or d.startswith(f"{field}:") for d in intended)
            if n:
                print(f"   intended: {field} differs in {n} place(s): {INTENDED[field]}")


main()
