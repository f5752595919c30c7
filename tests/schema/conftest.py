from tests.schema.identity.conftest import demo, logged_in  # noqa: F401
