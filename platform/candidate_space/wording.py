"""What each step of the pathway means, in plain French (FALC: short sentences, one
idea each, every technical word explained once)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from clea_platform.dossiers.states import DossierStatus

S = DossierStatus


@dataclass(frozen=True, slots=True)
class Step:
    title: str
    now: str
    next: str


STEPS: Mapping[DossierStatus, Step] = {
    S.OPENED: Step(
        "Votre dossier est ouvert",
        "Votre conseiller a ouvert votre dossier.",
        "Prochaine étape : l'évaluation préalable. "
        "C'est un moment pour montrer ce que vous savez déjà faire. Ce n'est pas un examen.",
    ),
    S.INITIAL_EVALUATION: Step(
        "Évaluation préalable",
        "Vous faites l'évaluation préalable. "
        "Un évaluateur regarde avec vous ce que vous savez déjà faire.",
        "Ensuite : si tout est acquis, votre dossier va au jury. "
        "Sinon, on vous propose une formation pour ce qui manque.",
    ),
    S.TRAINING: Step(
        "Formation",
        "Vous suivez une formation. Elle porte seulement sur ce qui vous manque.",
        "Ensuite : l'évaluation finale. Elle vérifie ce que vous avez appris.",
    ),
    S.FINAL_EVALUATION: Step(
        "Évaluation finale",
        "Vous faites l'évaluation finale. Elle porte seulement sur ce que vous avez appris "
        "en formation.",
        "Ensuite : votre dossier va au jury.",
    ),
    S.READY_FOR_JURY: Step(
        "Prêt pour le jury",
        "Votre dossier est complet. Il attend le jury. "
        "Le jury est un groupe de personnes qui décide de donner le certificat.",
        "Ensuite : le jury se réunit et décide.",
    ),
    S.SUBMITTED_TO_JURY: Step(
        "Au jury",
        "Le jury étudie votre dossier.",
        "Ensuite : vous recevez la décision du jury.",
    ),
    S.CERTIFIED: Step(
        "Certifié",
        "Bravo ! Vous avez le certificat.",
        "Vous pouvez télécharger votre certificat et le montrer à un employeur.",
    ),
    S.NOT_CERTIFIED: Step(
        "Pas encore certifié",
        "Le jury n'a pas donné le certificat cette fois.",
        "Votre conseiller vous propose une suite : parlez-en avec lui.",
    ),
    S.ABANDONED: Step(
        "Dossier arrêté",
        "Ce dossier est arrêté.",
        "Vous voulez reprendre ? Contactez votre conseiller.",
    ),
    S.EXPIRED: Step(
        "Délai dépassé",
        "Le délai pour finir votre parcours est dépassé.",
        "Pour continuer, il faut refaire une évaluation préalable. Contactez votre conseiller.",
    ),
}
