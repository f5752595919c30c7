"""CléA langues (test) — a fourth certification, defined by the test suite (plugin).

It proves that a new certification is a new package and never a change to the core:
see ``tests/plugins/test_fourth_certification.py`` and ``docs/plugins.md``.
"""
