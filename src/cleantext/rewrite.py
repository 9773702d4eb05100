"""Writing results back: atomic rewrites in place and copies under ``--output-dir``, never half-written.

A new version goes to a temporary file beside its target, is flushed to
disk and renamed over it, with the old file's owner, permissions and
extended attributes; a copy's folders are made below the output folder,
never through a symbolic link. Temporary files a killed run left are
found by their process number and swept.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from cleantext import compression
from cleantext.discovery import STDIN, display
from cleantext.reading import TMP_PREFIX, TMP_SUFFIX, InputError, Stamp

_TMP_NAME = re.compile(re.escape(TMP_PREFIX) + r"(\d+)-\w+" + re.escape(TMP_SUFFIX))


def cannot_write(exc: BaseException) -> InputError:
    """The error for a new version that cannot be written (a full disk, a missing extra)."""
    return InputError(f"cannot write the new version: {getattr(exc, 'strerror', None) or exc}; left as it is")


def stale_temporary_files(folder: str) -> Iterator[str]:
    """Temporary files in ``folder`` that a killed run left behind: their process is gone."""
    try:
        with os.scandir(folder) as listing:
            names = [e.name for e in listing if e.name.startswith(TMP_PREFIX)]
    except OSError:
        return
    for name in sorted(names):
        match = _TMP_NAME.fullmatch(name)
        if match and not _process_alive(int(match.group(1))):
            yield os.path.join(folder, name)


def remove_stale_temporary_files(folder: str) -> Iterator[str]:
    """Remove what ``stale_temporary_files`` finds in ``folder``; yields a notice for each file removed."""
    for tmp in stale_temporary_files(folder):
        try:
            size = os.path.getsize(tmp)
            os.unlink(tmp)
        except OSError:
            continue
        yield f"cleantext: {display(tmp)}: removed a temporary file ({size:,} bytes) that a killed run left"


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True  # someone else's process, or a number no process has: leave the file alone
    return True


@dataclass(frozen=True)
class WritePolicy:
    """What a rewrite may do: the command's safety flags."""

    #: Rewrite the target of a named symbolic link that lies outside the current folder.
    follow_links: bool = False
    #: Leave a file with more than one hard link alone instead of splitting its links.
    skip_hardlinked: bool = False


def writable_target(path: str, policy: WritePolicy = WritePolicy()) -> tuple[str, os.stat_result, str | None]:
    """The real file a rewrite of ``path`` must replace, its status, and a notice for the user, if any.

    Raises InputError if it must not be rewritten. A symbolic link stays a
    link and its target is rewritten, if the target lies under the current
    folder (or ``policy.follow_links``): a link must not carry a rewrite out
    of the corpus. A file without write permission, or that this user may
    not write, is left alone, whoever runs the command.
    """
    target = os.path.realpath(path)
    if os.path.islink(path) and not policy.follow_links:
        here = os.path.realpath(os.getcwd())
        if os.path.commonpath([here, target]) != here:
            raise InputError(
                f"symbolic link to {display(target)}, outside the current folder; left as it is "
                "(--follow-links rewrites it)"
            )
    try:
        st = os.stat(target)
    except OSError as exc:
        raise InputError(exc.strerror or str(exc)) from None
    if not stat.S_ISREG(st.st_mode):
        raise InputError("not a regular file; left as it is")
    if not st.st_mode & 0o222 or not os.access(target, os.W_OK):
        raise InputError("read-only file; left as it is")
    notice = None
    if st.st_nlink > 1:
        if policy.skip_hardlinked:
            raise InputError(f"has {st.st_nlink} hard links; left as it is (--skip-hardlinked)")
        notice = f"had {st.st_nlink} hard links: this name now holds the cleaned text, the other names the old"
    return target, st, notice


