import { useCallback } from "react";
import { useLocation, useNavigate } from "react-router";
import type { CombinedError } from "urql";
import { describeError } from "../components/QueryError";
import { loginPath } from "../auth/redirect";
import { useViewer } from "../auth/session";
import { isForbidden, isUnauthenticated } from "./errors";

export const FORBIDDEN_MESSAGE = "Accès refusé : vous n’avez pas les droits nécessaires pour cette action.";

/**
 * Handles top-level errors of a mutation result: UNAUTHENTICATED redirects to
 * the login page (coming back here afterwards); returns a French message for
 * anything else (null when there is no error).
 */
export function useOperationErrors() {
  const navigate = useNavigate();
  const location = useLocation();
  const { refresh } = useViewer();
  return useCallback(
    (error: CombinedError | undefined): string | null => {
      if (!error) return null;
      if (isUnauthenticated(error)) {
        void navigate(loginPath(location.pathname + location.search), { replace: true });
        refresh();
        return "Votre session a expiré : reconnectez-vous.";
      }
      if (isForbidden(error)) return FORBIDDEN_MESSAGE;
      return describeError(error) ?? "Une erreur inattendue est survenue.";
    },
    [navigate, location.pathname, location.search, refresh],
  );
}
