import { useCallback, useEffect, useRef } from "react";
import { useMutation } from "urql";
import { useAutosave } from "../autosave/useAutosave";
import { useOperationErrors } from "../graphql/useOperationErrors";
import {
  ApplicationAutosave,
  type ApplicationAutosaveOptions,
  type ApplicationValues,
  type SaveRequest,
  type SaveResponse,
} from "./applicationAutosave";
import { SaveApplicationMutation } from "./documents";

interface UseApplicationAutosaveOptions {
  applicationId: string;
  revision: number;
  values: ApplicationValues;
  /** Read-only forms never send anything. */
  enabled: boolean;
  /** After each acknowledged save (e.g. to refresh the checklist). */
  onSaved?: () => void;
  /** Test hooks: debounce and retry delays. */
  delay?: ApplicationAutosaveOptions["delay"];
  retryDelays?: ApplicationAutosaveOptions["retryDelays"];
}

/**
 * One autosave store per mounted application form (see `applicationAutosave.ts`):
 * saves go through `saveApplication` with the revision read and the request's
 * idempotency key (kept on a retry after a network failure).
 */
export function useApplicationAutosave({
  applicationId,
  revision,
  values,
  enabled,
  onSaved,
  delay,
  retryDelays,
}: UseApplicationAutosaveOptions) {
  const [, save] = useMutation(SaveApplicationMutation);
  const handleErrors = useOperationErrors();
  const onSavedRef = useRef(onSaved);

  useEffect(() => {
    onSavedRef.current = onSaved;
  }, [onSaved]);

  const send = useCallback(
    async ({ revision: read, values: sent, idempotencyKey }: SaveRequest): Promise<SaveResponse> => {
      const result = await save({
        applicationId,
        revision: read,
        network: sent.network,
        sites: sent.sites,
        declarations: sent.declarations,
        idempotencyKey,
      });
      if (result.error) {
        if (result.error.networkError) return { kind: "network" };
        return { kind: "failed", message: handleErrors(result.error) ?? "Erreur inattendue." };
      }
      const payload = result.data?.saveApplication;
      if (!payload) return { kind: "network" };
      if (payload.errors.length > 0) {
        const stale = payload.errors.find((error) => error.code === "STALE_REVISION");
        if (stale) return { kind: "conflict", message: stale.message };
        const state = payload.errors.find((error) => error.code === "INVALID_STATE" || error.code === "NOT_FOUND");
        if (state) return { kind: "failed", message: state.message };
        return { kind: "invalid", errors: payload.errors };
      }
      onSavedRef.current?.();
      return { kind: "saved", revision: payload.application?.revision ?? read + 1 };
    },
    [save, handleErrors, applicationId],
  );

  return useAutosave({
    send,
    offline: { kind: "network" } as SaveResponse,
    enabled,
    create: (send) => new ApplicationAutosave({ revision, values, delay, retryDelays, send }),
    // Leaving the tab with unsaved changes asks first.
    unsaved: (snapshot) => snapshot.dirty && enabled,
  });
}
