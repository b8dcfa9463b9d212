"""Reading the files a run checks, and writing back the ones it fixes.

Only regular files are read: a FIFO, a socket or a device is refused before
it is opened, so that a name such as ``x.md`` on a FIFO, or a link to
``/dev/zero``, cannot hang the run or fill the memory.  A file larger than
``max-file-size`` is refused too.  What was read is remembered as a
``FileIdentity`` (device, inode, size, modification time and a digest of the
bytes).

A fix is written only over the file it was computed from.  Just before the
new content takes the file's place, the file is compared with its identity:
a file saved, replaced or deleted meanwhile is left as it is (and a deleted
file is never created again).  A read-only file is refused, even for root.
The new content goes to a temporary file in the same folder, flushed to the
disk, which then takes the file's name in one rename, with the file's mode,
owner and group.  A file with several hard links, or whose owner cannot be
kept, is rewritten in place instead, after a complete copy of the new
content has been saved beside it (see SECURITY.md for what a crash leaves).
"""

from __future__ import annotations

import contextlib
import functools
import os
import stat
from dataclasses import dataclass
from typing import Any, BinaryIO, Callable, Dict, Iterable, List, Optional, Set, Tuple, Union

from contentlint.settings import DEFAULT_MAX_FILE_SIZE

TEMPORARY_SUFFIX = ".contentlint-tmp"
_CHUNK = 1 << 20
_WRITE_BITS = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH


class FileProblem(Exception):
    """A file that is not read or not written, with a message for its diagnostic."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFixed(FileProblem):
    """A fixed text that was not written: the file changed, vanished or is read-only."""


@dataclass(frozen=True)
class FileIdentity:
    """Which file, in which state, a text was read from."""

    device: int
    inode: int
    size: int
    mtime_ns: int
    digest: bytes
    ctime_ns: int = 0  # the inode's change time: no program can set it back


def digest(data: bytes) -> bytes:
    """The digest that identifies a file's bytes (for fixes and the cache)."""
    hasher = _hasher()
    hasher.update(data)
    return bytes(hasher.digest())


def _hasher() -> Any:
    """A fresh digest object of the kind ``digest`` uses, to feed piece by piece."""
    return blake2b(digest_size=16)


def blake2b(data: bytes = b"", digest_size: int = 16) -> Any:
    """``hashlib.blake2b``, without the import of ``hashlib``.

    ``hashlib`` sets up OpenSSL's digests as it is imported, which takes
    longer than checking a small file; BLAKE2 is CPython's own module.
    """
    return _blake2b()(data, digest_size=digest_size)


@functools.cache
def _blake2b() -> Any:
    try:
        from _blake2 import blake2b as made
    except ImportError:  # an interpreter without the module
        from hashlib import blake2b as made
    return made


def describe_os_error(error: OSError) -> str:
    if isinstance(error, FileNotFoundError):
        return "the file does not exist (or vanished during the run)"
    if isinstance(error, PermissionError):
        return "permission denied"
    if isinstance(error, IsADirectoryError):
        return "is a directory"
    return error.strerror or str(error)


def file_kind(mode: int) -> str:
    """What a non-regular file is, in words."""
    kinds = (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    )
    for test, kind in kinds:
        if test(mode):
            return kind
    return "not a regular file"


def _too_large(size: int, limit: int) -> FileProblem:
    return FileProblem(
        f"file of {size} bytes is larger than max-file-size ({limit} bytes); not checked "
        "(raise max-file-size in the configuration to check it)"
    )


def read_regular(path: str, limit: int = DEFAULT_MAX_FILE_SIZE) -> Tuple[bytes, FileIdentity]:
    """The bytes of the regular file at ``path`` (a symbolic link is followed), and its identity.

    Raises ``FileProblem`` as ``read_chunks`` does.
    """
    chunks, identity = read_chunks(path, limit)
    return b"".join(chunks), identity


