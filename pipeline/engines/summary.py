"""What a run did (``Summary``) and one finished article as it travels to the writer (``Finished``).

Kept apart from the batch runner so worker processes, the Ray engine and
the Batch API importer count lines the same way without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from schemas import ArticleResult, ErrorLine, GroundingCounts, Usage


@dataclass
class Summary:
    """What a batch run did; printed at the end and returned to library callers."""

    articles: int = 0
    failed: int = 0
    skipped: int = 0
    retried: int = 0
    started: int = 0
    load_errors: int = 0
    records: dict[str, int] = field(default_factory=lambda: {"actors": 0, "events": 0, "quotes": 0, "agreements": 0})
    warnings: int = 0
    usage: Usage = field(default_factory=Usage)
    cached: int = 0  # articles answered from the response cache (a line's usage says only whether it was)
    grounding: GroundingCounts = field(default_factory=GroundingCounts)
    seconds: float = 0.0

    def add(self, line: ArticleResult | ErrorLine) -> None:
        """Count one finished line."""
        if isinstance(line, ErrorLine):
            self.failed += 1
            self.load_errors += line.stage == "load"
            if line.usage is not None:  # a failed article's requests and tokens were spent all the same
                self._count_usage(line.usage)
            return
        self.articles += 1
        for k, v in line.records.count().items():
            self.records[k] += v
        self.warnings += len(line.warnings)
        self._count_usage(line.usage)
        self.grounding.add(line.grounding)

    def _count_usage(self, u: Usage) -> None:
        self.usage.add(u)
        self.cached += u.cached

    def absorb(self, part: Summary) -> None:
        """Add another summary's counts (seconds excepted: parts of one run overlap in time)."""
        for f in fields(Summary):
            if f.name == "seconds":
                continue
            mine, theirs = getattr(self, f.name), getattr(part, f.name)
            if isinstance(mine, dict):
                for key, value in theirs.items():
                    mine[key] = mine.get(key, 0) + value
            elif isinstance(mine, (GroundingCounts, Usage)):
                mine.add(theirs)
            else:
                setattr(self, f.name, mine + theirs)

    @property
    def pending(self) -> int:
        """Articles read from the input whose line was not written yet (in flight when a run stops)."""
        return max(0, self.started - self.articles - self.failed)

    def interrupted(self, resumable: bool) -> str:
        """The one line printed when the run is stopped (Ctrl-C) before the input ran out."""
        hint = "; rerun with --resume" if resumable else ""
        return f"interrupted: {self.articles + self.failed} done, {self.pending} pending{hint}"

    def text(self) -> str:
        """The human summary printed on stderr."""
        r, u = self.records, self.usage
        rate = self.articles / self.seconds if self.seconds else 0.0
        parts = [
            f"{self.articles} articles extracted, {self.failed} failed"
            + (f" ({self.load_errors} unreadable)" if self.load_errors else "")
            + (f", {self.skipped} skipped (already done)" if self.skipped else "")
            + (f", {self.retried} retried (failed before)" if self.retried else ""),
            (
                f"records: {r['actors']} actors, {r['events']} events, {r['quotes']} quotes,"
                f" {r['agreements']} agreements; {self.warnings} warnings"
            ),
            f"model: {u.requests} requests ({u.reasks} re-asks, {self.cached} cached),"
            f" {u.prompt_tokens} prompt ({u.cached_prompt_tokens} from the server's prompt cache)"
            f" + {u.completion_tokens} completion tokens"
            + (f", {u.prompt_tokens // done} prompt tokens per article" if (done := self.articles + self.failed) else "")
            + (f", ${u.cost_usd:.4f}" if u.cost_usd else ""),
            self.grounding.text(),
            f"time: {self.seconds:.2f}s ({rate:.1f} articles/s)",
        ]
        return "\n".join(parts)


@dataclass(frozen=True)
class Finished:
    """One article's output line, serialized where it was made, and what it adds to the summary.

    Worker processes send these to the single writer: a JSON string pickles
    and crosses a pipe far more cheaply than the record objects it encodes.
    """

    json: str
    error: bool
    tally: Summary

    @classmethod
    def of(cls, line: ArticleResult | ErrorLine) -> Finished:
        """Serialize a line once and count it."""
        tally = Summary()
        tally.add(line)
        return cls(line.model_dump_json(), isinstance(line, ErrorLine), tally)
