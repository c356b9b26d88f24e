"""`balmod serve` driven with raw bytes: for the frames no LSP client library would send.

Everything well formed goes through pytest-lsp (tests/robustness/conftest.py); this is only
for malformed headers, bodies that are not JSON, messages that are not JSON-RPC, and
requests whose params do not fit their method.
"""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
from typing import IO, Any

SERVER_COMMAND = [sys.executable, "-m", "balmod", "serve", "--log-level", "WARNING"]
WAIT_SECONDS = 20.0


def frame(message: object) -> bytes:
    body = message if isinstance(message, bytes) else json.dumps(message).encode("utf-8")
    return b"Content-Length: %d\r\n\r\n%s" % (len(body), body)


class RawServer:
    """A server process; what it sends is parsed into messages by a reader thread."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            SERVER_COMMAND,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert self.process.stdout is not None and self.process.stderr is not None
        self.messages: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self.stderr = bytearray()
        self._threads = [
            threading.Thread(target=self._read, args=(self.process.stdout,), daemon=True),
            threading.Thread(target=self._drain, args=(self.process.stderr,), daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    def _read(self, stream: IO[bytes]) -> None:
        while True:
            length = None
            while (line := stream.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            if not line or length is None:
                self.messages.put(None)
                return
            self.messages.put(json.loads(stream.read(length)))

    def _drain(self, stream: IO[bytes]) -> None:
        while chunk := stream.read1(65536):  # type: ignore[attr-defined]
            self.stderr += chunk

    def send(self, data: bytes) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(data)
        self.process.stdin.flush()

    def request(self, id_: int | str, method: str, params: object = None) -> None:
        self.send(frame({"jsonrpc": "2.0", "id": id_, "method": method, "params": params}))

    def response(self, id_: int | str) -> dict[str, Any]:
        """The response to request ``id_`` (notifications on the way are set aside)."""
        while True:
            message = self.messages.get(timeout=WAIT_SECONDS)
            if message is None:
                raise ConnectionError(f"the server closed its output; stderr:\n{self.log}")
            if message.get("id") == id_ and "method" not in message:
                return message

    def initialize(self) -> None:
        self.request(0, "initialize", {"processId": None, "rootUri": None, "capabilities": {}})
        assert "result" in self.response(0)
        self.send(frame({"jsonrpc": "2.0", "method": "initialized", "params": {}}))

    @property
    def log(self) -> str:
        return self.stderr.decode("utf-8", "replace")

    def close(self) -> int:
        """shutdown, exit, and the exit status."""
        self.request("bye", "shutdown")
        self.response("bye")
        self.send(frame({"jsonrpc": "2.0", "method": "exit"}))
        assert self.process.stdin is not None
        self.process.stdin.close()
        status = self.process.wait(timeout=WAIT_SECONDS)
        for thread in self._threads:
            thread.join(timeout=WAIT_SECONDS)
        return status
