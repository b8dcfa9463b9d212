"""The result cache: a file whose bytes, settings and site did not change is not linted again.

An entry is keyed by the file's absolute path, the BLAKE2 digest of its
bytes, the effective settings, what discovery found for its site (templates,
registrations, language directions) and the code of contentlint itself.  The
file's stat (device, inode, size, modification and change times) decides
whether its bytes need hashing: a file whose stat changed is a miss without
being read.  A file whose stat is unchanged is not read again either, when it
had already been still for a while before the run that recorded it read it:
its change time (which no program can set back) would have moved with any
write since.  A file recorded while it was still being written (changed
within ``_SETTLED_NS`` of that run's start) is hashed again, because a write
in the same clock tick could leave its times as they were.

The cache lives in ``.contentlint_cache/`` under the working directory (or
``CONTENTLINT_CACHE_DIR``), which holds a ``.gitignore`` of its own.  Each
contentlint build has a folder of JSON shards there, each written
atomically; concurrent runs (pre-commit starts several) each merge what is
on disk with what they found before they write a shard, so the worst a race
costs is a later miss.  JSON, not
pickle: a cache that a repository could ship must never run code.  An index
that does not parse, or an entry of the wrong shape, is ignored.

An entry keeps the file's findings as JSON text, the tally the summary
counts, and the findings as the report drew them (by output format, colour,
``--unsafe-fixes`` and the path shown): a re-run that changed nothing writes
that text again, and decodes the findings only when its report needs them.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import tempfile
import time
import zlib
from typing import Any, Dict, List, Mapping, NamedTuple, Optional, Tuple

from contentlint import __version__
from contentlint.safeio import blake2b

DIRECTORY = ".contentlint_cache"
_FORMAT = 4
# A file changed less than this long before a run began is hashed on every
# lookup: file systems keep times in ticks as coarse as two seconds.
_SETTLED_NS = 3_000_000_000
SHARDS = 256
_MAX_SHARD = 256 * 1024 * 1024

# stat identity of a file: (device, inode, size, mtime_ns, ctime_ns)
Identity = Tuple[int, int, int, int, int]
# How many drawings of one file an entry keeps (formats, paths shown...).
_DRAWINGS = 4


def identity_of(stat: os.stat_result) -> Identity:
    return (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)


def _plain(value: Any) -> Any:
    """A deterministic, JSON-able form of settings and discovery values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [type(value).__name__] + [
            [field.name, _plain(getattr(value, field.name))] for field in dataclasses.fields(value)
        ]
    if isinstance(value, Mapping):
        return sorted(([str(key), _plain(item)] for key, item in value.items()), key=repr)
    if isinstance(value, (set, frozenset)):
        return sorted((_plain(item) for item in value), key=repr)
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if hasattr(value, "value") and hasattr(value, "name"):  # an Enum
        return [type(value).__name__, value.name]
    return value


def fingerprint(value: Any) -> str:
    text = json.dumps(_plain(value), ensure_ascii=False, default=repr)
    return str(blake2b(text.encode("utf-8"), digest_size=16).hexdigest())


def _code_fingerprint() -> str:
    """contentlint's version and the size and time of each of its modules."""
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parts: List[str] = [__version__]
    for folder, _dirs, files in sorted(os.walk(package)):
        for name in sorted(files):
            if name.endswith(".py"):
                stat = os.stat(os.path.join(folder, name))
                parts.append(
                    f"{os.path.relpath(folder, package)}/{name}:{stat.st_size}:{stat.st_mtime_ns}"
                )
    return str(blake2b("\n".join(parts).encode(), digest_size=8).hexdigest())


# ------------------------------------------------------------------ located <-> JSON


def encode_located(items: List[Any]) -> Dict[str, Any]:
    """Rows of positions, and each line a diagnostic starts on, once."""
    lines: Dict[str, str] = {}
    for item in items:
        if item.source is not None:
            lines.setdefault(str(item.line), item.line_text)
    return {"lines": lines, "rows": [_plain_located(item) for item in items]}


_FIELD_NAMES: Dict[type, Tuple[str, ...]] = {}


def _field_names(kind: type) -> Tuple[str, ...]:
    names = _FIELD_NAMES.get(kind)
    if names is None:
        names = _FIELD_NAMES[kind] = tuple(
            field.name for field in dataclasses.fields(kind) if field.name != "source"
        )
    return names


