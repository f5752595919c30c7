"""Inputs of the documents' mutations."""

from __future__ import annotations

import strawberry


@strawberry.input(description="A closed evaluation with gaps to attest.")
class IssuePartialAttestationInput:
    evaluation_id: strawberry.ID = strawberry.field(description="The evaluation.")
