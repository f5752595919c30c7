import { Alert, Badge, Button, FileInput, Group, List, Select, Stack, Table, Text, Title } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useState } from "react";
import { useQuery } from "urql";
import { pageTitle } from "../branding";
import { ConfirmModal } from "../components/ConfirmModal";
import { FormAlert } from "../components/FormAlert";
import { formatDate } from "../components/format";
import { LoadingState } from "../components/LoadingState";
import { OperationError } from "../components/OperationError";
import { TableScroll } from "../components/TableScroll";
import type { ReferentielDiffFieldsFragment, ReferentielVersionStatus as VersionStatus } from "../gql/graphql";
import { refusalOf, useMutationWithErrors } from "../graphql/useMutationWithErrors";
import {
  DiscardReferentielVersionMutation,
  ImportReferentielVersionMutation,
  PreviewReferentielVersionMutation,
  PublishReferentielVersionMutation,
  ReferentielCertificationsQuery,
  ReferentielVersionsQuery,
} from "./versionDocuments";

const STATUS_LABELS: Record<VersionStatus, string> = {
  DRAFT: "Brouillon",
  PUBLISHED: "Publiée",
  RETIRED: "Retirée",
};
const STATUS_COLORS: Record<VersionStatus, string> = {
  DRAFT: "blue.9",
  PUBLISHED: "teal.9",
  RETIRED: "gray.7",
};

type Action = { kind: "publish" | "discard"; version: string };

/**
 * `/plateforme/referentiels` (Certif'Pro admin): a certification's référentiel versions;
 * a file is checked and compared with the published version before it is imported as a
 * draft, then published (new dossiers use it) or discarded.
 */
