"""Roles held in an organisation, and the platform's own role."""

from __future__ import annotations

import enum


class Role(enum.StrEnum):
    """Roles of a membership (or of an API key) in one organisation."""

    ORG_ADMIN = "org_admin"
    ADVISER = "adviser"
    EVALUATOR = "evaluator"
    TRAINER = "trainer"
    VIEWER = "viewer"


class PlatformRole(enum.StrEnum):
    CERTIFPRO_ADMIN = "certifpro_admin"


ROLE_LABELS = {
    Role.ORG_ADMIN: "administrateur",
    Role.ADVISER: "conseiller",
    Role.EVALUATOR: "évaluateur",
    Role.TRAINER: "formateur",
    Role.VIEWER: "lecteur",
}
