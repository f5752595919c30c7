"""Loading plugins and looking certifications up by code."""

from __future__ import annotations

import dataclasses
import importlib
import types
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import cast

import pluggy

from clea_platform.core.errors import PluginError
from clea_platform.plugins import hookspecs
from clea_platform.plugins.certification import Certification


class UnknownCertificationError(PluginError):
    """No installed plugin provides this certification code."""

    def __init__(self, code: str, known: Iterable[str]) -> None:
        super().__init__(
            f"Certification inconnue : « {code} ».",
            hint=f"Certifications installées : {', '.join(sorted(known)) or 'aucune'}.",
        )
        self.code = code


class CertificationRegistry:
    """The certifications of the loaded plugins, in display order."""

    def __init__(self, plugin_manager: pluggy.PluginManager) -> None:
        self.plugin_manager = plugin_manager
        self._by_code: dict[str, Certification] = {}
        for plugin_name, certifications in _registrations(plugin_manager):
            for certification in certifications:
                self._add(plugin_name, certification)

    def _add(self, plugin_name: str, certification: Certification) -> None:
        if certification.code in self._by_code:
            other = self._by_code[certification.code].plugin
            raise PluginError(
                f"Les extensions « {other} » et « {plugin_name} » déclarent toutes deux "
                f"la certification {certification.code}.",
                hint="Désinstallez l'une des deux extensions.",
            )
        certification = dataclasses.replace(certification, plugin=plugin_name)
        bundled_code = certification.bundled_referentiel.certification_code
        if bundled_code != certification.code:
            raise PluginError(
                f"L'extension « {plugin_name} » déclare {certification.code} mais son "
                f"référentiel est celui de {bundled_code}.",
                hint="Corrigez certification.code dans le fichier de référentiel de l'extension.",
            )
        self._by_code[certification.code] = certification

    def __iter__(self) -> Iterator[Certification]:
        return iter(sorted(self._by_code.values(), key=lambda c: (c.display_order, c.code)))

    def __len__(self) -> int:
        return len(self._by_code)

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def codes(self) -> list[str]:
        return [certification.code for certification in self]

    def get(self, code: str) -> Certification:
        try:
            return self._by_code[code]
        except KeyError:
            raise UnknownCertificationError(code, self._by_code) from None


def _registrations(
    plugin_manager: pluggy.PluginManager,
) -> Iterator[tuple[str, list[Certification]]]:
    caller = plugin_manager.hook.clea_register_certifications
    # get_hookimpls() lists in registration order (pluggy *calls* them in reverse).
    for impl in caller.get_hookimpls():
        name = plugin_manager.get_name(impl.plugin) or impl.plugin_name
        certifications = cast(Iterable[Certification], impl.function())
        yield name, list(certifications)


# The platform's own hook implementations (datasette's habit): registered in code, always,
# so that no installation or test set-up can leave their rules out. Named, not imported
# here: they use the services, which use this registry.
DEFAULT_PLUGINS: tuple[str, ...] = ("clea_platform.accreditations.hooks",)
# The platform's durable listeners: lifecycle *recorders* (``lifecycle.add_recorder``),
# called inside the transaction; importing the module registers it.
DEFAULT_RECORDERS: tuple[str, ...] = ("clea_platform.webhooks.capture",)


def build_plugin_manager(
    *, load_entry_points: bool = True, extra_plugins: Iterable[types.ModuleType | object] = ()
) -> pluggy.PluginManager:
    """A plugin manager with the hook specs, the built-in rules, installed plugins and extras.

    ``load_entry_points=False`` leaves out the installed certification plugins, never the
    platform's own rules (:data:`DEFAULT_PLUGINS`): accreditation is enforced either way.
    """
    manager = pluggy.PluginManager(hookspecs.PROJECT_NAME)
    manager.add_hookspecs(hookspecs)
    if load_entry_points:
        manager.load_setuptools_entrypoints(hookspecs.ENTRY_POINT_GROUP)
    for name in DEFAULT_PLUGINS:
        module = importlib.import_module(name)
        # An installation from before they were built in may still name them in its
        # entry points: registered once all the same.
        if not manager.is_registered(module):
            manager.register(module, name=name)
    for name in DEFAULT_RECORDERS:
        importlib.import_module(name)
    for plugin in extra_plugins:
        manager.register(plugin, name=getattr(plugin, "__name__", None))
    # A misspelled hook name must fail loudly rather than be silently ignored.
    manager.check_pending()
    return manager


@lru_cache(maxsize=1)
def installed_registry() -> CertificationRegistry:
    """The registry of every installed plugin, built once per process."""
    return CertificationRegistry(build_plugin_manager())