def read_chunks(path: str, limit: int = DEFAULT_MAX_FILE_SIZE) -> Tuple[List[bytes], FileIdentity]:
    """The bytes of the regular file at ``path`` in pieces of at most 1 MiB, and its identity.

    Pieces let a caller free the bytes as it decodes them, so that a large
    file's bytes and its text are never both whole in memory.  The digest is
    computed as the pieces are read.  Raises ``FileProblem`` for anything
    but a regular file: a missing or unreadable file, a FIFO, socket or
    device (never opened for long enough to block), or a file larger than
    ``limit`` bytes.
    """
    try:
        chunks, info, hasher = _read_bounded(path, limit, _too_large)
    except NotRegular as problem:
        raise FileProblem(f"{problem.message}; not checked") from None
    identity = FileIdentity(
        info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, hasher.digest(), info.st_ctime_ns
    )
    return chunks, identity


class NotRegular(FileProblem):
    """A FIFO, a socket, a device or a folder where a regular file was expected."""

    def __init__(self, mode: int) -> None:
        super().__init__(f"{file_kind(mode)}, not a regular file")


class Missing(FileProblem):
    """No file at the path (or it vanished)."""


def _read_bounded(
    path: str, limit: int, too_large: Callable[[int, int], FileProblem]
) -> Tuple[List[bytes], os.stat_result, Any]:
    """The pieces of the regular file at ``path`` (at most ``limit`` bytes), its status, and
    a digest object fed with them."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegular(info.st_mode)
        if info.st_size > limit:
            raise too_large(info.st_size, limit)
        # O_NONBLOCK: should a FIFO take the file's place after the stat, the
        # open returns at once and the fstat below refuses it.
        flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
        descriptor = os.open(path, flags)
    except FileNotFoundError as error:
        raise Missing(describe_os_error(error)) from None
    except OSError as error:
        raise FileProblem(describe_os_error(error)) from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegular(info.st_mode)
        chunks, hasher = _read_all(descriptor, limit, too_large, info.st_size)
    except OSError as error:
        raise FileProblem(describe_os_error(error)) from None
    finally:
        os.close(descriptor)
    return chunks, info, hasher


def _read_all(
    descriptor: int, limit: int, too_large: Callable[[int, int], FileProblem], expected: int
) -> Tuple[List[bytes], Any]:
    """Every piece left to read from ``descriptor``, and a digest object fed with them.

    ``expected`` is the size the file had when it was opened: a small file
    is read in one piece of its size (a read of a whole 1 MiB piece costs
    the allocation of one), and then once more to see its end, should it
    have grown.
    """
    hasher = _hasher()
    chunks: List[bytes] = []
    total = 0
    size = min(expected + 1, _CHUNK)
    while True:
        chunk = os.read(descriptor, size)
        size = _CHUNK
        if not chunk:
            return chunks, hasher
        total += len(chunk)
        if total > limit:
            raise too_large(total, limit)
        hasher.update(chunk)
        chunks.append(chunk)


# ------------------------------------------------------------------- files about the content

# Configuration, templates, module lists and baselines are small; a larger
# one is refused rather than read into memory.
MAX_SUPPORT_FILE_SIZE = 16 * 1024 * 1024


def _support_too_large(size: int, limit: int) -> FileProblem:
    return FileProblem(f"file of {size} bytes is larger than {limit} bytes")


def read_support(path: str, limit: int = MAX_SUPPORT_FILE_SIZE) -> bytes:
    """The bytes of a file read to learn about the content (configuration, a template...).

    Raises ``Missing`` when there is no file, ``NotRegular`` for a FIFO,
    socket, device or folder (never opened for long enough to block), and
    ``FileProblem`` when it cannot be read or is larger than ``limit`` bytes.
    """
    return b"".join(_read_bounded(path, limit, _support_too_large)[0])


# Files refused while learning about the content, with what was done instead:
# the run reports each once (IO001 on the file), and goes on without it.
_refused: Dict[str, str] = {}


def refuse(path: str, problem: FileProblem, consequence: str) -> None:
    """Remember that ``path`` was not read (``problem``), and what the run did instead."""
    _refused.setdefault(os.path.abspath(path), f"{problem.message}; {consequence}")


def read_support_or_refuse(
    path: str, consequence: str, limit: int = MAX_SUPPORT_FILE_SIZE
) -> Optional[bytes]:
    """``read_support``, or None, remembering why for the run to report (a missing file is
    no news)."""
    try:
        return read_support(path, limit)
    except Missing:
        return None
    except FileProblem as problem:
        refuse(path, problem, consequence)
        return None


def is_regular_or_refuse(path: str, consequence: str) -> bool:
    """Whether ``path`` is a regular file (a link is followed); a FIFO, socket or device there
    is remembered as refused, with ``consequence``."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    if stat.S_ISREG(mode):
        return True
    if not stat.S_ISDIR(mode):
        refuse(path, NotRegular(mode), consequence)
    return False


