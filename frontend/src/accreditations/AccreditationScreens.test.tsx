import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { AppRoutes } from "../routes";
import { campaignFixture, certificationTitlesData, LAZY_PAGE_TIMEOUT, SCREEN_TEST_TIMEOUT } from "../test/accreditationFixtures";
import { ACME, payloadError, viewerData } from "../test/identityFixtures";
import { callsOf, mockOperations } from "../test/mockClient";
import { renderWithProviders } from "../test/render";
import { campaignInput, campaignProblems, campaignValues, newCampaignValues } from "./campaignForm";
import { eurosInput, formatEuros, parseEuros } from "./labels";

const PENDING_ACME = { ...ACME, status: "PENDING" } as unknown as typeof ACME;

describe("euros", () => {
  it("parses what people type into cents, and back", () => {
    expect(parseEuros("300")).toBe(30000);
    expect(parseEuros("150,5")).toBe(15050);
    expect(parseEuros("1 200,00 €")).toBe(120000);
    expect(parseEuros("")).toBe(0);
    expect(parseEuros("-3")).toBeNull();
    expect(parseEuros("12,345")).toBeNull();
    expect(eurosInput(15050)).toBe("150,50");
    expect(eurosInput(30000)).toBe("300");
    expect(formatEuros(15050)).toBe("150,50 €");
  });

  it("builds the campaign input with fees in cents and the viewer as reviewer", () => {
    const values = { ...newCampaignValues(new Date(2026, 0, 5), "user-1"), title: " Campagne ", applicationFee: "300", siteFee: "150,5" };
    expect(campaignInput(values)).toMatchObject({
      title: "Campagne",
      opensOn: "2026-01-05",
      closesOn: "2026-03-06",
      applicationFeeCents: 30000,
      siteFeeCents: 15050,
      reviewerIds: ["user-1"],
      requiredDocuments: [
        { key: "", label: "Avis de situation SIRENE", mandatory: true },
        { key: "", label: "Certificat Qualiopi", mandatory: true },
      ],
    });
  });
});

describe("campaign fees per certification", () => {
  // DOMAIN.md: CléA numérique's own fees are 300 € per application, 150 € per establishment.
  const pluginFees = {
    CLEA: { applicationFeeCents: 0, siteFeeCents: 0 },
    CLEA_NUMERIQUE: { applicationFeeCents: 30000, siteFeeCents: 15000 },
  };

  it("overrides a certification's fees only where an amount is typed, the other kept from its plugin", () => {
    const values = {
      ...newCampaignValues(new Date(2026, 0, 5)),
      certificationCodes: ["CLEA", "CLEA_NUMERIQUE"],
      feeOverrides: { CLEA: { application: "", site: "" }, CLEA_NUMERIQUE: { application: "250", site: "" } },
      replyDays: "30",
    };
    expect(campaignInput(values, pluginFees)).toMatchObject({
      feeOverrides: [{ certificationCode: "CLEA_NUMERIQUE", applicationFeeCents: 25000, siteFeeCents: 15000 }],
      replyDays: 30,
    });
  });

  it("reads a campaign's overrides back into the form and refuses a bad amount or delay", () => {
    const values = campaignValues(
      campaignFixture({
        certificationCodes: ["CLEA_NUMERIQUE"],
        certificationFees: [
          { certificationCode: "CLEA_NUMERIQUE", applicationFeeCents: 20000, siteFeeCents: 10050, overridden: true },
        ],
        replyDays: 20,
      }),
    );
    expect(values.feeOverrides).toEqual({ CLEA_NUMERIQUE: { application: "200", site: "100,50" } });
    expect(values.replyDays).toBe("20");
    const problems = campaignProblems({
      ...values,
      feeOverrides: { CLEA_NUMERIQUE: { application: "deux cents", site: "" } },
      replyDays: "0",
    });
    expect(problems.feeOverrides).toMatch(/CLEA_NUMERIQUE/);
    expect(problems.replyDays).toBe("Le délai de réponse à un contrôle va de 1 à 90 jours.");
  });
});

