"""Loopback servers that misbehave as a broken network does, for the S3 fault tests."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum


class Fault(Enum):
    CLOSED_PORT = "nothing listens: connection refused"
    HANG_UP = "accepts, then closes without a byte"
    SILENT = "accepts and never answers"


@contextmanager
def faulty_endpoint(fault: Fault) -> Iterator[str]:
    """An `http://127.0.0.1:<port>` URL whose server misbehaves as `fault` says."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    if fault is Fault.CLOSED_PORT:
        listener.close()
        yield f"http://127.0.0.1:{port}"
        return
    listener.listen(64)
    listener.settimeout(0.1)
    held: list[socket.socket] = []
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            if fault is Fault.HANG_UP:
                conn.recv(65536)
                conn.close()
            else:
                held.append(conn)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stop.set()
        thread.join(timeout=5)
        listener.close()
        for conn in held:
            conn.close()
