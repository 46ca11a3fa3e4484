"""`tiquetera policy check|load|dump|presets`: output, errors on stderr, and exit codes."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from tiquetera.calendars.models import Calendar

from .conftest import EXAMPLE, PRESETS


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_check_a_preset_says_ok(capsys):
    call_command("policy", "check", "jq-systems")
    out = capsys.readouterr().out
    assert out.endswith(
        "jq-systems.toml: OK, policy jq-systems with calendars regular, extended.\n"
    )


def test_check_a_bad_file_lists_its_problems_on_stderr(write, capsys):
    path = write(EXAMPLE.replace('"mon-fri"', '"mon-fir"'))
    with pytest.raises(CommandError, match=r"has 1 problem\.$"):
        call_command("policy", "check", path)
    err = capsys.readouterr().err
    assert err.startswith(f"{path}:17: calendars.regular.hours.mon-fir: “mon-fir” is not a day")


def test_an_unknown_preset_lists_the_presets():
    with pytest.raises(CommandError) as error:
        call_command("policy", "check", "jq")
    assert "jq has 1 problem" in str(error.value)


@pytest.mark.django_db
def test_load_prints_what_changed_then_nothing_the_second_time(write, capsys):
    path = write(EXAMPLE)
    call_command("policy", "load", path)
    out = capsys.readouterr().out.splitlines()
    assert out[:3] == [
        "Created: support policy acme",
        "Created: calendar acme/regular",
        "Created: calendar date acme/regular 2026-12-08",
    ]
    assert out[-1] == "Policy acme: 7 created, 0 updated, 0 deleted, 0 unchanged."
    call_command("policy", "load", path)
    assert capsys.readouterr().out == "Policy acme: 0 created, 0 updated, 0 deleted, 7 unchanged.\n"


@pytest.mark.django_db
def test_load_of_a_bad_file_says_nothing_was_loaded(write):
    with pytest.raises(CommandError, match=r"Nothing was loaded\."):
        call_command("policy", "load", write(EXAMPLE.replace("format = 1", "format = 2")))
    assert not Calendar.objects.exists()


@pytest.mark.django_db
def test_dump_without_a_slug_dumps_the_only_policy(capsys):
    call_command("policy", "load", "isys")
    capsys.readouterr()
    call_command("policy", "dump")
    out = capsys.readouterr().out
    assert out.startswith("# Support policy of ISYS Informática (isys)")
    assert '\n[calendars.standard.hours]\nmon-fri = ["08:00-17:00"]\n' in out


@pytest.mark.django_db
def test_dump_needs_a_slug_when_there_are_several_policies():
    call_command("policy", "load", "isys")
    call_command("policy", "load", "sisnova")
    with pytest.raises(CommandError, match=r"Name the policy\. Policies: isys, sisnova\."):
        call_command("policy", "dump")
    with pytest.raises(CommandError, match="There is no policy “nope”"):
        call_command("policy", "dump", "nope")


@pytest.mark.django_db
def test_dump_to_a_file_loads_back(tmp_path, capsys):
    call_command("policy", "load", "soho-apps")
    target = tmp_path / "soho.toml"
    call_command("policy", "dump", "soho-apps", "-o", str(target))
    assert capsys.readouterr().out.endswith(f"Wrote {target}.\n")
    call_command("policy", "load", str(target))
    # the policy, 2 calendars, 1 plan, the desk rules, 2 severities, 7 fields, 4 case types,
    # 9 scope categories, 7 intake rules, the SLA settings and 3 SLA targets
    assert capsys.readouterr().out.endswith("0 created, 0 updated, 0 deleted, 38 unchanged.\n")


def test_presets_lists_the_five(capsys):
    call_command("policy", "presets")
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == PRESETS
    assert "jq-systems   JQ Systems (CO, America/Bogota)" in lines


def console(*args: str) -> subprocess.CompletedProcess[str]:
    """The real console script's entry point, in a child process."""
    # a mail server configured, as in production: the console backend's warning is not ours here
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tiquetera.settings",
        "EMAIL_URL": "smtp://127.0.0.1:2525",
    }
    return subprocess.run(
        [sys.executable, "-m", "tiquetera", "policy", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=Path(__file__).resolve().parents[3],
        check=False,
    )


def test_the_console_script_exits_0_when_the_file_is_right():
    result = console("check", "customsoft")
    assert (result.returncode, result.stderr) == (0, "")
    assert "customsoft.toml: correcto, política customsoft" in result.stdout


def test_the_console_script_exits_1_with_the_problems_on_stderr(write):
    text = EXAMPLE.replace('time_zone = "America/Panama"', 'time_zone = "Mars/Base"')
    path = write(text)
    result = console("check", path)
    assert result.returncode == 1
    assert result.stdout == ""
    line = text[: text.index("Mars/Base")].count("\n") + 1
    assert f"{path}:{line}: calendars.urgent.time_zone: " in result.stderr
    assert "Mars/Base" in result.stderr
