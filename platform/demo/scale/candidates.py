"""Candidate number ``k``: a person drawn from ``k`` alone, with one or two dossiers."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from typing import Any

from clea_platform.candidates.models import Candidate
from clea_platform.candidates.service import search_text
from clea_platform.candidates.validation import Civility, RegistrationStatus
from clea_platform.core.text import add_years, ascii_fold
from clea_platform.db.base import new_id
from clea_platform.demo import data
from clea_platform.demo.scale.dossiers import DossierWriter, stage_days_estimate, stages_to
from clea_platform.demo.scale.model import SEED, Batch, DemoTenant, World
from clea_platform.demo.scale.population import (
    AGE_BANDS,
    CERTIFICATION_WEIGHTS,
    EDUCATION_WEIGHTS,
    FINANCINGS,
    LAST_STEP_WITHIN_DAYS,
    OTHER_CERTIFICATION_WEIGHT,
    PRESCRIBERS,
    REGISTRATION_WEIGHTS,
    SECOND_DOSSIER_RATE,
    SECTOR_WEIGHTS,
    STATUS_WEIGHTS,
    weighted,
)
from clea_platform.dossiers.choices import PrescriberType


def _ascii(text: str) -> str:
    plain = ascii_fold(text)
    return "-".join(plain.lower().replace("'", " ").split())


def generate_candidate(index: int, world: World, batch: Batch, room: int) -> None:
    """Add candidate number ``index`` (seeded by it) with one or two dossiers, at most ``room``."""
    rng = random.Random(f"{SEED}:{index}")
    tenant = rng.choice(world.tenants)
    site_id = rng.choice(tenant.site_ids)
    weights = {
        c.code: CERTIFICATION_WEIGHTS.get(c.code, OTHER_CERTIFICATION_WEIGHT)
        for c in world.catalogues
    }
    count = 2 if room >= 2 and len(weights) >= 2 and rng.random() < SECOND_DOSSIER_RATE else 1
    codes: list[str] = []
    while len(codes) < count:
        code = weighted(rng, weights)
        if code not in codes:
            codes.append(code)
    registration = weighted(rng, REGISTRATION_WEIGHTS)
    candidate_id = new_id()
    first_opened: dt.datetime | None = None
    dossier_rows: list[dict[str, Any]] = []
    for code in codes:
        catalogue = next(c for c in world.catalogues if c.code == code)
        status = weighted(rng, STATUS_WEIGHTS)
        stages = stages_to(rng, status)
        latest = world.today - dt.timedelta(days=rng.randint(0, LAST_STEP_WITHIN_DAYS[status]))
        opened_on = latest - dt.timedelta(days=stage_days_estimate(stages, catalogue.window_years))
        if not stages:
            opened_on = latest
        writer = DossierWriter(rng, world, batch, tenant, catalogue, candidate_id, site_id)
        row = writer.write(opened_on, stages)
        assert row["status"] == status, (row["status"], status, stages)
        batch.dossiers += 1
        dossier_rows.append(row)
        opened_at: dt.datetime = row["created_at"]
        first_opened = opened_at if first_opened is None else min(first_opened, opened_at)
    assert first_opened is not None
    created_at = first_opened - dt.timedelta(days=rng.randint(0, 14), hours=rng.randint(0, 3))
    _candidate(rng, batch, tenant, candidate_id, registration, created_at, dossier_rows)


def _candidate(
    rng: random.Random,
    batch: Batch,
    tenant: DemoTenant,
    candidate_id: uuid.UUID,
    registration: RegistrationStatus,
    created_at: dt.datetime,
    dossier_rows: list[dict[str, Any]],
) -> None:
    civility = Civility.MADAME if rng.random() < 0.52 else Civility.MONSIEUR
    names = data.FIRST_NAMES_FEMALE if civility == Civility.MADAME else data.FIRST_NAMES_MALE
    first_names = rng.choice(names)
    if rng.random() < 0.1:
        first_names += " " + rng.choice(names)
    birth_name = rng.choice(data.LAST_NAMES)
    usage_name = ""
    if civility == Civility.MADAME and rng.random() < 0.2:
        usage_name = rng.choice(data.LAST_NAMES)
    created = created_at.date()
    latest = min(dt.date(2006, 12, 31), add_years(created, -16))
    earliest = max(dt.date(1960, 1, 1), add_years(created, -64))
    if registration == RegistrationStatus.YOUNG_MISSION_LOCALE:
        earliest = max(earliest, add_years(created, -25))
    bands = AGE_BANDS[:1] if registration == RegistrationStatus.YOUNG_MISSION_LOCALE else AGE_BANDS
    youngest, oldest, _ = weighted(rng, {band: band[2] for band in bands})
    # Born between (oldest + 1) years and youngest years before the registration.
    born_after = add_years(created, -(oldest + 1)) + dt.timedelta(days=1)
    born_before = add_years(created, -youngest)
    drawn = rng.randint(born_after.toordinal(), born_before.toordinal())
    birth_date = dt.date.fromordinal(min(max(drawn, earliest.toordinal()), latest.toordinal()))
    if rng.random() < 0.85:
        birth_city, birth_postal_code = rng.choice(data.BIRTH_PLACES_FRANCE)
        birth_country, born_abroad = "France", False
    else:
        birth_country, birth_city = rng.choice(data.BIRTH_PLACES_ABROAD)
        birth_postal_code, born_abroad = "", True
    city, postal_code = rng.choice(
        data.RESIDENCES.get(tenant.region, data.RESIDENCES["Île-de-France"])
    )
    email = ""
    if rng.random() < 0.85:
        # A reserved top-level domain: nothing is ever delivered to demo candidates.
        name = f"{_ascii(first_names)}.{_ascii(usage_name or birth_name)}"
        email = f"{name}{rng.randint(1, 99)}@demo.invalid"
    phone = f"0{rng.choice('67')}{rng.randint(0, 99_999_999):08d}" if rng.random() < 0.9 else ""
    batch.add(
        tenant.organisation_id,
        Candidate,
        id=candidate_id,
        created_at=created_at,
        civility=civility,
        birth_name=birth_name,
        usage_name=usage_name,
        first_names=first_names,
        birth_date=birth_date,
        birth_country=birth_country,
        birth_city=birth_city,
        birth_postal_code=birth_postal_code,
        born_abroad=born_abroad,
        email=email,
        phone=phone,
        address_line=f"{rng.randint(1, 180)} {rng.choice(data.STREETS)}",
        postal_code=postal_code,
        city=city,
        status_at_registration=registration,
        education_level=weighted(rng, EDUCATION_WEIGHTS),
        professional_project=rng.choice(data.PROFESSIONAL_PROJECTS),
        professional_sector=weighted(rng, SECTOR_WEIGHTS),
        search_text=search_text(birth_name, usage_name, first_names),
        created_by_id=tenant.advisers[0].user_id,
        anonymised_at=None,
        revision=1,
        # Linked to their person at their next opening (candidates.persons), like any
        # candidate registered before migration 0019.
        person_id=None,
        sharing_consent_at=None,
    )
    for row in dossier_rows:
        prescriber = weighted(rng, PRESCRIBERS[registration])
        row["prescriber_type"] = prescriber
        row["prescriber_name"] = _prescriber_name(rng, prescriber, city, tenant.region)
        row["financing"] = weighted(rng, FINANCINGS[registration])


def _prescriber_name(rng: random.Random, prescriber: PrescriberType, city: str, region: str) -> str:
    return {
        PrescriberType.FRANCE_TRAVAIL: f"France Travail {city}",
        PrescriberType.MISSION_LOCALE: f"Mission locale de {city}",
        PrescriberType.EMPLOYER: rng.choice(data.EMPLOYERS),
        PrescriberType.OPCO: rng.choice(data.OPCOS),
        PrescriberType.REGION: f"Région {region}",
        PrescriberType.CEP_ADVISER: "Conseil en évolution professionnelle",
    }.get(prescriber, "")