export function ReferentielVersionsPage() {
  useDocumentTitle(pageTitle("Référentiels"));
  const [{ data: certifications }] = useQuery({ query: ReferentielCertificationsQuery });
  const options = (certifications?.certifications ?? []).map((c) => ({ value: c.code, label: c.title }));
  const [chosen, setChosen] = useState<string | null>(null);
  const code = chosen ?? options[0]?.value ?? null;
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: ReferentielVersionsQuery,
    variables: { certificationCode: code ?? "" },
    pause: !code,
  });
  const refetch = () => reexecute({ requestPolicy: "network-only" });
  const [done, setDone] = useState<string | null>(null);
  const [action, setAction] = useState<Action | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const publish = useMutationWithErrors(PublishReferentielVersionMutation, (d) => d.publishReferentielVersion);
  const discard = useMutationWithErrors(DiscardReferentielVersionMutation, (d) => d.discardReferentielVersion);

  async function onConfirm() {
    if (!action || !code) return;
    const run = action.kind === "publish" ? publish : discard;
    const outcome = await run.run({ certificationCode: code, version: action.version });
    const refusal = refusalOf(outcome);
    if (!outcome.ok) {
      setActionError(refusal ?? "L’action n’a pas abouti : réessayez.");
      return;
    }
    setDone(
      action.kind === "publish"
        ? `La version « ${action.version} » est publiée : les nouveaux dossiers l’utilisent.`
        : `Le brouillon « ${action.version} » est abandonné.`,
    );
    setAction(null);
    refetch();
  }

  const versions = data?.referentielVersions ?? [];
  return (
    <Stack gap="xl">
      <Title order={1}>Référentiels</Title>
      <Select
        label="Certification"
        data={options}
        value={code}
        onChange={(value) => {
          setChosen(value);
          setDone(null);
        }}
        allowDeselect={false}
        maw={480}
      />
      {done && (
        <Alert color="teal" variant="light" role="status">
          {done}
        </Alert>
      )}
      <section aria-labelledby="versions-heading">
        <Stack gap="sm">
          <Title order={2} size="h3" id="versions-heading">
            Versions
          </Title>
          {fetching && !data ? (
            <LoadingState label="Chargement des versions…" />
          ) : error && !data ? (
            <OperationError message="Impossible de charger les versions." error={error} onRetry={refetch} />
          ) : (
            <TableScroll minWidth={560} label="Versions du référentiel">
              <Table data-testid="referentiel-versions">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Version</Table.Th>
                    <Table.Th scope="col">Statut</Table.Th>
                    <Table.Th scope="col">Publiée le</Table.Th>
                    <Table.Th scope="col">Actions</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {versions.map((v) => (
                    <Table.Tr key={v.id} data-version={v.version}>
                      <Table.Td>
                        {v.version}
                        {v.provisional ? " (provisoire)" : ""}
                      </Table.Td>
                      <Table.Td>
                        <Badge color={STATUS_COLORS[v.status]} variant="light">
                          {STATUS_LABELS[v.status]}
                        </Badge>
                      </Table.Td>
                      <Table.Td>{v.publishedAt ? formatDate(v.publishedAt) : "—"}</Table.Td>
                      <Table.Td>
                        {v.status === "DRAFT" && (
                          <Group gap="xs">
                            <Button size="xs" onClick={() => setAction({ kind: "publish", version: v.version })}>
                              Publier
                            </Button>
                            <Button
                              size="xs"
                              variant="default"
                              onClick={() => setAction({ kind: "discard", version: v.version })}
                            >
                              Abandonner
                            </Button>
                          </Group>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </TableScroll>
          )}
        </Stack>
      </section>
      <ImportSection
        onImported={(version) => {
          setDone(`La version « ${version} » est importée comme brouillon : vérifiez-la, puis publiez-la.`);
          refetch();
        }}
      />
      <ConfirmModal
        opened={action !== null}
        title={action?.kind === "publish" ? "Publier cette version" : "Abandonner ce brouillon"}
        confirmLabel={action?.kind === "publish" ? "Publier" : "Abandonner"}
        onConfirm={() => void onConfirm()}
        onCancel={() => {
          setAction(null);
          setActionError(null);
        }}
        loading={publish.fetching || discard.fetching}
        error={actionError}
      >
        <Text size="sm">
          {action?.kind === "publish"
            ? `Les nouveaux dossiers utiliseront la version « ${action.version} » ; la version publiée jusqu’ici est retirée. Les dossiers déjà ouverts gardent la leur.`
            : `Le brouillon « ${action?.version ?? ""} » ne sera jamais publié ; il reste listé comme retiré.`}
        </Text>
      </ConfirmModal>
    </Stack>
  );
}

function ImportSection({ onImported }: { onImported: (version: string) => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [text, setText] = useState<string | null>(null);
  const preview = useMutationWithErrors(PreviewReferentielVersionMutation, (d) => d.previewReferentielVersion);
  const store = useMutationWithErrors(ImportReferentielVersionMutation, (d) => d.importReferentielVersion);
  const [diff, setDiff] = useState<ReferentielDiffFieldsFragment | null>(null);

  async function onFile(chosen: File | null) {
    setFile(chosen);
    setDiff(null);
    preview.setGeneral([]);
    store.setGeneral([]);
    if (!chosen) return;
    const content = await chosen.text();
    setText(content);
    const outcome = await preview.run({ document: content });
    if (outcome.ok && outcome.payload.diff) setDiff(outcome.payload.diff);
  }

  async function onImport() {
    if (!text) return;
    const outcome = await store.run({ document: text });
    if (outcome.ok && outcome.payload.version) {
      onImported(outcome.payload.version.version);
      setFile(null);
      setText(null);
      setDiff(null);
    }
  }

  return (
    <section aria-labelledby="import-heading">
      <Stack gap="sm">
        <Title order={2} size="h3" id="import-heading">
          Importer une nouvelle version
        </Title>
        <Text size="sm">
          Choisissez un fichier de référentiel (format clea-referentiel/1, JSON). Il est vérifié et comparé à la
          version publiée avant tout enregistrement.
        </Text>
        <FileInput
          label="Fichier de référentiel"
          accept="application/json,.json"
          value={file}
          onChange={(chosen) => void onFile(chosen)}
          clearable
          clearButtonProps={{ "aria-label": "Retirer le fichier" }}
          maw={480}
        />
        <FormAlert messages={preview.general} title="Fichier refusé" />
        <FormAlert messages={store.general} title="Import impossible" />
        {preview.fetching && <LoadingState label="Vérification du fichier…" />}
        {diff && <DiffSummary diff={diff} />}
        {diff && (
          <Button onClick={() => void onImport()} loading={store.fetching} style={{ alignSelf: "flex-start" }}>
            Importer comme brouillon
          </Button>
        )}
      </Stack>
    </section>
  );
}

function DiffSummary({ diff }: { diff: ReferentielDiffFieldsFragment }) {
  const unchanged = diff.added.length + diff.removed.length + diff.renamed.length === 0;
  return (
    <Stack gap="xs" data-testid="referentiel-diff">
      <Text fw={600}>
        Version « {diff.version} »
        {diff.baseVersion ? ` comparée à la version publiée « ${diff.baseVersion} »` : " (aucune version publiée)"}
      </Text>
      {unchanged ? (
        <Text size="sm">Aucun élément ajouté, retiré ou renommé.</Text>
      ) : (
        <>
          <ChangeList title={`${diff.added.length} élément(s) ajouté(s)`} items={diff.added.map((i) => `${i.code} ${i.title}`)} />
          <ChangeList
            title={`${diff.removed.length} élément(s) retiré(s)`}
            items={diff.removed.map((i) => `${i.code} ${i.title}`)}
          />
          <ChangeList
            title={`${diff.renamed.length} élément(s) renommé(s)`}
            items={diff.renamed.map((i) => `${i.code} « ${i.previousTitle ?? ""} » devient « ${i.title} »`)}
          />
        </>
      )}
    </Stack>
  );
}

function ChangeList({ title, items }: { title: string; items: string[] }) {
  if (items.length === 0) return null;
  return (
    <div>
      <Text size="sm" fw={600}>
        {title}
      </Text>
      <List size="sm">
        {items.map((item) => (
          <List.Item key={item}>{item}</List.Item>
        ))}
      </List>
    </div>
  );
}