def link_below(root: str, folder: str) -> str | None:
    """The first symbolic link (or file that is not a folder) on the way from ``root`` down to ``folder``.

    ``root`` itself may be a link (the user named it); nothing below it may
    be, or a write under ``root`` could land anywhere.
    """
    current = root
    for part in _parts_below(root, folder):
        current = os.path.join(current, part)
        try:
            st = os.lstat(current)
        except FileNotFoundError:
            return None  # made later, as a folder
        if not stat.S_ISDIR(st.st_mode):
            return current
    return None


def make_folders_within(root: str, folder: str) -> None:
    """Make ``folder`` and the folders between it and ``root``, refusing to go through a symbolic link.

    Raises OSError; an ``InputError`` names a link (or a file) in the way.
    """
    os.makedirs(root, exist_ok=True)
    current = root
    for part in _parts_below(root, folder):
        current = os.path.join(current, part)
        try:
            os.mkdir(current)
        except FileExistsError:
            pass
        if not stat.S_ISDIR(os.lstat(current).st_mode):
            raise InputError(blocked_folder(current))


def blocked_folder(path: str) -> str:
    kind = "a symbolic link" if os.path.islink(path) else "not a folder"
    return f"{display(path)} in the output folder is {kind}; nothing is written through it"


def _parts_below(root: str, folder: str) -> list[str]:
    relative = os.path.relpath(folder, root)
    if relative == ".":
        return []
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        raise InputError(f"{display(folder)} lies outside the output folder {display(root)}")
    return relative.split(os.sep)


class Rewrite:
    """A new version of a file, written beside it and renamed over it on ``commit``.

    Readers see the old or the new file, never a mix: the new content is
    flushed to disk and given the old file's permissions, and its owner and
    group where this process may set them, before the rename. The rename goes
    ahead only if the file is still as it was when read. Every failure is an
    InputError naming the cause, and leaves no temporary file.

    With a ``destination`` (``--output-dir``), the new version goes there
    instead, with the input's permissions, and the input is not touched; the
    folders it needs are made below ``within`` (the output folder), never
    through a symbolic link.
    Data is compressed as the file's name says, unless ``compress`` is off.
    """

    def __init__(
        self,
        path: str,
        stamp: Stamp | None,
        policy: WritePolicy = WritePolicy(),
        destination: str | None = None,
        compress: bool = True,
        within: str | None = None,
    ) -> None:
        if destination is None:
            self.target, self._status, self.notice = writable_target(path, policy)
        else:
            self.target, self.notice = destination, None
            try:
                self._status = os.stat(path) if path != STDIN else os.stat(os.getcwd())
                make_folders_within(within or os.path.dirname(destination) or ".", os.path.dirname(destination))
            except OSError as exc:
                raise InputError(f"cannot write its copy {display(destination)}: {exc.strerror or exc}") from None
        self.stamp = stamp
        #: False for a copy (``destination``): it replaces nothing and belongs to whoever makes it.
        self.replaces_input = destination is None
        try:
            fd, self.tmp = tempfile.mkstemp(
                dir=os.path.dirname(self.target), prefix=f"{TMP_PREFIX}{os.getpid()}-", suffix=TMP_SUFFIX
            )
        except OSError as exc:
            raise InputError(f"cannot write beside it: {exc.strerror or exc}; left as it is") from None
        self.raw = os.fdopen(fd, "wb")
        self._out: IO[bytes] = self.raw
        try:  # compressed as the file is; a gzip header is written at once, and a full disk can fail it
            if compress:  # (unless the format compresses its own pieces, as WARC does record by record)
                self._out = compression.compressing(self.raw, compression.compression_of(path))
        except (OSError, compression.MissingExtra) as exc:
            self.discard()
            raise cannot_write(exc) from None

    def write(self, data: bytes) -> None:
        try:
            self._out.write(data)
        except OSError as exc:
            self.discard()
            raise cannot_write(exc) from None

    def commit(self) -> str | None:
        """Put the new version in place; returns a notice if some of the file's attributes could not be kept."""
        lost = None
        try:
            if self._out is not self.raw:
                self._out.close()
            self.raw.flush()
            os.fsync(self.raw.fileno())
            self.raw.close()
            if self.stamp is not None and self.replaces_input:
                try:
                    now = Stamp.of(self.target)
                except FileNotFoundError:
                    raise InputError("deleted while it was being cleaned; nothing written") from None
                if now != self.stamp:
                    raise InputError("changed since it was read; left as it is")
            if self.replaces_input:
                self._keep_owner()
            os.chmod(self.tmp, stat.S_IMODE(self._status.st_mode) & (KEPT_MODE_BITS if self.replaces_input else 0o777))
            if self.replaces_input:
                lost = _copy_extended_attributes(self.target, self.tmp)
            os.replace(self.tmp, self.target)
        except OSError as exc:
            self.discard()
            raise cannot_write(exc) from None
        except BaseException:
            self.discard()
            raise
        return f"could not keep its extended attributes {', '.join(lost)}" if lost else None

    def _keep_owner(self) -> None:
        st = self._status
        for uid in (st.st_uid, -1):  # owner and group; failing that, the group alone
            try:
                os.chown(self.tmp, uid, st.st_gid)
                return
            except PermissionError:
                continue

    def discard(self) -> None:
        try:
            self.raw.close()
        except OSError:
            pass  # a failed flush of a file about to be removed
        if os.path.exists(self.tmp):
            os.unlink(self.tmp)


