"""API keys: stored as SHA-256 hashes, each scoped to creators; compared in constant time.

A keys file is JSON: ``[{"name": "planner", "sha256": "<hex>", "creators": ["a", "b"],
"created": "2026-12-01T09:30:00Z"}, {"name": "ops", "sha256": "<hex>", "admin": true}]``.
``SAVEWORTHY_API_KEYS`` may also hold ``key:creator1,creator2;key2:*`` (``*`` = admin) for
simple set-ups; those keys are hashed on load and never kept in clear.

``saveworthy keys create``, ``keys list`` and ``keys revoke`` read and write the file, always
whole and atomically, owner-only. A running server notices when the file changes (it looks
at most every ``RELOAD_EVERY_S``) and from then on accepts exactly the keys it holds: a key
is created or revoked without a restart. The server notes when each key of the file was
last used in a file beside it (``last_used_path``), at most once a minute per key.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import msgspec

from models.core.atomic_files import atomic_write

log = logging.getLogger("saveworthy.keys")

RELOAD_EVERY_S = 0.25  # how stale the server's copy of the keys file may be: a revoked key fails within this
LAST_USED_EVERY_S = 60.0  # "last used" is noted to the minute: one small write per key per minute at most


class KeyRecord(msgspec.Struct, frozen=True, kw_only=True):
    """One entry of the keys file: who, the key's SHA-256, what it may read, and when it was made."""

    name: str = "key"
    sha256: str
    creators: list[str] = []
    admin: bool = False
    created: str | None = None  # ISO 8601, UTC; None in files written before it was recorded


@dataclass(frozen=True)
class Caller:
    name: str
    creators: frozenset[str] = frozenset()
    admin: bool = False

    def may_read(self, creator_id: str) -> bool:
        return self.admin or creator_id in self.creators


DEV_CALLER = Caller(name="development (no auth)", admin=True)


@dataclass(frozen=True)
class KeyEntry:
    sha256: bytes
    caller: Caller
    from_file: bool = False  # a key of the keys file (its use is noted), not of SAVEWORTHY_API_KEYS


class KeyNotFound(KeyError):
    """``keys revoke`` named no key of the file."""


def read_keys_file(path: Path) -> list[KeyRecord]:
    return msgspec.json.decode(Path(path).read_bytes(), type=list[KeyRecord])


def write_keys_file(path: Path, records: list[KeyRecord]) -> None:
    """The whole file, atomically (a reader sees the old file or the new one), readable by its owner only."""
    path = Path(path)
    atomic_write(path, msgspec.json.format(msgspec.json.encode(records), indent=2) + b"\n")  # mkstemp: 0600
    os.chmod(path, 0o600)


def last_used_path(keys_file: Path) -> Path:
    """Where the server notes each file key's last use: ``keys.json`` -> ``keys.last_used.json``."""
    keys_file = Path(keys_file)
    return keys_file.with_name(f"{keys_file.stem}.last_used.json")


