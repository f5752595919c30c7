"""Registers CléA langues (test): two competences, every criterion required."""

from __future__ import annotations

from pathlib import Path

from clea_platform.plugins import (
    BINARY_SCALE,
    Certification,
    CertificationLimits,
    ChoiceScaleRule,
    hookimpl,
)

HERE = Path(__file__).parent

CLEA_LANGUES_TEST = Certification(
    code="CLEA_LANGUES_TEST",
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
