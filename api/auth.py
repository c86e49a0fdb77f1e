"""API keys: stored as SHA-256 hashes, each scoped to creators; compared in constant time.

A keys file is JSON: ``[{"name": "planner", "sha256": "<hex>", "creators": ["a", "b"]},
{"name": "ops", "sha256": "<hex>", "admin": true}]``. ``SAVEWORTHY_API_KEYS`` may also
hold ``key:creator1,creator2;key2:*`` (``*`` = admin) for simple set-ups; those keys are
hashed on load and never kept in clear. ``saveworthy keys create`` writes the file.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass, field
from pathlib import Path


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
            for item in json.loads(Path(keys_file).read_text()):
                store.entries.append(
                    KeyEntry(
                        sha256=bytes.fromhex(item["sha256"]),
                        caller=Caller(
                            name=item.get("name", "key"),
                            creators=frozenset(item.get("creators", [])),
                            admin=bool(item.get("admin", False)),
                        ),
                    )
                )
        for i, part in enumerate(p for p in env_spec.split(";") if p.strip()):
            key, _, scope = part.strip().partition(":")
            creators = frozenset(c.strip() for c in scope.split(",") if c.strip() and c.strip() != "*")
            caller = Caller(name=f"env-key-{i + 1}", creators=creators, admin=scope.strip() == "*")
            store.entries.append(KeyEntry(sha256=bytes.fromhex(hash_key(key)), caller=caller))
        return store

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
