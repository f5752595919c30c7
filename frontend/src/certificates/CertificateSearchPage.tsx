import { Button, Group, Modal, Select, Stack, Table, Text, Textarea, TextInput, Title } from "@mantine/core";
import { useDebouncedValue, useDocumentTitle } from "@mantine/hooks";
import { useEffect, useState, type FormEvent } from "react";
import { Link } from "react-router";
import { useQuery } from "urql";
import { pageTitle } from "../branding";
import { FormAlert } from "../components/FormAlert";
import { formatDay } from "../components/format";
import { LoadingState } from "../components/LoadingState";
import { OperationError } from "../components/OperationError";
import { CursorPager, PAGE_SIZE, useCursorPagination } from "../components/pagination";
import { TableScroll } from "../components/TableScroll";
import { useMutationWithErrors } from "../graphql/useMutationWithErrors";
import { useCertifications } from "../juries/useCertifications";
import { CertificateSearchQuery, RevokeCertificateMutation } from "./documents";
import { CertificateLinks, CertificateStatusBadge, paperLabel, RevocationNote, type CertificateRow } from "./parts";

const ALL = "__tous__";
const STATUS_OPTIONS = [
  { value: ALL, label: "Tous" },
  { value: "valid", label: "Valides" },
  { value: "revoked", label: "Retirés" },
];
const PAPER_OPTIONS = [
  { value: ALL, label: "Indifférent" },
  { value: "requested", label: "Copie papier demandée" },
  { value: "none", label: "Sans copie papier" },
];

