"""The application form as the applicant fills it: sites, evaluators, declarations.

A draft may be incomplete (``completeness.py`` says what is missing or wrong); it is
stored as JSON on the application (:func:`content_of`, :func:`draft_from_content`).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from clea_platform.identity.service import normalise_email
from clea_platform.tenants.geography import normalise_postal_code
from clea_platform.tenants.identifiers import normalise
from clea_platform.tenants.models import NationalNetwork, Organisation, Site

# The declarations on honour every application carries (key → text shown to applicants).
DECLARATIONS = {
    "accuracy": "J'atteste sur l'honneur l'exactitude des informations et des pièces fournies.",
    "quality": "L'organisme respecte les règles nationales de qualité de la formation "
    "professionnelle.",
    "independence": "Les évaluateurs désignés n'évalueront pas les candidats qu'ils ont formés.",
    "referentiel": "L'organisme s'engage à évaluer selon le référentiel et la procédure "
    "de Certif'Pro en vigueur.",
}


@dataclass(frozen=True, slots=True)
class EvaluatorDraft:
    full_name: str = ""
    email: str = ""
    qualifications: str = ""


#: What a site may ask for, and what each means (the accreditation's scope).
SITE_SCOPES = ("evaluation", "training", "both")


def scope_covers(scope: str, wanted: str) -> bool:
    """Whether a site's scope includes ``wanted`` ("evaluation" or "training").

    Example:
        >>> scope_covers("both", "training"), scope_covers("evaluation", "training")
        (True, False)
    """
    return scope == wanted or scope == "both"


@dataclass(frozen=True, slots=True)
class SiteDraft:
    siret: str = ""
    name: str = ""
    address_line: str = ""
    postal_code: str = ""
    city: str = ""
    region: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    evaluators: Sequence[EvaluatorDraft] = ()
    #: "evaluation", "training" or "both" (drafts from before #19: evaluation).
    scope: str = "evaluation"
    #: The named trainers (same fields as evaluators): the evidence a training scope needs.
    trainers: Sequence[EvaluatorDraft] = ()


@dataclass(frozen=True, slots=True)
class ApplicationDraft:
    network: NationalNetwork | None = None
    sites: Sequence[SiteDraft] = ()
    declarations: Sequence[str] = field(default_factory=tuple)


def draft_from_content(content: dict[str, Any]) -> ApplicationDraft:
    network = content.get("network")
    return ApplicationDraft(
        network=NationalNetwork(network) if network else None,
        sites=tuple(
            SiteDraft(
                **{k: v for k, v in site.items() if k not in ("evaluators", "trainers")},
                evaluators=tuple(EvaluatorDraft(**e) for e in site.get("evaluators", ())),
                trainers=tuple(EvaluatorDraft(**e) for e in site.get("trainers", ())),
            )
            for site in content.get("sites", ())
        ),
        declarations=tuple(content.get("declarations", ())),
    )


def content_of(draft: ApplicationDraft) -> dict[str, Any]:
    return {
        "network": draft.network.value if draft.network else None,
        "sites": [
            {
                **asdict(site),
                "evaluators": [asdict(e) for e in site.evaluators],
                "trainers": [asdict(e) for e in site.trainers],
            }
            for site in draft.sites
        ],
        "declarations": sorted(set(draft.declarations)),
    }


def cleaned(draft: ApplicationDraft) -> ApplicationDraft:
    return ApplicationDraft(
        network=draft.network,
        sites=tuple(
            SiteDraft(
                siret=normalise(site.siret),
                name=site.name.strip(),
                address_line=site.address_line.strip(),
                postal_code=normalise_postal_code(site.postal_code),
                city=site.city.strip(),
                region=site.region.strip(),
                contact_email=normalise_email(site.contact_email)
                if site.contact_email.strip()
                else "",
                contact_phone=unicodedata.normalize("NFKC", site.contact_phone).strip(),
                evaluators=_people(site.evaluators),
                scope=site.scope.strip(),
                trainers=_people(site.trainers),
            )
            for site in draft.sites
        ),
        declarations=tuple(dict.fromkeys(draft.declarations)),
    )


def _people(people: Sequence[EvaluatorDraft]) -> tuple[EvaluatorDraft, ...]:
    return tuple(
        EvaluatorDraft(
            full_name=e.full_name.strip(),
            email=normalise_email(e.email) if e.email.strip() else "",
            qualifications=e.qualifications.strip(),
        )
        for e in people
    )


def draft_of_organisation(
    organisation: Organisation, sites: Sequence[Site], *, scope: str = "evaluation"
) -> ApplicationDraft:
    """A new application's draft: the organisation's network and its sites as they are,
    each asking for ``scope``."""
    return ApplicationDraft(
        network=organisation.network,
        sites=tuple(
            SiteDraft(
                siret=site.siret,
                name=site.name,
                address_line=site.address_line,
                postal_code=site.postal_code,
                city=site.city,
                region=site.region,
                contact_email=site.contact_email,
                contact_phone=site.contact_phone,
                scope=scope,
            )
            for site in sites
        ),
    )
