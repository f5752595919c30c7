import { Alert, Button, Checkbox, Group, Select, Stack, Table, Text, Title } from "@mantine/core";
import { useEffect, useId, useMemo, useState } from "react";
import { useQuery } from "urql";
import { FormAlert } from "../components/FormAlert";
import { formatDay } from "../components/format";
import { LoadingState } from "../components/LoadingState";
import { OperationError } from "../components/OperationError";
import { toggled, toggledAll } from "../components/selection";
import { TableScroll } from "../components/TableScroll";
import { useMutationWithErrors } from "../graphql/useMutationWithErrors";
import { REGIONS } from "../organisation/regions";
import { AddToJuryAgendaMutation, ReadyForJuryQuery } from "./documents";

const ALL = "__toutes__";
const REGION_OPTIONS = [{ value: ALL, label: "Toutes les régions" }, ...REGIONS.map((r) => ({ value: r, label: r }))];

interface ReadyPoolProps {
  sessionId: string;
  /** The session's certifications: only these dossiers may go on its agenda. */
  certificationCodes: readonly string[];
  /** Région filter to start with (the session's). */
  region: string;
  titleOf: (code: string) => string;
  onAdded: () => void;
}

/**
 * « Prêt pour le jury » dossiers of every organisation (`readyForJury`, audited), filtered
 * by certification and région; several are selected and put on the agenda at once.
 */
export function ReadyPool({ sessionId, certificationCodes, region, titleOf, onAdded }: ReadyPoolProps) {
  const headingId = useId();
  const [certification, setCertification] = useState<string>(
    certificationCodes.length === 1 ? (certificationCodes[0] ?? ALL) : ALL,
  );
  const [regionFilter, setRegionFilter] = useState<string>(region || ALL);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [added, setAdded] = useState<number | null>(null);
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: ReadyForJuryQuery,
    variables: {
      certificationCode: certification === ALL ? null : certification,
      region: regionFilter === ALL ? null : regionFilter,
    },
    requestPolicy: "cache-and-network",
  });
  const addToAgenda = useMutationWithErrors(AddToJuryAgendaMutation, (data) => data.addToJuryAgenda);
  const refetch = () => reexecute({ requestPolicy: "network-only" });

  const dossiers = useMemo(
    () => (data?.readyForJury ?? []).filter((d) => certificationCodes.includes(d.certificationCode)),
    [data, certificationCodes],
  );
  const visible = dossiers.map((d) => d.dossierId);
  const visibleKey = visible.join(",");
  // Forget selections that left the list (filters changed, or added elsewhere).
  useEffect(() => {
    const shown = new Set(visibleKey.split(","));
    setSelected((current) => {
      const kept = new Set([...current].filter((id) => shown.has(id)));
      return kept.size === current.size ? current : kept;
    });
  }, [visibleKey]);

  const allSelected = visible.length > 0 && visible.every((id) => selected.has(id));
  const someSelected = visible.some((id) => selected.has(id));

  async function onAdd() {
    addToAgenda.setGeneral([]);
    setAdded(null);
    const dossierIds = visible.filter((id) => selected.has(id));
    if (dossierIds.length === 0) return;
    const outcome = await addToAgenda.run({ sessionId, dossierIds });
    // Added unless refused (an answer without payload counts as added).
    if (!outcome.ok && outcome.general.length > 0) return;
    setAdded(dossierIds.length);
    setSelected(new Set());
    refetch();
    onAdded();
  }

  const certificationOptions = [
    ...(certificationCodes.length > 1 ? [{ value: ALL, label: "Toutes les certifications de la session" }] : []),
    ...certificationCodes.map((code) => ({ value: code, label: titleOf(code) })),
  ];

  return (
    <section aria-labelledby={headingId} data-testid="ready-pool">
      <Stack gap="sm">
        <Title order={2} size="h3" id={headingId}>
          Dossiers prêts pour le jury
        </Title>
        <Text size="sm">
          Dossiers « prêt pour le jury » de tous les organismes (consultation tracée au journal d’audit). Cochez ceux
          à inscrire à l’ordre du jour : ils passent « soumis au jury ».
        </Text>
        <Group gap="sm" align="flex-end" role="search" aria-label="Filtres des dossiers prêts">
          <Select
            label="Certification"
            data={certificationOptions}
            value={certification}
            onChange={(value) => setCertification(value ?? ALL)}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
            miw={260}
          />
          <Select
            label="Région"
            data={REGION_OPTIONS}
            value={regionFilter}
            onChange={(value) => setRegionFilter(value ?? ALL)}
            allowDeselect={false}
            searchable
            comboboxProps={{ withinPortal: true }}
          />
        </Group>
        {added !== null && (
          <Alert color="green" variant="light" role="status" title="Ordre du jour complété">
            <Text size="sm">
              {added > 1
                ? `${added} dossiers inscrits à l’ordre du jour.`
                : "1 dossier inscrit à l’ordre du jour."}
            </Text>
          </Alert>
        )}
        <FormAlert messages={addToAgenda.general} title="Inscription impossible" />
        {fetching && !data ? (
          <LoadingState label="Chargement des dossiers prêts pour le jury…" />
        ) : error && !data ? (
          <OperationError message="Impossible de charger les dossiers prêts." error={error} onRetry={refetch} />
        ) : dossiers.length === 0 ? (
          <Text data-testid="ready-pool-empty">Aucun dossier prêt pour le jury ne correspond à ces critères.</Text>
        ) : (
          <TableScroll minWidth={760} label="Dossiers prêts pour le jury">
            <Table striped withTableBorder aria-labelledby={headingId}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col" w={48}>
                    <Checkbox
                      aria-label="Tout sélectionner"
                      checked={allSelected}
                      indeterminate={someSelected && !allSelected}
                      onChange={() => setSelected((current) => toggledAll(current, visible))}
                    />
                  </Table.Th>
                  <Table.Th scope="col">Candidat</Table.Th>
                  <Table.Th scope="col">Organisme</Table.Th>
                  <Table.Th scope="col">Région</Table.Th>
                  <Table.Th scope="col">Certification</Table.Th>
                  <Table.Th scope="col">Prêt depuis le</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {dossiers.map((dossier) => (
                  <Table.Tr key={dossier.dossierId} data-dossier={dossier.dossierId}>
                    <Table.Td>
                      <Checkbox
                        aria-label={`Sélectionner ${dossier.holderName}`}
                        checked={selected.has(dossier.dossierId)}
                        onChange={() => setSelected((current) => toggled(current, dossier.dossierId))}
                      />
                    </Table.Td>
                    <Table.Td>{dossier.holderName}</Table.Td>
                    <Table.Td>{dossier.organisationName}</Table.Td>
                    <Table.Td>{dossier.region}</Table.Td>
                    <Table.Td>{titleOf(dossier.certificationCode)}</Table.Td>
                    <Table.Td>{formatDay(dossier.readySince)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </TableScroll>
        )}
        <Button
          onClick={() => void onAdd()}
          loading={addToAgenda.fetching}
          disabled={!someSelected}
          style={{ alignSelf: "flex-start" }}
        >
          {someSelected
            ? `Inscrire à l’ordre du jour (${visible.filter((id) => selected.has(id)).length})`
            : "Inscrire à l’ordre du jour"}
        </Button>
      </Stack>
    </section>
  );
}
