"""Issue 16: the presets do only what their seed says; an escalation the seed does not ask for
is left out, or kept as the vendor's example with the comment
"# EXAMPLE: vendor's choice, not in the seed" just above its target."""

import tomllib

import pytest

from tiquetera.policy.schema import PRESETS_DIR

MARK = "# EXAMPLE: vendor's choice, not in the seed"
PRESETS = sorted(PRESETS_DIR.glob("*.toml"))


def target_blocks(text: str) -> list[tuple[str, str]]:
    """Each `[[sla.targets]]` block of the file: (the comments just above it, its body)."""
    lines = text.splitlines()
    blocks = []
    for n, line in enumerate(lines):
        if line.strip() != "[[sla.targets]]":
            continue
        above = []
        for previous in reversed(lines[:n]):
            if not previous.startswith("#"):
                break
            above.append(previous)
        body = []
        for following in lines[n + 1 :]:
            if following.startswith("[") or following.startswith("#"):
                break
            body.append(following)
        blocks.append(("\n".join(reversed(above)), "\n".join(body)))
    return blocks


@pytest.mark.parametrize("path", PRESETS, ids=lambda path: path.stem)
def test_an_escalation_beyond_notifying_is_marked_as_the_vendors_choice(path):
    for comments, body in target_blocks(path.read_text(encoding="utf-8")):
        target = tomllib.loads(body)
        actions = [*target.get("on_breach", []), *target.get("on_warning", [])]
        if any(action != "notify" for action in actions):
            assert MARK in comments, f"{path.name}: {target} is not marked"


def test_customsoft_does_not_raise_a_late_p2_to_p1():
    """Seed 001 gives "prioridad alta" only to what stops the operation, said when opening."""
    preset = tomllib.loads((PRESETS_DIR / "customsoft.toml").read_text(encoding="utf-8"))
    actions = [
        action
        for target in preset["sla"]["targets"]
        for action in [*target.get("on_breach", []), *target.get("on_warning", [])]
    ]
    assert "raise_severity" not in actions


def test_jqs_reassignment_of_a_breached_s3_is_marked():
    """Seed 002, line 15: "se tomarán las medidas que sean necesarias" — which measures is the
    vendor's choice."""
    blocks = target_blocks((PRESETS_DIR / "jq-systems.toml").read_text(encoding="utf-8"))
    marked = [body for comments, body in blocks if MARK in comments]
    assert any('"reassign"' in body for body in marked)