def put_refused(refused: List[Tuple[str, str]]) -> None:
    """Remember again what ``take_refused`` returned (the first message for a path wins)."""
    for path, message in refused:
        _refused.setdefault(path, message)


def take_refused() -> List[Tuple[str, str]]:
    """``(absolute path, message)`` of the files refused since the last call."""
    taken = sorted(_refused.items())
    _refused.clear()
    return taken


# --------------------------------------------------------------------------- writing fixes


_CHANGED = "changed during the run, not fixed"


def _still_the_file(target: str, identity: FileIdentity, *, bytes_too: bool) -> os.stat_result:
    """The file's status when it is still what was read; ``NotFixed`` otherwise.

    ``bytes_too`` reads the file again to compare its digest: a save within
    the file system's time resolution keeps size and time alike.
    """
    try:
        info = os.stat(target)
    except FileNotFoundError:
        raise NotFixed("deleted during the run, not fixed (nor created again)") from None
    except OSError as error:
        raise NotFixed(f"{_CHANGED}: {describe_os_error(error)}") from None
    same = (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns) == (
        identity.device,
        identity.inode,
        identity.size,
        identity.mtime_ns,
    )
    if not same or (bytes_too and _digest_of_file(target) != identity.digest):
        raise NotFixed(_CHANGED)
    return info


def _digest_of_file(target: str) -> bytes:
    """The digest of the file's bytes as they are now, read piece by piece, never whole."""
    hasher = _hasher()
    try:
        with open(target, "rb") as handle:
            for chunk in iter(lambda: handle.read(_CHUNK), b""):
                hasher.update(chunk)
    except OSError as error:
        raise NotFixed(f"{_CHANGED}: {describe_os_error(error)}") from None
    return bytes(hasher.digest())


def is_read_only(target: str, mode: int) -> bool:
    """No write permission bit at all, or none for this user.

    Root may write anything, so ``os.access`` alone would let root rewrite a
    0444 file; as black and ruff do, a file nobody may write is left alone.
    """
    return not mode & _WRITE_BITS or not os.access(target, os.W_OK)


# What a write puts in a file: its bytes, or a function that gives them
# piece by piece (called once for each time they are written), so that the
# bytes of a large file need not be all alive at once.
Content = Union[bytes, Callable[[], Iterable[bytes]]]


def _put(stream: BinaryIO, data: Content) -> int:
    """Write ``data`` to ``stream``; returns how many bytes."""
    if isinstance(data, bytes):
        stream.write(data)
        return len(data)
    size = 0
    for piece in data():
        stream.write(piece)
        size += len(piece)
    return size


def write_fixed(path: str, data: Content, identity: FileIdentity) -> None:
    """Write ``data`` over the file at ``path``, read earlier as ``identity``.

    Raises ``NotFixed`` when the file is read-only, or changed or vanished
    since it was read (checked again just before the new content takes its
    place); ``OSError`` when writing fails.  The file is left as it was in
    every one of these cases.
    """
    target = os.path.realpath(path)
    info = _still_the_file(target, identity, bytes_too=False)
    if is_read_only(target, info.st_mode):
        raise NotFixed("read-only file, not fixed (make it writable to fix it)")
    _write(target, data, info, lambda: _still_the_file(target, identity, bytes_too=True))


def write_report(path: str, data: bytes) -> None:
    """Write a report to ``path``: a new or regular file atomically, anything else in place.

    A FIFO or a device (``/dev/stdout``) is written to, never replaced; a
    missing folder is created.  Raises ``FileProblem`` when ``path`` is a
    folder, ``OSError`` when writing fails.
    """
    target = os.path.realpath(path)
    try:
        info: Optional[os.stat_result] = os.stat(target)
    except FileNotFoundError:
        info = None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise FileProblem(f"{path} is a folder; give the name of a file for the report")
    if info is not None and not stat.S_ISREG(info.st_mode):
        with open(target, "wb") as stream:
            stream.write(data)
        return
    folder = os.path.dirname(target)
    if info is None:
        os.makedirs(folder, exist_ok=True)
    _write(target, data, info, lambda: None)


