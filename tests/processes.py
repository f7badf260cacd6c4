"""Child processes for the tests, none of which may outlive its test.

Each child starts in a session of its own (`start_new_session=True`), so it and everything it
spawns share one process group that the test kills as a whole on the way out (`os.killpg`),
and every wait on it has a deadline.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path

WAIT = 60.0
"""Seconds to wait for a child's output once it has been told to stop or killed."""


def run_bounded(
    argv: Sequence[str],
    *,
    timeout: float,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    check: bool = True,
) -> subprocess.CompletedProcess[str]:
    """`subprocess.run(argv, capture_output=True, text=True, check=check)` with its whole group
    killed after `timeout` seconds (`subprocess.run`'s own timeout kills the child alone and
    leaves what it spawned running). Raises `subprocess.TimeoutExpired`."""
    with session(argv, cwd=cwd, env=env) as process:
        output, errors = process.communicate(timeout=timeout)
    done = subprocess.CompletedProcess(list(argv), process.returncode, output, errors)
    if check:
        done.check_returncode()
    return done


@contextmanager
def session(
    argv: Sequence[str],
    *,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    merge_stderr: bool = False,
) -> Iterator[subprocess.Popen[str]]:
    """`argv` running in a new session with its output piped; on the way out its whole group
    is killed and the child reaped, whatever the test did."""
    process = subprocess.Popen(
        list(argv),
        cwd=cwd,
        env=None if env is None else dict(env),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT if merge_stderr else subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        yield process
    finally:
        kill_group(process)


def kill_group(process: subprocess.Popen[str]) -> str:
    """SIGKILL every process of `process`'s group, reap it, and return what it printed."""
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    output, _ = process.communicate(timeout=WAIT)
    return output or ""


def group_members(pgid: int) -> list[int]:
    """The live processes of group `pgid` (zombies left out: they hold nothing, and a
    container's init may never reap them)."""
    proc = Path("/proc")
    if not proc.is_dir():  # no procfs (macOS): ask the kernel whether anyone is left
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return []
        return [pgid]
    members: list[int] = []
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # ended while we looked
            continue
        # pid (comm) state ppid pgrp ...; comm may hold spaces and parentheses.
        state, _ppid, pgrp = stat[stat.rindex(")") + 2 :].split()[:3]
        if int(pgrp) == pgid and state != "Z":
            members.append(int(entry.name))
    return members


def wait_until(condition: Callable[[], bool], timeout: float, interval: float = 0.1) -> bool:
    """Poll `condition()` until it is true or `timeout` seconds have passed; its last value."""
    deadline = time.monotonic() + timeout
    while True:
        if condition():
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(interval)
