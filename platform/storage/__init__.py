"""Where files live: one interface, two implementations chosen by ``CLEA_STORAGE``.

- ``local`` (the default): a folder under the data directory (``local.LocalFileStore``).
- ``postgresql``: a table of the database (``database.DatabaseFileStore``), so that every
  app node sees the files any node wrote: app servers keep nothing on their own disk.

Callers only ``put`` and ``get`` by key, with the request's session (the database store
writes in the request's transaction: a file and the row naming it commit together).
"""
