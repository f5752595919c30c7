"""Registers CléA: 7 domains, 28 sub-domains and their criteria, every criterion required."""

from __future__ import annotations

from pathlib import Path

from clea_platform.plugins import (
    BINARY_SCALE,
    Certification,
    CertificationFees,
    CertificationLimits,
    ChoiceScaleRule,
    hookimpl,
)

HERE = Path(__file__).parent

CLEA = Certification(
    code="CLEA",
    title="CléA — certificat de connaissances et de compétences professionnelles",
    certifier="Certif'Pro",
    referentiel_path=HERE / "referentiel.json",
    scale=BINARY_SCALE,
    # Certification requires every criterion of every domain acquired (DOMAIN.md).
    scoring=ChoiceScaleRule(BINARY_SCALE),
    limits=CertificationLimits(
        initial_evaluation_max_minutes=7 * 60,
        final_evaluation_max_minutes=3 * 60,
        training_window_years=5,
    ),
    fees=CertificationFees(initial_evaluation_cents=2000, certificate_cents=500),
    templates_dir=HERE / "templates",
    # Répertoire spécifique (France Compétences): check the certification's current record
    # before declaring (docs/declarations.md); a renewal may give it a new number.
    registry_code="RS5080",
    display_order=10,
)


@hookimpl
def clea_register_certifications() -> list[Certification]:
    return [CLEA]
