import { Alert, Anchor, Badge, Button, Card, Group, Select, Stack, Table, Text, Textarea, Title } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useId, useState } from "react";
import { Link, useParams } from "react-router";
import { useQuery } from "urql";
import { pageTitle } from "../branding";
import { FormAlert } from "../components/FormAlert";
import { formatDay, formatDayTime } from "../components/format";
import { LoadingState } from "../components/LoadingState";
import { OperationError } from "../components/OperationError";
import { TableScroll } from "../components/TableScroll";
import type { ControlProcedureFieldsFragment, SignalementSource } from "../gql/graphql";
import { useMutationWithErrors } from "../graphql/useMutationWithErrors";
import {
  CONTROL_STATUS_LABELS,
  ControlDocumentsList,
  ControlOutcome,
} from "../accreditations/ControlProceduresSection";
import {
  OpenControlProcedureMutation,
  OrganisationControlQuery,
  RecordSignalementMutation,
} from "../accreditations/controlDocuments";
import { ControlDecisionForm } from "./ControlDecisionForm";
import { QualitySection } from "./QualitySection";

const SOURCES: { value: SignalementSource; label: string }[] = [
  { value: "COMPLAINT", label: "Réclamation" },
  { value: "JURY", label: "Irrégularité relevée par un jury" },
  { value: "AUDIT", label: "Irrégularité relevée par un audit" },
];

/** `/plateforme/organismes/:id/controle` (Certif'Pro): signalements, procedures, decisions,
 * quality indicators. */
