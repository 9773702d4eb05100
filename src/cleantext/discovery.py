"""Finding what to clean: the files under the paths users name, in a stable order, and how messages name them.

Which files a folder contributes is the caller's to say (``Selection``):
the formats' default globs come from ``cleantext.formats``, which this
module does not import.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

STDIN = "-"

#: Folders never entered: version control and tool caches (hidden folders are skipped too).
SKIPPED_FOLDERS = frozenset({"node_modules", "__pycache__", "venv", "CVS"})


def display(path: str) -> str:
    """A path as messages, reports and patches show it: valid UTF-8 even for a name that is not, and
    without ``.`` parts or doubled slashes (``./x.txt`` is ``x.txt``: ``git apply`` refuses ``a/./x.txt``).

    ``..`` stays: through a symbolic link it does not cancel the part before it.
    """
    if path == STDIN:
        return "<stdin>"
    parts = [part for part in path.split("/") if part not in ("", ".")]
    tidy = "/" * path.startswith("/") + "/".join(parts) or "."
    return tidy.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


@dataclass(frozen=True)
class Skipped:
    """A path that discovery passes over, and why: a notice for the user, not an error."""

    path: str
    reason: str


@dataclass(frozen=True)
class Selection:
    """Which files of a folder are taken.

    Globs match a file's name, its path relative to the folder named on the
    command line, or its path relative to ``base`` (the folder of the settings
    file that governs it, as in ruff), so one pattern works however the
    folder is named. A file named directly is taken even when ``exclude``
    matches it, unless ``force_exclude`` (for pre-commit, which names files).
    """

    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    #: What ``include`` means when empty: the formats' own globs (``formats.default_include()``).
    default_include: tuple[str, ...] = ()
    base: str | None = None
    force_exclude: bool = False

    def _matches(self, path: str, root: str | None, patterns: Iterable[str]) -> bool:
        candidates = [os.path.basename(path), path]
        if root is not None:
            candidates.append(os.path.relpath(path, root))
        if self.base is not None:
            candidates.append(os.path.relpath(os.path.abspath(path), self.base))
        return any(fnmatch.fnmatch(c, p) for p in patterns for c in candidates)

    def excludes(self, path: str, root: str | None = None) -> bool:
        return bool(self.exclude) and self._matches(path, root, self.exclude)

    def includes(self, path: str, root: str) -> bool:
        return self._matches(path, root, self.include or self.default_include)


def discover(path: str, selection: Selection = Selection()) -> Iterator[str | Skipped]:
    """The files to clean under one named input, in a stable order, and what was passed over.

    A file named directly is taken (see ``Selection``). A folder is walked
    depth-first in sorted order without recursion, so any depth works; hidden
    and tool folders are skipped, and so are symbolic links, which could lead
    out of the corpus (folders through them silently, files with a notice).
    """
    if path == STDIN or not os.path.isdir(path):
        if path != STDIN and selection.force_exclude and selection.excludes(path):
            yield Skipped(path, "excluded by the settings (--force-exclude); skipped")
        else:
            yield path
        return
    stack = [path]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            yield Skipped(folder, f"cannot list this folder: {exc.strerror or exc}; skipped")
            continue
        subfolders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                is_folder = entry.is_dir(follow_symlinks=False)
                is_link = entry.is_symlink()
            except OSError:  # gone since the listing: nothing to clean
                continue
            if is_folder:
                if entry.name not in SKIPPED_FOLDERS:
                    subfolders.append(entry.path)
            elif selection.includes(entry.path, path) and not selection.excludes(entry.path, path):
                if is_link:
                    yield Skipped(entry.path, "symbolic link; skipped (name it on the command line to clean it)")
                else:
                    yield entry.path
        stack.extend(reversed(subfolders))
