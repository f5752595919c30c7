"""Parity judged per dossier: the members who may decide on it, and whether they are paritaire.

The session is paritaire as a whole (``attendance.parity_problem``), but a member recused
from a dossier does not count for it. When the recusals break parity for a dossier, the
session cannot decide it: it stays undecided on the agenda and, at closing, returns to
the pool « prêt pour le jury » (``closing.py``), the minutes saying why.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.juries.attendance import Attendee, attendees, is_paritaire, side_counts
from clea_platform.juries.recusal import recusals


@dataclass(frozen=True, slots=True)
class DossierPanel:
    """The members present at the session who may decide on one dossier."""

    dossier_id: uuid.UUID
    members: list[Attendee]
    recused: list[tuple[Attendee, str]]

    @property
    def member_ids(self) -> set[uuid.UUID]:
        return {a.member.id for a in self.members}

    @property
    def problem(self) -> str | None:
        """Why this dossier cannot be decided in this session (recusals broke parity)."""
        employers, employees = side_counts(a.member for a in self.members)
        if is_paritaire(employers, employees) or not self.recused:
            return None
        names = ", ".join(a.full_name for a, _ in self.recused)
        return (
            f"Jury non paritaire pour ce dossier : {len(self.recused)} membre(s) présent(s) "
            f"récusé(s) ({names}) ; restent {employers} représentant(s) des employeurs et "
            f"{employees} des salariés (un membre récusé ne compte pas pour le dossier ; il "
            "en faut autant de chaque côté, au moins un). Ce dossier ne peut pas être décidé "
            "dans cette session : il reste à l'ordre du jour sans décision et retourne, à la "
            "clôture, dans le vivier « prêt pour le jury »."
        )


def subset_problem(chosen: Sequence[Attendee]) -> str | None:
    """Why the members named as present for a decision are not paritaire, or None."""
    employers, employees = side_counts(a.member for a in chosen)
    if is_paritaire(employers, employees):
        return None
    return (
        f"Les membres présents pour cette décision ne sont pas paritaires : {employers} "
        f"représentant(s) des employeurs et {employees} des salariés (il en faut autant de "
        "chaque côté, au moins un)."
    )


def build_panel(
    dossier_id: uuid.UUID,
    attendees: Sequence[Attendee],
    recused: Mapping[tuple[uuid.UUID, uuid.UUID], str],
) -> DossierPanel:
    """The panel from the session's attendees and its (member, dossier) recusals."""
    present = [a for a in attendees if a.present]
    out = [
        (a, recused[(a.member.id, dossier_id)])
        for a in present
        if (a.member.id, dossier_id) in recused
    ]
    out_ids = {a.member.id for a, _ in out}
    return DossierPanel(dossier_id, [a for a in present if a.member.id not in out_ids], out)


async def panels(
    session: AsyncSession, jury_session_id: uuid.UUID, dossier_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, DossierPanel]:
    """Each dossier's panel, from the attendance and recusals as they are now."""
    present = await attendees(session, jury_session_id)
    recused = await recusals(session, jury_session_id, dossier_ids)
    return {d: build_panel(d, present, recused) for d in dossier_ids}


async def panel(
    session: AsyncSession, jury_session_id: uuid.UUID, dossier_id: uuid.UUID
) -> DossierPanel:
    return (await panels(session, jury_session_id, [dossier_id]))[dossier_id]
