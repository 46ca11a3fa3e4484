"""Presets loaded with an [assignment] section of the test's own, and their agents."""

from tiquetera.directory.models import Agent
from tiquetera.policy.schema import PRESETS_DIR, parse_policy
from tiquetera.policy.services import load_policy
from tiquetera.testing.factories import AgentProfileFactory


def reload_preset(name: str, extra: str = "", replace: tuple[str, str] = ("", "")) -> None:
    """Load the preset `name` again with `extra` TOML appended and `replace` (old, new) done
    (its policy keeps its rows)."""
    text = (PRESETS_DIR / f"{name}.toml").read_text(encoding="utf-8") + extra
    if replace[0]:
        assert replace[0] in text
        text = text.replace(*replace)
    load_policy(parse_policy(text, f"{name}.toml"), source=f"preset:{name}")


def agent(email: str) -> Agent:
    agent: Agent = AgentProfileFactory(user__email=email, skills=[])
    return agent
