"""The policy simulator (issue 19): a window of cases replayed under the policy in use, timed
per phase, and checked for identity (what the replay came to against what was recorded).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tiquetera_bench \
        .venv/bin/python bench/bench_simulate.py [--preset jq-systems] [--days 1] [--to DATE]

Runs `tiquetera.policy.simulation.run.simulate` once, with the preset file (the policy the
database holds, as `tiquetera seed` and `tiquetera demo` load it) over the `--days` days that
end on `--to` (default: yesterday), and prints:
- the cases in the window, and the seconds and cases per second of each phase: reading what was
  recorded, the intake replay (each case through the intake pipeline, in arrival order), and the
  SLA recomputation (each replay's recorded life moved onto its clocks in memory, through the
  desk's own clock transitions, then what every replay came to);
- identity: the cases whose replay differs from the record in any compared field (verdict,
  consumption, amount, clocks), with the fields that differ most. Cases with an intake trail (a
  "case.created" event) are compared: those `submit` took in, and those `tiquetera seed`
  writes as the intake's decision made them (tiquetera/core/scale.py); a case written without
  one (a seed before 2026-12-07, an import) is counted apart and not compared;
- `--profile N`: cProfile's N costliest functions (cumulative).
Writes bench/results/simulate.json. Not a test; nothing is kept (the simulation rolls back).
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import json
import os
import pstats
import time
from collections import Counter
from dataclasses import fields
from pathlib import Path
from zoneinfo import ZoneInfo

import django

os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tiquetera.settings")
django.setup()

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import CharField, Exists, OuterRef  # noqa: E402
from django.db.models.functions import Cast  # noqa: E402

from tiquetera.audit.models import AuditEvent  # noqa: E402
from tiquetera.policy.models import Policy  # noqa: E402
from tiquetera.policy.schema import PRESETS_DIR, parse_policy  # noqa: E402
from tiquetera.policy.simulation.facts import CaseFacts  # noqa: E402
from tiquetera.policy.simulation.run import simulate  # noqa: E402
from tiquetera.policy.simulation.window import bounds, cases_in  # noqa: E402
from tiquetera.tickets.models import Case  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "simulate.json"
TARGET_CASES, TARGET_SECONDS = 250_000, 60.0  # the issue's: a quarter of the 1M bench data


def _differing_fields(now: CaseFacts, then: CaseFacts) -> list[str]:
    return [f.name for f in fields(CaseFacts) if getattr(now, f.name) != getattr(then, f.name)]


def _pipeline_made(policy: Policy, start: dt.date, end: dt.date) -> set[str]:
    """The numbers of the window's cases that have an intake trail (a "case.created" event)."""
    first, after = bounds(policy, start, end)
    created = AuditEvent.objects.filter(
        verb="case.created",
        content_type=ContentType.objects.get_for_model(Case),
        object_id=Cast(OuterRef("pk"), CharField()),
    )
    found = cases_in(policy, first, after, None).filter(Exists(created))
    return set(found.values_list("number", flat=True))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--preset", default="jq-systems")
    parser.add_argument("--days", type=int, default=1)
    parser.add_argument("--to", type=dt.date.fromisoformat, default=None)
    parser.add_argument("--profile", type=int, default=0, metavar="N")
    args = parser.parse_args()

    text = (PRESETS_DIR / f"{args.preset}.toml").read_text(encoding="utf-8")
    slug = parse_policy(text, f"{args.preset}.toml").policy.slug
    policy = Policy.objects.get(slug=slug)
    end = args.to or (dt.datetime.now(ZoneInfo(policy.time_zone)).date() - dt.timedelta(days=1))
    start = end - dt.timedelta(days=args.days - 1)
    made = _pipeline_made(policy, start, end)

    profile = cProfile.Profile() if args.profile else None
    began, cpu_began = time.perf_counter(), time.process_time()
    if profile is not None:
        profile.enable()
    result = simulate(text, filename=f"{args.preset}.toml", start=start, end=end)
    if profile is not None:
        profile.disable()
    total, cpu = time.perf_counter() - began, time.process_time() - cpu_began
    load = os.getloadavg()[0]

    cases = len(result.current)
    seconds = result.seconds
    compared = [
        (now, then)
        for now, then in zip(result.current, result.proposed, strict=True)
        if now.number in made
    ]
    differing = [(now, then) for now, then in compared if now != then]
    by_field = Counter(name for now, then in differing for name in _differing_fields(now, then))
    rate = {phase: cases / seconds[phase] if seconds[phase] else 0.0 for phase in seconds}
    found = {
        "database": connection.vendor,
        "preset": args.preset,
        "from": start.isoformat(),
        "to": end.isoformat(),
        "cases": cases,
        "seconds": round(total, 2),
        "cpu_seconds": round(cpu, 2),  # this process's CPU: the figure a loaded machine moves least
        "load_average": round(load, 1),
        "phases": {
            p: {
                "seconds": round(s, 2),
                "cases_per_s": round(rate[p], 1),
                "cpu_seconds": round(result.cpu.get(p, 0.0), 3),
                "cpu_ms_a_case": round(1000 * result.cpu.get(p, 0.0) / cases, 3) if cases else 0,
            }
            for p, s in seconds.items()
        },
        "compared": len(compared),
        "not_pipeline_made": cases - len(compared),
        "differences": len(differing),
        "differing_fields": dict(by_field.most_common()),
    }
    print(
        f"{connection.vendor}, {args.preset}, {start} to {end}: {cases:,} cases in {total:.1f} s"
        f" ({cpu:.1f} s of this process's CPU, load average {load:.1f})"
    )
    for phase, spent in seconds.items():
        used = result.cpu.get(phase, 0.0)
        print(
            f"  {phase:<9} {spent:8.2f} s  {rate[phase]:10,.1f} cases/s"
            f"  CPU {used:7.2f} s ({1000 * used / cases if cases else 0:.3f} ms a case)"
        )
    print(
        f"  identity: {len(differing)} of {len(compared):,} pipeline-made cases differ"
        f" ({cases - len(compared):,} without an intake trail, not compared)"
        + (f"; fields: {dict(by_field.most_common())}" if by_field else "")
    )
    for now, then in differing[:3]:
        print(f"    {now}\n    {then}")
    whole = TARGET_CASES / (cases / total) if cases else float("inf")
    whole_cpu = TARGET_CASES * cpu / cases if cases else float("inf")
    print(
        f"  {TARGET_CASES:,} cases at this rate: {whole:,.0f} s, at this CPU a case: "
        f"{whole_cpu:,.0f} s of CPU"
        f" (target {TARGET_SECONDS:.0f} s: {'met' if whole < TARGET_SECONDS else 'not met'})"
    )
    if profile is not None:
        pstats.Stats(profile).sort_stats("cumulative").print_stats(args.profile)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(found, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
