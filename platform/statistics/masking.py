"""Small-cell masking: no breakdown cell may reveal fewer than five people.

A cell counting 1 to 4 people is hidden (primary suppression). Hiding it alone is not
enough: with the total shown, total minus the visible cells gives it back. So more cells
are hidden (secondary suppression, the smallest first) until at least two cells are
hidden and the hidden cells together count at least :data:`THRESHOLD` people; if that is
impossible, the total is hidden as well. A table whose total is below the threshold is
hidden whole. Cells counting nobody (0) reveal no one and stay visible.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

#: Fewer people than this in a cell and the cell is hidden.
THRESHOLD = 5


@dataclass(frozen=True, slots=True)
class MaskedColumn:
    """One column of a breakdown once masked: ``None`` where a figure is hidden."""

    cells: list[int | None]
    total: int | None


def mask_column(
    values: Sequence[int], total: int, *, also_hide: Collection[int] = ()
) -> MaskedColumn:
    """Hide what could identify someone in ``values`` (whose sum is ``total``).

    ``also_hide`` names positions hidden for another reason (the row's population is
    hidden in another column); they count as hidden cells for the secondary suppression.

    Example:
        >>> mask_column([3, 40, 57], 100)
        MaskedColumn(cells=[None, None, 57], total=100)
        >>> mask_column([12, 40, 57], 109)
        MaskedColumn(cells=[12, 40, 57], total=109)
        >>> mask_column([3, 1], 4)
        MaskedColumn(cells=[None, None], total=None)
    """
    if 0 < total < THRESHOLD:
        return MaskedColumn(cells=[None] * len(values), total=None)
    hidden = {i for i, value in enumerate(values) if 0 < value < THRESHOLD} | set(also_hide)
    if hidden:
        visible = sorted(
            (value, i) for i, value in enumerate(values) if i not in hidden and value > 0
        )
        while len(hidden) < 2 or sum(values[i] for i in hidden) < THRESHOLD:
            if not visible:
                break
            hidden.add(visible.pop(0)[1])
    # Nothing else left to hide: the total itself would give the hidden cell back.
    total_hidden = bool(hidden) and (len(hidden) < 2 or sum(values[i] for i in hidden) < THRESHOLD)
    return MaskedColumn(
        cells=[None if i in hidden else value for i, value in enumerate(values)],
        total=None if total_hidden else total,
    )
