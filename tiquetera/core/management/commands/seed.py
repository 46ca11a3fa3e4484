"""`tiquetera seed --cases N`: cases at scale for benchmarks (see tiquetera/core/scale.py)."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand
from tqdm import tqdm

from tiquetera.core.scale import Scale, seed


class Command(BaseCommand):
    help = "Add N generated cases (and the organizations, contracts and agents they need)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--cases", type=int, required=True)
        parser.add_argument("--open-share", type=float, default=0.1)
        parser.add_argument("--organizations", type=int, default=500)
        parser.add_argument("--agents", type=int, default=40)
        parser.add_argument("--preset", default="jq-systems")
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args: Any, **options: Any) -> None:
        scale = Scale(
            cases=options["cases"],
            open_share=options["open_share"],
            organizations=options["organizations"],
            agents=options["agents"],
            preset=options["preset"],
            seed=options["seed"],
        )
        with tqdm(total=scale.cases, unit="cases", disable=None) as bar:
            made = seed(scale, progress=bar.update)
        self.stdout.write(f"{made} cases added.")
