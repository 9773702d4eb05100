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

from cleantext.config import Config, ConfigError

#: key -> the type its value must have (lists hold strings).
KEYS: dict[str, type] = {
    "select": list,
    "ignore": list,
    "preview": bool,
    "text": str,
    "cut": str,
    "extra-phrases": list,
    "extra-patterns": list,
    "extend-select": list,
    "extend-ignore": list,
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
    if path.name != "pyproject.toml":
        return data
    tool = data.get("tool", {})
    table = tool.get("cleantext") if isinstance(tool, dict) else None
    if table is not None and not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.cleantext] must be a table of settings, not {type(table).__name__}")
    return table


def load(path: Path) -> FileSettings:
    table = _table(path)
    if table is None:
        raise ConfigError(f"{path}: has no [tool.cleantext] table")
    if path.name != "pyproject.toml" and isinstance(table.get("tool"), dict) and "cleantext" in table["tool"]:
        raise ConfigError(
            f"{path}: only pyproject.toml holds the settings under [tool.cleantext]; "
            f"in {path.name} the keys stand at the top (select = [...], with no table heading)"
        )
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


def config_from_file(path: str | os.PathLike[str]) -> Config:
    """The ``Config`` a settings file describes (``cleantext.toml``, or ``pyproject.toml``'s ``[tool.cleantext]``).

    Rule selection, preview, the kind of text and page mode's cut, extra phrases and patterns, and the learned
    boilerplate list it names (relative to the file); the keys about files
    (``include``, ``exclude``, ``field``) are the command's. Raises
    ConfigError naming the file and key.
    """
    from cleantext.learn import load_list

    settings = load(Path(path))
    boilerplate = settings.path_value("boilerplate")
    return Config(
        select=tuple(settings.get("select", ("ALL",))) + tuple(settings.get("extend-select", ())),
        ignore=tuple(settings.get("ignore", ())) + tuple(settings.get("extend-ignore", ())),
        preview=settings.get("preview", False),
        text=settings.get("text", "extract"),
        cut=settings.get("cut", "balanced"),
        extra_phrases=settings.get("extra-phrases", ()),
        extra_patterns=settings.get("extra-patterns", ()),
        boilerplate=load_list(boilerplate) if boilerplate else frozenset(),
    )
