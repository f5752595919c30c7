import { Badge, Button, Group, List, Stack, Table, Text, Title } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useState, type FormEvent } from "react";
import { useQuery } from "urql";
import { pageTitle } from "../branding";
import { FormAlert } from "../components/FormAlert";
import { formatDateTime, formatDay } from "../components/format";
import { LoadingState } from "../components/LoadingState";
import { OperationError } from "../components/OperationError";
import { TableScroll } from "../components/TableScroll";
import { hasErrors, useForm } from "../forms/useForm";
import { required } from "../forms/validation";
import { useMutationWithErrors } from "../graphql/useMutationWithErrors";
import { CreateDeclarationBatchMutation, DeclarationsQuery } from "./documents";
import { DateField } from "../components/DateField";

const FIELDS = ["periodStart", "periodEnd"] as const;
const EMPTY = { periodStart: "", periodEnd: "" };
const VALIDATORS = {
  periodStart: required("Indiquez le premier jour de la période."),
  periodEnd: required("Indiquez le dernier jour de la période."),
};

interface Incomplete {
  certificateId: string;
  number: string;
  organisationName: string;
  missingLabels: readonly string[];
}

function download(fileName: string, content: string) {
  const url = URL.createObjectURL(new Blob([content], { type: "application/xml" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.click();
  URL.revokeObjectURL(url);
}

/** `/plateforme/declarations` (Certif'Pro): certificates to declare, batches produced. */
export function DeclarationsPage() {
  useDocumentTitle(pageTitle("Déclarations CPF"));
  const [{ data, fetching, error }, reexecute] = useQuery({ query: DeclarationsQuery });
  const refetch = () => reexecute({ requestPolicy: "network-only" });
  const form = useForm(EMPTY, VALIDATORS);
  const create = useMutationWithErrors(CreateDeclarationBatchMutation, (d) => d.createDeclarationBatch, {
    fields: FIELDS,
    onFieldErrors: form.setErrors,
  });
  const [result, setResult] = useState<{ declared: number; incomplete: Incomplete[] } | null>(null);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    create.setGeneral([]);
    if (hasErrors(form.validate())) return;
    const outcome = await create.run(form.values);
    if (outcome.ok) {
      setResult({
        declared: outcome.payload.batch?.certificateCount ?? 0,
        incomplete: [...outcome.payload.incomplete],
      });
      refetch();
    }
  }

  const pending = data?.pendingDeclarations ?? [];
  return (
    <Stack gap="xl">
      <Title order={1}>Déclarations au système d'information du CPF</Title>
      <Text>
        Chaque certificat délivré doit être déclaré dans les trois mois (« accrochage certificateur »). Le
        format du fichier est provisoire : vérifiez la spécification officielle de la Caisse des Dépôts avant
        tout envoi.
      </Text>
      <section aria-labelledby="new-batch-heading">
        <Title order={2} size="h3" id="new-batch-heading" mb="sm">
          Nouveau lot
        </Title>
        <form onSubmit={onSubmit} noValidate aria-label="Nouveau lot de déclarations">
          <Stack gap="sm">
            <FormAlert messages={create.general} title="Production impossible" />
            <Group align="flex-start">
              <DateField label="Délivrés à partir du" required {...form.dateField("periodStart")} />
              <DateField label="Jusqu'au (inclus)" required {...form.dateField("periodEnd")} />
            </Group>
            <Button type="submit" loading={create.fetching} style={{ alignSelf: "flex-start" }}>
              Produire le lot
            </Button>
            {result && (
              <div role="status">
                <Text>
                  {result.declared > 0
                    ? `${result.declared} certificat(s) déclaré(s) dans ce lot.`
                    : "Aucun certificat prêt à déclarer sur cette période."}
                </Text>
                {result.incomplete.length > 0 && (
                  <>
                    <Text fw={700}>Certificats écartés (informations manquantes) :</Text>
                    <List>
                      {result.incomplete.map((item) => (
                        <List.Item key={item.certificateId}>
                          {item.number} ({item.organisationName}) : {item.missingLabels.join(", ")}
                        </List.Item>
                      ))}
                    </List>
                  </>
                )}
              </div>
            )}
          </Stack>
        </form>
      </section>
      {fetching && !data ? (
        <LoadingState label="Chargement des déclarations…" />
      ) : error && !data ? (
        <OperationError message="Impossible de charger les déclarations." error={error} onRetry={refetch} />
      ) : (
        <>
          <section aria-labelledby="pending-heading">
            <Title order={2} size="h3" id="pending-heading" mb="sm">
              Certificats à déclarer
            </Title>
            {pending.length === 0 ? (
              <Text>Tous les certificats sont déclarés.</Text>
            ) : (
              <TableScroll minWidth={640} label="Certificats à déclarer">
                <Table striped withTableBorder aria-labelledby="pending-heading">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">Numéro</Table.Th>
                      <Table.Th scope="col">Organisme</Table.Th>
                      <Table.Th scope="col">Délivré le</Table.Th>
                      <Table.Th scope="col">À déclarer avant le</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {pending.map((item) => (
                      <Table.Tr key={item.certificateId}>
                        <Table.Td ff="monospace">{item.number}</Table.Td>
                        <Table.Td>{item.organisationName}</Table.Td>
                        <Table.Td>{formatDay(item.issuedOn)}</Table.Td>
                        <Table.Td>
                          {formatDay(item.deadline)}{" "}
                          {item.overdue ? (
                            <Badge color="red.9" variant="filled" tt="none">
                              Délai dépassé
                            </Badge>
                          ) : (
                            item.approaching && (
                              <Badge color="orange.9" variant="filled" tt="none">
                                Échéance proche
                              </Badge>
                            )
                          )}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </TableScroll>
            )}
          </section>
          <section aria-labelledby="batches-heading">
            <Title order={2} size="h3" id="batches-heading" mb="sm">
              Lots produits
            </Title>
            {(data?.declarationBatches ?? []).length === 0 ? (
              <Text>Aucun lot.</Text>
            ) : (
              <TableScroll minWidth={640} label="Lots produits">
                <Table striped withTableBorder aria-labelledby="batches-heading">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">Période</Table.Th>
                      <Table.Th scope="col">Produit le</Table.Th>
                      <Table.Th scope="col">Certificats</Table.Th>
                      <Table.Th scope="col">Fichier</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {data?.declarationBatches.map((batch) => (
                      <Table.Tr key={batch.id}>
                        <Table.Td>
                          {formatDay(batch.periodStart)} – {formatDay(batch.periodEnd)}
                        </Table.Td>
                        <Table.Td>{formatDateTime(batch.createdAt)}</Table.Td>
                        <Table.Td>{batch.certificateCount}</Table.Td>
                        <Table.Td>
                          <Button
                            size="xs"
                            variant="default"
                            onClick={() => download(batch.fileName, batch.document)}
                            aria-label={`Télécharger ${batch.fileName}`}
                          >
                            Télécharger
                          </Button>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </TableScroll>
            )}
          </section>
        </>
      )}
    </Stack>
  );
}
