import { Alert, Anchor, Breadcrumbs, Button, Checkbox, Group, Stack, Table, Text, Title } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useState } from "react";
import { Link } from "react-router";
import { useQuery } from "urql";
import { pageTitle } from "../branding";
import { FormAlert } from "../components/FormAlert";
import { formatDay } from "../components/format";
import { LoadingState } from "../components/LoadingState";
import { OperationError } from "../components/OperationError";
import { toggled, toggledAll } from "../components/selection";
import { TableScroll } from "../components/TableScroll";
import { useMutationWithErrors } from "../graphql/useMutationWithErrors";
import { MarkPaperSentMutation, PaperQueueQuery } from "./documents";

/** Where the queue is printed as one PDF (one page per certificate). */
export const PAPER_BATCH_PDF = "/documents/certificates/paper-queue.pdf";

/** `/plateforme/copies-papier` (Certif'Pro admin): print the requested copies, record the posting. */
export function PaperQueuePage() {
  useDocumentTitle(pageTitle("Copies papier"));
  const [{ data, fetching, error }, reexecute] = useQuery({ query: PaperQueueQuery, requestPolicy: "cache-and-network" });
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [sent, setSent] = useState<number | null>(null);
  const markSent = useMutationWithErrors(MarkPaperSentMutation, (data) => data.markPaperSent);
  const refetch = () => reexecute({ requestPolicy: "network-only" });
  const queue = data?.paperQueue ?? [];
  const ids = queue.map((c) => c.id);
  const chosen = ids.filter((id) => selected.has(id));
  const allSelected = ids.length > 0 && chosen.length === ids.length;

  async function onMarkSent() {
    markSent.setGeneral([]);
    setSent(null);
    if (chosen.length === 0) return;
    const outcome = await markSent.run({ ids: chosen });
    // Recorded unless refused (an answer without payload counts as recorded).
    if (!outcome.ok && outcome.general.length > 0) return;
    setSent(chosen.length);
    setSelected(new Set());
    refetch();
  }

  return (
    <Stack gap="lg">
      <Breadcrumbs component="nav" aria-label="Fil d’Ariane" separator="›">
        <Anchor component={Link} to="/plateforme/certificats">
          Certificats
        </Anchor>
        <Text span aria-current="page">
          Copies papier
        </Text>
      </Breadcrumbs>
      <Title order={1}>Copies papier à envoyer</Title>
      <Text size="sm">
        Copies demandées par les organismes et pas encore envoyées, de la plus ancienne demande à la plus récente (200
        au plus par lot). Imprimez le lot, postez les copies, puis cochez-les pour enregistrer l’envoi.
      </Text>
      {sent !== null && (
        <Alert color="green" variant="light" role="status" title="Envoi enregistré">
          <Text size="sm">{sent > 1 ? `${sent} copies marquées comme envoyées.` : "1 copie marquée comme envoyée."}</Text>
        </Alert>
      )}
      <FormAlert messages={markSent.general} title="Enregistrement impossible" />
      {fetching && !data ? (
        <LoadingState label="Chargement des copies à envoyer…" />
      ) : error && !data ? (
        <OperationError message="Impossible de charger les copies papier." error={error} onRetry={refetch} />
      ) : queue.length === 0 ? (
        <Text data-testid="paper-queue-empty">Aucune copie papier en attente.</Text>
      ) : (
        <>
          <Group gap="sm">
            <Button component="a" href={PAPER_BATCH_PDF} variant="default">
              Imprimer le lot (PDF, {queue.length} page{queue.length > 1 ? "s" : ""})
            </Button>
            <Button onClick={() => void onMarkSent()} loading={markSent.fetching} disabled={chosen.length === 0}>
              {chosen.length > 0 ? `Marquer comme envoyées (${chosen.length})` : "Marquer comme envoyées"}
            </Button>
          </Group>
          <TableScroll minWidth={820} label="Copies papier à envoyer">
            <Table striped withTableBorder aria-label="Copies papier à envoyer" data-testid="paper-queue">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col" w={48}>
                    <Checkbox
                      aria-label="Tout sélectionner"
                      checked={allSelected}
                      indeterminate={chosen.length > 0 && !allSelected}
                      onChange={() => setSelected((current) => toggledAll(current, ids))}
                    />
                  </Table.Th>
                  <Table.Th scope="col">Certificat</Table.Th>
                  <Table.Th scope="col">Titulaire et adresse</Table.Th>
                  <Table.Th scope="col">Organisme</Table.Th>
                  <Table.Th scope="col">Demandée le</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {queue.map((certificate) => (
                  <Table.Tr key={certificate.id} data-certificate={certificate.id}>
                    <Table.Td>
                      <Checkbox
                        aria-label={`Sélectionner la copie de ${certificate.holderName} (${certificate.number})`}
                        checked={selected.has(certificate.id)}
                        onChange={() => setSelected((current) => toggled(current, certificate.id))}
                      />
                    </Table.Td>
                    <Table.Td ff="monospace">{certificate.number}</Table.Td>
                    <Table.Td>
                      <Text size="sm" style={{ whiteSpace: "pre-line" }}>
                        {certificate.paperAddress || certificate.holderName}
                      </Text>
                    </Table.Td>
                    <Table.Td>{certificate.organisationName}</Table.Td>
                    <Table.Td>{formatDay(certificate.paperRequestedAt)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </TableScroll>
        </>
      )}
    </Stack>
  );
}
