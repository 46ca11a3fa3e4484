"""`tiquetera demo` runs its worker with `--quiet`: warnings and errors only, not huey's line per
job, so the demo's log keeps to its URL and logins (the production worker keeps its INFO lines)."""

import os
import signal
import subprocess
import sys
import time

import pytest


def _worker(tmp_path, name: str, *args: str) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "HUEY_IMMEDIATE"}}
    (tmp_path / name).mkdir()
    env |= {"DEBUG": "true", "VAR_DIR": str(tmp_path / name), "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "tiquetera", "worker", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


@pytest.mark.slow
def test_a_quiet_worker_logs_no_info_lines_where_a_plain_one_does(tmp_path):
    plain, quiet = _worker(tmp_path, "plain"), _worker(tmp_path, "quiet", "--quiet")
    try:
        deadline = time.monotonic() + 60
        seen = ""
        while "Huey consumer started" not in seen and time.monotonic() < deadline:
            seen += plain.stdout.readline()
        time.sleep(2)  # the quiet one, started at the same moment, has started too
        assert quiet.poll() is None and "Huey consumer started" in seen
    finally:
        for worker in (plain, quiet):
            worker.send_signal(signal.SIGINT)
    quiet_log = quiet.communicate(timeout=30)[0]
    plain_log = seen + plain.communicate(timeout=30)[0]

    assert " INFO " in plain_log
    assert " INFO " not in quiet_log and "Huey consumer" not in quiet_log
    assert quiet.returncode == 0