export function OrganisationControlPage() {
  const { id = "" } = useParams();
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: OrganisationControlQuery,
    variables: { organisationId: id },
  });
  const refetch = () => reexecute({ requestPolicy: "network-only" });
  const file = data?.organisationControl.__typename === "ControlFile" ? data.organisationControl : null;
  useDocumentTitle(pageTitle(file ? `Contrôle — ${file.organisationName}` : "Contrôle d’un organisme"));

  if (fetching && !data) return <LoadingState label="Chargement du contrôle…" />;
  if (error && !data) return <OperationError message="Impossible de charger le contrôle." error={error} onRetry={refetch} />;
  if (!file) {
    return (
      <Alert color="red" title="Organisme introuvable">
        <Anchor component={Link} to="/plateforme/organismes">
          Retour aux organismes
        </Anchor>
      </Alert>
    );
  }
  const openSignalements = new Set(
    file.procedures.filter((p) => p.status !== "DECIDED").map((p) => p.signalement.id),
  );
  return (
    <Stack gap="xl">
      <div>
        <Anchor component={Link} to="/plateforme/organismes" size="sm">
          ← Organismes
        </Anchor>
        <Title order={1}>Contrôle — {file.organisationName}</Title>
      </div>
      <SignalementForm organisationId={file.organisationId} sites={file.sites} onRecorded={refetch} />
      <section aria-labelledby="signalements-heading">
        <Title order={2} size="h3" id="signalements-heading" mb="sm">
          Signalements
        </Title>
        {file.signalements.length === 0 ? (
          <Text>Aucun signalement pour cet organisme.</Text>
        ) : (
          <TableScroll minWidth={700} label="Signalements">
            <Table striped withTableBorder aria-labelledby="signalements-heading">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Date</Table.Th>
                  <Table.Th scope="col">Site</Table.Th>
                  <Table.Th scope="col">Origine</Table.Th>
                  <Table.Th scope="col">Description</Table.Th>
                  <Table.Th scope="col">Procédure</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {file.signalements.map((signalement) => (
                  <Table.Tr key={signalement.id} data-testid="signalement">
                    <Table.Td>{formatDay(signalement.recordedAt)}</Table.Td>
                    <Table.Td>{signalement.siteName}</Table.Td>
                    <Table.Td>{signalement.sourceLabel}</Table.Td>
                    <Table.Td style={{ whiteSpace: "pre-wrap" }}>{signalement.description}</Table.Td>
                    <Table.Td>
                      {openSignalements.has(signalement.id) ? (
                        <Text size="sm">En cours</Text>
                      ) : (
                        <OpenProcedure signalementId={signalement.id} onOpened={refetch} />
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </TableScroll>
        )}
      </section>
      <section aria-labelledby="procedures-heading">
        <Title order={2} size="h3" id="procedures-heading" mb="sm">
          Procédures de contrôle et historique
        </Title>
        {file.procedures.length === 0 ? (
          <Text>Aucune procédure de contrôle.</Text>
        ) : (
          <Stack gap="md">
            {file.procedures.map((procedure) => (
              <ProcedureCard
                key={procedure.id}
                procedure={procedure}
                certificationCodes={file.certificationCodes}
                onChanged={refetch}
              />
            ))}
          </Stack>
        )}
      </section>
      <QualitySection organisationId={file.organisationId} />
    </Stack>
  );
}

function SignalementForm({
  organisationId,
  sites,
  onRecorded,
}: {
  organisationId: string;
  sites: readonly { id: string; name: string; siret: string }[];
  onRecorded: () => void;
}) {
  const [siteId, setSiteId] = useState<string | null>(sites[0]?.id ?? null);
  const [source, setSource] = useState<SignalementSource>("COMPLAINT");
  const [description, setDescription] = useState("");
  const [errors, setErrors] = useState<Partial<Record<"siteId" | "description", string>>>({});
  const record = useMutationWithErrors(RecordSignalementMutation, (data) => data.recordSignalement, {
    fields: ["siteId", "description"],
    onFieldErrors: setErrors,
  });

  async function onSubmit() {
    if (!siteId) return setErrors({ siteId: "Choisissez le site concerné." });
    if (description.trim() === "") return setErrors({ description: "Décrivez le signalement." });
    const outcome = await record.run({
      input: { organisationId, siteId, source, description: description.trim() },
    });
    if (outcome.ok) {
      setDescription("");
      onRecorded();
    }
  }

  return (
    <Card withBorder component="section" aria-labelledby="new-signalement-heading">
      <Stack gap="sm">
        <Title order={2} size="h3" id="new-signalement-heading">
          Enregistrer un signalement
        </Title>
        <FormAlert messages={[record.general.join(" ")]} title="Enregistrement impossible" />
        <Group grow align="flex-start">
          <Select
            label="Site concerné"
            data={sites.map((site) => ({ value: site.id, label: `${site.name} (${site.siret})` }))}
            value={siteId}
            onChange={setSiteId}
            error={errors.siteId}
            required
            comboboxProps={{ withinPortal: true }}
          />
          <Select
            label="Origine"
            data={SOURCES}
            value={source}
            onChange={(value) => setSource((value as SignalementSource | null) ?? "COMPLAINT")}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
          />
        </Group>
        <Textarea
          label="Description du signalement"
          value={description}
          onChange={(event) => setDescription(event.currentTarget.value)}
          error={errors.description}
          required
          autosize
          minRows={3}
        />
        <Group justify="flex-end">
          <Button onClick={() => void onSubmit()} loading={record.fetching}>
            Enregistrer le signalement
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

function OpenProcedure({ signalementId, onOpened }: { signalementId: string; onOpened: () => void }) {
  const fieldId = useId();
  const [editing, setEditing] = useState(false);
  const [grievances, setGrievances] = useState("");
  const [grievancesError, setGrievancesError] = useState<string | null>(null);
  const open = useMutationWithErrors(OpenControlProcedureMutation, (data) => data.openControlProcedure, {
    fields: ["grievances"],
    onFieldErrors: (byField) => setGrievancesError(byField.grievances ?? null),
  });
  if (!editing) {
    return (
      <Button size="xs" variant="default" onClick={() => setEditing(true)}>
        Ouvrir une procédure
      </Button>
    );
  }
  async function onSubmit() {
    if (grievances.trim() === "") return setGrievancesError("Indiquez les griefs notifiés à l’organisme.");
    const outcome = await open.run({ input: { signalementId, grievances: grievances.trim() } });
    if (outcome.ok) onOpened();
  }
  return (
    <Stack gap="xs">
      <FormAlert messages={[open.general.join(" ")]} title="Ouverture impossible" />
      <Textarea
        id={fieldId}
        label="Griefs notifiés à l’organisme"
        value={grievances}
        onChange={(event) => setGrievances(event.currentTarget.value)}
        error={grievancesError}
        required
        autosize
        minRows={2}
      />
      <Button size="xs" onClick={() => void onSubmit()} loading={open.fetching}>
        Ouvrir la procédure et notifier l’organisme
      </Button>
    </Stack>
  );
}

function ProcedureCard({
  procedure,
  certificationCodes,
  onChanged,
}: {
  procedure: ControlProcedureFieldsFragment;
  certificationCodes: readonly string[];
  onChanged: () => void;
}) {
  const titleId = useId();
  const decidable = procedure.status === "REPLIED" || (procedure.status === "AWAITING_REPLY" && !procedure.replyOpen);
  return (
    <Card withBorder component="article" aria-labelledby={titleId} data-testid="control-procedure">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3} size="h4" id={titleId}>
            Procédure ouverte le {formatDay(procedure.openedAt)} — {procedure.signalement.siteName}
          </Title>
          <Badge variant="light" tt="none">
            {CONTROL_STATUS_LABELS[procedure.status]}
          </Badge>
        </Group>
        <Text size="sm">
          Signalement ({procedure.signalement.sourceLabel}) : {procedure.signalement.description}
        </Text>
        <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
          <strong>Griefs :</strong> {procedure.grievances}
        </Text>
        <Text size="sm">Délai de réponse : jusqu’au {formatDay(procedure.replyDueOn)} inclus.</Text>
        {procedure.repliedAt ? (
          <div>
            <Text fw={600} size="sm">
              Réponse de l’organisme du {formatDayTime(procedure.repliedAt)}
            </Text>
            <Text size="sm" style={{ whiteSpace: "pre-wrap" }} data-testid="control-reply">
              {procedure.reply}
            </Text>
            <ControlDocumentsList procedure={procedure} />
          </div>
        ) : (
          <Text size="sm">Pas encore de réponse.</Text>
        )}
        <ControlOutcome procedure={procedure} />
        {decidable && (
          <ControlDecisionForm
            procedureId={procedure.id}
            certificationCodes={certificationCodes}
            onDecided={onChanged}
          />
        )}
      </Stack>
    </Card>
  );
}
