from tests.dossiers.conftest import greta, greta_site, pathway, sophie  # noqa: F401 (fixtures)
from tests.schema.identity.conftest import demo, logged_in  # noqa: F401 (fixtures)
