"""What each ``clea`` sub-command does; heavy imports happen inside the functions."""

from __future__ import annotations

import argparse
import asyncio
import json
import socket
import sys
from typing import Any

from clea_platform.core.config import Settings
from clea_platform.core.errors import CleaError


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
    uvicorn.run(create_app(settings), host=args.host, port=args.port, log_level="info")
    return 0


def _ensure_port_free(host: str, port: int) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
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
