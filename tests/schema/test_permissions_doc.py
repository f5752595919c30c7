from __future__ import annotations

from clea_platform.schema.permissions import permissions_markdown
from tests.conftest import REPO_ROOT


def test_docs_permissions_md_is_the_matrix_the_code_enforces() -> None:
    committed = (REPO_ROOT / "docs" / "permissions.md").read_text(encoding="utf-8")

    assert committed == permissions_markdown(), (
        "docs/permissions.md has drifted: run `make schema` and commit it."
    )
