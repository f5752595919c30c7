import { Alert, Text } from "@mantine/core";
import { useEffect, useRef } from "react";
import { Navigate, useLocation } from "react-router";
import type { CombinedError } from "urql";
import { loginPath } from "../auth/redirect";
import { useViewer } from "../auth/session";
import { isForbidden, isUnauthenticated } from "../graphql/errors";
import { QueryError } from "./QueryError";

interface OperationErrorProps {
  /** French sentence describing what could not be loaded. */
  message: string;
  error: CombinedError;
  onRetry?: () => void;
}

/** "Accès refusé" alert (top-level FORBIDDEN errors, or a role the viewer lacks). */
export function ForbiddenAlert({ children }: { children?: React.ReactNode }) {
  return (
    <Alert color="red" variant="light" title="Accès refusé" role="alert" data-testid="forbidden">
      <Text size="sm">
        {children ?? "Vous n’avez pas les droits nécessaires pour consulter cette page."}
      </Text>
    </Alert>
  );
}

/**
 * Query failure: UNAUTHENTICATED → redirect to `/connexion` (and back here
 * afterwards), FORBIDDEN → "Accès refusé", anything else → QueryError.
 */
export function OperationError({ message, error, onRetry }: OperationErrorProps) {
  const location = useLocation();
  if (isUnauthenticated(error)) {
    return <SessionExpired to={loginPath(location.pathname + location.search)} />;
  }
  if (isForbidden(error)) return <ForbiddenAlert />;
  return <QueryError message={message} error={error} onRetry={onRetry} />;
}

/** Session gone: ask the server for the viewer again and go to the login page. */
function SessionExpired({ to }: { to: string }) {
  const { refresh } = useViewer();
  const refreshed = useRef(false);
  useEffect(() => {
    if (refreshed.current) return;
    refreshed.current = true;
    refresh();
  }, [refresh]);
  return <Navigate to={to} replace />;
}
