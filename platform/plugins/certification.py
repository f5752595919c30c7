"""What a plugin hands the platform for each certification it provides."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from clea_platform.referentiels.document import ReferentielDocument, load_referentiel_file
from clea_platform.referentiels.scoring import ResultScale, ScoringRule


@dataclass(frozen=True, slots=True)
class CertificationLimits:
    """Duration limits of the pathway; the defaults are CléA's (DOMAIN.md)."""

    initial_evaluation_max_minutes: int = 7 * 60
    final_evaluation_max_minutes: int = 3 * 60
    training_window_years: int = 5

    @property
    def training_window(self) -> str:
        """The training window as messages and documents word it (« 5 ans », « 1 an »).

        Example:
            >>> CertificationLimits(training_window_years=3).training_window
            '3 ans'
        """
        years = self.training_window_years
        return f"{years} an" if years == 1 else f"{years} ans"


@dataclass(frozen=True, slots=True)
class CertificationFees:
    """What Certif'Pro bills, in euro cents excluding VAT (DOMAIN.md): per event, and per
    accreditation application and establishment for the accreditation period.

    The certification owns its fees (#19); each billable event records the amount in force
    the day it happened (``BillableEvent.amount_cents``). A campaign's own fees, when set,
    still override the application and establishment fees in the fees export.
    """

    initial_evaluation_cents: int = 0
    certificate_cents: int = 0
    application_cents: int = 0
    site_cents: int = 0

    def event_cents(self, kind: str) -> int:
        """The fee of a billable event of ``kind`` (``initial_evaluation``, ``certificate``).

        Example:
            >>> CertificationFees(initial_evaluation_cents=2000).event_cents("initial_evaluation")
            2000
        """
        return {
            "initial_evaluation": self.initial_evaluation_cents,
            "certificate": self.certificate_cents,
        }.get(kind, 0)


@dataclass(frozen=True)
class Certification:
    """A certification contributed by a plugin.

    Example:
        >>> from clea_platform.referentiels.scoring import BINARY_SCALE, ChoiceScaleRule
        >>> Certification(code="DEMO", title="Démo", certifier="Certif'Pro",
        ...     referentiel_path=Path("referentiel.json"), scale=BINARY_SCALE,
        ...     scoring=ChoiceScaleRule(BINARY_SCALE)).limits.final_evaluation_max_minutes
        180

    Attributes:
        code: stable machine code, upper case (``CLEA``); the key everywhere.
        title: full French title.
        certifier: the body that awards it.
        referentiel_path: the bundled ``clea-referentiel/1`` file.
        scale: what evaluators record per item.
        scoring: turns results into mastery and an outcome.
        limits: evaluation durations and the training window.
        fees: billed per évaluation préalable and per certificate.
        templates_dir: Jinja2 templates (certificate, partial attestation), if any.
        display_order: where it is listed (smaller first).
        registry_code: the certification's code in France Compétences' registry (``RS…``
            or ``RNCP…``), sent with each certificate declared to the national
            training-account system (docs/declarations.md); empty: not declarable yet.
        plugin: name of the plugin that registered it; filled in by the registry.
    """

    code: str
    title: str
    certifier: str
    referentiel_path: Path
    scale: ResultScale
    scoring: ScoringRule
    limits: CertificationLimits = field(default_factory=CertificationLimits)
    fees: CertificationFees = field(default_factory=CertificationFees)
    templates_dir: Path | None = None
    display_order: int = 100
    registry_code: str = ""
    plugin: str = ""

    @cached_property
    def bundled_referentiel(self) -> ReferentielDocument:
        """The référentiel shipped with the plugin, parsed and validated once."""
        return load_referentiel_file(self.referentiel_path)
