"""Identifier digits are ASCII digits: look-alikes are folded when meant, refused otherwise."""

from __future__ import annotations

import doctest

import pytest

from clea_platform.core import digits
from clea_platform.tenants.geography import normalise_postal_code, postal_code_problem
from clea_platform.tenants.identifiers import normalise, siren_problem, siret_problem

FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def test_the_module_examples_hold() -> None:
    assert doctest.testmod(digits).failed == 0


@pytest.mark.parametrize("table", [FULLWIDTH, SUPERSCRIPT])
def test_a_siren_typed_with_compatibility_digits_is_the_same_siren(table: dict[int, str]) -> None:
    typed = "130 025 265".translate(table)

    assert normalise(typed) == "130025265"
    assert siren_problem(typed) is None
    assert siret_problem("13002526500013".translate(table)) is None


def test_digits_of_another_script_are_refused_in_french_not_crashed_on() -> None:
    typed = "130025265".translate(ARABIC_INDIC)

    assert siren_problem(typed) == "SIREN invalide : 9 chiffres attendus."
    assert siret_problem("13002526500013".translate(ARABIC_INDIC)) == (
        "SIRET invalide : 14 chiffres attendus."
    )
    assert postal_code_problem("75011".translate(ARABIC_INDIC)) is not None
    assert digits.phone_problem("0612345678".translate(ARABIC_INDIC)) == digits.PHONE_MESSAGE


def test_postal_codes_and_phones_are_stored_in_ascii() -> None:
    assert normalise_postal_code(" ７５０１１ ") == "75011"
    assert postal_code_problem("７５０１１") is None
    assert digits.normalise_phone("＋３３ ６ １２ ３４ ５６ ７８") == "+33612345678"
    assert digits.phone_problem("０６ １２ ３４ ５６ ７８") is None
