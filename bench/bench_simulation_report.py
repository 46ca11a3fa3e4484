"""The policy simulator's report at bench scale (issue 19): a generated simulation of
`--cases` cases (default 250,000: a quarter of the bench data) in which every 4th case is
refused under the file and every other one has its resolution deadline moved, compared and
printed as the command line prints it. No database.

    .venv/bin/python bench/bench_simulation_report.py [--cases 250000]

Prints the CPU seconds of building the report's comparison (`report`'s functions but the
charges, which read the database) and of the command line's text, and how many lines it has.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tiquetera.settings")
django.setup()

from django.utils import translation  # noqa: E402

from tiquetera.policy.simulation.tables import render  # noqa: E402
from tiquetera.policy.tests.test_simulate_report_at_scale import _report  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=250_000)
    args = parser.parse_args()
    with translation.override("es"):
        gc.collect()
        began = time.process_time()
        built = _report(args.cases)  # the facts generated, then compared
        compared = time.process_time() - began
        began = time.process_time()
        text = render(built)
        printed = time.process_time() - began
    print(
        f"{args.cases} cases: {len(built['changed_cases'])} changed outcomes, "
        f"{len(built['sla_changes'])} deadlines moved; facts and comparison {compared:.2f} s CPU; "
        f"command-line text {printed:.2f} s CPU, {len(text.splitlines())} lines"
    )


if __name__ == "__main__":
    main()
