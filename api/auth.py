"""API keys: stored as SHA-256 hashes, each scoped to creators; compared in constant time.

A keys file is JSON: ``[{"name": "planner", "sha256": "<hex>", "creators": ["a", "b"]},
{"name": "ops", "sha256": "<hex>", "admin": true}]``. ``SAVEWORTHY_API_KEYS`` may also
hold ``key:creator1,creator2;key2:*`` (``*`` = admin) for simple set-ups; those keys are
hashed on load and never kept in clear. ``saveworthy keys create`` writes the file.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

import msgspec

from models.store import atomic_write


class KeyRecord(msgspec.Struct, frozen=True, kw_only=True):
    """One entry of the keys file: who, the key's SHA-256, and what it may read."""

    name: str = "key"
    sha256: str
    creators: list[str] = []
    admin: bool = False


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


def read_keys_file(path: Path) -> list[KeyRecord]:
    return msgspec.json.decode(path.read_bytes(), type=list[KeyRecord])


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def new_key() -> str:
    return "sw_" + secrets.token_urlsafe(32)


@dataclass
class KeyStore:
    entries: list[KeyEntry] = field(default_factory=list)

    @classmethod
    def load(cls, keys_file: Path | None, env_spec: str = "") -> KeyStore:
        store = cls()
        if keys_file is not None:
            for record in read_keys_file(Path(keys_file)):
                caller = Caller(name=record.name, creators=frozenset(record.creators), admin=record.admin)
                store.entries.append(KeyEntry(sha256=bytes.fromhex(record.sha256), caller=caller))
        for i, part in enumerate(p for p in env_spec.split(";") if p.strip()):
            key, _, scope = part.strip().partition(":")
            creators = frozenset(c.strip() for c in scope.split(",") if c.strip() and c.strip() != "*")
            caller = Caller(name=f"env-key-{i + 1}", creators=creators, admin=scope.strip() == "*")
            store.entries.append(KeyEntry(sha256=bytes.fromhex(hash_key(key)), caller=caller))
        return store

    @staticmethod
    def add(keys_file: Path, name: str, *, creators: list[str] | None = None, admin: bool = False) -> str:
        """Create a key, append its hash to ``keys_file`` (owner-only, written atomically); returns the key.

        The key itself is never stored: this return value is the only time it exists in clear.
        """
        keys_file = Path(keys_file)
        records = read_keys_file(keys_file) if keys_file.exists() else []
        key = new_key()
        records.append(KeyRecord(name=name, sha256=hash_key(key), creators=list(creators or []), admin=admin))
        keys_file.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(keys_file, msgspec.json.format(msgspec.json.encode(records), indent=2) + b"\n")
        os.chmod(keys_file, 0o600)
        return key

    def __bool__(self) -> bool:
        return bool(self.entries)

    def authenticate(self, key: str | None) -> Caller | None:
        """The caller a key belongs to; every entry is compared, in constant time, whatever matches."""
        if not key:
            return None
        digest = hashlib.sha256(key.encode()).digest()
        found = None
        for entry in self.entries:
            if hmac.compare_digest(digest, entry.sha256):
                found = entry.caller
        return found
