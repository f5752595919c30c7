import { useEffect, useRef, useState, useSyncExternalStore } from "react";
import { useMutation } from "urql";
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
  const sendRef = useRef<((request: SaveRequest) => Promise<SaveResponse>) | null>(null);
  const onSavedRef = useRef(onSaved);

  useEffect(() => {
    onSavedRef.current = onSaved;
  }, [onSaved]);

  useEffect(() => {
    sendRef.current = async ({ revision: read, values: sent, idempotencyKey }) => {
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
    };
  }, [save, handleErrors, applicationId]);

  const [store] = useState(
    () =>
      new ApplicationAutosave({
        revision,
        values,
        delay,
        retryDelays,
        send: (request) =>
          sendRef.current ? sendRef.current(request) : Promise.resolve({ kind: "network" as const }),
      }),
  );

  useEffect(() => {
    if (!enabled) return;
    store.start();
    return () => store.stop();
  }, [store, enabled]);

  const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot);

  // Warn before leaving the tab with unsaved changes.
  useEffect(() => {
    if (!snapshot.dirty || !enabled) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => window.removeEventListener("beforeunload", onBeforeUnload);
  }, [snapshot.dirty, enabled]);

  return { store, snapshot };
}
