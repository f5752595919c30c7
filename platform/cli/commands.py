"""What each ``clea`` sub-command does; heavy imports happen inside the functions."""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import socket
import sys
import uuid
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from clea_platform.core.config import Settings
from clea_platform.core.errors import CleaError

T = TypeVar("T")


def serve(args: argparse.Namespace) -> int:
    settings = Settings.from_environ()
    _ensure_port_free(args.host, args.port)
    from clea_platform.db.migrate import check_connection, pending_migrations

    check_connection(settings.database_url)
    if pending_migrations(settings.database_url):
        raise CleaError(
            "La base de données n'est pas à jour.",
            hint="Lancez « clea db upgrade » avant « clea serve ».",
        )
    import uvicorn

    from clea_platform.web.app import create_app

    print(f"Plateforme CléA : http://{args.host}:{args.port}/", file=sys.stderr)
    # On PostgreSQL a jobs worker runs in the process too (« clea worker » adds others).
    uvicorn.run(
        create_app(settings, run_worker=not args.no_worker),
        host=args.host,
        port=args.port,
        log_level="info",
        # The app reads X-Forwarded-For itself, from CLEA_TRUSTED_PROXIES only.
        proxy_headers=False,
    )
    return 0


def worker(args: argparse.Namespace) -> int:
    settings = Settings.from_environ()
    if settings.is_sqlite:
        raise CleaError(
            "Avec SQLite, les tâches de fond s'exécutent dans « clea serve » : pas de worker "
            "séparé.",
            hint="Pour des workers séparés, utilisez PostgreSQL (CLEA_DATABASE_URL).",
        )
    from clea_platform.db.migrate import check_connection, pending_migrations

    check_connection(settings.database_url)
    if pending_migrations(settings.database_url):
        raise CleaError(
            "La base de données n'est pas à jour.",
            hint="Lancez « clea db upgrade » avant « clea worker ».",
        )
    import logging

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    print(
        f"Worker des tâches de fond ({args.concurrency} tâche(s) à la fois) : Ctrl+C pour "
        "l'arrêter.",
        file=sys.stderr,
    )
    asyncio.run(_run_worker(settings, args.concurrency, wait=not args.until_empty))
    return 0


async def _run_worker(settings: Settings, concurrency: int, *, wait: bool) -> None:
    from clea_platform.certificates import fonts, signing
    from clea_platform.db.engine import create_engine_for, session_factory
    from clea_platform.jobs.queue import run_worker
    from clea_platform.plugins.registry import installed_registry

    signing.configure(settings)
    fonts.configure(settings.data_dir)
    engine = create_engine_for(settings)
    try:
        await run_worker(
            settings.database_url,
            session_factory(engine),
            installed_registry(),
            wait=wait,
            concurrency=concurrency,
            install_signal_handlers=True,
        )
    finally:
        await engine.dispose()


def _ensure_port_free(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        # As uvicorn binds: a port left in TIME_WAIT by the previous run (about a minute
        # after a restart) is free to listen on; one with a live listener still is not.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            raise CleaError(
                f"Le port {port} est déjà utilisé sur {host}.",
                hint="Arrêtez le programme qui l'occupe ou choisissez un autre port avec --port.",
            ) from None


def db_upgrade(args: argparse.Namespace) -> int:
    from clea_platform.db.migrate import upgrade

    settings = Settings.from_environ()
    upgrade(settings.database_url, args.revision)
    print("Base de données à jour.", file=sys.stderr)
    return 0


def db_downgrade(args: argparse.Namespace) -> int:
    from clea_platform.db.migrate import downgrade

    settings = Settings.from_environ()
    downgrade(settings.database_url, args.revision)
    print(f"Base de données ramenée à la révision « {args.revision} ».", file=sys.stderr)
    return 0


def demo(args: argparse.Namespace) -> int:
    from clea_platform.demo.data import load_demo

    report = asyncio.run(_with_session(load_demo))
    print(report, file=sys.stderr)
    if args.scale is not None:
        asyncio.run(_demo_scale(args.scale))
    return 0


