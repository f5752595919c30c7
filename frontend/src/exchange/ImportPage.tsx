import { Alert, Anchor, Badge, Button, FileInput, Group, Progress, Select, Stack, Table, Text, Title } from "@mantine/core";
import { useEffect, useState } from "react";
import { useSearchParams } from "react-router";
import { useQuery } from "urql";
import { FormAlert } from "../components/FormAlert";
import { LoadingState } from "../components/LoadingState";
import { OperationError } from "../components/OperationError";
import { TableScroll } from "../components/TableScroll";
import { formatDateTime } from "../components/format";
import type { ImportBatchFieldsFragment, ImportStatus } from "../gql/graphql";
import { useMutationWithErrors } from "../graphql/useMutationWithErrors";
import { ConfirmImportMutation, DiscardImportMutation, ImportBatchQuery, ImportsQuery } from "./documents";
import { IMPORT_TYPES, reportUrl, templateUrl, uploadImport, type ImportType } from "./upload";

export const STATUS_LABELS: Record<ImportStatus, string> = {
  VALIDATING: "vérification en cours",
  VALIDATED: "prêt à confirmer",
  REJECTED: "à corriger",
  CONFIRMING: "création en cours",
  CONFIRMED: "importé",
  FAILED: "échoué",
};

const STATUS_COLORS: Record<ImportStatus, string> = {
  VALIDATING: "blue",
  VALIDATED: "teal",
  REJECTED: "red",
  CONFIRMING: "blue",
  CONFIRMED: "green",
  FAILED: "red",
};

const RUNNING: readonly ImportStatus[] = ["VALIDATING", "CONFIRMING"];
/** How often a running job's progress is read again. */
export const POLL_MS = 1000;

/**
 * `/dossiers/import`: upload a file, read the report, confirm (all or nothing).
 * The import being looked at is in the URL (`?import=<id>`), so a reload keeps it.
 */
export function ImportPage() {
  const [params, setParams] = useSearchParams();
  const importId = params.get("import");
  const [type, setType] = useState<ImportType>("candidats");
  const [file, setFile] = useState<File | null>(null);
  const [uploading, setUploading] = useState(false);
  const [uploadError, setUploadError] = useState<string | null>(null);
  // Changes with the shown import's status: the recent imports are read again.
  const [version, setVersion] = useState("");

  async function send() {
    if (!file) {
      setUploadError("Choisissez un fichier.");
      return;
    }
    setUploading(true);
    setUploadError(null);
    const result = await uploadImport(type, file);
    setUploading(false);
    if (!result.ok) {
      setUploadError(result.message);
      return;
    }
    setFile(null);
    setParams({ import: result.id });
  }

  return (
    <Stack gap="lg">
      <Title order={1}>Importer des candidats</Title>
      <Text>
        Déposez un fichier CSV (séparateur « ; » ou « , », UTF-8 ou Windows-1252) ou XLSX. La plateforme vérifie
        chaque ligne et vous montre un rapport ; rien n’est créé avant votre confirmation, et tout est créé en une
        fois ou rien.
      </Text>
      <section aria-labelledby="upload-heading">
        <Stack gap="sm" maw={640}>
          <Title order={2} size="h3" id="upload-heading">
            Déposer un fichier
          </Title>
          <Select
            label="Type de fichier"
            data={IMPORT_TYPES}
            value={type}
            onChange={(value) => value && setType(value as ImportType)}
            allowDeselect={false}
          />
          <Anchor href={templateUrl(type)} download>
            Télécharger le modèle (CSV)
          </Anchor>
          <FileInput
            label="Fichier à importer"
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            value={file}
            onChange={setFile}
            clearable
          />
          <FormAlert messages={[uploadError]} title="Envoi impossible" />
          <Group>
            <Button onClick={() => void send()} loading={uploading}>
              Vérifier le fichier
            </Button>
          </Group>
        </Stack>
      </section>
      {importId && (
        <ImportReport
          key={importId}
          importId={importId}
          onStatus={(status) => setVersion(`${importId}:${status}`)}
          onDiscarded={() => {
            setVersion(`${importId}:discarded`);
            setParams({});
          }}
        />
      )}
      <RecentImports version={version} onOpen={(id) => setParams({ import: id })} />
    </Stack>
  );
}

interface ImportReportProps {
  importId: string;
  onStatus: (status: ImportStatus) => void;
  onDiscarded: () => void;
}

