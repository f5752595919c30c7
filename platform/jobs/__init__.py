"""Background jobs: procrastinate on PostgreSQL, asyncio tasks in the process on SQLite.

See ``queue.py`` (deferring, the worker), ``issuance.py`` (issuing a closed jury
session's certificates), ``imports.py`` and ``reports.py`` (imports, the annual report) and
``resumption.py`` (SQLite: taking up at start-up what a stopped process left).
"""
