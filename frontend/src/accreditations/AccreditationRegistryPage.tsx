import {
  Alert,
  Button,
  Group,
  List,
  Modal,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useEffect, useId, useState, type FormEvent } from "react";
import { useQuery } from "urql";
import { pageTitle } from "../branding";
import { FormAlert } from "../components/FormAlert";
import { todayIso } from "../components/format";
import { LoadingState } from "../components/LoadingState";
import { OperationError } from "../components/OperationError";
import { CursorPager, PAGE_SIZE, useCursorPagination } from "../components/pagination";
import { validateEmail } from "../forms/validation";
import type { AccreditationFieldsFragment } from "../gql/graphql";
import { refusalOf, useMutationWithErrors } from "../graphql/useMutationWithErrors";
import { OrganisationChoicesQuery } from "../platform/documents";
import { AccreditationRegistryQuery, AddAccreditedEvaluatorMutation, ReinstateAccreditationMutation, RemoveAccreditedEvaluatorMutation, SuspendAccreditationMutation, WithdrawAccreditationMutation } from "./reviewDocuments";
import { AccreditationTable } from "./MyAccreditationsPage";
import { MessageModal } from "./ApplicationReviewPage";
import { useCertificationTitles } from "./useCertificationTitles";
import { DateField } from "../components/DateField";

const ANY = "__tous__";
type Accreditation = AccreditationFieldsFragment;

