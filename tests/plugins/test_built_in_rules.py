"""The platform's own rules are built in: no plugin set-up can leave accreditation out."""

from __future__ import annotations

from importlib.metadata import entry_points

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

import clea_socle.plugin
from clea_platform.accreditations import hooks as accreditation_hooks
from clea_platform.accreditations.models import Accreditation
from clea_platform.dossiers import service as dossiers
from clea_platform.plugins import CertificationRegistry, build_plugin_manager
from clea_platform.plugins.registry import DEFAULT_PLUGINS
from clea_platform.tenants.context import Actor
from clea_platform.tenants.models import Site
from tests.dossiers.conftest import greta, greta_site, open_clea  # noqa: F401

HOOKS = ("clea_dossier_opening_problems", "clea_evaluation_problems")


@pytest.mark.parametrize("load_entry_points", [True, False])
@pytest.mark.parametrize("hook", HOOKS)
def test_the_accreditation_rules_are_registered_with_or_without_entry_points(
    load_entry_points: bool, hook: str
) -> None:
    # given a plugin manager built the way the plugin guide recommends for tests, or not
    manager = build_plugin_manager(load_entry_points=load_entry_points)
    # then the accreditation rules implement the hook, once
    implementations = [impl.plugin for impl in getattr(manager.hook, hook).get_hookimpls()]
    assert implementations.count(accreditation_hooks) == 1


def test_the_built_in_rules_come_from_the_code_not_from_an_entry_point() -> None:
    # given the installed entry points of the plugin group
    named = {ep.value for ep in entry_points(group="clea_platform.certifications")}
    # then the platform's own rules are not among them: they are registered in code
    assert "clea_platform.accreditations.hooks" in DEFAULT_PLUGINS
    assert not named & set(DEFAULT_PLUGINS)


async def test_without_entry_points_an_unaccredited_site_still_cannot_open_a_dossier(
    db_session: AsyncSession,
    greta: Actor,  # noqa: F811
    greta_site: Site,  # noqa: F811
) -> None:
    # given CléA registered by hand (no entry points) and a site that lost its accreditations
    manager = build_plugin_manager(load_entry_points=False, extra_plugins=[clea_socle.plugin])
    registry = CertificationRegistry(manager)
    await db_session.execute(
        Accreditation.__table__.delete().where(Accreditation.site_id == greta_site.id)
    )
    # when the adviser opens a CléA dossier there
    with pytest.raises(dossiers.DossierError) as refused:
        await open_clea(db_session, greta, greta_site, registry)
    # then the accreditation rule refuses it
    assert refused.value.code == dossiers.DossierErrorCode.NOT_ACCREDITED
    assert "n'est pas habilité pour CLEA" in refused.value.message
