"""Every foreign key that cascades has an index led by its columns.

Deleting a parent (erasing a candidate, withdrawing a plan) otherwise makes the database
scan the whole child table for each deleted row, and reading a parent's children (the
candidate's home page reads a plan's progress and an evaluation's sittings) scans it too.
Three such keys had none until migration 0036 (74 ms of the candidate's home page at
100 000 dossiers went to one of them).
"""

from __future__ import annotations

from sqlalchemy import ForeignKeyConstraint, Index, PrimaryKeyConstraint, UniqueConstraint

from clea_platform.db.models import Base


def _leading_column_sets(table_indexes: list[tuple[str, ...]], width: int) -> set[frozenset[str]]:
    return {frozenset(columns[:width]) for columns in table_indexes}


def test_every_cascading_foreign_key_has_an_index_led_by_its_columns() -> None:
    unindexed = []
    for table in Base.metadata.sorted_tables:
        indexed = [tuple(column.name for column in index.columns) for index in table.indexes]
        indexed += [
            tuple(column.name for column in constraint.columns)
            for constraint in table.constraints
            if isinstance(constraint, PrimaryKeyConstraint | UniqueConstraint)
        ]
        for key in table.foreign_key_constraints:
            assert isinstance(key, ForeignKeyConstraint)
            if key.ondelete is None:
                continue  # a restricting key: its parent is not deleted while children exist
            columns = frozenset(column.name for column in key.columns)
            if columns not in _leading_column_sets(indexed, len(columns)):
                unindexed.append(f"{table.name}({', '.join(sorted(columns))})")
    assert unindexed == [], f"cascading foreign keys without an index: {unindexed}"


def test_the_check_sees_an_unindexed_cascading_key() -> None:
    """The rule above would pass vacuously if it read no index: a table built without its
    index is reported."""
    from sqlalchemy import Column, ForeignKey, Integer, MetaData, Table

    metadata = MetaData()
    Table("parent", metadata, Column("id", Integer, primary_key=True))
    child = Table(
        "child",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("parent_id", Integer, ForeignKey("parent.id", ondelete="CASCADE")),
    )
    indexed = [tuple(column.name for column in index.columns) for index in child.indexes]
    assert frozenset({"parent_id"}) not in _leading_column_sets(indexed, 1)
    Index("ix_child_parent", child.c.parent_id)
    indexed = [tuple(column.name for column in index.columns) for index in child.indexes]
    assert frozenset({"parent_id"}) in _leading_column_sets(indexed, 1)
