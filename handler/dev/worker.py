"""The reload worker `make serve` spawns: uvicorn serving the app, ending with its parent.

`serve()` keeps the listening socket and moto's S3 in the parent and runs the app in a child
(`TreeReload`, handler/dev/reload.py). The child must never outlive the parent, however the
parent dies: a SIGKILL runs no handler, so the parent cannot stop it, and the orphan would keep
the port and the parent's stdout open (a `communicate()` on that pipe then waits forever).

How the child notices: multiprocessing's spawn start passes the child the read end of a pipe
whose only write end the parent holds (`multiprocessing.parent_process().sentinel`). The kernel
closes that end when the parent dies, for any reason, so the read end turns readable (EOF) at
once. A thread here waits on it, then stops uvicorn and, if that is not done within `grace`
seconds (a render stuck in a thread), ends the process. Linux's `prctl(PR_SET_PDEATHSIG)` was
the other choice; it is Linux only (not macOS), fires when the spawning *thread* ends rather
than the process, and needs a `getppid()` check for a parent that died before the child made
the call. The pipe has none of these: it exists before the child starts, on every platform.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import socket
import threading
from dataclasses import dataclass
from multiprocessing.connection import wait

import uvicorn

log = logging.getLogger("segmint.local")

GRACE = 3.0
"""Seconds a worker whose parent died has to shut down before it is ended outright."""

ORPHANED = 70
"""The worker's exit status when it had to end itself after its parent died (EX_SOFTWARE)."""


@dataclass(frozen=True, slots=True)
class Worker:
    """What `TreeReload` runs in each spawned worker: uvicorn serving `config`'s app until
    stopped, or until the process that spawned it is gone."""

    config: uvicorn.Config
    grace: float = GRACE

    def __call__(self, sockets: list[socket.socket] | None = None) -> None:
        server = uvicorn.Server(self.config)
        parent = multiprocessing.parent_process()
        if parent is None:
            raise RuntimeError("Worker runs in a process spawned by multiprocessing")
        watch = threading.Thread(
            target=_stop_when_gone,
            args=(parent.sentinel, parent.pid, server, self.grace),
            name="segmint-parent-watch",
            daemon=True,
        )
        watch.start()
        server.run(sockets=sockets)


def _stop_when_gone(sentinel: int, pid: int | None, server: uvicorn.Server, grace: float) -> None:
    wait([sentinel])
    log.warning("serve process [%s] is gone: stopping its worker [%d]", pid, os.getpid())
    server.should_exit = True
    # Normally the process has ended before this returns; a daemon thread dies with it.
    threading.Event().wait(grace)
    os._exit(ORPHANED)
