import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { AppRoutes } from "../routes";
import { connection, viewerData } from "../test/identityFixtures";
import { callsOf, mockOperations } from "../test/mockClient";
import { certificateFixture, certificationsData } from "../test/juryFixtures";
import { renderWithProviders } from "../test/render";
import { JuryOutcomePanel, lastJuryDecision } from "./JuryOutcomePanel";
import { formatCode, normaliseCode, verifyCertificate } from "./verification";

/** The routes load their page lazily: the first look waits longer. */
const PAGE = { timeout: 5000 };

const VERIFIED = {
  status: "valid",
  revokedAt: null,
  revocationReason: null,
  holderName: "Léa Dupont",
  certificationCode: "CLEA",
  certificationTitle: "CléA — certificat de connaissances et de compétences professionnelles",
  certifier: "Certif'Pro",
  referentielVersion: "2021",
  decidedOn: "2030-06-12",
  jurySession: "Jury CléA Île-de-France du 12/06/2030",
  number: "CLEA-2030-000001",
  verificationCode: "ABCDE-FGHJK",
  issuedAt: "2030-06-12T12:00:00Z",
  token: "x.y.z",
};

function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}) {
  return new Response(typeof body === "string" ? body : JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json", ...headers },
  });
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("verification codes", () => {
  it("reads a typed code as the platform does", () => {
    expect(normaliseCode("abcde-fghjk")).toBe("ABCDEFGHJK");
    expect(normaliseCode(" 0O1iL 22222 ")).toBe("0011122222");
    expect(normaliseCode("ABCDE-FGHJ")).toBeNull();
    expect(normaliseCode("ABCDE-FGHJU")).toBeNull();
    expect(formatCode("ABCDEFGHJK")).toBe("ABCDE-FGHJK");
  });

  it("asks /verify/<code> for JSON and tells found, not found and rate-limited apart", async () => {
    const fetchMock = vi.fn(async () => jsonResponse(VERIFIED));
    expect(await verifyCertificate("ABCDEFGHJK", fetchMock as unknown as typeof fetch)).toEqual({
      kind: "found",
      certificate: VERIFIED,
    });
    expect(fetchMock).toHaveBeenCalledWith("/verify/ABCDE-FGHJK", {
      headers: { Accept: "application/json" },
      credentials: "omit",
    });
    const notFound = vi.fn(async () => new Response("not found", { status: 404 }));
    expect(await verifyCertificate("ABCDEFGHJK", notFound as unknown as typeof fetch)).toEqual({ kind: "not-found" });
    const limited = vi.fn(async () => new Response("too many requests", { status: 429, headers: { "Retry-After": "12" } }));
    expect(await verifyCertificate("ABCDEFGHJK", limited as unknown as typeof fetch)).toEqual({
      kind: "rate-limited",
      retryAfter: 12,
    });
    const offline = vi.fn(async () => {
      throw new TypeError("Failed to fetch");
    });
    expect(await verifyCertificate("ABCDEFGHJK", offline as unknown as typeof fetch)).toEqual({ kind: "error" });
  });
});

