from tests.dossiers.conftest import greta, greta_site, pathway, sophie  # noqa: F401 (fixtures)
