import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { AppRoutes } from "../routes";
import { payloadError, viewerData } from "../test/identityFixtures";
import { callsOf, mockOperations } from "../test/mockClient";
import { renderWithProviders } from "../test/render";

const PAGE = { timeout: 5000 };
const FILE_CONTENT = '{"format": "clea-referentiel/1", "version": "2027-areas-2"}';

function version(label: string, status: "DRAFT" | "PUBLISHED" | "RETIRED") {
  return {
    __typename: "ReferentielVersion",
    id: `v-${label}`,
    version: label,
    status,
    provisional: true,
    publishedAt: status === "DRAFT" ? null : "2022-06-01T08:00:00Z",
  };
}

const DIFF = {
  __typename: "ReferentielDiff",
  certificationCode: "CLEA_MANAGEMENT",
  version: "2027-areas-2",
  baseVersion: "2022-areas-1",
  added: [{ __typename: "ReferentielItemChange", code: "4", title: "Piloter le travail à distance" }],
  removed: [{ __typename: "ReferentielItemChange", code: "3", title: "Accompagner les salariés" }],
  renamed: [
    {
      __typename: "ReferentielItemChange",
      code: "2",
      title: "Animer et fédérer l'équipe",
      previousTitle: "Animer et encadrer l'équipe",
    },
  ],
};

function screens(extra = {}) {
  return mockOperations({
    Viewer: viewerData({ active: null, certifProAdmin: true }),
    ReferentielCertifications: {
      data: { certifications: [{ __typename: "Certification", code: "CLEA_MANAGEMENT", title: "CléA Management" }] },
    },
    ReferentielVersions: { data: { referentielVersions: [version("2022-areas-1", "PUBLISHED")] } },
    PreviewReferentielVersion: { data: { previewReferentielVersion: { diff: DIFF, errors: [] } } },
    ImportReferentielVersion: {
      data: {
        importReferentielVersion: {
          version: { __typename: "ReferentielVersion", id: "v-new", version: "2027-areas-2", status: "DRAFT" },
          errors: [],
        },
      },
    },
    ...extra,
  });
}

async function upload(user: ReturnType<typeof userEvent.setup>) {
  const input = document.querySelector('input[type="file"]') as HTMLInputElement;
  await user.upload(input, new File([FILE_CONTENT], "management-2.json", { type: "application/json" }));
}

describe("ReferentielVersionsPage", () => {
  it("checks a file against the published version before importing it as a draft", async () => {
    const user = userEvent.setup();
    const { client, executeMutation } = screens();
    renderWithProviders(<AppRoutes />, { client, route: "/plateforme/referentiels" });
    const table = await screen.findByRole("table", undefined, PAGE);
    expect(within(table).getByRole("row", { name: /2022-areas-1/ })).toHaveTextContent("Publiée");

    await upload(user);

    const diff = await screen.findByTestId("referentiel-diff");
    expect(diff).toHaveTextContent("Version « 2027-areas-2 » comparée à la version publiée « 2022-areas-1 »");
    expect(diff).toHaveTextContent("1 élément(s) ajouté(s)4 Piloter le travail à distance");
    expect(diff).toHaveTextContent("3 Accompagner les salariés");
    expect(diff).toHaveTextContent("2 « Animer et encadrer l'équipe » devient « Animer et fédérer l'équipe »");
    expect(callsOf(executeMutation, "ImportReferentielVersion")).toEqual([]);

    await user.click(screen.getByRole("button", { name: "Importer comme brouillon" }));

    expect(await screen.findByRole("status")).toHaveTextContent("La version « 2027-areas-2 » est importée comme brouillon");
    expect(callsOf(executeMutation, "PreviewReferentielVersion")).toEqual([{ document: FILE_CONTENT }]);
    expect(callsOf(executeMutation, "ImportReferentielVersion")).toEqual([{ document: FILE_CONTENT }]);
  });

  it("lists a refused file's problems and offers no import", async () => {
    const user = userEvent.setup();
    const { client } = screens({
      PreviewReferentielVersion: {
        data: {
          previewReferentielVersion: {
            diff: null,
            errors: [
              payloadError("INVALID_FILE", "$.version : la version « 2022-areas-1 » existe déjà — rien n'est enregistré."),
              payloadError("INVALID_FILE", "$.domains[0] : titre manquant — rien n'est enregistré."),
            ],
          },
        },
      },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/plateforme/referentiels" });
    await screen.findByRole("table", undefined, PAGE);

    await upload(user);

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Fichier refusé");
    expect(alert).toHaveTextContent("$.version : la version « 2022-areas-1 » existe déjà");
    expect(alert).toHaveTextContent("$.domains[0] : titre manquant");
    expect(screen.queryByRole("button", { name: "Importer comme brouillon" })).toBeNull();
  });

  it("publishes a draft after confirmation", async () => {
    const user = userEvent.setup();
    const { client, executeMutation } = screens({
      ReferentielVersions: {
        data: { referentielVersions: [version("2027-areas-2", "DRAFT"), version("2022-areas-1", "PUBLISHED")] },
      },
      PublishReferentielVersion: {
        data: {
          publishReferentielVersion: {
            version: { __typename: "ReferentielVersion", id: "v-2027-areas-2", version: "2027-areas-2", status: "PUBLISHED" },
            errors: [],
          },
        },
      },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/plateforme/referentiels" });
    const table = await screen.findByRole("table", undefined, PAGE);
    const draft = within(table).getByRole("row", { name: /2027-areas-2/ });
    expect(within(table).getByRole("row", { name: /2022-areas-1/ })).not.toHaveTextContent("Publier");

    await user.click(within(draft).getByRole("button", { name: "Publier" }));
    const dialog = await screen.findByRole("dialog", { name: "Publier cette version" });
    expect(dialog).toHaveTextContent("Les dossiers déjà ouverts gardent la leur.");
    await user.click(within(dialog).getByRole("button", { name: "Publier" }));

    await waitFor(() =>
      expect(callsOf(executeMutation, "PublishReferentielVersion")).toEqual([
        { certificationCode: "CLEA_MANAGEMENT", version: "2027-areas-2" },
      ]),
    );
    expect(await screen.findByRole("status")).toHaveTextContent("La version « 2027-areas-2 » est publiée");
  });
});
