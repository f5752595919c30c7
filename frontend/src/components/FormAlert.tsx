import { Alert, List, Text } from "@mantine/core";

interface FormAlertProps {
  messages: readonly (string | null | undefined)[];
  title?: string;
}

/** Errors not attached to a field (server messages are already French). */
export function FormAlert({ messages, title = "Impossible d’enregistrer" }: FormAlertProps) {
  const shown = messages.filter((m): m is string => Boolean(m));
  if (shown.length === 0) return null;
  return (
    <Alert color="red" variant="light" title={title} role="alert">
      {shown.length === 1 ? (
        <Text size="sm">{shown[0]}</Text>
      ) : (
        <List size="sm">
          {shown.map((message) => (
            <List.Item key={message}>{message}</List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}
