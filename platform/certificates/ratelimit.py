"""A sliding-window limit per client address, in memory, for the public verification page.

``/verify/<code>`` answers anyone: without a limit, someone could try codes until one
exists. Each address may make ``limit`` lookups per ``window`` seconds (default 30 per
minute); past that, 429 with ``Retry-After``. With 50 random bits per code and this
limit, finding one valid code among a million certificates takes an address about
2^30 minutes. The state lives in the process (several processes each keep their own
window, so the effective limit is multiplied by their number); the table of addresses is
capped so a flood of addresses cannot grow it without bound.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable


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
