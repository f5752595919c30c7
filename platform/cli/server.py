"""``clea serve`` and ``clea worker``: the web app, and the background jobs' workers."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import multiprocessing
import signal
import socket
import sys
import threading
from collections.abc import Callable

import uvicorn

from clea_platform.certificates import fonts, signing
from clea_platform.core.config import Settings
from clea_platform.core.errors import CleaError
from clea_platform.db.engine import create_engine_for, session_factory
from clea_platform.db.migrate import check_connection, pending_migrations
from clea_platform.db.roles import check_runtime_role
from clea_platform.jobs.queue import QUEUES, run_worker
from clea_platform.plugins.registry import installed_registry
from clea_platform.web.app import create_app

#: Seconds a stopping server gives the requests in flight (and a jobs worker its job).
GRACEFUL_SHUTDOWN_SECONDS = 30


def serve(args: argparse.Namespace) -> int:
    settings = Settings.from_environ()
    workers: int = getattr(args, "workers", 1)
    if workers > 1 and settings.is_sqlite:
        raise CleaError(
            "Avec SQLite, « clea serve » tourne dans un seul processus (--workers 1).",
            hint="Pour plusieurs processus, utilisez PostgreSQL (CLEA_DATABASE_URL).",
        )
    _ensure_port_free(args.host, args.port)
    _ensure_database_ready(settings, "clea serve")
    print(f"Plateforme CléA : http://{args.host}:{args.port}/", file=sys.stderr)
    options: dict[str, object] = {
        "host": args.host,
        "port": args.port,
        "log_level": "info",
        # The app reads X-Forwarded-For itself, from CLEA_TRUSTED_PROXIES only.
        "proxy_headers": False,
        "timeout_graceful_shutdown": GRACEFUL_SHUTDOWN_SECONDS,
    }
    if workers == 1:
        # On PostgreSQL a jobs worker runs in the process too (« clea worker » adds others).
        uvicorn.run(
            create_app(settings, run_worker=not args.no_worker, server_process=True),
            **options,  # type: ignore[arg-type]
        )
        return 0
    # N web processes (each started from the factory, restarted if it dies, stopped
    # gracefully on SIGINT/SIGTERM) and, unless --no-worker, one process of background
    # jobs beside them.
    jobs = None if args.no_worker else _start_jobs_process()
    try:
        return _serve_in_processes(workers, options)
    finally:
        if jobs is not None:
            _stop_jobs_process(jobs)


#: A web process that exits with it could not start (its app, its socket): starting it
#: again would fail the same way (uvicorn's own code for it).
STARTUP_FAILURE = 3


def _serve_in_processes(workers: int, options: dict[str, object]) -> int:
    """Supervise ``workers`` web processes, each listening on the port with a socket of its
    own (``SO_REUSEPORT``): the kernel spreads new connections over them.

    uvicorn's own supervisor shares one listening socket, and the process that wakes first
    accepts every connection waiting: a few keep-alive clients (a load balancer's pool)
    then all land on one process while the others idle — measured: 8 clients, one process
    at 100 % of a core, the other at 0 %.
    """
    stopping = threading.Event()

    def stop(_signal: int, _frame: object) -> None:
        stopping.set()

    for signal_number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signal_number, stop)

    def start() -> multiprocessing.process.BaseProcess:
        return _spawn(_web_process, "clea web", options)

    processes = [start() for _ in range(workers)]
    failed = False
    while not stopping.wait(0.5):
        for index, process in enumerate(processes):
            if process.is_alive():
                continue
            if process.exitcode == STARTUP_FAILURE:
                failed = True
                stopping.set()
                break
            print(
                f"Processus web {process.pid} arrêté (code {process.exitcode}) : relancé.",
                file=sys.stderr,
            )
            processes[index] = start()
    for process in processes:
        if process.is_alive():
            process.terminate()  # SIGTERM: uvicorn finishes the requests in flight
    for process in processes:
        _join_or_kill(process, GRACEFUL_SHUTDOWN_SECONDS + 5)
    return 1 if failed else 0


def _web_process(options: dict[str, object]) -> None:
    """One web process of ``clea serve --workers N``: its own socket on the shared port."""
    host, port = str(options["host"]), int(str(options["port"]))
    listening = socket.socket(_family(host), socket.SOCK_STREAM)
    listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    try:
        listening.bind((host, port))
    except OSError as exc:
        print(f"Le port {port} est indisponible sur {host} : {exc}", file=sys.stderr)
        sys.exit(STARTUP_FAILURE)
    config = uvicorn.Config(
        "clea_platform.web.app:create_web_app",
        factory=True,
        **options,  # type: ignore[arg-type]
    )
    server = uvicorn.Server(config)
    server.run(sockets=[listening])
    if not server.started:
        sys.exit(STARTUP_FAILURE)


def _spawn(
    target: Callable[..., None], name: str, *args: object
) -> multiprocessing.process.BaseProcess:
    """A new process (spawned, not forked: no state of this one is inherited)."""
    process = multiprocessing.get_context("spawn").Process(
        target=target, args=args, name=name, daemon=False
    )
    process.start()
    return process


def _join_or_kill(process: multiprocessing.process.BaseProcess, seconds: float) -> None:
    """Wait for a process asked to stop; kill it if it hangs."""
    process.join(seconds)
    if process.is_alive():
        process.kill()
        process.join()


def _start_jobs_process() -> multiprocessing.process.BaseProcess:
    return _spawn(_jobs_process, "clea jobs worker")


def _stop_jobs_process(process: multiprocessing.process.BaseProcess) -> None:
    """SIGTERM (procrastinate finishes the job in hand), then wait; kill if it hangs."""
    if process.is_alive():
        process.terminate()
    _join_or_kill(process, GRACEFUL_SHUTDOWN_SECONDS)


def _jobs_process() -> None:
    """The background jobs of ``clea serve --workers N`` (as ``clea worker`` runs them)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_run_worker(Settings.from_environ(), 1, tuple(QUEUES), wait=True))


