"""Reading one cell as a value of the domain: dates, OUI/NON, closed lists (French labels).

Each reader returns the value or raises :class:`CellError` with a French reason that says
what is accepted (the accepted values of a list, the date format and an example).
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Mapping
from typing import Generic, TypeVar

from clea_platform.candidates.validation import Civility, EducationLevel, RegistrationStatus
from clea_platform.core.digits import fold_digits
from clea_platform.core.text import ascii_fold
from clea_platform.dossiers.choices import Financing, PrescriberType
from clea_platform.exchange.reading import Cell

E = TypeVar("E", bound=enum.Enum)

DATE = re.compile(r"^([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})$")


class CellError(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def folded(text: str) -> str:
    """Case, accents, apostrophes and spacing ignored: how headers and labels are matched."""
    text = text.replace("’", "'").replace("\u00a0", " ")
    return " ".join(ascii_fold(text).casefold().replace("'", " ").split())


def read_date(cell: Cell) -> dt.date:
    """JJ/MM/AAAA (or a date the spreadsheet stored as a date)."""
    if cell.date is not None:
        return cell.date
    text = fold_digits(cell.text)
    match = DATE.match(text)
    if match:
        day, month, year = (int(part) for part in match.groups())
        try:
            return dt.date(year, month, day)
        except ValueError:
            raise CellError(f"Date inexistante : « {cell.text.strip()} ».") from None
    raise CellError(
        f"Date au format JJ/MM/AAAA attendue (exemple : 31/01/1990), pas « {cell.text.strip()} »."
    )


def format_date(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day is not None else ""


YES, NO = "OUI", "NON"


def read_yes_no(cell: Cell, *, default: bool | None = None) -> bool:
    text = folded(cell.text)
    if text == "oui":
        return True
    if text == "non":
        return False
    if not text and default is not None:
        return default
    raise CellError(f"Valeur inconnue « {cell.text.strip()} » : valeurs acceptées : OUI, NON.")


def yes_no(value: bool) -> str:
    return YES if value else NO


class Choices(Generic[E]):
    """A closed list read from its French labels (the first label is the one written)."""

    def __init__(self, labels: Mapping[E, tuple[str, ...]]) -> None:
        self.labels = labels
        self._lookup = {folded(label): member for member, all_ in labels.items() for label in all_}

    def read(self, cell: Cell) -> E:
        member = self._lookup.get(folded(cell.text))
        if member is None:
            accepted = " ; ".join(labels[0] for labels in self.labels.values())
            shown = cell.text.strip()
            raise CellError(
                f"Valeur inconnue « {shown} » : valeurs acceptées : {accepted}."
                if shown
                else f"Valeur obligatoire : valeurs acceptées : {accepted}."
            )
        return member

    def label(self, member: E) -> str:
        return self.labels[member][0]


CIVILITIES: Choices[Civility] = Choices(
    {Civility.MADAME: ("Madame", "Mme"), Civility.MONSIEUR: ("Monsieur", "M.", "M")}
)
REGISTRATION_STATUSES: Choices[RegistrationStatus] = Choices(
    {
        RegistrationStatus.EMPLOYEE: ("Salarié", "Salariée"),
        RegistrationStatus.JOBSEEKER: ("Demandeur d'emploi", "Demandeuse d'emploi"),
        RegistrationStatus.YOUNG_MISSION_LOCALE: (
            "Jeune suivi par une mission locale",
            "Jeune suivie par une mission locale",
        ),
        RegistrationStatus.OTHER: ("Autre",),
    }
)
EDUCATION_LEVELS: Choices[EducationLevel] = Choices(
    {
        EducationLevel.NONE: ("Sans diplôme (niveaux 1 et 2)", "Sans diplôme", "Niveaux 1 et 2"),
        EducationLevel.CAP_BEP: ("CAP, BEP (niveau 3)", "CAP, BEP", "CAP", "BEP", "Niveau 3"),
        EducationLevel.BAC: ("Baccalauréat (niveau 4)", "Baccalauréat", "Bac", "Niveau 4"),
        EducationLevel.BAC_2: ("Bac + 2 (niveau 5)", "Bac + 2", "Bac+2", "Niveau 5"),
        EducationLevel.BAC_3_PLUS: (
            "Bac + 3 et plus (niveau 6 et plus)",
            "Bac + 3 et plus",
            "Bac+3",
            "Niveau 6 et plus",
        ),
    }
)
PRESCRIBERS: Choices[PrescriberType] = Choices(
    {
        PrescriberType.SELF: ("Démarche personnelle",),
        PrescriberType.EMPLOYER: ("Employeur",),
        PrescriberType.CEP_ADVISER: ("Conseiller en évolution professionnelle (CEP)", "CEP"),
        PrescriberType.FRANCE_TRAVAIL: ("France Travail", "Pôle emploi"),
        PrescriberType.REGION: ("Région",),
        PrescriberType.MISSION_LOCALE: ("Mission locale",),
        PrescriberType.OPCO: ("OPCO",),
        PrescriberType.STAFF_REPRESENTATIVE: ("Représentant du personnel ou syndical",),
        PrescriberType.PROFESSIONAL_BRANCH: ("Branche professionnelle",),
        PrescriberType.OTHER: ("Autre",),
    }
)
FINANCINGS: Choices[Financing] = Choices(
    {
        Financing.CPF: ("Compte personnel de formation (CPF)", "CPF"),
        Financing.PRO_A: ("Pro-A",),
        Financing.POE: ("Préparation opérationnelle à l'emploi (POE)", "POE"),
        Financing.SKILLS_DEVELOPMENT_PLAN: ("Plan de développement des compétences",),
        Financing.PROFESSIONALISATION_CONTRACT: ("Contrat de professionnalisation",),
        Financing.OTHER: ("Autre",),
    }
)
