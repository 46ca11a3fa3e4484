"""Where a field path is written in a TOML text, since `tomllib` gives no positions.

`Locator(text).line(("calendars", "regular", "hours", "mon-fri", 1))` is the line where the
second interval of `"mon-fri"` is written. The scanner follows `[table]` and `[[array]]` headers
(counting the elements of each array of tables), dotted keys, `key = value` lines, and the
elements of arrays and keys of inline tables, even across lines. It runs on text that `tomllib`
has already accepted, so it only has to be right for valid TOML; it is best effort all the same:
a path it cannot find gives the line of its nearest ancestor that it can, or None.
"""

from __future__ import annotations

import contextlib
import re
from bisect import bisect_right
from collections.abc import Sequence

PathPart = str | int
_Path = tuple[PathPart, ...]

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_SCALAR_END = re.compile(r"[,\]}#\r\n]")


class Locator:
    """The line of every key, table and array element of a TOML text (1-based)."""

    def __init__(self, text: str) -> None:
        self._lines = _Scanner(text).scan()

    def line(self, path: Sequence[PathPart]) -> int | None:
        """The line of `path`, or of its nearest ancestor written in the text, or None."""
        key = tuple(path)
        while key:
            if key in self._lines:
                return self._lines[key]
            key = key[:-1]
        return None


class _Stop(Exception):
    """The text is not what the scanner expects: keep what was found so far."""


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 1 if text.startswith("\ufeff") else 0
        self.line_starts = [0, *(m.end() for m in re.finditer("\n", text))]
        self.lines: dict[_Path, int] = {}
        self.array_sizes: dict[_Path, int] = {}  # array of tables -> elements seen so far

    def scan(self) -> dict[_Path, int]:
        with contextlib.suppress(_Stop, IndexError):  # keep what was found so far
            self._document()
        return self.lines

    # --- structure -------------------------------------------------------------------------------
    def _document(self) -> None:
        table: _Path = ()
        while True:
            self._skip_blank()
            if self.pos >= len(self.text):
                return
            start = self.pos
            if self.text.startswith("[[", start):
                self.pos += 2
                keys = self._key()
                self._expect("]]")
                array = (*self._resolve(keys[:-1]), keys[-1])
                index = self.array_sizes.get(array, 0)
                self.array_sizes[array] = index + 1
                table = (*array, index)
            elif self.text[start] == "[":
                self.pos += 1
                keys = self._key()
                self._expect("]")
                table = self._resolve(keys)
            else:
                self._key_value(table)
                continue
            self._record(table, start)

    def _key_value(self, table: _Path) -> None:
        start = self.pos
        path = (*table, *self._key())
        self._expect("=")
        self._record(path, start)
        self._skip_spaces()
        self._value(path)

    def _resolve(self, keys: list[str]) -> _Path:
        """A header's keys as a concrete path: an array of tables means its last element."""
        path: _Path = ()
        for key in keys:
            path = (*path, key)
            if path in self.array_sizes:
                path = (*path, self.array_sizes[path] - 1)
        return path

    def _record(self, path: _Path, pos: int) -> None:
        line = bisect_right(self.line_starts, pos)
        for end in range(1, len(path) + 1):
            self.lines.setdefault(path[:end], line)

    # --- values --------------------------------------------------------------------------------
    def _value(self, path: _Path) -> None:
        text, pos = self.text, self.pos
        if text.startswith('"""', pos):
            self._multiline_string('"""')
        elif text.startswith("'''", pos):
            self._multiline_string("'''")
        elif text[pos] in "\"'":
            self._string()
        elif text[pos] == "[":
            self._array(path)
        elif text[pos] == "{":
            self._inline_table(path)
        else:
            match = _SCALAR_END.search(text, pos)
            self.pos = match.start() if match else len(text)

    def _array(self, path: _Path) -> None:
        self.pos += 1
        index = 0
        while True:
            self._skip_blank()
            if self.text[self.pos] == "]":
                self.pos += 1
                return
            self._record((*path, index), self.pos)
            self._value((*path, index))
            index += 1
            self._skip_blank()
            if self.text[self.pos] == ",":
                self.pos += 1

    def _inline_table(self, path: _Path) -> None:
        self.pos += 1
        while True:
            self._skip_blank()
            char = self.text[self.pos]
            if char == "}":
                self.pos += 1
                return
            if char == ",":
                self.pos += 1
                continue
            self._key_value(path)

    def _string(self) -> str:
        """A one-line basic or literal string; returns its value (for quoted keys)."""
        quote = self.text[self.pos]
        pos = self.pos + 1
        chars: list[str] = []
        while self.text[pos] != quote:
            if quote == '"' and self.text[pos] == "\\":
                char, length = _unescape(self.text, pos)
                chars.append(char)
                pos += length
                continue
            chars.append(self.text[pos])
            pos += 1
        self.pos = pos + 1
        return "".join(chars)

    def _multiline_string(self, quotes: str) -> None:
        pos = self.pos + 3
        while not self.text.startswith(quotes, pos):
            pos += 2 if quotes == '"""' and self.text[pos] == "\\" else 1
            if pos >= len(self.text):
                raise _Stop
        pos += 3
        while pos < len(self.text) and self.text[pos] == quotes[0]:  # up to two quotes inside
            pos += 1
        self.pos = pos

    # --- keys and blanks -----------------------------------------------------------------------
    def _key(self) -> list[str]:
        keys: list[str] = []
        while True:
            self._skip_spaces()
            if self.text[self.pos] in "\"'":
                keys.append(self._string())
            else:
                match = _BARE_KEY.match(self.text, self.pos)
                if match is None:
                    raise _Stop
                keys.append(match.group())
                self.pos = match.end()
            self._skip_spaces()
            if self.text[self.pos] != ".":
                return keys
            self.pos += 1

    def _expect(self, token: str) -> None:
        self._skip_spaces()
        if not self.text.startswith(token, self.pos):
            raise _Stop
        self.pos += len(token)

    def _skip_spaces(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos] in " \t":
            self.pos += 1

    def _skip_blank(self) -> None:
        """Spaces, line breaks and comments."""
        while self.pos < len(self.text):
            char = self.text[self.pos]
            if char in " \t\r\n":
                self.pos += 1
            elif char == "#":
                end = self.text.find("\n", self.pos)
                self.pos = len(self.text) if end < 0 else end
            else:
                return


_ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\"}


def _unescape(text: str, pos: int) -> tuple[str, int]:
    """The character of the escape sequence at `text[pos]` (a backslash), and its length."""
    code = text[pos + 1]
    if code in "uU":
        digits = 4 if code == "u" else 8
        return chr(int(text[pos + 2 : pos + 2 + digits], 16)), 2 + digits
    return _ESCAPES.get(code, code), 2
