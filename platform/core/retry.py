"""One retry policy for every outbound channel (mail, webhooks): attempts, backoff, dead letter.

A channel claims a due item, counts the attempt and pushes its next one back by
:meth:`RetryPolicy.backoff` *before* trying (a process that dies mid-way leaves the item
waiting, never retried in a loop); a failure that retrying cannot help, or the
:attr:`RetryPolicy.max_attempts`-th failure, sets the item aside (status ``dead``), where
Certif'Pro administrators see it and may queue it again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Exponential backoff: ``first_retry``, then × ``factor`` after each failed attempt.

    Example:
        >>> policy = RetryPolicy(dt.timedelta(minutes=1), factor=4, max_attempts=5)
        >>> [int(policy.backoff(n).total_seconds() // 60) for n in (1, 2, 3, 4)]
        [1, 4, 16, 64]
        >>> policy.exhausted(4), policy.exhausted(5)
        (False, True)
    """

    first_retry: dt.timedelta
    factor: int
    max_attempts: int

    def backoff(self, attempts: int) -> dt.timedelta:
        """The wait after the ``attempts``-th failed attempt."""
        multiplier: int = self.factor ** max(attempts - 1, 0)
        return self.first_retry * multiplier

    def exhausted(self, attempts: int) -> bool:
        """Whether an item that failed ``attempts`` times is set aside for good."""
        return attempts >= self.max_attempts