function ImportReport({ importId, onStatus, onDiscarded }: ImportReportProps) {
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: ImportBatchQuery,
    variables: { id: importId },
    requestPolicy: "network-only",
  });
  const confirm = useMutationWithErrors(ConfirmImportMutation, (d) => d.confirmImport);
  const discard = useMutationWithErrors(DiscardImportMutation, (d) => d.discardImport);
  const found = data?.importBatch;
  const batch = found?.__typename === "ImportBatch" ? found : null;
  const running = batch ? RUNNING.includes(batch.status) : false;
  const status = batch?.status;

  useEffect(() => {
    if (status) onStatus(status);
    // Only a new status is news; the callback is a new function each render.
  }, [status]);

  useEffect(() => {
    if (!running) return undefined;
    const timer = window.setTimeout(() => reexecute({ requestPolicy: "network-only" }), POLL_MS);
    return () => window.clearTimeout(timer);
  }, [running, data, reexecute]);

  if (fetching && !data) return <LoadingState label="Chargement du rapport…" />;
  if (error && !data) {
    return <OperationError message="Impossible de charger l’import." error={error} onRetry={() => reexecute()} />;
  }
  if (found?.__typename === "NotFound") return <Alert color="gray">{found.message}</Alert>;
  if (!batch) return null;

  async function onConfirm() {
    const outcome = await confirm.run({ id: importId });
    if (outcome.ok) reexecute({ requestPolicy: "network-only" });
  }

  async function onDiscard() {
    const outcome = await discard.run({ id: importId });
    if (outcome.ok) onDiscarded();
  }

  return (
    <section aria-labelledby="report-heading">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h3" id="report-heading">
            Rapport : {batch.filename}
          </Title>
          <Badge color={STATUS_COLORS[batch.status]}>{STATUS_LABELS[batch.status]}</Badge>
        </Group>
        {running && <RunningProgress batch={batch} />}
        {batch.status === "VALIDATED" && (
          <Alert color="teal" title="Fichier vérifié">
            {batch.rowCount} ligne(s) sans problème. Confirmez pour créer les candidats et leurs dossiers.
          </Alert>
        )}
        {batch.status === "REJECTED" && (
          <Alert color="red" title="Le fichier doit être corrigé" role="alert">
            {batch.problemCount} problème(s) sur {batch.rowCount} ligne(s) : rien ne sera créé. Corrigez le fichier
            puis déposez-le à nouveau.
          </Alert>
        )}
        {batch.status === "CONFIRMED" && (
          <Alert color="green" title="Import terminé">
            {batch.createdCount} dossier(s) créé(s) le {formatDateTime(batch.confirmedAt)}.
          </Alert>
        )}
        {batch.status === "FAILED" && (
          <Alert color="red" title="Import échoué" role="alert">
            {batch.failure}
          </Alert>
        )}
        <FormAlert messages={[...confirm.general, ...discard.general]} />
        <Group>
          {batch.status === "VALIDATED" && (
            <Button onClick={() => void onConfirm()} loading={confirm.fetching}>
              Confirmer l’import
            </Button>
          )}
          {["VALIDATED", "REJECTED", "FAILED"].includes(batch.status) && (
            <Button variant="default" onClick={() => void onDiscard()} loading={discard.fetching}>
              Abandonner cet import
            </Button>
          )}
          {batch.problemCount > 0 && (
            <Anchor href={reportUrl(batch.id)} download>
              Télécharger le rapport (CSV)
            </Anchor>
          )}
        </Group>
        {batch.problems.length > 0 && (
          <TableScroll minWidth={640} label="Problèmes du fichier">
            <Table striped withTableBorder aria-labelledby="report-heading" data-testid="import-problems">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Ligne</Table.Th>
                  <Table.Th scope="col">Colonne</Table.Th>
                  <Table.Th scope="col">Problème</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {batch.problems.map((problem, index) => (
                  <Table.Tr key={`${problem.row}-${problem.column}-${index}`}>
                    <Table.Td>{problem.row}</Table.Td>
                    <Table.Td>{problem.column || "—"}</Table.Td>
                    <Table.Td>{problem.reason}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </TableScroll>
        )}
      </Stack>
    </section>
  );
}

function RunningProgress({ batch }: { batch: ImportBatchFieldsFragment }) {
  const known = batch.rowCount > 0;
  const value = known ? Math.min(100, (100 * batch.rowsDone) / batch.rowCount) : 0;
  const label =
    batch.status === "VALIDATING"
      ? `Vérification : ${batch.rowsDone} ligne(s) lue(s)…`
      : `Création : ${batch.rowsDone} ligne(s) sur ${batch.rowCount}…`;
  return (
    <Stack gap={4}>
      <Text size="sm" aria-live="polite">
        {label}
      </Text>
      <Progress value={value} animated={!known} striped={!known} aria-label="Avancement de l’import" />
    </Stack>
  );
}

function RecentImports({ version, onOpen }: { version: string; onOpen: (id: string) => void }) {
  const [{ data }, reexecute] = useQuery({ query: ImportsQuery, requestPolicy: "cache-and-network" });

  useEffect(() => {
    if (version) reexecute({ requestPolicy: "network-only" });
  }, [version, reexecute]);

  const rows = data?.imports ?? [];
  if (rows.length === 0) return null;
  return (
    <section aria-labelledby="recent-heading">
      <Stack gap="sm">
        <Title order={2} size="h3" id="recent-heading">
          Imports récents
        </Title>
        <TableScroll minWidth={640} label="Imports récents">
          <Table striped withTableBorder aria-labelledby="recent-heading">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Fichier</Table.Th>
                <Table.Th scope="col">Déposé le</Table.Th>
                <Table.Th scope="col">État</Table.Th>
                <Table.Th scope="col">Dossiers créés</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row) => (
                <Table.Tr key={row.id}>
                  <Table.Td>
                    <Anchor component="button" type="button" onClick={() => onOpen(row.id)}>
                      {row.filename}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{formatDateTime(row.createdAt)}</Table.Td>
                  <Table.Td>{STATUS_LABELS[row.status]}</Table.Td>
                  <Table.Td>{row.createdCount}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
      </Stack>
    </section>
  );
}
