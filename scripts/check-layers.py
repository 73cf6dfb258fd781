#!/usr/bin/env python3
"""Fails when a source file includes across a forbidden layer arrow (docs/architecture.md),
or when a dependency header is included outside the one place allowed to use it."""
import os, re, sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
ALLOWED = {
    "util": set(),
    "packet": {"util"},
    "capture": {"packet", "util"},
    "engine": {"packet", "util"},
    "store": {"util"},
    "resolve": {"util"},
    "trace": {"packet", "resolve", "util"},
    "report": {"engine", "packet", "util"},
    "ui": {"engine", "packet", "resolve", "store", "trace", "util"},
    "app": {"ui", "report", "capture", "engine", "packet", "resolve", "trace", "store", "util"},
}
# Dependency headers and the layers that may include them.
EXCLUSIVE = {
    r"<(n)?curses(w)?\.h>|<ncursesw/": {"ui"},
    r"<sqlite3\.h>": {"store"},
    r"<ndpi_": {"engine"},
    r"<pcap/|<pcap\.h>": {"capture"},
    r"<maxminddb\.h>|<ares|<libpsl\.h>|<curl/": {"resolve"},
}
include_re = re.compile(r'^\s*#\s*include\s+([<"][^>"]+[>"])')
errors = []
for layer in ALLOWED:
    base = os.path.join(ROOT, "src", layer)
    for dirpath, _, files in os.walk(base):
        for name in files:
            if not name.endswith((".cpp", ".hpp", ".h")):
                continue
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, ROOT)
            for lineno, line in enumerate(open(path, encoding="utf-8", errors="replace"), 1):
                m = include_re.match(line)
                if not m:
                    continue
                inc = m.group(1)
                if inc.startswith('"'):
                    target = inc.strip('"').split("/")[0]
                    if target in ALLOWED and target != layer and target not in ALLOWED[layer]:
                        errors.append(f"{rel}:{lineno}: layer '{layer}' may not include {inc}")
                for pattern, layers in EXCLUSIVE.items():
                    if re.search(pattern, inc) and layer not in layers:
                        errors.append(f"{rel}:{lineno}: {inc} belongs to layer(s) {sorted(layers)} only")
ncurses_users = []
for dirpath, _, files in os.walk(os.path.join(ROOT, "src")):
    for name in files:
        path = os.path.join(dirpath, name)
        if name.endswith((".cpp", ".hpp")) and re.search(r'#\s*include\s*<n?cursesw?\.h>', open(path, errors="replace").read()):
            ncurses_users.append(os.path.relpath(path, ROOT))
if len(ncurses_users) > 1:
    errors.append("ncurses is included by more than one file: " + ", ".join(sorted(ncurses_users)))
if errors:
    print("\n".join(errors), file=sys.stderr)
    sys.exit(1)
print("layer check: ok")
