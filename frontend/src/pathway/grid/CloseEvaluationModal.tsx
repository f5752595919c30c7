import { Alert, Anchor, Button, Group, List, Modal, Stack, Text } from "@mantine/core";
import { useEffect, useState } from "react";
import { useMutationWithErrors } from "../../graphql/useMutationWithErrors";
import { itemLabel } from "../referentiel";
import { CloseEvaluationMutation } from "./documents";

export interface CloseEvaluationModalProps {
  opened: boolean;
  onClose: () => void;
  evaluationId: string;
  kindLabel: string;
  /** Criteria without a value on screen. */
  missing: readonly string[];
  titles: Map<string, string>;
  /** Closes the dialog and takes the user to a criterion. */
  onGoTo: (code: string) => void;
  whenSettled: () => Promise<boolean>;
  onClosed: () => void;
}

/** Confirmation, then `closeEvaluation`; INCOMPLETE lists the items without a result. */
export function CloseEvaluationModal({
  opened,
  onClose,
  evaluationId,
  kindLabel,
  missing,
  titles,
  onGoTo,
  whenSettled,
  onClosed,
}: CloseEvaluationModalProps) {
  const closeEvaluation = useMutationWithErrors(CloseEvaluationMutation, (d) => d.closeEvaluation);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; items: string[] } | null>(null);

  useEffect(() => {
    if (opened) setError(null);
  }, [opened]);

  async function onConfirm() {
    setBusy(true);
    setError(null);
    try {
      const settled = await whenSettled();
      if (!settled) {
        setError({
          message:
            "Des saisies ne sont pas encore enregistrées (conflit, erreur ou connexion perdue) : réglez ce problème avant de clore.",
          items: [],
        });
        return;
      }
      const outcome = await closeEvaluation.run({ evaluationId });
      if (!outcome.ok) {
        const problems = outcome.payload?.errors ?? [];
        setError({
          message: outcome.general.join(" ") || "La clôture n’a pas abouti : réessayez.",
          // The criteria still without a result, each linked in the dialog.
          items: problems.flatMap((e) => (e.code === "INCOMPLETE" ? e.items : [])),
        });
        return;
      }
      onClosed();
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal opened={opened} onClose={onClose} title="Clore l’évaluation" centered size="lg">
      <Stack gap="md">
        <Text size="sm">
          Une fois close, l’{kindLabel.toLocaleLowerCase("fr")} ne peut plus être modifiée : elle est notée, et le
          dossier passe au jury si tout est acquis, ou en formation sinon.
        </Text>
        {missing.length > 0 && (
          <Stack gap={4} data-testid="missing-on-screen">
            <Text size="sm" fw={600}>
              {missing.length === 1
                ? "1 critère n’a pas de résultat : complétez-le avant de clore."
                : `${missing.length} critères n’ont pas de résultat : complétez-les avant de clore.`}
            </Text>
            <List size="sm">
              {missing.slice(0, 20).map((code) => (
                <List.Item key={code}>
                  <Anchor component="button" type="button" size="sm" onClick={() => onGoTo(code)}>
                    {itemLabel(code, titles)}
                  </Anchor>
                </List.Item>
              ))}
              {missing.length > 20 && <List.Item>… et {missing.length - 20} autres</List.Item>}
            </List>
          </Stack>
        )}
        {error && (
          <Alert color="red" variant="light" title="Clôture impossible" role="alert" data-testid="close-error">
            <Stack gap="xs">
              <Text size="sm">{error.message}</Text>
              {error.items.length > 0 && (
                <List size="sm" data-testid="missing-items">
                  {error.items.map((code) => (
                    <List.Item key={code}>{itemLabel(code, titles)}</List.Item>
                  ))}
                </List>
              )}
            </Stack>
          </Alert>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            Annuler
          </Button>
          <Button onClick={() => void onConfirm()} loading={busy} disabled={missing.length > 0}>
            Confirmer la clôture
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
