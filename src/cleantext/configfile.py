"""Settings from ``cleantext.toml`` or ``[tool.cleantext]`` in ``pyproject.toml``.

As with ruff, the file is looked for from the input's folder upward; the
first ``cleantext.toml``, or ``pyproject.toml`` with a ``[tool.cleantext]``
table, wins. Command-line flags override what it says.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cleantext.config import ConfigError

#: key -> the type its value must have (lists hold strings).
KEYS: dict[str, type] = {
    "select": list,
    "ignore": list,
    "preview": bool,
    "extra-phrases": list,
    "extra-patterns": list,
    "boilerplate": str,
    "include": list,
    "exclude": list,
    "field": str,
}


@dataclass(frozen=True)
class FileSettings:
    """What one config file says, validated; ``source`` is None when no file was found."""

    source: Path | None = None
    values: dict[str, Any] = field(default_factory=dict)

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    def path_value(self, key: str) -> str | None:
        """A path from the file, relative to the file's folder."""
        value = self.values.get(key)
        if value is None or self.source is None:
            return value
        return str((self.source.parent / value).resolve())


def _table(path: Path) -> dict[str, Any] | None:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        return tool.get("cleantext") if isinstance(tool, dict) else None
    return data


def load(path: Path) -> FileSettings:
    table = _table(path)
    if table is None:
        raise ConfigError(f"{path}: has no [tool.cleantext] table")
    values: dict[str, Any] = {}
    for key, value in table.items():
        expected = KEYS.get(key)
        if expected is None:
            raise ConfigError(f"{path}: unknown key {key!r} (known: {', '.join(sorted(KEYS))})")
        if not isinstance(value, expected) or (isinstance(value, list) and not all(isinstance(v, str) for v in value)):
            kind = "a list of strings" if expected is list else expected.__name__
            raise ConfigError(f"{path}: key {key!r} must be {kind}")
        values[key] = value
    return FileSettings(path, values)


def find(start: str) -> Path | None:
    """The config file that governs ``start`` (a file or folder), or None."""
    folder = Path(start if os.path.isdir(start) else os.path.dirname(start) or ".").resolve()
    for candidate in (folder, *folder.parents):
        own = candidate / "cleantext.toml"
        if own.is_file():
            return own
        project = candidate / "pyproject.toml"
        if project.is_file() and _table(project) is not None:
            return project
    return None