def read_last_used(keys_file: Path) -> dict[str, str]:
    """Key hash -> when it was last used (ISO 8601, UTC); empty when never noted or unreadable."""
    try:
        return msgspec.json.decode(last_used_path(keys_file).read_bytes(), type=dict[str, str])
    except (OSError, msgspec.DecodeError):
        return {}


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def new_key() -> str:
    return "sw_" + secrets.token_urlsafe(32)


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _file_signature(path: Path) -> tuple[int, int, int] | None:
    """What changes when the file is replaced or edited (an atomic write gives a new inode)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def _entries_of(records: list[KeyRecord]) -> list[KeyEntry]:
    return [
        KeyEntry(
            sha256=bytes.fromhex(r.sha256),
            caller=Caller(name=r.name, creators=frozenset(r.creators), admin=r.admin),
            from_file=True,
        )
        for r in records
    ]


@dataclass
class KeyStore:
    entries: list[KeyEntry] = field(default_factory=list)
    keys_file: Path | None = None
    env_entries: list[KeyEntry] = field(default_factory=list)
    _signature: tuple[int, int, int] | None = None
    _checked_at: float = 0.0
    _used_noted: dict[bytes, float] = field(default_factory=dict)  # key hash -> monotonic time last written

    @classmethod
    def load(cls, keys_file: Path | None, env_spec: str = "") -> KeyStore:
        """The keys of the file (which must be readable now) and of ``env_spec``."""
        store = cls(keys_file=Path(keys_file) if keys_file is not None else None)
        for i, part in enumerate(p for p in env_spec.split(";") if p.strip()):
            key, _, scope = part.strip().partition(":")
            creators = frozenset(c.strip() for c in scope.split(",") if c.strip() and c.strip() != "*")
            caller = Caller(name=f"env-key-{i + 1}", creators=creators, admin=scope.strip() == "*")
            store.env_entries.append(KeyEntry(sha256=bytes.fromhex(hash_key(key)), caller=caller))
        if store.keys_file is not None:
            store._signature = _file_signature(store.keys_file)
            store.entries = _entries_of(read_keys_file(store.keys_file)) + store.env_entries
            store._checked_at = time.monotonic()
        else:
            store.entries = list(store.env_entries)
        return store

    def refresh(self, *, force: bool = False) -> None:
        """Re-read the keys file if it changed since it was last read (looked at every RELOAD_EVERY_S).

        A file that is gone holds no keys: every key it held stops working. A file that cannot
        be read as keys (a bad hand edit) is reported and the keys read before stay, until it
        is put right: the server neither crashes nor opens up.
        """
        if self.keys_file is None:
            return
        now = time.monotonic()
        if not force and now - self._checked_at < RELOAD_EVERY_S:
            return
        self._checked_at = now
        signature = _file_signature(self.keys_file)
        if signature == self._signature:
            return
        if signature is None:
            log.warning("keys file %s is gone: no key of it is accepted until it is back", self.keys_file)
            records = []
        else:
            try:
                records = read_keys_file(self.keys_file)
            except (OSError, msgspec.DecodeError, msgspec.ValidationError, ValueError) as exc:
                log.error("keys file %s could not be read (%s); keeping the keys read before", self.keys_file, exc)
                return
        try:
            entries = _entries_of(records)
        except ValueError as exc:  # a hash that is not hex
            log.error("keys file %s holds a bad hash (%s); keeping the keys read before", self.keys_file, exc)
            return
        self._signature = signature
        self.entries = entries + self.env_entries
        log.info("keys file %s read again: %d keys", self.keys_file, len(entries))

    @staticmethod
    def add(keys_file: Path, name: str, *, creators: list[str] | None = None, admin: bool = False) -> str:
        """Create a key, add its hash to ``keys_file`` (owner-only, written atomically); returns the key.

        The key itself is never stored: this return value is the only time it exists in clear.
        A name already in the file is refused (ValueError): ``keys revoke NAME`` must name one key.
        """
        keys_file = Path(keys_file)
        records = read_keys_file(keys_file) if keys_file.exists() else []
        if any(r.name == name for r in records):
            raise ValueError(f"a key named {name!r} is already in {keys_file}; revoke it first or pick another name")
        key = new_key()
        records.append(
            KeyRecord(name=name, sha256=hash_key(key), creators=list(creators or []), admin=admin, created=_now())
        )
        write_keys_file(keys_file, records)
        return key

    @staticmethod
    def revoke(keys_file: Path, name: str) -> int:
        """Remove every key named ``name`` from the file (atomically); returns how many. KeyNotFound if none."""
        keys_file = Path(keys_file)
        records = read_keys_file(keys_file)
        kept = [r for r in records if r.name != name]
        if len(kept) == len(records):
            raise KeyNotFound(name)
        write_keys_file(keys_file, kept)
        # Forget when the revoked keys were used: the note file holds only live keys.
        gone = {r.sha256 for r in records} - {r.sha256 for r in kept}
        used = read_last_used(keys_file)
        if gone & used.keys():
            atomic_write(
                last_used_path(keys_file),
                msgspec.json.encode({h: t for h, t in used.items() if h not in gone}) + b"\n",
            )
        return len(records) - len(kept)

    def __bool__(self) -> bool:
        return bool(self.entries)

    def authenticate(self, key: str | None) -> Caller | None:
        """The caller a key belongs to; every entry is compared, in constant time, whatever matches."""
        if not key:
            return None
        self.refresh()
        digest = hashlib.sha256(key.encode()).digest()
        found = None
        for entry in self.entries:
            if hmac.compare_digest(digest, entry.sha256):
                found = entry
        if found is None:
            return None
        if found.from_file:
            self._note_use(found.sha256)
        return found.caller

    def _note_use(self, digest: bytes) -> None:
        """Note in the file beside the keys when this key was used (at most once a minute per key)."""
        now = time.monotonic()
        if now - self._used_noted.get(digest, -LAST_USED_EVERY_S) < LAST_USED_EVERY_S:
            return
        self._used_noted[digest] = now
        assert self.keys_file is not None
        live = {e.sha256.hex() for e in self.entries if e.from_file}
        used = {h: t for h, t in read_last_used(self.keys_file).items() if h in live}
        used[digest.hex()] = _now()
        try:
            atomic_write(last_used_path(self.keys_file), msgspec.json.encode(used) + b"\n")
        except OSError as exc:  # a read-only directory: keys still work, "last used" is just not kept
            log.warning("could not note key use in %s: %s", last_used_path(self.keys_file), exc)
