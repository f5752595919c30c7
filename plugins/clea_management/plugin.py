"""Registers CléA Management: three areas of competence, every area required."""

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

CLEA_MANAGEMENT = Certification(
    code="CLEA_MANAGEMENT",
    title="CléA Management — socle des compétences de base du management",
    certifier="Certif'Pro",
    referentiel_path=HERE / "referentiel.json",
    scale=BINARY_SCALE,
    # Awarded when every area of competence is acquired.
    scoring=ChoiceScaleRule(BINARY_SCALE),
    limits=CertificationLimits(
        initial_evaluation_max_minutes=7 * 60,
        final_evaluation_max_minutes=3 * 60,
        training_window_years=5,
    ),
    templates_dir=HERE / "templates",
    display_order=30,
)


@hookimpl
def clea_register_certifications() -> list[Certification]:
    return [CLEA_MANAGEMENT]