describe("VerifyCertificatePage", () => {
  it("checks a typed code and says the certificate is valid, with its holder", async () => {
    const user = userEvent.setup();
    const fetchMock = vi.fn(async () => jsonResponse(VERIFIED));
    vi.stubGlobal("fetch", fetchMock);
    const { client } = mockOperations({});
    renderWithProviders(<AppRoutes />, { client, route: "/verifier" });
    const form = await screen.findByRole("search", { name: "Vérification d’un certificat" }, PAGE);
    expect(within(screen.getByRole("banner")).getByRole("link", { name: "Vérifier un certificat" })).toHaveAttribute(
      "aria-current",
      "page",
    );
    await user.click(within(form).getByRole("button", { name: "Vérifier" }));
    expect(within(form).getByRole("textbox", { name: "Code de vérification" })).toHaveAccessibleDescription(
      /Saisissez le code de vérification/,
    );
    await user.type(within(form).getByRole("textbox", { name: "Code de vérification" }), "abcde fghjk");
    await user.click(within(form).getByRole("button", { name: "Vérifier" }));

    const result = await screen.findByTestId("verification-result");
    expect(result).toHaveAttribute("data-status", "valid");
    expect(within(result).getByRole("status")).toHaveTextContent("Ce certificat est valide : il a été délivré par Certif'Pro.");
    expect(screen.getByTestId("verification-holder")).toHaveTextContent("Léa Dupont");
    expect(result).toHaveTextContent("12/06/2030 (Jury CléA Île-de-France du 12/06/2030)");
    expect(within(result).getByRole("link", { name: "Page de vérification officielle" })).toHaveAttribute(
      "href",
      "/verify/ABCDE-FGHJK",
    );
    expect(screen.getByTestId("location")).toHaveAttribute("data-pathname", "/verifier/ABCDE-FGHJK");
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it("says when a certificate is revoked, or unknown", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async () =>
        jsonResponse({ ...VERIFIED, status: "revoked", revokedAt: "2030-07-01T09:00:00Z", revocationReason: "Fraude" }),
      ),
    );
    const { client } = mockOperations({});
    const view = renderWithProviders(<AppRoutes />, { client, route: "/verifier/ABCDE-FGHJK" });
    const result = await screen.findByTestId("verification-result", undefined, PAGE);
    expect(result).toHaveAttribute("data-status", "revoked");
    expect(result).toHaveTextContent("Ce certificat a été retiré le 01/07/2030. Motif : Fraude");
    view.unmount();

    vi.stubGlobal("fetch", vi.fn(async () => new Response("not found", { status: 404 })));
    renderWithProviders(<AppRoutes />, { client, route: "/verifier/ZZZZZ-ZZZZZ" });
    const missing = await screen.findByTestId("verification-result", undefined, PAGE);
    expect(missing).toHaveAttribute("data-status", "not-found");
    expect(missing).toHaveTextContent("Aucun certificat ne correspond au code ZZZZZ-ZZZZZ.");
  });
});

