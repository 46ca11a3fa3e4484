"""Business-time deadlines per second: our engine side by side with pandas, django-bizcal and
businesstimedelta, on the same random cases, with mismatches counted against the oracle.

    python bench/bench_calendars.py            # what `make bench` runs
    python bench/bench_calendars.py --quick    # 10,000 cases, fewer repeats: a smoke run

The cases: starts at any whole minute of 2025-2027 in America/Bogota, durations of 1 to 240
whole business hours (30 business days of 8 hours), on JQ Systems' regular calendar (Mon-Fri
09:00-13:00 + 14:00-17:00, Colombian holidays). Not a test: it prints a table and writes
bench/results/calendars.json. The peers live in the optional `bench` dependency group and are
imported only here.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import platform
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt

from tiquetera.calendars.engine import BusinessCalendar
from tiquetera.calendars.tests.oracle import Oracle, from_us, to_us

TIMEZONE = "America/Bogota"
BOGOTA = ZoneInfo(TIMEZONE)
SPLIT_SHIFT = (("09:00", "13:00"), ("14:00", "17:00"))
WEEK = {day: list(SPLIT_SHIFT) for day in range(5)}
SEED = 20260320
FIRST, LAST = dt.datetime(2025, 1, 1, tzinfo=BOGOTA), dt.datetime(2028, 1, 1, tzinfo=BOGOTA)
MAX_HOURS = 30 * 8
HOLIDAY_YEARS = range(2024, 2031)  # peers that need their holiday years up front
RESULTS = Path(__file__).resolve().parent / "results" / "calendars.json"
TARGETS = {"scalar_add_per_s": 400_000, "ratio_vs_peer": 60, "between_many_per_s": 5_000_000}


def make_cases(n: int) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """(start epoch seconds, duration in whole hours), the same for every run."""
    rng = np.random.default_rng(SEED)
    first, last = int(FIRST.timestamp()), int(LAST.timestamp())
    starts = first + 60 * rng.integers(0, (last - first) // 60, size=n)
    hours = rng.integers(1, MAX_HOURS + 1, size=n)
    return starts, hours


def best_of(repeat: int, run: Callable[[], Any]) -> tuple[float, Any]:
    """Best wall time of `repeat` runs (time.perf_counter), and the last run's result.

    The garbage collector is off while a run is on the clock, as `timeit` does, for every
    contender alike: otherwise the peers' millions of live objects make each collection slow
    and the numbers measure the heap, not the library."""
    best, result = float("inf"), None
    for _ in range(repeat):
        gc.collect()
        gc.disable()
        try:
            began = time.perf_counter()
            result = run()
            best = min(best, time.perf_counter() - began)
        finally:
            gc.enable()
    return best, result


def epoch_seconds(moments: Sequence[Any]) -> list[float]:
    """Deadlines (datetimes or pandas Timestamps) as epoch seconds, off the clock."""
    return [m.timestamp() for m in moments]


# --- the contenders -------------------------------------------------------------------------
@dataclass
class Peer:
    name: str
    run: Callable[[list[Any], list[int]], list[Any]]  # (starts, hours) -> deadlines
    prepare: Callable[[list[dt.datetime]], list[Any]] = list  # peer-native starts, off the clock
    finish: Callable[[list[Any]], list[float]] = epoch_seconds  # deadlines as epochs, off it too


def ours_scalar(
    cal: BusinessCalendar, starts: list[dt.datetime], minutes: list[int]
) -> list[dt.datetime]:
    add = cal.add
    return [add(s, m) for s, m in zip(starts, minutes, strict=True)]


def pandas_peer(hours_needed: set[int]) -> Peer:
    import holidays
    import pandas as pd

    # A split shift is a list of starts and ends; whole business hours only.
    days = sorted(holidays.country_holidays("CO", years=HOLIDAY_YEARS))
    offsets = {
        h: pd.offsets.CustomBusinessHour(
            h,
            start=[a for a, _ in SPLIT_SHIFT],
            end=[b for _, b in SPLIT_SHIFT],
            holidays=days,
            weekmask="Mon Tue Wed Thu Fri",
        )
        for h in hours_needed
    }

    # Its fastest input: naive local wall times (exact here, as Bogotá has no daylight saving).
    def prepare(starts: list[dt.datetime]) -> list[Any]:
        return [pd.Timestamp(s.replace(tzinfo=None)) for s in starts]

    def run(stamps: list[Any], hours: list[int]) -> list[Any]:
        return [ts + offsets[h] for ts, h in zip(stamps, hours, strict=True)]

    def finish(deadlines: list[Any]) -> list[float]:
        return [d.tz_localize(TIMEZONE).timestamp() for d in deadlines]

    name = f"pandas {pd.__version__} CustomBusinessHour (offsets reused)"
    return Peer(name, run, prepare, finish)


def bizcal_peer() -> Peer:
    from importlib.metadata import version

    from django_bizcal import WorkingCalendar  # its core needs no Django settings

    cal = WorkingCalendar.from_country(
        country="CO",
        years=HOLIDAY_YEARS,
        tz=TIMEZONE,
        weekly_schedule={day: list(SPLIT_SHIFT) for day in range(5)},
    )
    add = cal.add_business_time
    deltas = {h: dt.timedelta(hours=h) for h in range(1, MAX_HOURS + 1)}

    def run(starts: list[dt.datetime], hours: list[int]) -> list[dt.datetime]:
        return [add(s, deltas[h]) for s, h in zip(starts, hours, strict=True)]

    return Peer(f"django-bizcal {version('django-bizcal')} add_business_time", run)


def businesstimedelta_peer() -> Peer:
    from importlib.metadata import version

    import businesstimedelta as btd
    import holidays
    import pytz

    tz = pytz.timezone(TIMEZONE)
    weekdays = [0, 1, 2, 3, 4]
    rules = btd.Rules(
        [
            btd.WorkDayRule(dt.time(9), dt.time(17), working_days=weekdays, tz=tz),
            btd.LunchTimeRule(dt.time(13), dt.time(14), working_days=weekdays, tz=tz),
            btd.HolidayRule(holidays.country_holidays("CO", years=HOLIDAY_YEARS), tz=tz),
        ]
    )
    deltas = {h: btd.BusinessTimeDelta(rules, hours=h) for h in range(1, MAX_HOURS + 1)}

    def run(starts: list[dt.datetime], hours: list[int]) -> list[dt.datetime]:
        return [s + deltas[h] for s, h in zip(starts, hours, strict=True)]

    return Peer(f"businesstimedelta {version('businesstimedelta')} (lunch rule as the break)", run)


# --- the run ---------------------------------------------------------------------------------
def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--check", type=int, default=2_000, help="cases checked against oracle")
    parser.add_argument("--repeat", type=int, default=7, help="best-of-N for our engine")
    parser.add_argument(
        "--peer-repeat", type=int, default=1, help="best-of-N for the peers (runs last minutes)"
    )
    parser.add_argument(
        "--slow-peer-cases",
        type=int,
        default=2_000,
        help="cases timed for businesstimedelta (under a hundred per second here)",
    )
    parser.add_argument("--quick", action="store_true", help="10,000 cases, fewer repeats")
    parser.add_argument("--ours-only", action="store_true", help="skip the peers")
    parser.add_argument("--json", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    if args.quick:
        args.cases, args.check, args.repeat, args.peer_repeat = 10_000, 500, 3, 1
        args.slow_peer_cases = 500
    n, n_check = args.cases, min(args.check, args.cases)

    start_epochs, hours_arr = make_cases(n)
    starts = [dt.datetime.fromtimestamp(int(e), BOGOTA) for e in start_epochs]
    hours = [int(h) for h in hours_arr]
    minutes = [h * 60 for h in hours]
    print(f"{n:,} cases (seed {SEED}): starts at whole minutes of 2025-2027 in {TIMEZONE},")
    print(f"1 to {MAX_HOURS} business hours, JQ regular calendar (Mon-Fri 09-13/14-17, CO).")

    # The oracle walks days one by one: it checks a fixed subsample (the first cases).
    print(f"oracle: computing {n_check:,} reference deadlines ...", flush=True)
    oracle = Oracle(TIMEZONE, WEEK, country="CO")
    began = time.perf_counter()
    expected_us = [oracle.add_us(to_us(starts[i]), hours[i] * 3600 * 10**6) for i in range(n_check)]
    oracle_seconds = time.perf_counter() - began
    expected = np.array(expected_us, dtype=np.int64)

    # the next opening after each oracle deadline: where a deadline that falls on a closing
    # time lands when a library rolls it forward
    next_opening_us = [
        next(oracle.segments_from(us + 1))[0] if not oracle.is_open(from_us(us, BOGOTA)) else us
        for us in expected_us
    ]
    rolled = np.array(next_opening_us, dtype=np.int64)

    def mismatches(deadlines: Sequence[float]) -> tuple[int, int]:
        """(deadlines unlike the oracle's, how many of them are the next opening instead)."""
        got = np.rint(np.asarray(deadlines[:n_check], dtype=np.float64) * 10**6).astype(np.int64)
        wrong = got != expected[: len(got)]
        return int(np.count_nonzero(wrong)), int(
            np.count_nonzero(wrong & (got == rolled[: len(got)]))
        )

    rows: list[dict[str, Any]] = []

    def record(name: str, cases: int, seconds: float, got: Sequence[float], note: str = "") -> None:
        checked = min(n_check, len(got))
        bad, at_next_opening = mismatches(got)
        if at_next_opening:
            note = f"{note}; {at_next_opening} of the {bad} mismatches are the next opening"
        rows.append(
            {
                "name": name,
                "cases_timed": cases,
                "best_seconds": seconds,
                "per_second": cases / seconds,
                "mismatches": bad,
                "mismatches_at_next_opening": at_next_opening,
                "checked": checked,
                "note": note.strip("; "),
            }
        )
        print(f"  {name}: {cases / seconds:,.0f}/s, {bad} mismatches in {checked:,}", flush=True)

    print("timing ...", flush=True)
    cal = BusinessCalendar(TIMEZONE, WEEK, country="CO")
    ours_scalar(cal, starts[:2_000], minutes[:2_000])  # warm-up: compiles the timeline
    seconds, scalar_deadlines = best_of(args.repeat, lambda: ours_scalar(cal, starts, minutes))
    scalar = epoch_seconds(scalar_deadlines)
    record("ours add (scalar, one core)", n, seconds, scalar)

    s_arr = start_epochs.astype(np.float64)
    d_arr = hours_arr.astype(np.float64) * 3600
    cal.add_many(s_arr[:1000], d_arr[:1000])
    seconds, many = best_of(args.repeat, lambda: cal.add_many(s_arr, d_arr))
    record("ours add_many (NumPy batch)", n, seconds, list(many))

    # between_many from each start to its deadline must give back the duration: checked on the
    # oracle's deadlines (the subsample), and on our own deadlines for every case
    ends = np.asarray(scalar, dtype=np.float64)
    cal.between_many(s_arr[:1000], ends[:1000])
    seconds, worked = best_of(args.repeat, lambda: cal.between_many(s_arr, ends))
    oracle_ends = expected.astype(np.float64) / 10**6
    bad_vs_oracle = int(
        np.count_nonzero(cal.between_many(s_arr[:n_check], oracle_ends) != d_arr[:n_check])
    )
    bad_round_trip = int(np.count_nonzero(worked != d_arr))
    rows.append(
        {
            "name": "ours between_many (NumPy batch)",
            "cases_timed": n,
            "best_seconds": seconds,
            "per_second": n / seconds,
            "mismatches": bad_vs_oracle,
            "checked": n_check,
            "note": f"between(start, oracle deadline) == duration; round trip "
            f"between_many(s, add(s, d)) == d failed {bad_round_trip} of {n:,}",
            "round_trip_failures": bad_round_trip,
        }
    )
    print(f"  between_many: {n / seconds:,.0f}/s, {bad_vs_oracle} mismatches", flush=True)

    peers: list[tuple[str, Callable[[], Peer], int, str]] = [
        (
            "pandas",
            lambda: pandas_peer(set(hours)),
            n,
            "whole business hours only; fed naive local times, its fastest input; a deadline "
            "that falls on a closing time (13:00, 17:00) comes out at the next opening",
        ),
        ("django-bizcal", bizcal_peer, n, "its core needs no Django settings"),
        (
            "businesstimedelta",
            businesstimedelta_peer,
            min(n, args.slow_peer_cases),
            f"timed on the first {min(n, args.slow_peer_cases):,} cases only: it walks "
            "day by day looking for holidays",
        ),
    ]
    peer_rates: dict[str, float] = {}
    for key, build, cases, note in [] if args.ours_only else peers:
        try:
            peer = build()
        except ImportError as missing:
            print(f"  {key}: not installed ({missing}); `make bench` installs the bench group")
            continue
        inputs = peer.prepare(starts[:cases])
        peer.run(inputs[:500], hours[:500])  # warm-up
        seconds, got = best_of(
            args.peer_repeat, lambda p=peer, i=inputs, c=cases: p.run(i, hours[:c])
        )
        record(peer.name, cases, seconds, peer.finish(got), note)
        peer_rates[key] = cases / seconds

    ours_rate = rows[0]["per_second"]
    ratios = {f"ours_scalar/{key}": ours_rate / rate for key, rate in peer_rates.items()}
    between_rate = rows[2]["per_second"]
    verdict = {
        "scalar_add_per_s": ours_rate >= TARGETS["scalar_add_per_s"],
        "ratio_vs_pandas": ratios.get("ours_scalar/pandas", 0) >= TARGETS["ratio_vs_peer"],
        "ratio_vs_django_bizcal": ratios.get("ours_scalar/django-bizcal", 0)
        >= TARGETS["ratio_vs_peer"],
        "between_many_per_s": between_rate >= TARGETS["between_many_per_s"],
        "zero_mismatches_ours": all(r["mismatches"] == 0 for r in rows[:3]) and bad_round_trip == 0,
    }

    print()
    print(f"{'contender':<62} {'cases':>8} {'per second':>13} {'mismatches':>16}")
    print("-" * 102)
    for r in rows:
        print(
            f"{r['name']:<62} {r['cases_timed']:>8,} {r['per_second']:>13,.0f} "
            f"{r['mismatches']:>6} / {r['checked']:<7,}"
        )
    print("-" * 102)
    for key, value in ratios.items():
        print(f"{key:<40} {value:>8.1f}x")
    print(
        f"\nmismatches: against the oracle on the first {n_check:,} cases "
        f"(oracle took {oracle_seconds:.1f} s); best of {args.repeat} runs for ours, "
        f"{args.peer_repeat} for the peers, after a warm-up."
    )
    for r in rows:
        if r["note"]:
            print(f"  {r['name']}: {r['note']}")
    print("targets: " + ", ".join(f"{k} {'met' if ok else 'NOT met'}" for k, ok in verdict.items()))

    report = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "python": sys.version.split()[0],
        "machine": platform.platform(),
        "cases": n,
        "seed": SEED,
        "calendar": "JQ regular: Mon-Fri 09:00-13:00 + 14:00-17:00, America/Bogota, CO holidays",
        "durations": f"1 to {MAX_HOURS} whole business hours",
        "oracle_checked_cases": n_check,
        "repeat": {"ours": args.repeat, "peers": args.peer_repeat},
        "results": rows,
        "ratios": ratios,
        "targets": TARGETS,
        "targets_met": verdict,
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(f"written to {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
