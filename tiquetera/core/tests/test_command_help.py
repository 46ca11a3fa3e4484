"""`tiquetera help` (or `--help`) lists Tiquetera's own commands first, one line each."""

import os
import subprocess
import sys


def _help(tmp_path, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    env["VAR_DIR"] = str(tmp_path)  # a fresh clone: no key, DEBUG off
    done = subprocess.run(
        [sys.executable, "-m", "tiquetera", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_help_lists_our_commands_first_with_one_line_each(tmp_path):
    text = _help(tmp_path, "help")
    ours = text.split("Tiquetera's commands:\n")[1].split("\n\n")[0].splitlines()
    names = [line.split()[0] for line in ours]
    assert {"demo", "import", "policy", "worker", "calendar"} <= set(names)
    assert "migrate" not in names
    assert all(len(line.split(maxsplit=1)) == 2 for line in ours)  # a name and its one line
    assert text.index("Tiquetera's commands:") < text.index("migrate")


def test_dash_dash_help_is_the_same_page(tmp_path):
    assert _help(tmp_path, "--help") == _help(tmp_path, "help")
