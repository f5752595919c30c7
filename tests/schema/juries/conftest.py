"""Demo data, logged-in clients and a local SMTP server, shared with the other API suites."""

from tests.schema.identity.conftest import demo, logged_in, smtp, smtp_inbox  # noqa: F401