#: The permission bits a rewrite keeps: all but set-user-ID and set-group-ID, which the kernel too clears
#: when an unprivileged process writes to a file, so that new content never runs with the old one's
#: privileges (git, which a corpus is kept in, records neither).
KEPT_MODE_BITS = 0o7777 & ~(stat.S_ISUID | stat.S_ISGID)


def _copy_extended_attributes(source: str, target: str) -> list[str]:
    """Give ``target`` the extended attributes of ``source`` (POSIX ACLs among them, on Linux); returns the
    names that could not be copied. A platform without them in ``os`` has nothing to copy."""
    if not hasattr(os, "listxattr"):
        return []
    try:
        names = os.listxattr(source)
    except OSError:  # a file system without extended attributes
        return []
    lost = []
    for name in names:
        try:
            value = os.getxattr(source, name)
            if _xattr_or_none(target, name) != value:  # (a new file may have it already: an SELinux label)
                os.setxattr(target, name, value)
        except OSError:  # trusted.* for a user, or a name the file system of the target refuses
            lost.append(name)
    return lost


def _xattr_or_none(path: str, name: str) -> bytes | None:
    try:
        return os.getxattr(path, name)
    except OSError:
        return None


def write_atomically(
    path: str,
    data: bytes,
    stamp: Stamp | None = None,
    policy: WritePolicy = WritePolicy(),
    destination: str | None = None,
    compress: bool = True,
    within: str | None = None,
) -> str | None:
    """Replace ``path`` (or write ``destination``) by ``data``, compressed as its suffix says; returns a notice."""
    rewrite = Rewrite(path, stamp, policy=policy, destination=destination, compress=compress, within=within)
    try:
        rewrite.write(data)
    except BaseException:
        rewrite.discard()
        raise
    lost = rewrite.commit()
    return "; ".join(notice for notice in (rewrite.notice, lost) if notice) or None


def write_new_file(path: str, data: bytes) -> None:
    """Write ``data`` as ``path`` (a file this program makes, such as a report) whole or not at all.

    An existing file keeps its permissions (as ``write_atomically``); a new one gets those the umask gives.
    Raises InputError naming the cause.
    """
    if os.path.lexists(path):
        write_atomically(path, data, compress=False)
        return
    folder = os.path.dirname(path) or "."
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f"{TMP_PREFIX}{os.getpid()}-", suffix=TMP_SUFFIX)
    except OSError as exc:
        raise cannot_write(exc) from None
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except OSError as exc:
        os.unlink(tmp)
        raise cannot_write(exc) from None