async def _demo_scale(target: int) -> None:
    from sqlalchemy.pool import NullPool

    from clea_platform.db.engine import create_engine_for, session_factory
    from clea_platform.demo.scale import top_up
    from clea_platform.plugins.registry import installed_registry

    settings = Settings.from_environ()
    # A new connection per batch: PostgreSQL plans a connection's foreign-key checks once,
    # and plans made while the tables were nearly empty go on scanning them as they grow
    # (until ANALYZE, which autovacuum may not run during the load).
    engine = create_engine_for(settings, poolclass=NullPool)
    try:
        result = await top_up(
            session_factory(engine),
            installed_registry(),
            target,
            today=_utc_today(),
            # PostgreSQL writes one batch while the next is generated; SQLite has one writer.
            writers=1 if settings.is_sqlite else 2,
            progress=lambda message: print(message, file=sys.stderr, flush=True),
        )
    finally:
        await engine.dispose()
    if result.added:
        print(
            f"Démo à grande échelle : {result.added} dossier(s) ajouté(s) en "
            f"{result.seconds:.1f} s, {result.total} dans les organisations de démonstration.",
            file=sys.stderr,
        )
    else:
        print(
            f"Démo à grande échelle : les organisations de démonstration ont déjà "
            f"{result.existing} dossier(s) (demandé : {target}) ; rien à ajouter.",
            file=sys.stderr,
        )


def dossiers_expire(args: argparse.Namespace) -> int:
    from clea_platform.dossiers.service import expire_lapsed

    today: dt.date = args.today or _utc_today()

    async def work(session: Any, registry: Any) -> list[tuple[str, int]]:
        async def expire(actor: Any) -> int:
            return await expire_lapsed(session, actor, registry, today)

        return await _for_each_organisation(
            session, "system:expire_dossiers", "système (clea dossiers expire)", expire
        )

    counts = asyncio.run(_with_session(work))
    for name, count in counts:
        print(f"{name} : {count} dossier(s) expiré(s)")
    total = sum(count for _, count in counts)
    print(f"Total : {total} dossier(s) expiré(s) au {today:%d/%m/%Y}.")
    return 0


def accreditations_remind(args: argparse.Namespace) -> int:
    from clea_platform.accreditations.service import send_expiry_reminders
    from clea_platform.mail.service import deliver_pending

    today: dt.date = args.today or _utc_today()
    settings = Settings.from_environ()

    async def work(session: Any, registry: Any) -> int:
        return await send_expiry_reminders(session, today)

    async def deliver() -> int:
        from clea_platform.db.engine import create_engine_for, session_factory

        engine = create_engine_for(settings)
        try:
            return await deliver_pending(session_factory(engine), settings)
        finally:
            await engine.dispose()

    reminded = asyncio.run(_with_session(work))
    delivered = asyncio.run(deliver())
    print(
        f"{reminded} habilitation(s) rappelée(s) au {today:%d/%m/%Y} ; "
        f"{delivered} courriel(s) envoyé(s)."
    )
    return 0


def candidates_purge(args: argparse.Namespace) -> int:
    from clea_platform.candidates.retention import PurgeResult, purge, retention_cutoff

    settings = Settings.from_environ()
    today: dt.date = args.today or _utc_today()
    years = settings.retention_years

    async def work(session: Any, registry: Any) -> list[tuple[str, PurgeResult]]:
        async def run(actor: Any) -> PurgeResult:
            return await purge(
                session, actor, today=today, retention_years=years, dry_run=args.dry_run
            )

        return await _for_each_organisation(
            session, "system:retention_purge", "système (clea candidates purge)", run
        )

    results = asyncio.run(_with_session(work))
    for name, result in results:
        if args.dry_run:
            print(f"{name} : {result.eligible} candidat(s) à anonymiser")
        else:
            print(f"{name} : {result.anonymised} candidat(s) anonymisé(s)")
    cutoff = retention_cutoff(today, years)
    total = sum(r.eligible if args.dry_run else r.anonymised for _, r in results)
    verb = "à anonymiser" if args.dry_run else "anonymisé(s)"
    print(
        f"Total : {total} candidat(s) {verb} (aucune activité depuis le {cutoff:%d/%m/%Y}, "
        f"CLEA_RETENTION_YEARS = {years})."
    )
    if args.dry_run:
        print("Simulation (--dry-run) : rien n'a été modifié.")
    return 0


