"""One person across organisations: the identity match and the person's key.

Each organisation keeps its own candidate row (its personal data, under its tenant); the
rows of the same person point at one :class:`~clea_platform.candidates.models.Person`,
found by an identity key: the SHA-256 of the normalised birth name, first first name and
birth date. Normalised means lower-cased, accents and punctuation removed, spaces
collapsed (« Le Gall-Durand » and « LE GALL DURAND » match), and only the first of the
first names (« Léa Marie » and « Léa » match). E-mail is not part of the match: a
family shares one, a person changes it.

Who else knows the person is read above this context (``pathway.persons``): it needs
their dossiers.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.candidates.models import Candidate, Person
from clea_platform.core.text import ascii_fold

#: Versioned, so that a change of normalisation can coexist with the keys already stored.
_KEY_PREFIX = "clea-person/v1"


def normalised_name(name: str) -> str:
    """Lower-case ASCII letters and digits, words separated by one space."""
    folded = ascii_fold(name).lower()
    return " ".join("".join(ch if ch.isalnum() else " " for ch in folded).split())


def identity_key(birth_name: str, first_names: str, birth_date: dt.date) -> bytes:
    """The person's key: the same for every organisation that records the same person."""
    first = normalised_name(first_names).split(" ")[0]
    material = "|".join((_KEY_PREFIX, normalised_name(birth_name), first, birth_date.isoformat()))
    return hashlib.sha256(material.encode()).digest()


def homonym_key(key: bytes, candidate_id: uuid.UUID) -> bytes:
    """A person of their own for a candidate the organisation said is a homonym."""
    return hashlib.sha256(b"homonym|" + key + candidate_id.bytes).digest()


async def ensure_person(session: AsyncSession, candidate: Candidate) -> Person:
    """The candidate's person, linked (found by the identity key, or created) if not yet.

    Within one organisation a user may confirm that two candidates with the same names
    and birth date are different people (``confirmNotDuplicate``): the second one linked
    then gets a person of its own (:func:`homonym_key`), and only the first is matched
    across organisations.
    """
    key = identity_key(candidate.birth_name, candidate.first_names, candidate.birth_date)
    person = await session.scalar(select(Person).where(Person.identity_key == key))
    if person is not None and person.id != candidate.person_id:
        homonym = await session.scalar(
            select(Candidate.id).where(
                Candidate.person_id == person.id,
                Candidate.id != candidate.id,
                Candidate.anonymised_at.is_(None),
            )
        )
        if homonym is not None:
            key = homonym_key(key, candidate.id)
            person = await session.scalar(select(Person).where(Person.identity_key == key))
    if person is None:
        # The unique key settles a race between two organisations: the second insert fails
        # and its request is retried (or refused) by the unit of work like any conflict.
        person = Person(identity_key=key)
        session.add(person)
        await session.flush()
    if candidate.person_id != person.id:
        candidate.person_id = person.id
    return person
