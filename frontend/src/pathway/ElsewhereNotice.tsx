import { Alert, List, Text } from "@mantine/core";
import { useQuery } from "urql";
import { DossiersElsewhereQuery } from "./documents";

/** The person's active dossiers elsewhere, when they agreed to share them there. */
export function ElsewhereNotice({ candidateId }: { candidateId: string }) {
  const [{ data }] = useQuery({ query: DossiersElsewhereQuery, variables: { candidateId } });
  const elsewhere = data?.dossiersElsewhere ?? [];
  if (elsewhere.length === 0) return null;
  return (
    <Alert color="yellow" title="Cette personne est déjà suivie dans un autre organisme" data-testid="elsewhere">
      <List size="sm">
        {elsewhere.map((d) => (
          <List.Item key={`${d.certificationCode}-${d.organisationName}`}>
            {d.certificationCode} chez « {d.organisationName} » ({d.statusLabel})
          </List.Item>
        ))}
      </List>
      <Text size="sm" mt="xs">
        Une personne ne suit qu’un dossier actif par certification : pour celle-ci, proposez-lui de demander le
        transfert de son dossier.
      </Text>
    </Alert>
  );
}
