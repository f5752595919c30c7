from tests.tenants.factories import factory  # noqa: F401
