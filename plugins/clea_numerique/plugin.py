"""Registers CléA numérique: four competences, each at or above the version's threshold."""

from __future__ import annotations

from pathlib import Path

from clea_numerique.scoring import ThresholdRule
from clea_platform.plugins import (
    PERCENT_SCALE,
    Certification,
    CertificationFees,
    CertificationLimits,
    hookimpl,
)

HERE = Path(__file__).parent

CLEA_NUMERIQUE = Certification(
    code="CLEA_NUMERIQUE",
    title="CléA numérique — usages fondamentaux du numérique au sein d'un environnement de travail",
    certifier="Certif'Pro",
    referentiel_path=HERE / "referentiel.json",
    scale=PERCENT_SCALE,
    scoring=ThresholdRule(),
    limits=CertificationLimits(
        initial_evaluation_max_minutes=7 * 60,
        final_evaluation_max_minutes=3 * 60,
        training_window_years=5,
    ),
    # DOMAIN.md: 300 € per accreditation application, 150 € per establishment (SIRET) for
    # the accreditation period, 10 € per certificate.
    fees=CertificationFees(application_cents=30000, site_cents=15000, certificate_cents=1000),
    templates_dir=HERE / "templates",
    display_order=20,
)


@hookimpl
def clea_register_certifications() -> list[Certification]:
    return [CLEA_NUMERIQUE]
