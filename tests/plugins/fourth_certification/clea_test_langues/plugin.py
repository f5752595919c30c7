"""Registers CléA langues (test): two competences, every criterion required.

It also listens to the lifecycle hooks: when ``CLEA_TEST_LANGUES_JOURNAL`` names a file,
each event about one of its dossiers is appended to it as a line of JSON (the end-to-end
test reads it to check what the served platform told the installed plugin).
"""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path
from typing import Any

from clea_platform.plugins import (
    BINARY_SCALE,
    Certification,
    CertificationLimits,
    ChoiceScaleRule,
    hookimpl,
)

HERE = Path(__file__).parent
CODE = "CLEA_LANGUES_TEST"

CLEA_LANGUES_TEST = Certification(
    code=CODE,
    title="CléA langues (test) — communiquer dans une langue étrangère au travail",
    certifier="Certif'Pro",
    referentiel_path=HERE / "referentiel.json",
    scale=BINARY_SCALE,
    # Awarded when every criterion of both competences is acquired.
    scoring=ChoiceScaleRule(BINARY_SCALE),
    limits=CertificationLimits(
        initial_evaluation_max_minutes=3 * 60,
        final_evaluation_max_minutes=2 * 60,
        training_window_years=3,
    ),
    display_order=40,
)


@hookimpl
def clea_register_certifications() -> list[Certification]:
    return [CLEA_LANGUES_TEST]


def _write(event: str, certification_code: str, **values: Any) -> None:
    journal = os.environ.get("CLEA_TEST_LANGUES_JOURNAL")
    if not journal or certification_code != CODE:
        return
    line = {
        "event": event,
        **{k: str(v) if isinstance(v, uuid.UUID) else v for k, v in values.items()},
    }
    with open(journal, "a", encoding="utf-8") as file:
        file.write(json.dumps(line, ensure_ascii=False) + "\n")


@hookimpl
def clea_dossier_status_changed(
    dossier_id: uuid.UUID, certification_code: str, previous_status: str | None, status: str
) -> None:
    _write(
        "status", certification_code, dossier_id=dossier_id, previous=previous_status, status=status
    )


@hookimpl
def clea_evaluation_closed(
    dossier_id: uuid.UUID, certification_code: str, kind: str, eligible: bool
) -> None:
    _write("evaluation", certification_code, dossier_id=dossier_id, kind=kind, eligible=eligible)


@hookimpl
def clea_decision_recorded(dossier_id: uuid.UUID, certification_code: str, outcome: str) -> None:
    _write("decision", certification_code, dossier_id=dossier_id, outcome=outcome)


@hookimpl
def clea_certificate_issued(
    dossier_id: uuid.UUID, certification_code: str, number: str, verification_code: str
) -> None:
    _write(
        "certificate",
        certification_code,
        dossier_id=dossier_id,
        number=number,
        verification_code=verification_code,
    )
