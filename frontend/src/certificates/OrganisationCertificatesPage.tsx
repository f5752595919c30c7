import { Anchor, Group, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useDebouncedValue, useDocumentTitle } from "@mantine/hooks";
import { useEffect, useState } from "react";
import { Link } from "react-router";
import { useQuery } from "urql";
import { useViewer } from "../auth/session";
import { pageTitle } from "../branding";
import { formatDay } from "../components/format";
import { LoadingState } from "../components/LoadingState";
import { OperationError } from "../components/OperationError";
import { CursorPager, PAGE_SIZE, useCursorPagination } from "../components/pagination";
import { TableScroll } from "../components/TableScroll";
import { canManageDossiers } from "../pathway/permissions";
import { OrganisationCertificatesQuery } from "./documents";
import { CertificateLinks, CertificateStatusBadge, paperLabel, RevocationNote } from "./parts";
import { RequestPaperCopyButton } from "./RequestPaperCopyButton";

/**
 * `/certificats` (members of the active organisation): the certificates of its candidates,
 * PDF and Open Badges downloads, paper copies (admins and advisers ask for them).
 */
export function OrganisationCertificatesPage() {
  useDocumentTitle(pageTitle("Certificats"));
  const { viewer } = useViewer();
  const mayRequestPaper = canManageDossiers(viewer);
  const pagination = useCursorPagination();
  const [text, setText] = useState("");
  const [debouncedText] = useDebouncedValue(text.trim(), 300);
  const { reset } = pagination;
  useEffect(() => reset(), [debouncedText, reset]);
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: OrganisationCertificatesQuery,
    variables: { first: PAGE_SIZE, after: pagination.after, text: debouncedText || null, dossierId: null },
    requestPolicy: "cache-and-network",
  });
  const refetch = () => reexecute({ requestPolicy: "network-only" });
  const connection = data?.certificates;

  return (
    <Stack gap="lg">
      <Title order={1}>Certificats</Title>
      <Text size="sm">
        Certificats délivrés à vos candidats sur décision d’un jury paritaire. Le PDF porte un code de vérification et
        une signature électronique ; le badge numérique (Open Badges 3.0) se remet au titulaire.
      </Text>
      <Group gap="sm" align="flex-end" role="search" aria-label="Recherche de certificats">
        <TextInput
          label="Rechercher"
          type="search"
          placeholder="Titulaire, numéro ou code de vérification"
          value={text}
          onChange={(event) => setText(event.currentTarget.value)}
          miw={300}
        />
      </Group>
      {fetching && !data ? (
        <LoadingState label="Chargement des certificats…" />
      ) : error && !data ? (
        <OperationError message="Impossible de charger les certificats." error={error} onRetry={refetch} />
      ) : !connection || connection.edges.length === 0 ? (
        <Text>Aucun certificat{debouncedText ? " ne correspond à cette recherche" : " pour l’instant"}.</Text>
      ) : (
        <TableScroll minWidth={900} label="Certificats de l’organisation">
          <Table striped withTableBorder aria-label="Certificats de l’organisation" data-testid="certificates-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Titulaire</Table.Th>
                <Table.Th scope="col">Certification</Table.Th>
                <Table.Th scope="col">Numéro</Table.Th>
                <Table.Th scope="col">Décision du jury</Table.Th>
                <Table.Th scope="col">Statut</Table.Th>
                <Table.Th scope="col">Copie papier</Table.Th>
                <Table.Th scope="col">Documents</Table.Th>
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
                  <Table.Td>
                    <Anchor component={Link} to={`/dossiers/${node.dossierId}`}>
                      {node.holderName}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{node.certificationTitle}</Table.Td>
                  <Table.Td ff="monospace">{node.number}</Table.Td>
                  <Table.Td>{formatDay(node.decidedOn)}</Table.Td>
                  <Table.Td>
                    <CertificateStatusBadge certificate={node} />
                    <RevocationNote certificate={node} />
                  </Table.Td>
                  <Table.Td>
                    <Stack gap={4}>
                      <Text size="sm">{paperLabel(node)}</Text>
                      {mayRequestPaper && <RequestPaperCopyButton certificate={node} onDone={refetch} />}
                    </Stack>
                  </Table.Td>
                  <Table.Td>
                    <CertificateLinks certificate={node} badge={node.status === "VALID"} />
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
    </Stack>
  );
}
