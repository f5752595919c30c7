"""The tenant filter knows every tenant-owned model, including one defined after first use."""

from __future__ import annotations

import uuid

from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from clea_platform.db.models import Base
from clea_platform.tenants import scoping
from clea_platform.tenants.scoping import TenantScoped, tenant_models


def test_every_mapped_tenant_scoped_model_of_the_platform_is_known() -> None:
    # Given every model of the platform (clea_platform.db.models imports them all)
    mapped = {mapper.class_ for mapper in Base.registry.mappers}
    # Then the tenant models are exactly the mapped subclasses of TenantScoped, by name
    expected = sorted(
        (model for model in mapped if issubclass(model, TenantScoped)), key=lambda m: m.__name__
    )
    assert tenant_models() == expected
    assert len(expected) > 20


def test_a_model_defined_after_the_filter_was_built_is_filtered_too() -> None:
    # Given the filter's criteria already built for an actor
    organisation_id, user_id = uuid.uuid4(), uuid.uuid4()
    before = scoping._tenant_options(organisation_id, user_id)

    # When a new tenant-owned model is defined (on a base of its own: the platform's
    # metadata stays as the migrations make it)
    class OtherBase(DeclarativeBase):
        pass

    class LateNote(TenantScoped, OtherBase):
        __tablename__ = "late_note"
        text: Mapped[str] = mapped_column(String(20))

    try:
        after = scoping._tenant_options(organisation_id, user_id)
        # Then it is known, and the same actor's criteria now cover it
        assert LateNote in tenant_models()
        assert len(after) == len(before) + 1
        assert LateNote in {option.entity.class_ for option in after}
    finally:
        scoping._TENANT_MODELS.discard(LateNote)
        scoping._tenant_options.cache_clear()
    assert LateNote not in tenant_models()
