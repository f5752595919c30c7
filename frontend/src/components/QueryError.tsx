import { Alert, Button, Stack, Text } from "@mantine/core";
import type { CombinedError } from "urql";

interface QueryErrorProps {
  /** French sentence describing what could not be loaded. */
  message: string;
  error?: CombinedError;
  onRetry?: () => void;
}

/** Human description of a urql error, in French. */
export function describeError(error: CombinedError | undefined): string | null {
  if (!error) return null;
  if (error.networkError) {
    return "Le serveur est injoignable ou a renvoyé une réponse invalide.";
  }
  const messages = error.graphQLErrors.map((e) => e.message).filter(Boolean);
  return messages.length > 0
    ? `Le serveur a renvoyé une erreur : ${messages.join(" ; ")}`
    : null;
}

/** Red alert shown when the network or the GraphQL API fails. */
export function QueryError({ message, error, onRetry }: QueryErrorProps) {
  const detail = describeError(error);
  return (
    <Alert color="red" variant="light" title="Erreur de chargement" role="alert">
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{message}</Text>
        {detail && <Text size="sm">{detail}</Text>}
        {onRetry && (
          <Button size="xs" color="red.9" variant="filled" onClick={onRetry}>
            Réessayer
          </Button>
        )}
      </Stack>
    </Alert>
  );
}
