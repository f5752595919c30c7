"""The independence rule, in one place: who may not decide on a dossier, and why.

A member is recused from a dossier when they are affiliated (by SIREN) with the
organisation that evaluated the candidate or with the one that trained them, or when
they declared a conflict of interest on it. A recused member sees the candidate's name
only, and cannot vote.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class DossierParties:
    """The organisations a dossier involves, by SIREN (a SIRET's first 9 digits)."""

    evaluator_siren: str | None
    evaluator_name: str
    training_sirens: Collection[str] = ()


def recusal_reason(
    affiliations: Collection[str], parties: DossierParties, declared: str | None
) -> str | None:
    """Why this member may not decide on this dossier, in French, or None."""
    if parties.evaluator_siren and parties.evaluator_siren in affiliations:
        return f"Lien déclaré avec l'organisme évaluateur ({parties.evaluator_name})."
    trained = sorted(set(parties.training_sirens) & set(affiliations))
    if trained:
        return f"Lien déclaré avec l'organisme de formation (SIREN {', '.join(trained)})."
    if declared is not None:
        return f"Conflit d'intérêts déclaré{f' : {declared}' if declared else ''}."
    return None
