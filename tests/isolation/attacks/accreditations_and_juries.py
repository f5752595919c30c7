"""Attacks on accreditation and juries."""

from __future__ import annotations

from tests.isolation.attacks.kit import (
    GUESSED_ID,
    MALFORMED_ID,
    Attack,
    denied,
    done,
    no_variables,
    not_found,
    other,
    own,
    refused,
)
from tests.isolation.attacks.operations import (
    APPLICATION,
    CREATE_CAMPAIGN,
    SAVE_APPLICATION,
    UPDATE_CAMPAIGN,
)

REPLY = (
    'mutation ($id: ID!) { replyToControlProcedure(input: {procedureId: $id, reply: "R"}) '
    "{ procedure { id reply } errors { code message } } }"
)

QUALITY = (
    'query ($id: ID!) { organisationQuality(organisationId: $id, openedFrom: "2024-01-01", '
    'openedTo: "2024-12-31") { ... on OrganisationQuality { indicators { key organisation '
    "nationalMedian } } ... on NotFound { message } } }"
)

ATTACKS: list[Attack] = [
    # ------------------------------------------------------------ accreditation
    Attack(
        "Query.myApplications",
        "own applications only",
        "{ myApplications { id organisationName sites { siret } } }",
        no_variables,
        own(lambda b: other(b, "accreditation_application")),
    ),
    Attack(
        "Query.application",
        "A's id",
        APPLICATION,
        lambda a, b: {"id": other(a, "accreditation_application")},
        not_found(),
    ),
    Attack(
        "Query.application", "guessed id", APPLICATION, lambda a, b: {"id": GUESSED_ID}, not_found()
    ),
    Attack(
        "Query.application",
        "malformed id",
        APPLICATION,
        lambda a, b: {"id": MALFORMED_ID},
        not_found(),
    ),
    Attack(
        "Query.applications",
        "every organisation's applications",
        "{ applications { id organisationName } }",
        no_variables,
        denied("FORBIDDEN"),
    ),
    Attack(
        "Query.accreditations",
        "own accreditations only",
        "{ accreditations { id organisationName siret evaluators { email } } }",
        no_variables,
        own(lambda b: other(b, "accreditation")),
    ),
    Attack(
        "Query.accreditationRegistry",
        "every organisation's accreditations",
        "{ accreditationRegistry { edges { node { id organisationName } } } }",
        no_variables,
        denied("FORBIDDEN"),
    ),
    Attack(
        "Mutation.createCampaign",
        "as a tenant",
        CREATE_CAMPAIGN,
        no_variables,
        denied("FORBIDDEN"),
    ),
    Attack(
        "Mutation.updateCampaign",
        "as a tenant",
        UPDATE_CAMPAIGN,
        lambda a, b: {"id": GUESSED_ID},
        denied("FORBIDDEN"),
    ),
    Attack(
        "Mutation.startApplication",
        "to a guessed campaign",
        "mutation ($id: ID!) { startApplication(input: {campaignId: $id}) "
        "{ application { id } errors { code message } } }",
        lambda a, b: {"id": GUESSED_ID},
        refused("NOT_FOUND"),
    ),
    Attack(
        "Mutation.saveApplication",
        "A's application",
        SAVE_APPLICATION,
        lambda a, b: {"id": other(a, "accreditation_application")},
        refused("NOT_FOUND"),
    ),
    Attack(
        "Mutation.submitApplication",
        "A's application",
        "mutation ($id: ID!) { submitApplication(input: {applicationId: $id, revision: 1}) "
        "{ application { id } errors { code message } } }",
        lambda a, b: {"id": other(a, "accreditation_application")},
        refused("NOT_FOUND"),
    ),
    *(
        Attack(
            f"Mutation.{name}",
            "A's application, as a tenant",
            f"mutation ($id: ID!) {{ {name}({argument}) "
            "{ application { id } errors { code message } } }",
            lambda a, b: {"id": other(a, "accreditation_application")},
            denied("FORBIDDEN"),
        )
        for name, argument in (
            ("startApplicationReview", "input: {applicationId: $id}"),
            ("requestApplicationComplement", 'input: {applicationId: $id, message: "x"}'),
            ("acceptApplication", "input: {applicationId: $id}"),
            ("rejectApplication", 'input: {applicationId: $id, message: "x"}'),
        )
    ),
    *(
        Attack(
            f"Mutation.{name}",
            "A's accreditation, as a tenant",
            f"mutation ($id: ID!) {{ {name}({argument}) "
            "{ accreditation { id } errors { code message } } }",
            lambda a, b: {"id": other(a, "accreditation")},
            denied("FORBIDDEN"),
        )
        for name, argument in (
            ("suspendAccreditation", 'input: {id: $id, reason: "x"}'),
            ("withdrawAccreditation", 'input: {id: $id, reason: "x"}'),
            ("reinstateAccreditation", "input: {id: $id}"),
            (
                "addAccreditedEvaluator",
                'input: {accreditationId: $id, fullName: "B", email: "b@b.fr"}',
            ),
            ("removeAccreditedEvaluator", 'input: {accreditationId: $id, email: "b@b.fr"}'),
        )
    ),
    # ------------------------------------------------- control of accredited organisations
    Attack(
        "Query.myControlProcedures",
        "own procedures only",
        "{ myControlProcedures { id organisationName grievances signalement { id siteName } "
        "documents { id filename } } }",
        no_variables,
        own(lambda b: other(b, "control_procedure")),
    ),
    Attack(
        "Query.organisationControl",
        "A's control history",
        "query ($id: ID!) { organisationControl(organisationId: $id) "
        "{ ... on ControlFile { procedures { id } } ... on NotFound { message } } }",
        lambda a, b: {"id": str(a.organisation_id)},
        denied("FORBIDDEN"),
    ),
    Attack(
        "Query.organisationQuality",
        "A's quality indicators",
        QUALITY,
        lambda a, b: {"id": str(a.organisation_id)},
        denied("FORBIDDEN"),
    ),
    Attack(
        "Query.organisationQuality",
        "its own, as an organisation's admin (they compare organisations)",
        QUALITY,
        lambda a, b: {"id": str(b.organisation_id)},
        denied("FORBIDDEN"),
    ),
    Attack(
        "Mutation.recordSignalement",
        "against A, as a tenant",
        "mutation ($org: ID!, $site: ID!) { recordSignalement(input: {organisationId: $org, "
        'siteId: $site, source: COMPLAINT, description: "Plainte"}) '
        "{ signalement { id } errors { code message } } }",
        lambda a, b: {"org": str(a.organisation_id), "site": a.site_id},
        denied("FORBIDDEN"),
    ),
    Attack(
        "Mutation.openControlProcedure",
        "on A's signalement, as a tenant",
        "mutation ($id: ID!) { openControlProcedure(input: {signalementId: $id, "
        'grievances: "Griefs"}) { procedure { id } errors { code message } } }',
        lambda a, b: {"id": other(a, "accreditation_signalement")},
        denied("FORBIDDEN"),
    ),
    Attack(
        "Mutation.replyToControlProcedure",
        "to A's procedure",
        REPLY,
        lambda a, b: {"id": other(a, "control_procedure")},
        refused("NOT_FOUND"),
    ),
    Attack(
        "Mutation.replyToControlProcedure",
        "guessed id",
        REPLY,
        lambda a, b: {"id": GUESSED_ID},
        refused("NOT_FOUND"),
    ),
    Attack(
        "Mutation.replyToControlProcedure",
        "malformed id",
        REPLY,
        lambda a, b: {"id": MALFORMED_ID},
        refused("NOT_FOUND"),
    ),
    Attack(
        "Mutation.decideControlProcedure",
        "A's procedure, as a tenant",
        "mutation ($id: ID!) { decideControlProcedure(input: {procedureId: $id, "
        'outcome: CLOSED, reason: "Rien"}) { procedure { id } errors { code message } } }',
        lambda a, b: {"id": other(a, "control_procedure")},
        denied("FORBIDDEN"),
    ),
    # -------------------------------------------------------------------- juries
    *(
        Attack(f"Query.{name}", "as a tenant", document, no_variables, denied("FORBIDDEN"))
        for name, document in (
            ("juryMembers", "{ juryMembers { id email } }"),
            ("jurySessions", "{ jurySessions { id title } }"),
            ("readyForJury", "{ readyForJury { dossierId organisationName } }"),
        )
    ),
    Attack(
        "Query.myJurySessions",
        "not a jury member",
        "{ myJurySessions { id title } }",
        no_variables,
        done(),
    ),
    *(
        Attack(
            "Query.jurySession",
            how,
            "query ($id: ID!) { jurySession(id: $id) "
            "{ __typename ... on JurySession { id title } ... on NotFound { message } } }",
            lambda a, b, id=id: {"id": id},
            not_found(),
        )
        for how, id in (("guessed id", GUESSED_ID), ("malformed id", MALFORMED_ID))
    ),
    Attack(
        "Query.juryAgenda",
        "a session it is not part of",
        "query ($id: ID!) { juryAgenda(sessionId: $id) { dossierId holderName } }",
        lambda a, b: {"id": GUESSED_ID},
        done(),
    ),
    Attack(
        "Query.juryDossier",
        "A's dossier",
        "query ($s: ID!, $d: ID!) { juryDossier(sessionId: $s, dossierId: $d) "
        "{ __typename ... on JuryDossier { holderName evaluations { results } } "
        "... on NotFound { message } } }",
        lambda a, b: {"s": GUESSED_ID, "d": other(a, "dossier")},
        not_found(),
    ),
    # Reading A's decisions as B answers nothing (a decision seen by another organisation
    # is tested in tests/schema/juries/test_jury_integrity_api.py, with a real one)
    Attack(
        "Query.dossierJuryDecisions",
        "A's dossier",
        "query ($d: ID!) { dossierJuryDecisions(dossierId: $d) { id outcome reason } }",
        lambda a, b: {"d": other(a, "dossier")},
        done(),
    ),
    *(
        Attack(
            f"Mutation.{name}",
            "as a tenant",
            f"mutation {{ {name}({argument}) {{ errors {{ code message }} }} }}",
            no_variables,
            denied("FORBIDDEN"),
        )
        for name, argument in (
            (
                "addJuryMember",
                'input: {email: "x@x.fr", fullName: "X", side: EMPLOYER, body: "B", '
                'region: "Bretagne", certificationCodes: ["CLEA"]}',
            ),
            (
                "updateJuryMember",
                f'input: {{id: "{GUESSED_ID}", email: "x@x.fr", fullName: "X", side: EMPLOYER, '
                'body: "B", region: "Bretagne", certificationCodes: ["CLEA"]}',
            ),
            (
                "conveneJurySession",
                'input: {title: "T", certificationCodes: ["CLEA"], region: "Bretagne", '
                'heldOn: "2030-01-01", remote: true}',
            ),
            (
                "inviteJuryMember",
                f'input: {{sessionId: "{GUESSED_ID}", memberId: "{GUESSED_ID}"}}',
            ),
            (
                "recordJuryAttendance",
                f'input: {{sessionId: "{GUESSED_ID}", memberId: "{GUESSED_ID}", present: true}}',
            ),
            ("openJurySession", f'input: {{id: "{GUESSED_ID}"}}'),
            ("addToJuryAgenda", f'input: {{sessionId: "{GUESSED_ID}", dossierIds: []}}'),
            (
                "removeFromJuryAgenda",
                f'input: {{sessionId: "{GUESSED_ID}", dossierId: "{GUESSED_ID}"}}',
            ),
            ("closeJurySession", f'input: {{id: "{GUESSED_ID}"}}'),
            ("retryCertificateIssuance", f'input: {{id: "{GUESSED_ID}"}}'),
            (
                "amendJuryDecision",
                f'input: {{decisionId: "{GUESSED_ID}", outcome: CERTIFIED, reason: "x"}}',
            ),
        )
    ),
    Attack(
        "Mutation.declareJuryConflict",
        "on A's dossier, not a member",
        "mutation ($d: ID!) { declareJuryConflict(input: {sessionId: "
        f'"{GUESSED_ID}", dossierId: $d, reason: "x"}}) {{ errors {{ code message }} }} }}',
        lambda a, b: {"d": other(a, "dossier")},
        refused("NOT_A_MEMBER"),
    ),
    Attack(
        "Mutation.decideJuryDossier",
        "on A's dossier, not a member",
        "mutation ($d: ID!) { decideJuryDossier(input: {sessionId: "
        f'"{GUESSED_ID}", dossierId: $d, outcome: CERTIFIED}}) {{ errors {{ code message }} }} }}',
        lambda a, b: {"d": other(a, "dossier")},
        refused("NOT_FOUND"),
    ),
]
