"""Inputs of the declarations' mutations."""

from __future__ import annotations

import datetime as dt

import strawberry


@strawberry.input(description="The period of issue to declare.")
class CreateDeclarationBatchInput:
    period_start: dt.date = strawberry.field(description="First day of issue.")
    period_end: dt.date = strawberry.field(description="Last day of issue (inclusive).")
