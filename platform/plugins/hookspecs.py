"""Hook specifications: everything a certification plugin can contribute.

This module is the plugin contract (``docs/plugins.md`` documents each hook, and a
test checks the two agree). Plugins are found through the entry-point group
``clea_platform.certifications``; the three built-in certifications register
through it exactly as an outside package would.

A plugin is a module with functions decorated by :data:`hookimpl`::

    from clea_platform.plugins import hookimpl

    @hookimpl
    def clea_register_certifications():
        return [Certification(code="CLEA_LANGUES", ...)]
"""

from __future__ import annotations

from collections.abc import Sequence

import pluggy

from clea_platform.plugins.certification import Certification

PROJECT_NAME = "clea_platform"
ENTRY_POINT_GROUP = "clea_platform.certifications"

hookspec = pluggy.HookspecMarker(PROJECT_NAME)
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)


@hookspec
def clea_register_certifications() -> Sequence[Certification]:
    """Return the certifications this plugin provides.

    Called once when the platform starts. Each :class:`Certification` carries its
    code, titles, bundled référentiel file, result scale, scoring rule and limits.
    Codes must be unique across all plugins; the bundled référentiel's
    ``certification.code`` must equal the certification's code.

    Example:
        >>> @hookimpl
        ... def clea_register_certifications():
        ...     return [Certification(code="CLEA_LANGUES", title="CléA langues", ...)]
    """
    raise NotImplementedError
