"""``--output-dir``: where each input's cleaned copy goes, and the checks made before anything is written.

The tree under a named folder is mirrored; a named file goes to the top.
When several inputs are named, each named folder is mirrored under its own
name (as ``cp -r pages extract out/`` does), so that folders holding files
of the same names do not meet. Before the first copy is written the whole
plan is checked: two inputs that would be copied to one file, an input that
lies inside the output folder, and a symbolic link inside the output
folder (a write through it would land outside) each stop the run, naming
what is in the way. Temporary files that a killed run left in the output
folders are removed on the way.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from cleantext import formats
from cleantext.discovery import display
from cleantext.rewrite import blocked_folder, link_below, remove_stale_temporary_files


class PlanError(Exception):
    """The copies cannot all be written safely; nothing has been written. The message says why."""


@dataclass(frozen=True)
class Layout:
    """Where the copies of a run's inputs go."""

    output_dir: str
    #: More than one input was named: each named folder gets a folder of its own name.
    several: bool

    def destination(self, named: str, path: str, fmt: formats.Format) -> str:
        """The copy of ``path``, found under the named input ``named``."""
        if os.path.isdir(named):
            relative = os.path.relpath(path, named)
            if self.several:
                relative = os.path.join(_folder_name(named), relative)
        else:
            relative = os.path.basename(path)
        return os.path.normpath(os.path.join(self.output_dir, formats.copy_name(relative, fmt)))


def _folder_name(folder: str) -> str:
    return os.path.basename(os.path.abspath(folder)) or "root"


def inside(path: str, folder: str) -> bool:
    """Whether ``path`` is ``folder`` or lies below it, links resolved."""
    real, real_folder = os.path.realpath(path), os.path.realpath(folder)
    return os.path.commonpath([real, real_folder]) == real_folder


#: The files of a run to copy, as (named input, path, format): called again to name the files that meet.
Inputs = Callable[[], Iterable[tuple[str, str, formats.Format]]]


def check(layout: Layout, named: Iterable[str], inputs: Inputs) -> list[str]:
    """Check a run's copies before any is written; returns the notices (temporary files removed).

    Memory holds a hash per copy and each output folder once, not the list
    of files. Raises PlanError.
    """
    for name in named:
        if inside(name, layout.output_dir):
            raise PlanError(
                f"{display(name)} lies inside the output folder {display(layout.output_dir)}: its copies would "
                "be read as inputs; nothing written (choose an output folder outside the inputs)"
            )
    seen: set[int] = set()
    folders: set[str] = set()
    notices: list[str] = []
    for root, path, fmt in inputs():
        destination = layout.destination(root, path, fmt)
        key = hash(destination)
        if key in seen:
            sources = [p for r, p, f in inputs() if layout.destination(r, p, f) == destination]
            if len(sources) > 1:
                raise PlanError(
                    f"{display(sources[0])} and {display(sources[1])} would both be copied to "
                    f"{display(destination)}; nothing written (name each folder's files apart, or run once per input)"
                )
        seen.add(key)
        folder = os.path.dirname(destination)
        if folder not in folders:
            folders.add(folder)
            link = link_below(layout.output_dir, folder)
            if link is not None:
                raise PlanError(blocked_folder(link) + "; nothing written")
            notices.extend(remove_stale_temporary_files(folder))
    return notices
