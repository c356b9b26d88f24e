"""Records what a Python process does, through audit hooks (PEP 578), for test_safety.py.

On PYTHONPATH with BALMOD_AUDIT_LOG set, every Python process started that way appends one
JSON line per event to that file: files and directories opened or listed, anything written,
renamed or removed, network calls, processes started, and code compiled or executed. The
log file is opened before the hook is installed, so it never records itself.
"""

import json
import os
import sys

_LOG = os.environ.get("BALMOD_AUDIT_LOG")
_CANARY = os.environ.get("BALMOD_AUDIT_CANARY", "")

_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
_EVENTS = {
    # files
    "open", "os.scandir", "os.listdir", "os.remove", "os.rename", "os.rmdir", "os.mkdir",
    "os.truncate", "os.chmod", "os.chown", "os.link", "os.symlink", "os.utime",
    "shutil.copyfile", "shutil.copymode", "shutil.copystat", "shutil.move", "shutil.rmtree",
    "tempfile.mkstemp", "tempfile.mkdtemp",
    # network
    "socket.connect", "socket.bind", "socket.sendto", "socket.sendmsg", "socket.getaddrinfo",
    "socket.gethostbyname", "http.client.connect", "urllib.Request", "ftplib.connect",
    "smtplib.connect",
    # processes and code
    "subprocess.Popen", "os.system", "os.exec", "os.spawn", "os.posix_spawn", "os.fork",
    "os.forkpty", "os.startfile", "pty.spawn", "ctypes.dlopen", "compile", "exec",
}  # fmt: skip


def _record(event, args):
    if event not in _EVENTS:
        return
    entry = {"event": event}
    if event == "open":
        path, mode, flags = args
        entry["path"] = os.fspath(path) if isinstance(path, (str, bytes, os.PathLike)) else path
        entry["write"] = bool(
            (isinstance(mode, str) and any(c in mode for c in "wax+"))
            or (isinstance(flags, int) and flags & _WRITE_FLAGS)
        )
    elif event in ("os.scandir", "os.listdir"):
        entry["path"] = os.fspath(args[0]) if args and args[0] is not None else "."
    elif event == "compile":
        source, filename = args
        entry["filename"] = os.fspath(filename) if filename is not None else None
        text = source.decode("utf-8", "replace") if isinstance(source, bytes) else source
        entry["canary"] = bool(_CANARY) and isinstance(text, str) and _CANARY in text
    elif event == "exec":
        entry["filename"] = getattr(args[0], "co_filename", None)
    else:
        entry["args"] = repr(args)[:300]
    if isinstance(entry.get("path"), bytes):
        entry["path"] = entry["path"].decode("utf-8", "replace")
    _out.write(json.dumps(entry, default=repr) + "\n")


if _LOG:
    _out = open(_LOG, "a", encoding="utf-8", buffering=1)  # noqa: SIM115
    sys.addaudithook(_record)
