"""A policy as the text of its file: `dump_policy(policy)`.

The text is canonical, so dump → load → dump gives the same text: sections in registry order,
calendars by key, dates by date, weekdays with the same hours grouped into ranges ("mon-fri"),
values inherited from [policy] left out. The layout is the one people write: one `[table]` or
`[[array]]` header per table, short arrays on one line; tomli_w writes every value.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import tomli_w

from .models import Policy
from .services import export_policy

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def dump_policy(policy: Policy) -> str:
    """The policy's file, ready to be loaded again with `tiquetera policy load`."""
    name = " ".join(policy.name.split())  # a comment is one line
    header = (
        f"# Support policy of {name} ({policy.slug}), written by `tiquetera policy dump`.\n"
        "# The format is described in docs/policy.md; load it with `tiquetera policy load FILE`.\n"
        "\n"
    )
    return header + to_toml(export_policy(policy))


def to_toml(data: Mapping[str, Any]) -> str:
    """`data` as TOML: a table per header, arrays of tables as `[[...]]`, leaves inline."""
    blocks: list[str] = []
    _write_table(blocks, (), data, in_array=False)
    return "\n".join(blocks)


def _write_table(
    blocks: list[str], name: tuple[str, ...], table: Mapping[str, Any], *, in_array: bool
) -> None:
    leaves = [(k, v) for k, v in table.items() if not _is_table(v) and not _is_table_array(v)]
    children = [(k, v) for k, v in table.items() if _is_table(v) or _is_table_array(v)]
    lines: list[str] = []
    dotted = ".".join(_key(part) for part in name)
    if in_array:
        lines.append(f"[[{dotted}]]")
    elif name and (leaves or not children):  # a table holding only tables needs no header
        lines.append(f"[{dotted}]")
    lines += [f"{_key(key)} = {_value(value)}" for key, value in leaves]
    if lines:
        blocks.append("\n".join(lines) + "\n")
    for key, value in children:
        if _is_table(value):
            _write_table(blocks, (*name, key), value, in_array=False)
        else:
            for item in value:
                _write_table(blocks, (*name, key), item, in_array=True)


def _is_table(value: object) -> bool:
    return isinstance(value, Mapping)


def _is_table_array(value: object) -> bool:
    return isinstance(value, list | tuple) and bool(value) and all(map(_is_table, value))


def _value(value: object) -> str:
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_value(item) for item in value) + "]"
    rendered = tomli_w.dumps({"v": value}, multiline_strings=True)
    return rendered.removeprefix("v = ").removesuffix("\n")


def _key(key: str) -> str:
    if _BARE_KEY.fullmatch(key):
        return key
    return tomli_w.dumps({"v": key}).removeprefix("v = ").removesuffix("\n")
