"""A SQLite cache of model answers, so a rerun of the same articles costs no request.

Keyed by everything that can change an answer: endpoint, model, prompt
version and hash, schema version, mode and the hash of the exact text sent.
Values are the parsed extraction and the usage it cost; never the request,
so no API key can end up here. WAL mode and one short transaction per write
keep it consistent when a run is killed mid-write.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from pathlib import Path

from pipeline.core.errors import ConfigError

_SCHEMA = """
CREATE TABLE IF NOT EXISTS responses (
    key TEXT PRIMARY KEY,
    extraction TEXT NOT NULL,
    usage TEXT NOT NULL,
    created REAL NOT NULL
)
"""


def cache_key(*parts: str) -> str:
    """A stable hash of the parts that determine a model answer."""
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode("utf-8")).hexdigest()


class ResponseCache:
    """Stores extraction JSON and its usage by key in one SQLite file."""

    def __init__(self, path: str | Path) -> None:
        """Open (creating if needed) the cache file; ConfigError if it cannot be used."""
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA busy_timeout=5000")
            self._db.execute(_SCHEMA)
        except sqlite3.Error as exc:
            raise ConfigError(f"cannot open the response cache {self.path}: {exc}; use --no-cache") from exc

    def get(self, key: str) -> tuple[str, dict[str, int]] | None:
        """The cached extraction JSON and its original usage, or None."""
        row = self._db.execute("SELECT extraction, usage FROM responses WHERE key = ?", (key,)).fetchone()
        return (row[0], json.loads(row[1])) if row else None

    def put(self, key: str, extraction_json: str, usage: dict[str, int]) -> None:
        """Store one answer (replacing an older one under the same key)."""
        self._db.execute(
            "INSERT OR REPLACE INTO responses (key, extraction, usage, created) VALUES (?, ?, ?, ?)",
            (key, extraction_json, json.dumps(usage), time.time()),
        )

    def __len__(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM responses").fetchone()[0])

    def close(self) -> None:
        """Close the database connection."""
        self._db.close()
