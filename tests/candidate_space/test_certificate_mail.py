"""When the certificate is issued, the candidate gets an e-mail with the links, not the file."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import unquote

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.candidates.models import Candidate
from clea_platform.certificates import signing, wallet
from clea_platform.certificates.codes import format_code
from clea_platform.certificates.models import WalletOffer
from clea_platform.certificates.service import issue_certificate
from clea_platform.identity.tokens import hash_token
from clea_platform.mail.models import OutboxEmail
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor
from clea_platform.tenants.models import Site
from clea_platform.tenants.scoping import cross_tenant_reads
from tests.accreditations.conftest import as_actor, platform_admin  # noqa: F401
from tests.certificates.conftest import (
    DECIDED_ON,
    SESSION_LABEL,
    certified_dossier,
    signing_settings,  # noqa: F401
)
from tests.dossiers.conftest import greta, greta_site  # noqa: F401


async def test_the_holder_is_told_by_email_with_the_links_and_a_wallet_offer_not_the_file(
    db_session: AsyncSession,
    greta: Actor,  # noqa: F811
    greta_site: Site,  # noqa: F811
    registry: CertificationRegistry,
    platform_admin: Actor,  # noqa: F811
) -> None:
    # Given a certified dossier whose candidate has an e-mail address
    dossier = await certified_dossier(db_session, greta, registry, greta_site)
    candidate = await db_session.scalar(
        select(Candidate).where(Candidate.id == dossier.candidate_id)
    )
    assert candidate is not None
    candidate.email = "lea.durand@candidats.example"
    await db_session.flush()

    # When Certif'Pro issues the certificate
    async with as_actor(db_session, platform_admin), cross_tenant_reads(db_session, "tests"):
        certificate = await issue_certificate(
            db_session,
            platform_admin,
            registry,
            dossier=dossier,
            decided_on=DECIDED_ON,
            jury_session_id=None,
            jury_session_label=SESSION_LABEL,
        )

    # Then one e-mail goes to her: the verification link and her space, not the file, and
    # an OpenID4VCI offer for her wallet (a link and its QR code), valid 7 days
    (mail,) = await db_session.scalars(
        select(OutboxEmail).where(OutboxEmail.recipient == "lea.durand@candidats.example")
    )
    assert f"/verify/{format_code(certificate.verification_code)}" in mail.body
    assert "/espace-candidat" in mail.body
    assert certificate.number in mail.body
    # (by reference, and without a transaction code: it would travel in the same e-mail)
    found = re.search(r"openid-credential-offer://\?credential_offer_uri=(\S+)", mail.body)
    assert found is not None
    reference = unquote(found.group(1)).rsplit("/", 1)[1]
    row = await db_session.scalar(
        select(WalletOffer).where(WalletOffer.reference_hash == hash_token(reference))
    )
    assert row is not None
    assert row.certificate_id == certificate.id
    assert row.tx_code_hash is None
    code = wallet.pre_authorized_code(signing.signer_settings().secret_key, reference)
    assert row.code_hash == hash_token(code)
    assert dt.timedelta(days=6, hours=23) < row.expires_at - row.created_at <= dt.timedelta(days=7)
    assert mail.attachment_name == "portefeuille-certificat.png"
    assert mail.attachment_type == "image/png"
    assert mail.attachment is not None
    assert mail.attachment.startswith(b"\x89PNG\r\n\x1a\n")
