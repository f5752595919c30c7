"""The ``clea`` command line: the parser, and which module runs each command.

Each command group is a module of this package that imports what it needs at the top;
this one imports none of them. :data:`COMMANDS` names the function that runs each
command, loaded when that command runs: ``clea --help`` or ``clea plugins`` do not load
the web app, the database layer or the GraphQL schema.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import os
import sys
import traceback
from collections.abc import Callable, Sequence

from clea_platform.core.errors import CleaError

EXIT_ERROR = 1
EXIT_INTERRUPTED = 130

# Command (as typed) → "module:function" that runs it.
COMMANDS: dict[str, str] = {
    "serve": "clea_platform.cli.server:serve",
    "worker": "clea_platform.cli.server:worker",
    "db upgrade": "clea_platform.cli.database:upgrade",
    "db downgrade": "clea_platform.cli.database:downgrade",
    "demo": "clea_platform.cli.demo:demo",
    "dossiers expire": "clea_platform.cli.dossiers:expire",
    "dossiers rebuild-counts": "clea_platform.cli.dossiers:rebuild_counts",
    "statistics rebuild": "clea_platform.cli.statistics:rebuild",
    "accreditations remind": "clea_platform.cli.accreditations:remind",
    "reminders send": "clea_platform.cli.reminders:send",
    "outbox deliver": "clea_platform.cli.outbox:deliver",
    "declarations submit": "clea_platform.cli.declarations:submit",
    "candidates purge": "clea_platform.cli.candidates:purge_inactive",
    "certificates rotate-key": "clea_platform.cli.certificates:rotate_key",
    "certificates purge-wallet-offers": "clea_platform.cli.certificates:purge_wallet_offers",
    "plugins": "clea_platform.cli.plugins:list_plugins",
    "schema": "clea_platform.cli.schema:print_schema",
    "permissions": "clea_platform.cli.schema:print_permissions",
    "referentiel import": "clea_platform.cli.referentiels:import_file",
}

Command = Callable[[argparse.Namespace], int | None]


def load_command(name: str) -> Command:
    """The function that runs command ``name``, importing its module now."""
    module, _, function = COMMANDS[name].partition(":")
    run: Command = getattr(importlib.import_module(module), function)
    return run


DESCRIPTION = """\
Plateforme CléA : certifications CléA, CléA numérique et CléA Management, du premier
entretien au certificat vérifiable.