def _utc_today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


async def _for_each_organisation(
    session: Any, scope: str, label: str, work: Callable[[Any], Awaitable[T]]
) -> list[tuple[str, T]]:
    """Run ``work(actor)`` in each evaluator organisation, as a system actor of that tenant."""
    from sqlalchemy import select

    from clea_platform.tenants.context import Actor, acting_as
    from clea_platform.tenants.models import Organisation, OrganisationKind
    from clea_platform.tenants.scoping import cross_tenant_reads, refresh_tenant

    async with cross_tenant_reads(session, scope):
        organisations: list[tuple[uuid.UUID, str]] = list(
            await session.execute(
                select(Organisation.id, Organisation.name)
                .where(Organisation.kind == OrganisationKind.EVALUATOR)
                .order_by(Organisation.name, Organisation.id)
            )
        )
    results: list[tuple[str, T]] = []
    for organisation_id, name in organisations:
        actor = Actor(label=label, organisation_id=organisation_id, roles=frozenset({"org_admin"}))
        with acting_as(actor):
            await refresh_tenant(session)
            results.append((name, await work(actor)))
    await refresh_tenant(session)
    return results


def certificates_rotate_key(args: argparse.Namespace) -> int:
    from clea_platform.certificates import signing

    signing.configure(Settings.from_environ())

    async def rotate(session: Any, registry: Any) -> tuple[str, int]:
        key = await signing.rotate(session)
        published = len((await signing.jwks(session))["keys"])
        return key.kid, published

    kid, published = asyncio.run(_with_session(rotate))
    print(
        f"Nouvelle clé de signature : {kid} ({published} clé(s) publiée(s) dans "
        "/.well-known/jwks.json)."
    )
    return 0


def plugins(args: argparse.Namespace) -> int:
    from clea_platform.plugins.registry import installed_registry

    entries: list[dict[str, Any]] = []
    for certification in installed_registry():
        document = certification.bundled_referentiel
        entries.append(
            {
                "code": certification.code,
                "title": certification.title,
                "certifier": certification.certifier,
                "plugin": certification.plugin,
                "referentiel": {
                    "version": document.version,
                    "status": document.status,
                    "counts": document.tree.counts_per_level(),
                },
            }
        )
    if args.json:
        print(json.dumps(entries, ensure_ascii=False, indent=2))
        return 0
    for entry in entries:
        ref = entry["referentiel"]
        counts = " · ".join(f"{n} {level}" for level, n in ref["counts"].items())
        print(f"{entry['code']:<18} {entry['title']}")
        print(
            f"{'':<18} extension {entry['plugin']} · référentiel {ref['version']} "
            f"({ref['status']}) · {counts}"
        )
    return 0


def schema(args: argparse.Namespace) -> int:
    from clea_platform.schema.root import schema_sdl

    sys.stdout.write(schema_sdl())
    return 0


def permissions(args: argparse.Namespace) -> int:
    from clea_platform.schema.permissions import permissions_markdown

    sys.stdout.write(permissions_markdown())
    return 0


def referentiel_import(args: argparse.Namespace) -> int:
    from clea_platform.referentiels.document import load_referentiel_file

    document = load_referentiel_file(args.file)

    async def store(session: Any, registry: Any) -> str:
        from clea_platform.referentiels.service import import_referentiel

        version = await import_referentiel(
            session, registry, document, source=args.file, publish=args.publish
        )
        return f"{document.certification_code} {version.label} ({version.status.value})"

    stored = asyncio.run(_with_session(store))
    print(f"Référentiel importé : {stored}.", file=sys.stderr)
    return 0


async def _with_session(work: Any) -> Any:
    """Run ``work(session, registry)`` in one transaction: all of it is saved, or nothing."""
    from clea_platform.db.engine import create_engine_for, session_factory
    from clea_platform.db.migrate import check_connection
    from clea_platform.plugins.registry import installed_registry

    settings = Settings.from_environ()
    check_connection(settings.database_url)
    engine = create_engine_for(settings)
    try:
        async with session_factory(engine).begin() as session:
            return await work(session, installed_registry())
    finally:
        await engine.dispose()