/** `/plateforme/habilitations` (Certif'Pro admin): the registry, its actions and the CSV exports. */
export function AccreditationRegistryPage() {
  useDocumentTitle(pageTitle("Registre des habilitations"));
  const headingId = useId();
  const certifications = useCertificationTitles();
  const [certificationCode, setCertificationCode] = useState<string | null>(null);
  const [organisationId, setOrganisationId] = useState<string | null>(null);
  const pagination = useCursorPagination();
  const { reset } = pagination;
  useEffect(() => reset(), [certificationCode, organisationId, reset]);
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: AccreditationRegistryQuery,
    variables: { first: PAGE_SIZE, after: pagination.after, certificationCode, organisationId },
    requestPolicy: "cache-and-network",
  });
  const [{ data: organisations }] = useQuery({ query: OrganisationChoicesQuery });
  const refetch = () => reexecute({ requestPolicy: "network-only" });

  const [changing, setChanging] = useState<{ accreditation: Accreditation; action: "suspend" | "withdraw" } | null>(null);
  const [managing, setManaging] = useState<Accreditation | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const suspend = useMutationWithErrors(SuspendAccreditationMutation, (d) => d.suspendAccreditation);
  const withdraw = useMutationWithErrors(WithdrawAccreditationMutation, (d) => d.withdrawAccreditation);
  const reinstate = useMutationWithErrors(ReinstateAccreditationMutation, (d) => d.reinstateAccreditation);

  const describe = (a: Accreditation) => `${certifications.titleOf(a.certificationCode)} de ${a.siteName}`;

  async function onChangeStatus(reason: string): Promise<string | null> {
    if (!changing) return null;
    const { accreditation, action } = changing;
    const outcome =
      action === "suspend"
        ? await suspend.run({ id: accreditation.id, reason })
        : await withdraw.run({ id: accreditation.id, reason });
    if (!outcome.ok) return refusalOf(outcome);
    setChanging(null);
    setDone(`L’habilitation ${describe(accreditation)} est ${action === "suspend" ? "suspendue" : "retirée"}.`);
    refetch();
    return null;
  }

  async function onReinstate(accreditation: Accreditation) {
    setFailure(null);
    setDone(null);
    const outcome = await reinstate.run({ id: accreditation.id });
    if (!outcome.ok) {
      setFailure(refusalOf(outcome));
      return;
    }
    setDone(`L’habilitation ${describe(accreditation)} est rétablie.`);
    refetch();
  }

  const connection = data?.accreditationRegistry;
  const nodes = connection?.edges.map((edge) => edge.node) ?? [];
  return (
    <Stack gap="xl">
      <Title order={1}>Registre des habilitations</Title>
      <section aria-labelledby={headingId}>
        <Stack gap="sm">
          <Title order={2} size="h3" id={headingId}>
            Habilitations accordées
          </Title>
          <Group gap="sm" align="flex-end" role="search" aria-label="Filtres du registre">
            <Select
              label="Certification"
              data={[{ value: ANY, label: "Toutes les certifications" }, ...certifications.options]}
              value={certificationCode ?? ANY}
              onChange={(value) => setCertificationCode(!value || value === ANY ? null : value)}
              allowDeselect={false}
              comboboxProps={{ withinPortal: true }}
            />
            <Select
              label="Organisme"
              data={[
                { value: ANY, label: "Tous les organismes" },
                ...(organisations?.organisations.edges ?? []).map(({ node }) => ({ value: node.id, label: node.name })),
              ]}
              value={organisationId ?? ANY}
              onChange={(value) => setOrganisationId(!value || value === ANY ? null : value)}
              allowDeselect={false}
              searchable
              nothingFoundMessage="Aucun organisme"
              miw={260}
              comboboxProps={{ withinPortal: true }}
            />
          </Group>
          {done && (
            <Alert color="green" variant="light" role="status" title="C’est fait">
              <Text size="sm">{done}</Text>
            </Alert>
          )}
          <FormAlert messages={[failure]} title="Action impossible" />
          {fetching && !data ? (
            <LoadingState label="Chargement du registre…" />
          ) : error && !data ? (
            <OperationError message="Impossible de charger le registre." error={error} onRetry={refetch} />
          ) : nodes.length === 0 ? (
            <Text>Aucune habilitation ne correspond à ces critères.</Text>
          ) : (
            <AccreditationTable
              accreditations={nodes}
              titleOf={certifications.titleOf}
              labelledBy={headingId}
              label="Habilitations accordées"
              showOrganisation
              actions={(accreditation) => (
                <Stack gap={4} align="flex-start">
                  {accreditation.status === "ACTIVE" && (
                    <Button
                      size="xs"
                      variant="default"
                      onClick={() => setChanging({ accreditation, action: "suspend" })}
                      aria-label={`Suspendre l’habilitation ${describe(accreditation)}`}
                    >
                      Suspendre
                    </Button>
                  )}
                  {accreditation.status === "SUSPENDED" && (
                    <Button
                      size="xs"
                      variant="default"
                      loading={reinstate.fetching}
                      onClick={() => void onReinstate(accreditation)}
                      aria-label={`Rétablir l’habilitation ${describe(accreditation)}`}
                    >
                      Rétablir
                    </Button>
                  )}
                  {accreditation.status !== "WITHDRAWN" && (
                    <Button
                      size="xs"
                      color="red.9"
                      onClick={() => setChanging({ accreditation, action: "withdraw" })}
                      aria-label={`Retirer l’habilitation ${describe(accreditation)}`}
                    >
                      Retirer
                    </Button>
                  )}
                  <Button
                    size="xs"
                    variant="default"
                    onClick={() => setManaging(accreditation)}
                    aria-label={`Évaluateurs de l’habilitation ${describe(accreditation)}`}
                  >
                    Évaluateurs
                  </Button>
                </Stack>
              )}
            />
          )}
          <CursorPager
            pagination={pagination}
            pageInfo={connection?.pageInfo}
            totalCount={connection?.totalCount}
            label="Pagination du registre"
            disabled={fetching}
          />
        </Stack>
      </section>
      <ExportsSection />
      <MessageModal
        opened={changing !== null}
        title={changing?.action === "withdraw" ? "Retirer l’habilitation" : "Suspendre l’habilitation"}
        label="Motif"
        description={
          changing?.action === "withdraw"
            ? "Le retrait est définitif. Aucun nouveau dossier ni aucune évaluation ne sera possible."
            : "Aucun nouveau dossier ni aucune évaluation pendant la suspension ; elle peut être levée."
        }
        requiredMessage="Indiquez le motif."
        confirmLabel={changing?.action === "withdraw" ? "Retirer l’habilitation" : "Suspendre l’habilitation"}
        confirmColor="red.9"
        loading={suspend.fetching || withdraw.fetching}
        onConfirm={onChangeStatus}
        onClose={() => setChanging(null)}
      />
      <EvaluatorsModal
        accreditation={managing}
        title={managing ? `Évaluateurs — ${describe(managing)}` : "Évaluateurs"}
        onClose={() => setManaging(null)}
        onChanged={(updated) => {
          setManaging(updated);
          refetch();
        }}
      />
    </Stack>
  );
}

function startOfYear(): string {
  return `${new Date().getFullYear()}-01-01`;
}

function ExportsSection() {
  const headingId = useId();
  const [since, setSince] = useState(startOfYear);
  const [until, setUntil] = useState(() => todayIso());
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(since) && /^\d{4}-\d{2}-\d{2}$/.test(until) && since <= until;
  const feesUrl = `/exports/fees.csv?du=${encodeURIComponent(since)}&au=${encodeURIComponent(until)}`;
  return (
    <section aria-labelledby={headingId}>
      <Title order={2} size="h3" id={headingId} mb="sm">
        Exports CSV
      </Title>
      <Stack gap="md">
        <Group>
          <Button component="a" href="/exports/accreditations.csv" download variant="default">
            Télécharger le registre des habilitations (CSV)
          </Button>
        </Group>
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm" style={{ alignItems: "end" }}>
          <DateField label="Redevances du" value={since} onChange={(value) => setSince(value)} />
          <DateField
            label="au"
            value={until}
            onChange={(value) => setUntil(value)}
            error={valid ? undefined : "Choisissez une période valide (début avant la fin)."}
          />
          {valid ? (
            <Button component="a" href={feesUrl} download variant="default">
              Télécharger les redevances (CSV)
            </Button>
          ) : (
            <Button variant="default" disabled>
              Télécharger les redevances (CSV)
            </Button>
          )}
        </SimpleGrid>
      </Stack>
    </section>
  );
}

