from tests.dossiers.conftest import greta, greta_site, sophie  # noqa: F401 (fixtures)
from tests.webhooks.conftest import sessions  # noqa: F401 (fixtures)
