"""A minimal JSON-RPC client for a language server on stdio, made to be cheap to time.

Frames are encoded before a measurement starts (:func:`frame`); sending one is a single
write, and a message's arrival time is taken when the read that completed it returns,
before it is parsed. One thread: it waits in ``select`` while the server works.
Requests from the server (``workspace/configuration``, ``client/registerCapability``) are
answered as they arrive.
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import time
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar

Message = dict[str, Any]


class HarnessError(RuntimeError):
    """The benchmark itself broke: a request failed, a server died, nothing arrived in time."""


def frame(message: Mapping[str, Any]) -> bytes:
    body = json.dumps(message, separators=(",", ":")).encode("utf-8")
    return b"Content-Length: %d\r\n\r\n%s" % (len(body), body)


def request(id_: int, method: str, params: Any) -> bytes:
    return frame({"jsonrpc": "2.0", "id": id_, "method": method, "params": params})


def notification(method: str, params: Any) -> bytes:
    return frame({"jsonrpc": "2.0", "method": method, "params": params})


class Connection:
    """A server process and the messages read from it."""

    # Servers not closed yet, so that a run that breaks can stop them.
    live: ClassVar[set[Connection]] = set()

    def __init__(
        self,
        argv: Sequence[str],
        stderr: Path,
        configuration: Any = None,
        env: Mapping[str, str] | None = None,
    ) -> None:
        self.argv = list(argv)
        self.stderr_path = stderr
        self._stderr = stderr.open("ab")
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            self.argv,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            bufsize=0,
            env=dict(env) if env is not None else None,
        )
        assert self.process.stdin is not None and self.process.stdout is not None
        Connection.live.add(self)
        self._in = self.process.stdin.fileno()
        self._out = self.process.stdout.fileno()
        self._buffer = bytearray()
        self._queue: deque[tuple[float, Message]] = deque()
        self._next_id = 1
        self.configuration = configuration
        # The latest publishDiagnostics params for each uri, and how many arrived.
        self.diagnostics: dict[str, Message] = {}
        self.published = 0
        self.peak_rss_kib: int | None = None

    # -- sending -----------------------------------------------------------------------------
    def new_id(self) -> int:
        self._next_id += 1
        return self._next_id

    def send(self, data: bytes) -> float:
        """Write a pre-encoded frame; returns the time just before the write."""
        sent = time.perf_counter()
        view = memoryview(data)
        while view:
            try:
                written = os.write(self._in, view)
            except BrokenPipeError as exc:
                raise HarnessError(f"the server exited ({self._exit_status()})") from exc
            view = view[written:]
        return sent

    # -- receiving -----------------------------------------------------------------------------
    def _exit_status(self) -> str:
        try:
            code = self.process.wait(0.5)
        except subprocess.TimeoutExpired:
            return "still running"
        self._stderr.flush()
        lines = self.stderr_path.read_text(errors="replace").splitlines()[-12:]
        return f"exit status {code}; the end of {self.stderr_path.name}:\n" + "\n".join(lines)

    def _read_some(self, deadline: float) -> None:
        remaining = deadline - time.perf_counter()
        if remaining <= 0:
            raise TimeoutError
        ready, _, _ = select.select([self._out], [], [], remaining)
        if not ready:
            raise TimeoutError
        chunk = os.read(self._out, 1 << 20)
        now = time.perf_counter()
        if not chunk:
            raise HarnessError(f"the server closed its output ({self._exit_status()})")
        self._buffer += chunk
        self._split(now)

    def _split(self, now: float) -> None:
        buffer = self._buffer
        while True:
            end = buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            length = None
            for line in bytes(buffer[:end]).split(b"\r\n"):
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            if length is None:
                raise HarnessError(f"a frame without Content-Length: {bytes(buffer[:end])!r}")
            if len(buffer) < end + 4 + length:
                return
            body = bytes(buffer[end + 4 : end + 4 + length])
            del buffer[: end + 4 + length]
            self._queue.append((now, json.loads(body)))

    def _answer(self, message: Message) -> None:
        method = message["method"]
        result: Any = None
        if method == "workspace/configuration":
            items = message.get("params", {}).get("items", [])
            result = [self.configuration for _ in items]
        self.send(frame({"jsonrpc": "2.0", "id": message["id"], "result": result}))

    def wait_for(
        self, wanted: Callable[[Message], bool], timeout: float, what: str
    ) -> tuple[float, Message]:
        """The next message ``wanted`` accepts, with its arrival time; others are dropped.

        Requests from the server are answered first, then offered to ``wanted`` too.
        """
        deadline = time.perf_counter() + timeout
        while True:
            while self._queue:
                arrived, message = self._queue.popleft()
                if "method" in message and "id" in message:
                    self._answer(message)
                    if wanted(message):
                        return arrived, message
                    continue
                if message.get("method") == "textDocument/publishDiagnostics":
                    params = message["params"]
                    self.diagnostics[params["uri"]] = params
                    self.published += 1
                if wanted(message):
                    return arrived, message
            try:
                self._read_some(deadline)
            except TimeoutError:
                raise HarnessError(
                    f"no {what} within {timeout:g} s ({self._exit_status()})"
                ) from None

    def response(self, id_: int, timeout: float, what: str) -> tuple[float, Any]:
        arrived, message = self.wait_for(lambda m: m.get("id") == id_, timeout, what)
        if "error" in message:
            raise HarnessError(f"{what} failed: {message['error']}")
        return arrived, message.get("result")

    def call(self, method: str, params: Any, timeout: float = 30.0) -> tuple[float, Any]:
        """Send a request and wait for its result; returns (latency, result)."""
        id_ = self.new_id()
        sent = self.send(request(id_, method, params))
        arrived, result = self.response(id_, timeout, f"answer to {method}")
        return arrived - sent, result

    def diagnostics_for(
        self, uri: str, version: int | None, timeout: float
    ) -> tuple[float, Message]:
        """The next publishDiagnostics for ``uri`` (with ``version``, unless None)."""

        def wanted(message: Message) -> bool:
            if message.get("method") != "textDocument/publishDiagnostics":
                return False
            params = message["params"]
            return bool(
                params["uri"] == uri and (version is None or params.get("version") == version)
            )

        arrived, message = self.wait_for(
            wanted, timeout, f"diagnostics for {uri} version {version}"
        )
        params: Message = message["params"]
        return arrived, params

    def settle(self, quiet: float, limit: float) -> None:
        """Read (and answer) messages until none has come for ``quiet`` seconds (or
        ``limit`` seconds have passed): the server has finished what it was doing."""
        deadline = time.perf_counter() + limit
        while time.perf_counter() < deadline:
            try:
                self.wait_for(lambda _m: True, quiet, "")
            except HarnessError:
                return

    # -- ending ------------------------------------------------------------------------------
    def close(self, timeout: float = 10.0) -> None:
        """shutdown, exit, and the peak resident set size of the process."""
        try:
            if self.process.poll() is None:
                self.call("shutdown", None, timeout)
                self.send(notification("exit", None))
        finally:
            self._reap(timeout)
            self._stderr.close()
            Connection.live.discard(self)

    @classmethod
    def kill_all(cls) -> None:
        """Stop every server still running (after the harness broke)."""
        for connection in list(cls.live):
            if connection.process.poll() is None:
                connection.process.kill()
            connection._reap(5.0)
            connection._stderr.close()
            cls.live.discard(connection)

    def _reap(self, timeout: float) -> None:
        deadline = time.perf_counter() + timeout
        while self.process.returncode is None:
            try:
                pid, status, usage = os.wait4(self.process.pid, os.WNOHANG)
            except ChildProcessError:
                self.process.poll()
                return
            if pid:
                self.process.returncode = os.waitstatus_to_exitcode(status)
                self.peak_rss_kib = usage.ru_maxrss  # KiB on Linux
                break
            if time.perf_counter() > deadline:
                self.process.kill()
                deadline = time.perf_counter() + timeout
            time.sleep(0.005)
        for pipe in (self.process.stdin, self.process.stdout):
            if pipe is not None:
                pipe.close()