describe("Certif'Pro certificate screens", () => {
  it("searches the certificates and revokes one with a reason", async () => {
    const user = userEvent.setup();
    const { client, executeQuery, executeMutation } = mockOperations({
      Viewer: viewerData({ active: null, certifProAdmin: true }),
      JuryCertifications: certificationsData,
      CertificateSearch: { data: { certificateSearch: connection([certificateFixture()]) } },
      RevokeCertificate: {
        data: { revokeCertificate: { certificate: certificateFixture({ status: "REVOKED" }), errors: [] } },
      },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/plateforme/certificats" });
    const table = await screen.findByTestId("certificates-table", undefined, PAGE);
    const row = within(table).getAllByRole("row")[1]!;
    expect(row).toHaveAttribute("data-code", "ABCDE-FGHJK");
    expect(within(row).getByTestId("certificate-status")).toHaveTextContent("Valide");
    expect(within(row).getByRole("link", { name: "Certificat CLEA-2030-000001 en PDF" })).toHaveAttribute(
      "href",
      "/documents/certificates/c1.pdf",
    );

    const search = screen.getByRole("search", { name: "Recherche de certificats" });
    await user.click(within(search).getByRole("searchbox", { name: "Rechercher" }));
    await user.paste("Dupont");
    await waitFor(() => expect(callsOf(executeQuery, "CertificateSearch").at(-1)).toMatchObject({ text: "Dupont" }));

    await user.click(within(row).getByRole("button", { name: "Retirer le certificat CLEA-2030-000001" }));
    const dialog = await screen.findByRole("dialog", { name: "Retirer le certificat" });
    await user.click(within(dialog).getByRole("button", { name: "Retirer le certificat" }));
    expect(within(dialog).getByRole("textbox", { name: "Motif du retrait" })).toHaveAccessibleDescription(
      /Indiquez le motif du retrait/,
    );
    expect(callsOf(executeMutation, "RevokeCertificate")).toEqual([]);
    await user.click(within(dialog).getByRole("textbox", { name: "Motif du retrait" }));
    await user.paste("Fraude à l’évaluation");
    await user.click(within(dialog).getByRole("button", { name: "Retirer le certificat" }));
    await waitFor(() =>
      expect(callsOf(executeMutation, "RevokeCertificate")).toEqual([{ id: "c1", reason: "Fraude à l’évaluation" }]),
    );
    await waitFor(() => expect(screen.queryByRole("dialog", { name: "Retirer le certificat" })).toBeNull());
  });

  it("prints the paper queue and records the copies sent", async () => {
    const user = userEvent.setup();
    const queue = [
      certificateFixture({ id: "c1", paperRequestedAt: "2030-06-20T09:00:00Z" }),
      certificateFixture({ id: "c2", holderName: "Karim Benali", paperRequestedAt: "2030-06-21T09:00:00Z" }),
    ];
    const { client, executeMutation } = mockOperations({
      Viewer: viewerData({ active: null, certifProAdmin: true }),
      PaperQueue: { data: { paperQueue: queue } },
      MarkPaperSent: {
        data: { markPaperSent: { certificates: [{ __typename: "Certificate", id: "c2", paperSentAt: "2030-06-22T09:00:00Z" }], errors: [] } },
      },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/plateforme/copies-papier" });
    const table = await screen.findByTestId("paper-queue", undefined, PAGE);
    expect(table).toHaveTextContent("Léa Dupont 12 rue du Temple 75003 Paris");
    expect(screen.getByRole("link", { name: "Imprimer le lot (PDF, 2 pages)" })).toHaveAttribute(
      "href",
      "/documents/certificates/paper-queue.pdf",
    );
    expect(screen.getByRole("button", { name: "Marquer comme envoyées" })).toBeDisabled();
    await user.click(screen.getByRole("checkbox", { name: "Sélectionner la copie de Karim Benali (CLEA-2030-000002)" }));
    await user.click(screen.getByRole("button", { name: "Marquer comme envoyées (1)" }));
    expect(await screen.findByRole("status")).toHaveTextContent("1 copie marquée comme envoyée.");
    expect(callsOf(executeMutation, "MarkPaperSent")).toEqual([{ ids: ["c2"] }]);
  });
});

describe("the organisation's certificates", () => {
  it("lists them with their downloads; an adviser asks for a paper copy and sees why it is refused", async () => {
    const user = userEvent.setup();
    const { client, executeMutation } = mockOperations({
      Viewer: viewerData({ activeRoles: ["ADVISER"] }),
      OrganisationCertificates: { data: { certificates: connection([certificateFixture()]) } },
      RequestPaperCopy: {
        data: {
          requestPaperCopy: {
            certificate: null,
            errors: [
              {
                __typename: "CertificateProblem",
                code: "NO_ADDRESS",
                field: null,
                message: "L'adresse postale du candidat est incomplète : complétez-la avant de demander la copie papier.",
              },
            ],
          },
        },
      },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/certificats" });
    const table = await screen.findByTestId("certificates-table", undefined, PAGE);
    const row = within(table).getAllByRole("row")[1]!;
    expect(within(row).getByRole("link", { name: "Léa Dupont" })).toHaveAttribute("href", "/dossiers/d1");
    expect(within(row).getByRole("link", { name: "Badge numérique CLEA-2030-000001 (Open Badges)" })).toHaveAttribute(
      "href",
      "/documents/certificates/c1/badge.jwt",
    );
    expect(within(screen.getByRole("banner")).getByRole("link", { name: "Certificats" })).toHaveAttribute(
      "aria-current",
      "page",
    );
    await user.click(within(row).getByRole("button", { name: "Demander une copie papier du certificat CLEA-2030-000001" }));
    expect(await within(row).findByRole("alert")).toHaveTextContent("L'adresse postale du candidat est incomplète");
    expect(callsOf(executeMutation, "RequestPaperCopy")).toEqual([{ id: "c1" }]);
  });

  it("viewers download but do not ask for paper copies", async () => {
    const { client } = mockOperations({
      Viewer: viewerData({ activeRoles: ["VIEWER"] }),
      OrganisationCertificates: { data: { certificates: connection([certificateFixture()]) } },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/certificats" });
    const table = await screen.findByTestId("certificates-table", undefined, PAGE);
    expect(within(table).getByRole("link", { name: "Certificat CLEA-2030-000001 en PDF" })).toBeVisible();
    expect(within(table).queryByRole("button", { name: /Demander une copie papier/ })).toBeNull();
  });

  it("the dossier page tells the jury's decision, and the certificate once issued", async () => {
    const timeline = [
      { occurredAt: "2030-06-01T09:00:00Z", fromStatus: "READY_FOR_JURY", toStatus: "SUBMITTED_TO_JURY", comment: "Inscrit à l'ordre du jour." },
      {
        occurredAt: "2030-06-12T17:00:00Z",
        fromStatus: "SUBMITTED_TO_JURY",
        toStatus: "NOT_CERTIFIED",
        comment: "Décision du jury Jury CléA du 12/06/2030 : non certifié — Preuves insuffisantes.",
      },
    ] as const;
    expect(lastJuryDecision(timeline)?.toStatus).toBe("NOT_CERTIFIED");
    expect(lastJuryDecision(timeline.slice(0, 1))).toBeNull();

    const { client } = mockOperations({
      Viewer: viewerData({ activeRoles: ["ADVISER"] }),
      OrganisationCertificates: { data: { certificates: connection([certificateFixture()]) } },
    });
    const view = renderWithProviders(<JuryOutcomePanel dossier={{ id: "d1", status: "NOT_CERTIFIED", timeline }} />, { client });
    expect(screen.getByTestId("jury-decision")).toHaveTextContent("non certifié — Preuves insuffisantes.");
    expect(screen.queryByTestId("dossier-certificate")).toBeNull();
    view.unmount();

    const certified = [
      timeline[0],
      { ...timeline[1], toStatus: "CERTIFIED" as const, comment: "Décision du jury Jury CléA du 12/06/2030 : certifié." },
    ];
    renderWithProviders(<JuryOutcomePanel dossier={{ id: "d1", status: "CERTIFIED", timeline: certified }} />, { client });
    const certificate = await screen.findByTestId("dossier-certificate");
    expect(certificate).toHaveTextContent("Certificat n° CLEA-2030-000001");
    expect(certificate).toHaveTextContent("Code de vérification : ABCDE-FGHJK");
    expect(within(certificate).getByRole("link", { name: "Certificat CLEA-2030-000001 en PDF" })).toBeVisible();
  });

  it("the dossier page gives the organisation the jury's grounds, its comments and each amendment", async () => {
    const timeline = [
      {
        occurredAt: "2030-06-12T17:00:00Z",
        fromStatus: "SUBMITTED_TO_JURY",
        toStatus: "CERTIFIED",
        comment: "Décision du jury Jury CléA du 12/06/2030 : certifié.",
      },
    ] as const;
    const decided = {
      id: "j1",
      sessionLabel: "Jury CléA du 12/06/2030",
      outcome: "CERTIFIED",
      reason: "",
      decidedAt: "2030-06-12T16:00:00Z",
      criteriaAtIssue: [],
      candidateComment: "Félicitations.",
      organisationComment: "Dossier exemplaire.",
      obtainedAtFirstEvaluation: true,
      amendsId: null,
      effect: "",
    };
    const amended = {
      ...decided,
      id: "j2",
      outcome: "NOT_CERTIFIED",
      reason: "Fraude établie.",
      criteriaAtIssue: ["1", "3.2"],
      candidateComment: "",
      organisationComment: "",
      obtainedAtFirstEvaluation: false,
      amendsId: "j1",
      effect: "Certificat CLEA-2030-000001 retiré ; dossier non certifié.",
    };
    const { client } = mockOperations({
      Viewer: viewerData({ activeRoles: ["ADVISER"] }),
      OrganisationCertificates: { data: { certificates: connection([certificateFixture()]) } },
      DossierJuryDecisions: (variables) => {
        expect(variables).toEqual({ dossierId: "d1" });
        return { data: { dossierJuryDecisions: [decided, amended] } };
      },
    });
    renderWithProviders(<JuryOutcomePanel dossier={{ id: "d1", status: "CERTIFIED", timeline }} />, { client });
    const records = await screen.findByTestId("jury-decision-records");
    const [first, second] = within(records).getAllByText(/ : (Certifié|Non certifié)$/);
    expect(first).toHaveTextContent("Jury CléA du 12/06/2030 : Certifié");
    expect(second).toHaveTextContent("Décision rectifiée : Non certifié");
    expect(records).toHaveTextContent("Obtenu dès l’évaluation préalable");
    expect(records).toHaveTextContent("Commentaire pour l’organisme : Dossier exemplaire.");
    expect(records).toHaveTextContent("Commentaire pour le candidat : Félicitations.");
    expect(records).toHaveTextContent("Motif de la rectification : Fraude établie.");
    expect(records).toHaveTextContent("Points à retravailler : 1, 3.2");
    expect(records).toHaveTextContent("Effet : Certificat CLEA-2030-000001 retiré ; dossier non certifié.");
  });
});
