"""The `tiquetera` console script: Django's manage.py under the project's name, whose
`tiquetera help` (or `--help`) lists our own commands first, one line each."""

import os
import sys
import textwrap

from django.core.management import ManagementUtility, get_commands, load_command_class

OURS = "tiquetera."


class Utility(ManagementUtility):
    def main_help_text(self, commands_only: bool = False) -> str:
        if commands_only:
            return super().main_help_text(commands_only=True)
        commands = get_commands()
        ours = sorted(name for name, app in commands.items() if app.startswith(OURS))
        others = sorted(name for name, app in commands.items() if not app.startswith(OURS))
        width = max(len(name) for name in ours) + 2
        lines = [
            f"Usage: {self.prog_name} <command> [options]",
            f"       {self.prog_name} help <command>   (a command's options)",
            "",
            "Tiquetera's commands:",
            *(f"  {name:<{width}}{_first_sentence(commands[name], name)}" for name in ours),
            "",
            "Django's and the libraries' commands:",
            textwrap.fill(", ".join(others), width=96, initial_indent="  ", subsequent_indent="  "),
        ]
        return "\n".join(lines)


def _first_sentence(app: str, name: str) -> str:
    text = " ".join(str(load_command_class(app, name).help).split())
    sentence = text.split(". ")[0].rstrip(".")
    return sentence if len(sentence) <= 88 else sentence[:87].rsplit(" ", 1)[0] + "…"


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tiquetera.settings")
    Utility(sys.argv).execute()


if __name__ == "__main__":
    main()