Configuration par variables d'environnement : CLEA_DATABASE_URL, CLEA_DATA_DIR (./var par
défaut), CLEA_BASE_URL, CLEA_SECRET_KEY, CLEA_ENV (development | production),
CLEA_RETENTION_YEARS (5 par défaut)."""


def _iso_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"date invalide « {value} » : format AAAA-MM-JJ attendu, par exemple 2031-01-15"
        ) from None


def _positive_int(value: str) -> int:
    if not (value.isascii() and value.isdigit()) or int(value) < 1:
        raise argparse.ArgumentTypeError(f"nombre entier positif attendu, pas « {value} »")
    return int(value)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="clea",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMANDE", required=True)

    serve = sub.add_parser("serve", help="servir l'API et l'interface web")
    serve.add_argument("--host", default="127.0.0.1", help="adresse d'écoute (127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port d'écoute (8000)")
    serve.add_argument(
        "--no-worker",
        action="store_true",
        help="avec PostgreSQL, ne pas exécuter de worker des tâches de fond dans le serveur "
        "(lancez alors « clea worker » à part)",
    )
    serve.add_argument(
        "--workers",
        type=_positive_int,
        default=1,
        metavar="N",
        help="nombre de processus web (1) ; avec N > 1 (PostgreSQL), un processus de plus "
        "exécute les tâches de fond, sauf avec --no-worker",
    )
    serve.set_defaults(command="serve")

    worker = sub.add_parser(
        "worker",
        help="exécuter les tâches de fond (PostgreSQL), par exemple l'émission des certificats",
        description="Exécute les tâches de fond de la file procrastinate (PostgreSQL) : "
        "l'émission des certificats des sessions de jury closes, les imports, et la livraison "
        "des envois sortants (courriels, webhooks). « clea serve » en exécute "
        "déjà dans son processus ; ajoutez des workers pour répartir la charge. Avec SQLite, "
        "les tâches s'exécutent dans « clea serve ».",
    )
    worker.add_argument(
        "--concurrency",
        type=_positive_int,
        default=1,
        metavar="N",
        help="nombre de tâches exécutées en même temps (1)",
    )
    worker.add_argument(
        "--until-empty",
        action="store_true",
        help="s'arrêter dès que la file est vide (au lieu d'attendre de nouvelles tâches)",
    )
    worker.add_argument(
        "--queue",
        action="append",
        choices=["certificates", "outbox"],
        dest="queues",
        help="ne prendre que les tâches de cette file (répétable ; toutes par défaut)",
    )
    worker.set_defaults(command="worker")

    outbox = sub.add_parser(
        "outbox",
        help="envois sortants (courriels, webhooks)",
        description="Livre les envois sortants en attente. Avec PostgreSQL, les workers "
        "(« clea worker ») les livrent déjà ; avec SQLite, « clea serve » aussi.",
    )
    outbox_sub = outbox.add_subparsers(dest="outbox_command", metavar="ACTION", required=True)
    deliver = outbox_sub.add_parser(
        "deliver", help="livrer les courriels et webhooks en attente (toutes les 5 s)"
    )
    deliver.add_argument(
        "--until-empty",
        action="store_true",
        help="s'arrêter dès que rien n'est plus à envoyer",
    )
    deliver.set_defaults(command="outbox deliver")

    db = sub.add_parser("db", help="gérer le schéma de la base de données")
    db_sub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    upgrade = db_sub.add_parser("upgrade", help="appliquer les migrations en attente")
    upgrade.add_argument("--revision", default="head", help="révision cible (head)")
    upgrade.set_defaults(command="db upgrade")
    downgrade = db_sub.add_parser("downgrade", help="revenir à une révision antérieure")
    downgrade.add_argument("revision", help="révision cible, par exemple « base » ou « -1 »")
    downgrade.set_defaults(command="db downgrade")

    demo = sub.add_parser(
        "demo",
        help="charger les données de démonstration (idempotent)",
        description="Charge les organisations, sites, comptes et référentiels de démonstration, "
        "puis une trentaine de candidats à chaque étape du parcours, deux sessions de jury et "
        "une candidature à l'habilitation à l'étude (idempotent). Avec --scale N, complète "
        "plutôt les deux organisations de démonstration jusqu'à N dossiers au total.",
    )
    demo.add_argument(
        "--base",
        action="store_true",
        help="seulement les organisations, comptes, référentiels et campagnes (sans candidats)",
    )
    demo.add_argument(
        "--scale",
        type=_positive_int,
        metavar="N",
        help="compléter jusqu'à N dossiers au total : les dossiers déjà présents comptent, "
        "relancer avec le même N n'ajoute rien, un N plus grand ajoute la différence "
        "(génération reproductible : même N, mêmes candidats et parcours)",
    )
    demo.set_defaults(command="demo")

    dossiers = sub.add_parser("dossiers", help="tâches planifiées sur les dossiers")
    dossiers_sub = dossiers.add_subparsers(dest="dossiers_command", metavar="ACTION", required=True)
    expire = dossiers_sub.add_parser(
        "expire",
        help="marquer expirés les dossiers dont le délai après l'évaluation préalable est dépassé",
        description="Tâche quotidienne : dans chaque organisation, marque « expiré » tout dossier "
        "en cours dont le délai après l'évaluation préalable (celui de sa certification) est "
        "dépassé, et affiche le nombre de dossiers expirés par organisation. Idempotente.",
    )
    expire.add_argument(
        "--today", type=_iso_date, metavar="AAAA-MM-JJ", help="date du jour (aujourd'hui, UTC)"
    )
    expire.set_defaults(command="dossiers expire")
    rebuild_counts = dossiers_sub.add_parser(
        "rebuild-counts",
        help="recalculer les compteurs par statut de la liste des dossiers",
        description="Recalcule, dans chaque organisation, les compteurs par statut de la liste "
        "des dossiers à partir des dossiers eux-mêmes (ils sont tenus à jour à chaque "
        "changement ; à lancer après une restauration partielle ou une modification à la main "
        "de la base). Idempotente.",
    )
    rebuild_counts.set_defaults(command="dossiers rebuild-counts")

    statistics = sub.add_parser("statistics", help="maintenance des statistiques")
    statistics_sub = statistics.add_subparsers(
        dest="statistics_command", metavar="ACTION", required=True
    )
    rebuild_statistics = statistics_sub.add_parser(
        "rebuild",
        help="recalculer le résumé par dossier dont les statistiques sont tirées",
        description="Recalcule, dans chaque organisation, le résumé par dossier des "
        "statistiques (étapes atteintes, certificat délivré) à partir des dossiers, de leur "
        "historique et des certificats (il est tenu à jour à chaque changement ; à lancer "
        "après une restauration partielle ou une modification à la main de la base). "
        "Idempotente.",
    )
    rebuild_statistics.set_defaults(command="statistics rebuild")

    accreditations = sub.add_parser("accreditations", help="tâches planifiées des habilitations")
    accreditations_sub = accreditations.add_subparsers(
        dest="accreditations_command", metavar="ACTION", required=True
    )
    remind = accreditations_sub.add_parser(
        "remind",
        help="prévenir les organismes dont une habilitation expire dans 90 ou 30 jours",
        description="Tâche quotidienne : envoie aux administrateurs de chaque organisme un "
        "rappel 90 jours puis 30 jours avant l'expiration d'une habilitation (une seule fois "
        "par échéance). Idempotente.",
    )
    remind.add_argument(
        "--today", type=_iso_date, metavar="AAAA-MM-JJ", help="date du jour (aujourd'hui, UTC)"
    )
    remind.set_defaults(command="accreditations remind")

    reminders = sub.add_parser("reminders", help="rappels par courriel (envoyés une fois)")
    reminders_sub = reminders.add_subparsers(
        dest="reminders_command", metavar="ACTION", required=True
    )
    send = reminders_sub.add_parser(
        "send",
        help="envoyer les rappels du jour (délai de formation, évaluations, jurys)",
        description="Tâche quotidienne : rappelle aux conseillers les dossiers dont le délai "
        "de formation se termine dans 6 mois puis 1 mois, aux candidats leur évaluation du "
        "lendemain, aux membres de jury la session de la semaine. Chaque rappel est inscrit "
        "dans un registre : relancer la commande, ou la lancer deux fois en même temps, "
        "n'envoie rien deux fois.",
    )
    send.add_argument(
        "--today", type=_iso_date, metavar="AAAA-MM-JJ", help="date du jour (aujourd'hui, UTC)"
    )
    send.set_defaults(command="reminders send")

    declarations = sub.add_parser(
        "declarations", help="déclarations des certificats au système national (CPF)"
    )
    declarations_sub = declarations.add_subparsers(
        dest="declarations_command", metavar="ACTION", required=True
    )
    submit = declarations_sub.add_parser(
        "submit",
        help="déclarer les certificats pas encore déclarés et transmettre le lot",
        description="Tâche quotidienne (les workers PostgreSQL la font d'eux-mêmes à 2 h UTC) : "
        "produit le lot des certificats délivrés depuis un an et pas encore déclarés, puis le "
        "transmet (par défaut : un fichier dans le dossier « declarations/outgoing » du "
        "répertoire de données). Les certificats auxquels manque un champ d'identité restent "
        "à déclarer.",
    )
    submit.add_argument(
        "--today", type=_iso_date, metavar="AAAA-MM-JJ", help="date du jour (aujourd'hui, UTC)"
    )
    submit.set_defaults(command="declarations submit")

    candidates = sub.add_parser("candidates", help="tâches planifiées sur les candidats")
    candidates_sub = candidates.add_subparsers(
        dest="candidates_command", metavar="ACTION", required=True
    )
    purge = candidates_sub.add_parser(
        "purge",
        help="anonymiser les candidats inactifs depuis CLEA_RETENTION_YEARS ans (RGPD)",
        description="Durée de conservation (RGPD) : anonymise, dans chaque organisation, les "
        "candidats dont tous les dossiers sont clos (certifié ou abandonné), ou qui n'en ont "
        "aucun, et dont la dernière activité date de plus de CLEA_RETENTION_YEARS ans (5 par "
        "défaut). Chaque anonymisation est tracée dans le journal d'audit.",
    )
    purge.add_argument(
        "--today", type=_iso_date, metavar="AAAA-MM-JJ", help="date du jour (aujourd'hui, UTC)"
    )
    purge.add_argument(
        "--dry-run", action="store_true", help="compter les candidats concernés sans rien modifier"
    )
    purge.set_defaults(command="candidates purge")

    certificates = sub.add_parser(
        "certificates", help="clés de signature des certificats, offres de portefeuille"
    )
    certificates_sub = certificates.add_subparsers(
        dest="certificates_command", metavar="ACTION", required=True
    )
    rotate = certificates_sub.add_parser(
        "rotate-key",
        help="créer une nouvelle clé de signature (les anciennes restent publiées)",
        description="Retire la clé de signature en cours et en crée une nouvelle (Ed25519) : "
        "les certificats suivants sont signés avec elle ; les clés retirées restent publiées "
        "dans /.well-known/jwks.json, si bien que les certificats déjà délivrés restent "
        "vérifiables.",
    )
    rotate.set_defaults(command="certificates rotate-key")
    purge_offers = certificates_sub.add_parser(
        "purge-wallet-offers",
        help="supprimer les offres de portefeuille (OpenID4VCI) finies depuis N jours",
        description="Supprime les offres de certificat pour un portefeuille numérique "
        "(OpenID4VCI) expirées, bloquées (trop de codes faux) ou utilisées depuis plus de N "
        "jours (30 par défaut). Le serveur le fait de lui-même toutes les heures ; la "
        "commande sert à une tâche planifiée ou à un autre délai.",
    )
    purge_offers.add_argument(
        "--days",
        type=_positive_int,
        default=30,
        metavar="N",
        help="délai en jours après la fin de l'offre (30 par défaut)",
    )
    purge_offers.set_defaults(command="certificates purge-wallet-offers")

    plugins = sub.add_parser("plugins", help="lister les certifications installées")
    plugins.add_argument("--json", action="store_true", help="sortie JSON")
    plugins.set_defaults(command="plugins")

    schema = sub.add_parser("schema", help="afficher le schéma GraphQL (SDL)")
    schema.set_defaults(command="schema")

    permissions = sub.add_parser(
        "permissions", help="afficher la matrice des permissions (Markdown)"
    )
    permissions.set_defaults(command="permissions")

    referentiel = sub.add_parser("referentiel", help="gérer les référentiels")
    ref_sub = referentiel.add_subparsers(
        dest="referentiel_command", metavar="ACTION", required=True
    )
    import_ = ref_sub.add_parser(
        "import",
        help="importer une version de référentiel (fichier clea-referentiel/1)",
        description="Valide le fichier puis l'enregistre comme nouvelle version (brouillon "
        "sauf --publish). En cas d'erreur, rien n'est enregistré.",
    )
    import_.add_argument("file", metavar="FICHIER", help="fichier JSON clea-referentiel/1")
    import_.add_argument(
        "--publish", action="store_true", help="publier la version (retire la précédente)"
    )
    import_.set_defaults(command="referentiel import")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``clea`` console script; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return load_command(args.command)(args) or 0
    except CleaError as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except Exception as exc:
        if os.environ.get("CLEA_DEBUG"):
            traceback.print_exc()
        print(
            f"Erreur inattendue ({type(exc).__name__}) : {exc}\n"
            "Relancez avec CLEA_DEBUG=1 pour le détail technique.",
            file=sys.stderr,
        )
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