function EvaluatorsModal({
  accreditation,
  title,
  onClose,
  onChanged,
}: {
  accreditation: Accreditation | null;
  title: string;
  onClose: () => void;
  onChanged: (accreditation: Accreditation) => void;
}) {
  const [fullName, setFullName] = useState("");
  const [email, setEmail] = useState("");
  const [qualifications, setQualifications] = useState("");
  const [errors, setErrors] = useState<{ fullName?: string; email?: string }>({});
  const [general, setGeneral] = useState<string | null>(null);
  const add = useMutationWithErrors(AddAccreditedEvaluatorMutation, (d) => d.addAccreditedEvaluator, {
    fields: ["fullName", "email"],
    onFieldErrors: setErrors,
  });
  const remove = useMutationWithErrors(RemoveAccreditedEvaluatorMutation, (d) => d.removeAccreditedEvaluator);
  const accreditationId = accreditation?.id;

  useEffect(() => {
    setFullName("");
    setEmail("");
    setQualifications("");
    setErrors({});
    setGeneral(null);
  }, [accreditationId]);

  async function onAdd(event: FormEvent) {
    event.preventDefault();
    if (!accreditation) return;
    const found = {
      fullName: fullName.trim() ? undefined : "Saisissez les prénom et nom.",
      email: validateEmail(email) ?? undefined,
    };
    setErrors(found);
    setGeneral(null);
    if (found.fullName || found.email) return;
    const outcome = await add.run({
      accreditationId: accreditation.id,
      fullName: fullName.trim(),
      email: email.trim(),
      qualifications: qualifications.trim(),
    });
    if (!outcome.ok) {
      setGeneral(refusalOf(outcome));
      return;
    }
    setFullName("");
    setEmail("");
    setQualifications("");
    if (outcome.payload.accreditation) onChanged(outcome.payload.accreditation);
  }

  async function onRemove(evaluatorEmail: string) {
    if (!accreditation) return;
    setGeneral(null);
    const outcome = await remove.run({ accreditationId: accreditation.id, email: evaluatorEmail });
    if (!outcome.ok) setGeneral(refusalOf(outcome));
    else if (outcome.payload.accreditation) onChanged(outcome.payload.accreditation);
  }

  return (
    <Modal opened={accreditation !== null} onClose={onClose} title={title} size="lg" centered>
      {accreditation && (
        <Stack gap="md">
          <FormAlert messages={[general]} title="Action impossible" />
          {accreditation.evaluators.length === 0 ? (
            <Text size="sm">Aucun évaluateur habilité.</Text>
          ) : (
            <List spacing="xs" listStyleType="none" aria-label="Évaluateurs habilités">
              {accreditation.evaluators.map((evaluator) => (
                <List.Item key={evaluator.email}>
                  <Group gap="sm" justify="space-between" wrap="nowrap">
                    <Text size="sm">
                      {evaluator.fullName} ({evaluator.email})
                      {evaluator.qualifications ? ` — ${evaluator.qualifications}` : ""}
                    </Text>
                    <Button
                      size="xs"
                      variant="default"
                      loading={remove.fetching}
                      onClick={() => void onRemove(evaluator.email)}
                      aria-label={`Retirer ${evaluator.fullName}`}
                    >
                      Retirer
                    </Button>
                  </Group>
                </List.Item>
              ))}
            </List>
          )}
          <form onSubmit={onAdd} noValidate aria-label="Ajouter un évaluateur">
            <Stack gap="sm">
              <Title order={3} size="h4">
                Ajouter un évaluateur
              </Title>
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                <TextInput
                  label="Prénom et nom"
                  required
                  value={fullName}
                  onChange={(e) => {
                    setFullName(e.currentTarget.value);
                    setErrors((c) => ({ ...c, fullName: undefined }));
                  }}
                  error={errors.fullName}
                />
                <TextInput
                  label="Adresse e-mail"
                  type="email"
                  required
                  value={email}
                  onChange={(e) => {
                    setEmail(e.currentTarget.value);
                    setErrors((c) => ({ ...c, email: undefined }));
                  }}
                  error={errors.email}
                />
              </SimpleGrid>
              <Textarea
                label="Qualifications"
                value={qualifications}
                onChange={(e) => setQualifications(e.currentTarget.value)}
                autosize
                minRows={2}
              />
              <Group justify="flex-end" gap="sm">
                <Button variant="default" onClick={onClose}>
                  Fermer
                </Button>
                <Button type="submit" loading={add.fetching}>
                  Ajouter l’évaluateur
                </Button>
              </Group>
            </Stack>
          </form>
        </Stack>
      )}
    </Modal>
  );
}
