"""Background jobs: procrastinate on PostgreSQL, asyncio tasks in the process on SQLite.

See ``queue.py`` (deferring, the worker) and ``issuance.py`` (issuing a closed jury
session's certificates, the one job so far).
"""