def _new_file_mode() -> int:
    # The process umask can only be read by setting it; put it back at once.
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def _write(
    target: str, data: Content, info: Optional[os.stat_result], verify: Callable[[], object]
) -> None:
    """Put ``data`` at ``target`` (whose status is ``info``), calling ``verify`` just before."""
    import tempfile

    folder = os.path.dirname(target) or "."
    # The process id in the name tells a later run whether its writer is gone.
    handle, temporary = tempfile.mkstemp(
        prefix=f".{os.path.basename(target)}.{os.getpid()}.", suffix=TEMPORARY_SUFFIX, dir=folder
    )
    try:
        with os.fdopen(handle, "wb") as stream:
            _put(stream, data)
            stream.flush()
            os.fsync(stream.fileno())
        if info is None:
            os.chmod(temporary, _new_file_mode())
        elif info.st_nlink > 1 or not _take_over(temporary, info):
            # Renaming would split the links or change the owner.
            verify()
            _rewrite_in_place(target, data)
            os.unlink(temporary)
            return
        verify()
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _sync_folder(folder)


# A temporary file whose name carries no process id is stale after this long.
_STALE_AFTER = 600.0
_cleaned: Set[str] = set()


def remove_stale_temporaries(folder: str) -> List[str]:
    """Remove the temporary files of writes that never finished in ``folder``, once a run.

    A write interrupted by SIGKILL or a power cut leaves its temporary file
    (``.NAME.PID.XXXX.contentlint-tmp``) behind; the original is untouched, as
    the rename never happened.  A file whose writer is still alive is left.
    Returns the names removed.
    """
    if folder in _cleaned:
        return []
    _cleaned.add(folder)
    removed: List[str] = []
    try:
        names = [name for name in os.listdir(folder) if name.endswith(TEMPORARY_SUFFIX)]
    except OSError:
        return removed
    for name in names:
        path = os.path.join(folder, name)
        if name.startswith(".") and not _writer_alive(path, name):
            with contextlib.suppress(OSError):
                os.unlink(path)
                removed.append(name)
    return removed


def _writer_alive(path: str, name: str) -> bool:
    parts = name[: -len(TEMPORARY_SUFFIX)].split(".")
    pid = parts[-2] if len(parts) >= 3 else ""
    if pid.isdigit():
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return False
        except OSError:
            return True  # alive, but another user's
        return True
    try:
        import time

        return time.time() - os.lstat(path).st_mtime < _STALE_AFTER
    except OSError:
        return True


def _take_over(temporary: str, info: os.stat_result) -> bool:
    """Give the temporary file the original's owner, group and mode; False when not allowed."""
    chown = getattr(os, "chown", None)
    if chown is not None:
        mine = os.stat(temporary)
        if (mine.st_uid, mine.st_gid) != (info.st_uid, info.st_gid):
            try:
                chown(temporary, info.st_uid, info.st_gid)
            except PermissionError:
                return False
    # After chown, which may clear set-user-ID and set-group-ID bits.
    os.chmod(temporary, stat.S_IMODE(info.st_mode))
    return True


def _rewrite_in_place(target: str, data: Content) -> None:
    """Overwrite ``target``'s bytes through its own inode, then cut it to length."""
    descriptor = os.open(target, os.O_WRONLY | getattr(os, "O_BINARY", 0))
    with os.fdopen(descriptor, "wb") as stream:
        stream.truncate(_put(stream, data))
        stream.flush()
        os.fsync(stream.fileno())


def _sync_folder(folder: str) -> None:
    """Make the rename itself durable where the platform allows it."""
    flags = getattr(os, "O_DIRECTORY", None)
    if flags is None:
        return
    try:
        descriptor = os.open(folder, os.O_RDONLY | flags)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(descriptor)
    finally:
        os.close(descriptor)
