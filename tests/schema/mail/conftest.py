from tests.schema.identity.conftest import demo, logged_in, smtp, smtp_inbox  # noqa: F401
