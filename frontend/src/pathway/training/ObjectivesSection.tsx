import { Button, Group, Select, Stack, Text, Textarea, Title, VisuallyHidden } from "@mantine/core";
import { useState } from "react";
import type { FlatItem } from "../../referentiel/tree";
import { itemLabel } from "../referentiel";
import type { Objective } from "./planDraft";

interface ObjectivesSectionProps {
  objectives: readonly Objective[];
  leaves: readonly FlatItem[];
  titles: Map<string, string>;
  editable: boolean;
  error?: string;
  /** The new objectives, and whether an item was added (its error then clears). */
  onChange: (objectives: Objective[], added?: boolean) => void;
  byOrder: (a: string, b: string) => number;
}

/** One pedagogical objective per targeted item: edited, removed, or added from the référentiel. */
export function ObjectivesSection({ objectives, leaves, titles, editable, error, onChange, byOrder }: ObjectivesSectionProps) {
  const [adding, setAdding] = useState<string | null>(null);
  const chosen = new Set(objectives.map((o) => o.itemCode));
  const addable = leaves.filter((leaf) => !chosen.has(leaf.code));

  function addItem() {
    if (!adding) return;
    const title = titles.get(adding) ?? adding;
    onChange(
      [...objectives, { itemCode: adding, objective: `Acquérir : ${title}` }].sort((a, b) => byOrder(a.itemCode, b.itemCode)),
      true,
    );
    setAdding(null);
  }

  return (
    <section aria-labelledby="objectifs-titre">
      <Stack gap="sm">
        <Title order={2} size="h3" id="objectifs-titre">
          Objectifs pédagogiques
        </Title>
        {error && (
          <Text c="red.9" size="sm" role="alert">
            {error}
          </Text>
        )}
        {objectives.length === 0 && <Text size="sm">Aucun item visé.</Text>}
        {objectives.map((objective, index) => (
          <Group key={objective.itemCode} align="flex-end" gap="sm" wrap="nowrap" data-objective={objective.itemCode}>
            <Textarea
              style={{ flex: 1 }}
              label={itemLabel(objective.itemCode, titles)}
              description="Objectif pédagogique"
              autosize
              minRows={2}
              value={objective.objective}
              onChange={(event) => {
                const text = event.currentTarget.value;
                onChange(objectives.map((o, i) => (i === index ? { ...o, objective: text } : o)));
              }}
            />
            {editable && (
              <Button
                variant="default"
                onClick={() => onChange(objectives.filter((o) => o.itemCode !== objective.itemCode))}
              >
                Retirer{" "}<VisuallyHidden>l’item {objective.itemCode}</VisuallyHidden>
              </Button>
            )}
          </Group>
        ))}
        {editable && (
          <Group align="flex-end" gap="sm">
            <Select
              style={{ flex: 1, minWidth: "16rem" }}
              label="Ajouter un item"
              placeholder="Choisir un item du référentiel"
              data={addable.map((leaf) => ({ value: leaf.code, label: `${leaf.code} ${leaf.title}` }))}
              value={adding}
              onChange={setAdding}
              searchable
              nothingFoundMessage="Aucun item"
              comboboxProps={{ withinPortal: true }}
            />
            <Button variant="default" onClick={addItem} disabled={!adding}>
              Ajouter l’item
            </Button>
          </Group>
        )}
      </Stack>
    </section>
  );
}
