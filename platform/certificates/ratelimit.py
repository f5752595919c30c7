"""Limits per client address on the certificates' public endpoints.

``/verify/<code>`` answers anyone: without a limit, someone could try codes until one
exists. :data:`VERIFY_PER_CLIENT`: each address may make 30 lookups a minute, counted in
the shared ``rate_limit_counter`` table by the identity context's atomic limiter
(:func:`clea_platform.identity.ratelimit.take`, a fixed window), so every app node counts
against the same budget; past it, 429 with ``Retry-After``. With 50 random bits per
code and this limit, finding one valid code among a million certificates takes an
address about 2^30 minutes.

:class:`SlidingWindowLimiter` keeps a sliding window in the process's memory (each
process its own, so the effective limit is multiplied by their number; the table of
addresses is capped so a flood of addresses cannot grow it without bound). Only the
wallet's nonce endpoint still uses it.
"""

from __future__ import annotations

import datetime as dt
import math
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable

from clea_platform.identity.ratelimit import Limit

#: Public certificate verification: lookups per client address (shared by every node).
VERIFY_PER_CLIENT = Limit("verify:client", 30, dt.timedelta(minutes=1))


class SlidingWindowLimiter:
    """``hit(key)`` returns 0 when allowed, else the seconds to wait."""

    def __init__(
        self,
        limit: int = 30,
        window: float = 60.0,
        max_keys: int = 50_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limit = limit
        self.window = window
        self.max_keys = max_keys
        self.clock = clock
        self._hits: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def hit(self, key: str) -> int:
        now = self.clock()
        with self._lock:
            hits = self._hits.get(key)
            if hits is None:
                hits = self._hits[key] = deque()
                if len(self._hits) > self.max_keys:
                    self._hits.popitem(last=False)
            else:
                self._hits.move_to_end(key)
            while hits and hits[0] <= now - self.window:
                hits.popleft()
            if len(hits) >= self.limit:
                return max(1, math.ceil(hits[0] + self.window - now))
            hits.append(now)
            return 0

    def reset(self) -> None:
        with self._lock:
            self._hits.clear()
