"""Planned hours per domain arrive as JSON: only a map of numbers is a plan."""

from __future__ import annotations

from typing import Any

import pytest

from clea_platform.training.errors import TrainingError, TrainingErrorCode
from clea_platform.training.service import hours_from_json


def test_a_map_of_numbers_is_read_as_hours() -> None:
    assert hours_from_json({"1": 10, "2": 2.5}) == {"1": 10.0, "2": 2.5}
    assert hours_from_json({}) == {}


@pytest.mark.parametrize(
    "value", [{"1": {"nested": 3}}, {"1": "10"}, {"1": True}, {"1": None}, [1, 2], "10"]
)
def test_anything_else_is_refused_naming_the_field(value: Any) -> None:
    with pytest.raises(TrainingError) as refused:
        hours_from_json(value)

    assert refused.value.code == TrainingErrorCode.INVALID_HOURS
    assert refused.value.field == "hoursByDomain"
    assert "en nombres" in refused.value.message
