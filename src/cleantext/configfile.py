"""Settings from ``cleantext.toml`` or ``[tool.cleantext]`` in ``pyproject.toml``.

As with ruff, the file is looked for from the input's folder upward; the
first ``cleantext.toml``, or ``pyproject.toml`` with a ``[tool.cleantext]``
table, wins. Command-line flags override what it says.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable, Mapping
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


class Layered:
    """Flags over a settings file over defaults, each value with where it came from.

    The one layering of settings: the command builds it from its flags, ``config_from_file`` from a file
    alone, so a file means the same to both. ``flags`` maps a file key to the value its flag gave (None
    or False: not given); ``extend-select`` and ``extend-ignore`` add to what the layers below say.
    """

    def __init__(self, file: FileSettings, flags: Mapping[str, Any] | None = None) -> None:
        self.file = file
        self.flags = flags or {}
        #: key -> "command line", the settings file's path, both joined by " + ", or "default".
        self.sources: dict[str, str] = {}

    def pick(self, key: str, default: Any) -> Any:
        """The flag for ``key`` if given, else the file's ``key``, else ``default``."""
        value = self.flags.get(key)
        if value is not None and value is not False:
            self.sources[key] = "command line"
            return value
        if key in self.file.values:
            self.sources[key] = str(self.file.source)
            return self.file.values[key]
        self.sources[key] = "default"
        return default

    def rule_selection(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """select and ignore as ruff layers them: --select starts afresh; --ignore and the extend flags add."""
        extend_select = tuple(self.flags.get("extend-select") or ())
        flag_ignore = tuple(self.flags.get("ignore") or ()) + tuple(self.flags.get("extend-ignore") or ())
        if self.flags.get("select") is not None:
            self.sources["select"] = self.sources["ignore"] = "command line"
            return tuple(self.flags["select"]) + extend_select, flag_ignore
        file_select = tuple(self.file.get("select", ("ALL",))) + tuple(self.file.get("extend-select", ()))
        file_ignore = tuple(self.file.get("ignore", ())) + tuple(self.file.get("extend-ignore", ()))
        for key, from_file, from_flags in (
            ("select", file_select, extend_select),
            ("ignore", file_ignore, flag_ignore),
        ):
            where = [str(self.file.source)] if from_file and self.file.source else []
            self.sources[key] = " + ".join(where + (["command line"] if from_flags else [])) or "default"
        return file_select + extend_select, file_ignore + flag_ignore

    def boilerplate_path(self) -> str | None:
        """The learned list to read: a flag's path as given, a file's relative to the file."""
        path: str | None = self.pick("boilerplate", None)
        if path and self.sources["boilerplate"] != "command line":
            return self.file.path_value("boilerplate")
        return path

    def config(self, read_boilerplate: Callable[[str], frozenset[str]], *, rules: bool = True) -> Config:
        """The ``Config`` the layers describe; a bad value's error names the flag or the file it came from.

        ``rules=False`` (``cleantext learn``, which runs no rule) leaves the rule selection at its default.
        """
        select, ignore = self.rule_selection() if rules else (("ALL",), ())
        boilerplate = self.boilerplate_path()
        try:
            return Config(
                select=select,
                ignore=ignore,
                preview=bool(self.pick("preview", False)),
                text=self.pick("text", "extract"),
                cut=self.pick("cut", "balanced"),
                extra_phrases=self.pick("extra-phrases", ()),
                extra_patterns=self.pick("extra-patterns", ()),
                boilerplate=read_boilerplate(boilerplate) if boilerplate else frozenset(),
            )
        except ConfigError as exc:
            key = str(exc).partition(":")[0].replace("_", "-")
            where = self.sources.get(key, "settings")
            if where == "command line":
                raise ConfigError(f"--{key}: {exc.args[0].partition(': ')[2]}") from None
            raise ConfigError(f"{where}: {exc}") from None


def config_from_file(path: str | os.PathLike[str]) -> Config:
    """The ``Config`` a settings file describes (``cleantext.toml``, or ``pyproject.toml``'s ``[tool.cleantext]``).

    Rule selection, preview, the kind of text and page mode's cut, extra phrases and patterns, and the
    learned boilerplate list it names (relative to the file), layered as the command layers them; the
    keys about files (``include``, ``exclude``, ``field``) are the command's. Raises ConfigError naming
    the file and key.
    """
    from cleantext.learn import load_list

    return Layered(load(Path(path))).config(load_list)