def _plain_located(item: Any) -> Any:
    if dataclasses.is_dataclass(item) and not isinstance(item, type):
        return {name: _plain_located(getattr(item, name)) for name in _field_names(type(item))}
    if isinstance(item, tuple):
        return [_plain_located(part) for part in item]
    return item


# ``stored_text`` of no findings.
_NOTHING = "[]"
# The drawings of a file with none, shared by every such entry read (never changed).
_NO_DRAWING: Dict[str, str] = {}


# Marks stored findings that are compressed JSON.
_PACKED = "z"


def stored_text(items: List[Any]) -> str:
    """``encode_located`` as the text an entry keeps: JSON, compressed.

    A large run keeps every file's entry until its shard is written, and the
    JSON of findings (their lines included) is several times what it packs to.
    """
    if not items:
        return _NOTHING
    import base64

    packed = zlib.compress(json.dumps(encode_located(items)).encode("ascii"), 1)
    return _PACKED + base64.b64encode(packed).decode("ascii")


def decode_stored(text: str, shown: str) -> List[Any]:
    """``stored_text`` undone, the findings placed at ``shown``; raises ``ValueError``
    (or ``TypeError``, ``KeyError``, ``AttributeError``, ``zlib.error``) for what it
    did not write."""
    located = decode_located(_unpacked(text))
    if any(item.path != shown for item in located):
        located = [dataclasses.replace(item, path=shown) for item in located]
    return located


CORRUPT = (ValueError, TypeError, KeyError, AttributeError, zlib.error)


def _unpacked(text: str) -> Any:
    """The JSON value of a ``stored_text``."""
    if text.startswith(_PACKED):
        import base64

        text = zlib.decompress(base64.b64decode(text[1:], validate=True)).decode("ascii")
    return json.loads(text)


def decode_located(stored: Any) -> List[Any]:
    """``encode_located`` undone; a bare list of rows stands for rows with no lines kept."""
    from contentlint.results import Located, LocatedEdit, LocatedFix, StoredLines

    if isinstance(stored, list):
        stored = {"lines": {}, "rows": stored}
    lines = StoredLines({int(line): text for line, text in stored["lines"].items()})
    located = []
    for row in stored["rows"]:
        fix = row.get("fix")
        if fix is not None:
            edits = tuple(LocatedEdit(**edit) for edit in fix["edits"])
            fix = LocatedFix(**{**fix, "edits": edits})
        located.append(Located(**{**row, "fix": fix}, source=lines))
    return located


# ------------------------------------------------------------------ the cache


def _is_tally(value: Any) -> bool:
    return (
        isinstance(value, (list, tuple))
        and len(value) == 4
        and all(type(count) is int and count >= 0 for count in value)
    )


class Hit(NamedTuple):
    """An entry that holds for a file as it is now, its findings not yet decoded."""

    path: str
    stored: str  # ``stored_text`` of the findings
    counts: Tuple[int, ...]  # their ``tally``
    drawn: Dict[str, Any]  # ``Drawing.key`` -> drawn text

    def drawing(self, key: str) -> Optional[str]:
        if self.stored == _NOTHING:
            return ""  # no findings draw as nothing in every format, at every path
        text = self.drawn.get(key)
        return text if isinstance(text, str) else None