def worker(args: argparse.Namespace) -> int:
    settings = Settings.from_environ()
    if settings.is_sqlite:
        raise CleaError(
            "Avec SQLite, les tâches de fond s'exécutent dans « clea serve » : pas de worker "
            "séparé.",
            hint="Pour des workers séparés, utilisez PostgreSQL (CLEA_DATABASE_URL).",
        )
    _ensure_database_ready(settings, "clea worker")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    # One line per webhook request would drown the jobs' lines (the delivery log has them).
    logging.getLogger("httpx").setLevel(logging.WARNING)
    print(
        f"Worker des tâches de fond ({args.concurrency} tâche(s) à la fois) : Ctrl+C pour "
        "l'arrêter.",
        file=sys.stderr,
    )
    queues = tuple(args.queues or QUEUES)
    asyncio.run(_run_worker(settings, args.concurrency, queues, wait=not args.until_empty))
    return 0


async def _run_worker(
    settings: Settings, concurrency: int, queues: tuple[str, ...], *, wait: bool
) -> None:
    signing.configure(settings)
    fonts.configure(settings.data_dir)
    engine = create_engine_for(settings)
    try:
        await check_runtime_role(engine, settings)
        await run_worker(
            settings.queue_database_url,
            session_factory(engine),
            installed_registry(),
            settings=settings,
            wait=wait,
            concurrency=concurrency,
            install_signal_handlers=True,
            queues=queues,
        )
    finally:
        await engine.dispose()


def _ensure_database_ready(settings: Settings, command: str) -> None:
    check_connection(settings.database_url)
    if pending_migrations(settings.database_url):
        raise CleaError(
            "La base de données n'est pas à jour.",
            hint=f"Lancez « clea db upgrade » avant « {command} ».",
        )


def _family(host: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ":" in host else socket.AF_INET


def _ensure_port_free(host: str, port: int) -> None:
    with socket.socket(_family(host), socket.SOCK_STREAM) as probe:
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
