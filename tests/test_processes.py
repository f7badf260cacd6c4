"""tests/processes.py: a child and everything it spawns end with the test, even on a timeout."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.processes import group_members, run_bounded, session, wait_until

# A child that starts a grandchild, then waits: `subprocess.run`'s own timeout kills the child
# only and leaves the grandchild running. Its argument: a file to write its pid (the group's) to.
FORKING = [sys.executable, "-c", "import os, subprocess, sys, time; "
           "subprocess.Popen(['sleep', '600']); open(sys.argv[1], 'w').write(str(os.getpid())); "
           "print('started', flush=True); time.sleep(600)"]  # fmt: skip


@pytest.mark.timeout(60)
def test_run_bounded_kills_the_whole_group_on_timeout(tmp_path: Path) -> None:
    pid_file = tmp_path / "pid"
    started = time.monotonic()
    with pytest.raises(subprocess.TimeoutExpired):
        run_bounded([*FORKING, str(pid_file)], timeout=5)
    assert time.monotonic() - started < 30
    # killed, but the kernel may take a moment to take the reparented grandchild down
    assert wait_until(lambda: group_members(int(pid_file.read_text())) == [], timeout=30)


@pytest.mark.timeout(60)
def test_session_leaves_no_process_of_its_group_behind(tmp_path: Path) -> None:
    with session([*FORKING, str(tmp_path / "pid")]) as process:
        assert process.stdout is not None
        assert process.stdout.readline() == "started\n"
        assert wait_until(lambda: len(group_members(process.pid)) == 2, timeout=30)
    assert wait_until(lambda: group_members(process.pid) == [], timeout=30)


@pytest.mark.timeout(60)
def test_run_bounded_checks_the_exit_status_as_subprocess_run_does() -> None:
    done = run_bounded([sys.executable, "-c", "print('out')"], timeout=30)
    assert (done.returncode, done.stdout) == (0, "out\n")
    with pytest.raises(subprocess.CalledProcessError):
        run_bounded([sys.executable, "-c", "raise SystemExit(3)"], timeout=30)
    assert (
        run_bounded(
            [sys.executable, "-c", "raise SystemExit(3)"], timeout=30, check=False
        ).returncode
        == 3
    )