class Cache:
    """One run's view of the cache: looked up while walking, saved once at the end.

    Entries are spread over ``SHARDS`` files by a hash of the path, in a
    folder per contentlint build: a one-file check (the pre-commit case)
    reads one small shard, not the record of the whole repository.
    """

    def __init__(self, folder: str) -> None:
        self.folder = folder
        self.build = os.path.join(folder, f"build-{_code_fingerprint()}")
        self._shard_paths = [os.path.join(self.build, f"{n:02x}.json") for n in range(SHARDS)]
        self._shards: Dict[str, Dict[str, List[Any]]] = {}
        self._common: Dict[Any, Any] = {}  # see ``_shared``
        self._new: Dict[str, Dict[str, List[Any]]] = {}
        self._fingerprints: Dict[int, Tuple[Any, str]] = {}
        self.hits = 0
        # Every file this run reads is read after this moment.
        self._started_ns = time.time_ns()

    @classmethod
    def open(cls, cwd: Optional[str] = None) -> Optional[Cache]:
        chosen = os.environ.get("CONTENTLINT_CACHE_DIR")
        folder = chosen or os.path.join(cwd or os.getcwd(), DIRECTORY)
        if not chosen and os.path.islink(folder):
            # A repository could ship the link: the cache never writes (or
            # removes old indexes) wherever it points.
            return None
        try:
            return cls(folder)
        except OSError:
            return None

    def shard_path(self, path: str) -> str:
        """The shard file that holds ``path``'s entry."""
        number = zlib.crc32(path.encode("utf-8", "surrogatepass")) % SHARDS
        return self._shard_paths[number]

    def decoded(self, hit: Hit, shown: str) -> Optional[List[Any]]:
        """The findings of ``hit``, placed at ``shown``; None when they do not decode."""
        try:
            return decode_stored(hit.stored, shown)
        except CORRUPT:
            return None

    def _entries(self, shard: str) -> Dict[str, List[Any]]:
        entries = self._shards.get(shard)
        if entries is None:
            entries = self._shards[shard] = self._shared(self._load(shard))
        return entries

    def _shared(self, entries: Dict[str, List[Any]]) -> Dict[str, List[Any]]:
        """``entries`` with the values most of them repeat held once: a warm run over
        many files keeps every entry it looks up, as decoding made it, until it ends."""
        common = self._common
        for entry in entries.values():
            if isinstance(entry, list) and len(entry) == 7:
                context, stored, counts, drawn = entry[2], entry[3], entry[5], entry[6]
                if isinstance(context, str):
                    entry[2] = common.setdefault(context, context)
                if stored == _NOTHING:
                    entry[3] = _NOTHING
                if isinstance(counts, list):
                    entry[5] = common.setdefault(tuple(counts), counts)
                if drawn == {}:
                    entry[6] = _NO_DRAWING
        return entries

    @staticmethod
    def _load(path: str) -> Dict[str, List[Any]]:
        from contentlint.safeio import FileProblem, read_support

        try:
            # Only a regular file: a FIFO or a device in its place is ignored.
            document = json.loads(read_support(path, _MAX_SHARD))
        except (FileProblem, ValueError):
            return {}
        if not isinstance(document, dict) or document.get("format") != _FORMAT:
            return {}
        entries = document.get("entries")
        return entries if isinstance(entries, dict) else {}

    def _fingerprint(self, value: Any) -> str:
        cached = self._fingerprints.get(id(value))
        if cached is None or cached[0] is not value:
            cached = (value, fingerprint(value))
            self._fingerprints[id(value)] = cached
        return cached[1]

    def context_key(self, settings: Any, registry: Any) -> str:
        return self._fingerprint(settings) + self._fingerprint(registry)

    def lookup(
        self, path: str, context: str, stat: Optional[os.stat_result] = None
    ) -> Optional[List[Any]]:
        """The located diagnostics recorded for ``path`` as it is now, or None."""
        hit = self.find(path, context, stat)
        if hit is None:
            return None
        try:
            return decode_located(_unpacked(hit.stored))
        except CORRUPT:
            self.hits -= 1
            return None

    def find(self, path: str, context: str, stat: Optional[os.stat_result] = None) -> Optional[Hit]:
        """What was recorded for ``path`` as it is now, undecoded, or None.

        ``stat`` is the file's stat when the caller has it (the walk's).
        """
        shard = self.shard_path(path)
        entry = self._entries(shard).get(path)
        if not isinstance(entry, list) or len(entry) != 7 or entry[2] != context:
            return None
        try:
            if stat is None:
                stat = os.stat(path)
        except OSError:
            return None
        if tuple(identity_of(stat)) != tuple(entry[0]):
            return None
        stored, counts, drawn = entry[3], entry[5], entry[6]
        if not (isinstance(stored, str) and isinstance(drawn, dict) and _is_tally(counts)):
            return None
        if entry[4] is not True:
            if not self._same_bytes(path, entry[1]):
                return None
            if stat.st_ctime_ns + _SETTLED_NS < self._started_ns:
                # Its bytes are those recorded, and it has been still since
                # well before this run: from now on its times will tell.
                self._new.setdefault(shard, {})[path] = [*entry[:4], True, *entry[5:]]
        self.hits += 1
        return Hit(path, stored, tuple(counts), drawn)

    def record(
        self,
        path: str,
        identity: Identity,
        content_digest: str,
        context: str,
        located: Any,
        counts: Optional[Tuple[int, int, int, int]] = None,
        drawn: Optional[Dict[str, str]] = None,
    ) -> None:
        """Keep what a run found in ``path``: ``located`` diagnostics, or their ``stored_text``
        (then with their ``counts``); ``drawn`` maps a ``Drawing.key`` to their drawn text."""
        settled = identity[4] + _SETTLED_NS < self._started_ns
        if counts is None:
            from contentlint.reporters.text import tally

            counts = tally(located)
        # The findings are encoded when their shard is written: until then
        # the run holds them anyway, and a second form of each would double
        # what a large run keeps.
        if not located or located == _NOTHING:
            # Most files have no findings: they keep no drawing (nor its key,
            # a path), and share one text for their findings.
            located, drawn = _NOTHING if isinstance(located, str) else located, None
        # Tuples as the answers brought them, written as JSON lists: a large
        # run keeps an entry for every file until its shard is written.
        self._new.setdefault(self.shard_path(path), {})[path] = [
            tuple(identity),
            content_digest,
            context,
            located,
            settled,
            tuple(counts),
            dict(drawn) if drawn else {},
        ]

    def add_drawing(self, hit: Hit, key: str, text: str) -> None:
        """Keep one more drawing of a file found in the cache (a format it was not drawn in)."""
        shard = self.shard_path(hit.path)
        # The entry as this run left it (``find`` may have marked it settled).
        entry = self._new.get(shard, {}).get(hit.path) or self._entries(shard).get(hit.path)
        if not isinstance(entry, list) or len(entry) != 7:
            return
        drawn = dict(list(hit.drawn.items())[-(_DRAWINGS - 1) :])
        drawn[key] = text
        self._new.setdefault(shard, {})[hit.path] = [*entry[:6], drawn]

    @staticmethod
    def _same_bytes(path: str, recorded: Any) -> bool:
        from contentlint.safeio import FileProblem, read_chunks

        try:
            _chunks, identity = read_chunks(path)
        except FileProblem:
            return False
        return bool(identity.digest.hex() == recorded)

    def save(self) -> None:
        """Merge each changed shard with what is on disk now and write it in one step."""
        if not self._new:
            return
        try:
            os.makedirs(self.build, exist_ok=True)
            self._write_gitignore()
            for shard, new in sorted(self._new.items()):
                entries = self._load(shard)
                for path, (identity, content_digest, context, located, *rest) in new.items():
                    if not isinstance(located, str):
                        located = stored_text(located)
                    entries[path] = [identity, content_digest, context, located, *rest]
                self._write(shard, entries)
            self._remove_other_builds()
        except OSError:
            return  # a cache that cannot be written costs only speed

    def _write(self, shard: str, entries: Dict[str, List[Any]]) -> None:
        handle_number, temporary = tempfile.mkstemp(prefix=".shard.", suffix=".tmp", dir=self.build)
        try:
            with os.fdopen(handle_number, "w", encoding="utf-8") as stream:
                # dumps, not dump: only dumps uses the C encoder.
                stream.write(
                    json.dumps({"format": _FORMAT, "entries": entries}, ensure_ascii=False)
                )
            os.replace(temporary, shard)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise

    def _write_gitignore(self) -> None:
        # O_EXCL: whatever is already there, even a link to elsewhere, is never written through.
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        try:
            descriptor = os.open(os.path.join(self.folder, ".gitignore"), flags, 0o666)
        except FileExistsError:
            return
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write("# contentlint's cache: never commit it\n*\n")

    def _remove_other_builds(self) -> None:
        """What other contentlint builds recorded can never hit again."""
        import shutil

        mine = os.path.basename(self.build)
        for name in os.listdir(self.folder):
            other = os.path.join(self.folder, name)
            if name.startswith("build-") and name != mine and not os.path.islink(other):
                shutil.rmtree(other, ignore_errors=True)
            elif name.startswith("index-") and name.endswith(".json"):  # contentlint 0.1
                with contextlib.suppress(OSError):
                    os.unlink(other)
