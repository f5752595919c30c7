"""Column helpers shared by the contexts' models."""

from __future__ import annotations

import enum

from sqlalchemy import Enum


def string_enum(enum_class: type[enum.Enum], name: str, length: int = 24) -> Enum:
    """An enum stored as its values in a VARCHAR with a CHECK constraint (portable)."""
    return Enum(
        enum_class,
        native_enum=False,
        create_constraint=True,
        length=length,
        name=name,
        values_callable=lambda members: [member.value for member in members],
    )