/** `/plateforme/certificats` (Certif'Pro admin): every organisation's certificates, revocation. */
export function CertificateSearchPage() {
  useDocumentTitle(pageTitle("Certificats"));
  const certifications = useCertifications();
  const pagination = useCursorPagination();
  const [text, setText] = useState("");
  const [debouncedText] = useDebouncedValue(text.trim(), 300);
  const [certification, setCertification] = useState(ALL);
  const [status, setStatus] = useState(ALL);
  const [paper, setPaper] = useState(ALL);
  const { reset } = pagination;
  useEffect(() => reset(), [debouncedText, certification, status, paper, reset]);
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: CertificateSearchQuery,
    variables: {
      first: PAGE_SIZE,
      after: pagination.after,
      text: debouncedText || null,
      certificationCode: certification === ALL ? null : certification,
      revoked: status === ALL ? null : status === "revoked",
      paperRequested: paper === ALL ? null : paper === "requested",
    },
    requestPolicy: "cache-and-network",
  });
  const [revoking, setRevoking] = useState<CertificateRow | null>(null);
  const refetch = () => reexecute({ requestPolicy: "network-only" });
  const connection = data?.certificateSearch;

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end">
        <Title order={1}>Certificats</Title>
        <Button component={Link} to="/plateforme/copies-papier" variant="default">
          Copies papier à envoyer
        </Button>
      </Group>
      <Group gap="sm" align="flex-end" role="search" aria-label="Recherche de certificats">
        <TextInput
          label="Rechercher"
          type="search"
          placeholder="Titulaire, numéro ou code de vérification"
          value={text}
          onChange={(event) => setText(event.currentTarget.value)}
          miw={300}
        />
        <Select
          label="Certification"
          data={[{ value: ALL, label: "Toutes les certifications" }, ...certifications.options]}
          value={certification}
          onChange={(value) => setCertification(value ?? ALL)}
          allowDeselect={false}
          comboboxProps={{ withinPortal: true }}
          miw={260}
        />
        <Select
          label="Statut"
          data={STATUS_OPTIONS}
          value={status}
          onChange={(value) => setStatus(value ?? ALL)}
          allowDeselect={false}
          comboboxProps={{ withinPortal: true }}
        />
        <Select
          label="Copie papier"
          data={PAPER_OPTIONS}
          value={paper}
          onChange={(value) => setPaper(value ?? ALL)}
          allowDeselect={false}
          comboboxProps={{ withinPortal: true }}
        />
      </Group>
      {fetching && !data ? (
        <LoadingState label="Chargement des certificats…" />
      ) : error && !data ? (
        <OperationError message="Impossible de charger les certificats." error={error} onRetry={refetch} />
      ) : !connection || connection.edges.length === 0 ? (
        <Text>Aucun certificat ne correspond à ces critères.</Text>
      ) : (
        <TableScroll minWidth={1000} label="Certificats">
          <Table striped withTableBorder aria-label="Certificats" data-testid="certificates-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Numéro</Table.Th>
                <Table.Th scope="col">Titulaire</Table.Th>
                <Table.Th scope="col">Certification</Table.Th>
                <Table.Th scope="col">Organisme</Table.Th>
                <Table.Th scope="col">Décision du jury</Table.Th>
                <Table.Th scope="col">Statut</Table.Th>
                <Table.Th scope="col">Copie papier</Table.Th>
                <Table.Th scope="col">Actions</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {connection.edges.map(({ node }) => (
                <Table.Tr
                  key={node.id}
                  data-certificate={node.id}
                  data-dossier={node.dossierId}
                  data-code={node.verificationCode}
                >
                  <Table.Td ff="monospace">
                    {node.number}
                    <Text size="xs" ff="monospace">
                      {node.verificationCode}
                    </Text>
                  </Table.Td>
                  <Table.Td>{node.holderName}</Table.Td>
                  <Table.Td>{node.certificationTitle}</Table.Td>
                  <Table.Td>{node.organisationName}</Table.Td>
                  <Table.Td>
                    {formatDay(node.decidedOn)}
                    <Text size="xs">{node.jurySessionLabel}</Text>
                  </Table.Td>
                  <Table.Td>
                    <CertificateStatusBadge certificate={node} />
                    <RevocationNote certificate={node} />
                  </Table.Td>
                  <Table.Td>{paperLabel(node)}</Table.Td>
                  <Table.Td>
                    <Stack gap={4}>
                      <CertificateLinks certificate={node} />
                      {node.status === "VALID" && (
                        <Button
                          size="xs"
                          color="red.9"
                          onClick={() => setRevoking(node)}
                          aria-label={`Retirer le certificat ${node.number}`}
                          style={{ alignSelf: "flex-start" }}
                        >
                          Retirer
                        </Button>
                      )}
                    </Stack>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
      )}
      <CursorPager
        pagination={pagination}
        pageInfo={connection?.pageInfo}
        totalCount={connection?.totalCount}
        label="Pagination des certificats"
        disabled={fetching}
      />
      <RevokeModal certificate={revoking} onClose={() => setRevoking(null)} onDone={refetch} />
    </Stack>
  );
}

interface RevokeModalProps {
  certificate: CertificateRow | null;
  onClose: () => void;
  onDone: () => void;
}

/** Revoke a certificate: the reason is mandatory and shown on the public verification page. */
export function RevokeModal({ certificate, onClose, onDone }: RevokeModalProps) {
  const [reason, setReason] = useState("");
  const [fieldError, setFieldError] = useState<string | null>(null);
  const revoke = useMutationWithErrors(RevokeCertificateMutation, (data) => data.revokeCertificate, {
    fields: ["reason"],
    onFieldErrors: (byField) => {
      if (byField.reason) setFieldError(byField.reason);
    },
  });

  function close() {
    setReason("");
    setFieldError(null);
    revoke.setGeneral([]);
    onClose();
  }

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!certificate) return;
    revoke.setGeneral([]);
    if (!reason.trim()) {
      setFieldError("Indiquez le motif du retrait : il figure sur la page de vérification.");
      return;
    }
    const outcome = await revoke.run({ id: certificate.id, reason: reason.trim() });
    // Revoked unless refused (an answer without payload counts as revoked).
    if (!outcome.ok && (outcome.payload !== null || outcome.general.length > 0)) return;
    close();
    onDone();
  }

  return (
    <Modal opened={certificate !== null} onClose={close} title="Retirer le certificat" centered>
      {certificate && (
        <form onSubmit={onSubmit} noValidate aria-label="Retrait du certificat">
          <Stack gap="sm">
            <Text size="sm">
              Certificat {certificate.number} de {certificate.holderName} ({certificate.certificationTitle}). La page
              de vérification dira qu’il est retiré, avec le motif. Le retrait est définitif.
            </Text>
            <FormAlert messages={revoke.general} title="Retrait impossible" />
            <Textarea
              label="Motif du retrait"
              required
              autosize
              minRows={2}
              value={reason}
              onChange={(event) => {
                setReason(event.currentTarget.value);
                setFieldError(null);
              }}
              error={fieldError}
            />
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={close}>
                Annuler
              </Button>
              <Button type="submit" color="red.9" loading={revoke.fetching}>
                Retirer le certificat
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