describe("RequestAccreditationPage", { timeout: SCREEN_TEST_TIMEOUT }, () => {
  it("puts the API's errors on their fields, then confirms the e-mail invitation", async () => {
    const user = userEvent.setup();
    let attempt = 0;
    const { client, executeMutation } = mockOperations({
      RequestAccreditation: () =>
        ++attempt === 1
          ? {
              data: {
                requestAccreditation: {
                  organisationName: null,
                  errors: [payloadError("DUPLICATE_SIREN", "Un organisme avec le SIREN 130025265 est déjà inscrit.", "siren")],
                },
              },
            }
          : { data: { requestAccreditation: { organisationName: "Formation Rhône", errors: [] } } },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/demander-une-habilitation" });
    const form = await screen.findByRole("form", { name: "Demander une habilitation" });
    await user.click(within(form).getByRole("button", { name: "Envoyer la demande" }));
    expect(within(form).getByRole("textbox", { name: "SIREN" })).toHaveAccessibleDescription(/Saisissez le numéro SIREN/);
    expect(callsOf(executeMutation, "RequestAccreditation")).toEqual([]);

    const fill = async (name: string, text: string) => {
      await user.click(within(form).getByRole("textbox", { name }));
      await user.paste(text);
    };
    await fill("Nom de l’organisme", "Formation Rhône");
    await fill("SIREN", "130 025 265");
    await fill("Prénom et nom de l’administrateur", "Inès Morel");
    await fill("Adresse e-mail de l’administrateur", "ines@of.fr");
    await user.click(within(form).getByRole("button", { name: "Envoyer la demande" }));
    await waitFor(() =>
      expect(within(form).getByRole("textbox", { name: "SIREN" })).toHaveAccessibleDescription(/déjà inscrit/),
    );
    expect(callsOf(executeMutation, "RequestAccreditation")[0]).toEqual({
      organisationName: "Formation Rhône",
      siren: "130025265",
      legalForm: "",
      network: null,
      adminFullName: "Inès Morel",
      adminEmail: "ines@of.fr",
    });
    await user.click(within(form).getByRole("button", { name: "Envoyer la demande" }));
    expect(await screen.findByTestId("request-sent")).toHaveTextContent(
      "Une invitation a été envoyée par e-mail à ines@of.fr",
    );
  });
});

describe("MyAccreditationsPage", { timeout: SCREEN_TEST_TIMEOUT }, () => {
  it("shows a pending organisation where to apply, and starts its application", async () => {
    const user = userEvent.setup();
    const { client, executeMutation } = mockOperations({
      Viewer: viewerData({ memberships: [{ organisation: PENDING_ACME, roles: ["ORG_ADMIN"] }] }),
      CertificationTitles: { data: certificationTitlesData },
      MyAccreditations: { data: { accreditations: [], myApplications: [], campaigns: [campaignFixture()] } },
      StartApplication: { data: { startApplication: { application: { id: "application-9", status: "DRAFT" }, errors: [] } } },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/certifications" });
    const banner = await screen.findByTestId("pending-banner");
    await user.click(within(banner).getByRole("link", { name: "Candidater à une campagne d’habilitation" }));
    expect(await screen.findByTestId("pending-notice", {}, { timeout: LAZY_PAGE_TIMEOUT })).toBeVisible();
    expect(screen.queryByTestId("pending-banner")).toBeNull();
    const card = screen.getByRole("article", { name: "Campagne 2026" });
    expect(card).toHaveTextContent("300,00 € par candidature, 150,50 € par établissement habilité");
    expect(card).toHaveTextContent("Organigramme (facultative)");
    await user.click(within(card).getByRole("button", { name: "Candidater à « Campagne 2026 »" }));
    await waitFor(() => expect(callsOf(executeMutation, "StartApplication")).toEqual([{ campaignId: "campaign-1" }]));
    // The application page is a lazy chunk: the navigation completes once it is loaded.
    await waitFor(
      () =>
        expect(screen.getByTestId("location")).toHaveAttribute(
          "data-pathname",
          "/organisation/habilitations/candidatures/application-9",
        ),
      { timeout: LAZY_PAGE_TIMEOUT },
    );
  });

  it("lists the organisation's accreditations and applications", async () => {
    const { client } = mockOperations({
      Viewer: viewerData(),
      CertificationTitles: { data: certificationTitlesData },
      MyAccreditations: {
        data: {
          campaigns: [],
          myApplications: [
            { __typename: "Application", id: "a1", status: "ACCEPTED", updatedAt: "2026-01-10T09:00:00Z", submittedAt: null, campaign: { __typename: "Campaign", id: "campaign-1", title: "Campagne 2026" } },
          ],
          accreditations: [
            {
              __typename: "Accreditation",
              id: "acc-1",
              certificationCode: "CLEA",
              organisationName: "Acme Formation",
              siteName: "Site de Lyon",
              siret: "13002526500013",
              postalCode: "69003",
              city: "Lyon",
              validFrom: "2026-06-01",
              validUntil: "2029-05-31",
              status: "SUSPENDED",
              statusLabel: "suspendue",
              isValid: false,
              statusReason: "Contrôle en cours",
              scope: "TRAINING",
              evaluators: [{ __typename: "AccreditedEvaluatorType", fullName: "Paul Girard", email: "paul@of.fr", qualifications: "" }],
            },
          ],
        },
      },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/organisation/habilitations" });
    const table = await screen.findByRole("table", { name: "Habilitations de l’organisme" }, { timeout: LAZY_PAGE_TIMEOUT });
    const row = within(table).getByRole("row", { name: /Site de Lyon/ });
    expect(row).toHaveTextContent("CléA");
    expect(row).toHaveTextContent("du 01/06/2026 au 31/05/2029");
    expect(within(row).getByTestId("accreditation-scope")).toHaveTextContent("Formation");
    expect(row).toHaveTextContent("Suspendue");
    expect(row).toHaveTextContent("Motif : Contrôle en cours");
    expect(row).toHaveTextContent("Paul Girard");
    expect(screen.getByRole("link", { name: "Consulter la candidature à « Campagne 2026 »" })).toHaveAttribute(
      "href",
      "/organisation/habilitations/candidatures/a1",
    );
    expect(screen.getByText("Aucune campagne n’est ouverte aujourd’hui.")).toBeVisible();
  });
});
