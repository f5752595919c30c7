"""French company identifiers: SIREN (9 digits) and SIRET (SIREN + 5-digit NIC).

Both carry a Luhn check digit, except La Poste's establishments (SIREN 356000000),
whose SIRET digits sum to a multiple of 5 instead.
"""

from __future__ import annotations

from clea_platform.core.digits import fold_digits, is_ascii_digits

LA_POSTE_SIREN = "356000000"


def normalise(value: str) -> str:
    """The digits people meant: spaces and dots dropped (« 130 025 265 »), full-width
    and other compatibility digits folded to ASCII (« １３０ » → « 130 »)."""
    return fold_digits(value, separators=".")


def luhn_valid(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        number = int(char)
        if index % 2 == 1:
            number *= 2
            if number > 9:
                number -= 9
        total += number
    return total % 10 == 0


def siren_problem(value: str) -> str | None:
    """Why ``value`` is not a valid SIREN (French), or None.

    Example:
        >>> siren_problem("130025265") is None
        True
        >>> siren_problem("130025266")
        'SIREN invalide : la clé de contrôle ne correspond pas (vérifiez les 9 chiffres).'
    """
    siren = normalise(value)
    if len(siren) != 9 or not is_ascii_digits(siren):
        return "SIREN invalide : 9 chiffres attendus."
    if not luhn_valid(siren):
        return "SIREN invalide : la clé de contrôle ne correspond pas (vérifiez les 9 chiffres)."
    return None


def siret_problem(value: str, siren: str | None = None) -> str | None:
    """Why ``value`` is not a valid SIRET (of ``siren`` when given), or None."""
    siret = normalise(value)
    if len(siret) != 14 or not is_ascii_digits(siret):
        return "SIRET invalide : 14 chiffres attendus."
    if siret.startswith(LA_POSTE_SIREN):
        valid = sum(int(ch) for ch in siret) % 5 == 0
    else:
        valid = luhn_valid(siret)
    if not valid:
        return "SIRET invalide : la clé de contrôle ne correspond pas (vérifiez les 14 chiffres)."
    if siren is not None and siret[:9] != normalise(siren):
        return (
            f"Ce SIRET n'appartient pas à l'organisme : il doit commencer par son SIREN "
            f"{normalise(siren)}."
        )
    return None
