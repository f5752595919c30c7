from tests.accreditations.conftest import platform_admin  # noqa: F401 (fixtures)
from tests.certificates.conftest import signing_settings  # noqa: F401 (fixtures)
from tests.dossiers.conftest import greta, greta_site  # noqa: F401 (fixtures)
