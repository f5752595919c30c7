from tests.schema.identity.conftest import demo, logged_in  # noqa: F401
from tests.webhooks.conftest import receiver, sessions  # noqa: F401
