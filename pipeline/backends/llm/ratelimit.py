"""Client-side requests- and tokens-per-minute limits with adaptive back-off.

Providers enforce per-minute quotas and answer 429 when they are exceeded.
Staying under the quota on the client side is cheaper than being refused, so
the batch runner passes every request through one :class:`RateLimiter`:

* two token buckets (requests, tokens), each holding one minute's allowance
  and refilled continuously, so a run may burst up to the limit and then
  proceeds at the steady rate;
* waiters are served first come, first served (``asyncio.Lock`` wakes its
  waiters in FIFO order), so no task starves behind a stream of small ones;
* on a 429 everyone pauses until ``Retry-After`` and the effective rate is
  halved (never below 1 request per minute); each success then restores 5 % of the configured rate (AIMD, the
  scheme TCP uses), so the limiter converges on what the server really
  allows when the configured limit is too optimistic.

With no limit configured :meth:`RateLimiter.acquire` returns at once without
taking a lock or reading the clock; only a 429 pause makes it wait.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

from pipeline.core.errors import ConfigError

#: The effective request rate never drops below this (requests per minute).
MIN_RPM = 1.0
#: Without an rpm limit, the effective-rate factor never drops below this.
_MIN_FACTOR = 0.01
#: Multiplicative decrease of the effective rate on each 429.
_DECREASE = 0.5
#: Additive increase of the effective rate per success, as a share of the configured rate.
_INCREASE = 0.05
#: First pause after a 429 without Retry-After; it doubles on consecutive 429s.
_FIRST_BACKOFF = 1.0
#: Longest pause after a 429 without Retry-After.
_MAX_BACKOFF = 60.0
#: Shortfalls (in requests or tokens) below this count as none.
_ROUNDING = 1e-6


class _Bucket:
    """A token bucket holding at most one minute's allowance, refilled continuously.

    The level may go negative: an oversized request or a :meth:`charge`
    after the fact leaves a debt that later requests wait out, so the
    average rate still respects the limit.
    """

    __slots__ = ("capacity", "level", "limit", "rate", "stamp")

    def __init__(self, limit: float, now: float) -> None:
        self.limit = limit
        self.capacity = limit
        self.rate = limit / 60.0
        self.level = limit
        self.stamp = now

    def refill(self, now: float) -> None:
        """Add what has trickled in since the last look, up to capacity."""
        if now > self.stamp:
            self.level = min(self.capacity, self.level + (now - self.stamp) * self.rate)
        self.stamp = now

    def wait(self, amount: float) -> float:
        """Seconds until ``amount`` fits; an amount over capacity fits once the bucket is full."""
        missing = min(amount, self.capacity) - self.level
        # A rounding-sized shortfall would ask for a sleep too short to move the clock.
        return missing / self.rate if missing > _ROUNDING else 0.0

    def scale(self, factor: float, now: float) -> None:
        """Set the effective capacity and rate to ``factor`` times the configured limit."""
        self.refill(now)
        self.capacity = self.limit * factor
        self.rate = self.capacity / 60.0
        self.level = min(self.level, self.capacity)


class RateLimiter:
    """Keeps a stream of model requests under requests- and tokens-per-minute limits.

    Safe to share between any number of asyncio tasks of one event loop.
    """

    def __init__(
        self,
        rpm: float | None = None,
        tpm: float | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        """Configure the limits; None means unlimited.

        Args:
            rpm: Requests per minute the provider allows, or None.
            tpm: Tokens (prompt + completion) per minute it allows, or None.
            clock: Monotonic seconds; injectable so tests run on a fake clock.
            sleep: Awaitable sleep matching ``clock``; injectable for the same reason.

        Raises:
            ConfigError: A limit is zero or negative.
        """
        for name, value in (("rpm", rpm), ("tpm", tpm)):
            if value is not None and not value > 0:
                raise ConfigError(f"{name} must be a positive number, got {value}; omit it for no limit")
        self._clock = clock
        self._sleep = sleep
        now = clock()
        self._rpm = None if rpm is None else _Bucket(float(rpm), now)
        self._tpm = None if tpm is None else _Bucket(float(tpm), now)
        self._unlimited = rpm is None and tpm is None
        self._min_factor = min(1.0, MIN_RPM / rpm) if rpm is not None else _MIN_FACTOR
        self._factor = 1.0
        self._paused = False
        self._paused_until = 0.0
        self._backoff = _FIRST_BACKOFF
        self._lock = asyncio.Lock()
        self._lock_loop: asyncio.AbstractEventLoop | None = None

    @property
    def effective_rpm(self) -> float | None:
        """The request rate currently enforced (lowered after 429s), or None when unlimited."""
        return None if self._rpm is None else self._rpm.limit * self._factor

    @property
    def effective_tpm(self) -> float | None:
        """The token rate currently enforced (lowered after 429s), or None when unlimited."""
        return None if self._tpm is None else self._tpm.limit * self._factor

    async def acquire(self, estimated_tokens: int) -> None:
        """Wait until one more request of ``estimated_tokens`` fits both limits, then take it.

        A request larger than the whole token allowance (one minute's worth)
        cannot ever fit; rather than deadlock, it is let through once the
        token bucket is full, and the debt it leaves delays later requests.

        Args:
            estimated_tokens: Prompt tokens plus the expected completion;
                correct it with :meth:`settle` once usage is known.
        """
        if self._unlimited and not self._paused:
            return
        async with self._loop_lock():
            tokens = float(max(estimated_tokens, 0))
            while True:
                delay = self._delay(tokens)
                if delay <= 0:
                    break
                await self._sleep(delay)
            if self._rpm is not None:
                self._rpm.level -= 1.0
            if self._tpm is not None:
                self._tpm.level -= tokens

    def _loop_lock(self) -> asyncio.Lock:
        """The lock for the running event loop; a limiter outlives ``asyncio.run`` calls, a lock cannot."""
        loop = asyncio.get_running_loop()
        if self._lock_loop is not loop:
            self._lock, self._lock_loop = asyncio.Lock(), loop
        return self._lock

    def _delay(self, tokens: float) -> float:
        """Seconds to wait before a request of ``tokens`` may go; 0 when it may go now."""
        now = self._clock()
        if self._paused:
            if now < self._paused_until:
                return self._paused_until - now
            self._paused = False
        delay = 0.0
        if self._rpm is not None:
            self._rpm.refill(now)
            delay = self._rpm.wait(1.0)
        if self._tpm is not None:
            self._tpm.refill(now)
            delay = max(delay, self._tpm.wait(tokens))
        return delay

    def settle(self, estimated_tokens: int, actual_tokens: int) -> None:
        """Correct the token bucket once a response reports its real usage.

        An overestimate is refunded, an underestimate charged (possibly
        leaving a debt that later requests wait out).

        Args:
            estimated_tokens: What was passed to :meth:`acquire`.
            actual_tokens: What the response's usage says was spent.
        """
        if self._tpm is None:
            return
        self._tpm.refill(self._clock())
        bucket = self._tpm
        bucket.level = min(bucket.capacity, bucket.level + max(estimated_tokens, 0) - max(actual_tokens, 0))

    def on_rate_limited(self, retry_after: float | None) -> None:
        """Record a 429: pause every waiter and halve the effective rate.

        Halving also halves the buckets' capacity, which trims any saved-up
        burst, so the run resumes after the pause at a gentler pace.

        Args:
            retry_after: The server's Retry-After in seconds, or None; without
                it the pause starts at 1 s and doubles on consecutive 429s.
        """
        now = self._clock()
        if retry_after is not None and retry_after >= 0:
            pause = float(retry_after)
        else:
            pause = self._backoff
            self._backoff = min(self._backoff * 2.0, _MAX_BACKOFF)
        self._paused_until = max(self._paused_until, now + pause)
        self._paused = self._paused_until > now
        self._factor = max(self._factor * _DECREASE, self._min_factor)
        for bucket in (self._rpm, self._tpm):
            if bucket is not None:
                bucket.scale(self._factor, now)

    def on_success(self) -> None:
        """Record a successful request: recover 5 % of the configured rate, up to the limit."""
        self._backoff = _FIRST_BACKOFF
        if self._factor >= 1.0:
            return
        self._factor = min(1.0, self._factor + _INCREASE)
        now = self._clock()
        for bucket in (self._rpm, self._tpm):
            if bucket is not None:
                bucket.scale(self._factor, now)
