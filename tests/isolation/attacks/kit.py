"""What an attack is and what it expects: the vocabulary of the attack tables."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.isolation.conftest import Tenant

GUESSED_ID = str(uuid.uuid4())
MALFORMED_ID = "ceci-n-est-pas-un-uuid"

Variables = Callable[[Tenant, Tenant], dict[str, Any]]
"""(A, B) → the GraphQL variables of an attack."""


@dataclass(frozen=True)
class Expect:
    """What B may get back. ``kind``: null, refused (payload errors), denied, own, ok."""

    kind: str
    codes: frozenset[str] = frozenset()
    own: Callable[[Tenant], str] | None = None


def null() -> Expect:
    return Expect("null")


def not_found() -> Expect:
    """The shared ``NotFound``: the same answer for a missing object and another tenant's."""
    return Expect("not_found")


def refused(*codes: str) -> Expect:
    return Expect("refused", frozenset(codes))


def denied(code: str) -> Expect:
    return Expect("denied", frozenset({code}))


def own(marker: Callable[[Tenant], str]) -> Expect:
    """B's own data: B's ``marker`` is in the answer (so an empty answer cannot pass)."""
    return Expect("own", own=marker)


def done() -> Expect:
    """The operation succeeds, on B's side."""
    return Expect("ok")


@dataclass(frozen=True)
class Attack:
    field: str
    how: str
    document: str
    variables: Variables
    expect: Expect
    #: B keeps a row addressed to A's people (an invitation, its audit event): later reads
    #: of B's own data would show A's addresses, so a fresh attacker of its own sends it.
    leaves_a_s_addresses_in_b: bool = False

    @property
    def root(self) -> str:
        return self.field.split(".", 1)[1]

    @property
    def is_mutation(self) -> bool:
        return self.field.startswith("Mutation.")

    def __str__(self) -> str:
        return f"{self.root}[{self.how}]"


def no_variables(a: Tenant, b: Tenant) -> dict[str, Any]:
    return {}


def other(tenant: Tenant, table: str) -> str:
    return str(tenant.other_rows[table]["id"])


def site_input(siret: str) -> dict[str, Any]:
    """A valid site form; with B's own SIRET, only the site lookup can refuse the change."""
    return {
        "name": "Annexe de B",
        "siret": siret,
        "addressLine": "2 rue de l'Attaque",
        "postalCode": "69002",
        "city": "Lyon",
        "region": "Auvergne-Rhône-Alpes",
    }
