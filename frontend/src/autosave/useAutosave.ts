import { useEffect, useRef, useState, useSyncExternalStore } from "react";
import type { AutosaveStore } from "./engine";

type Send<Request, Response> = (request: Request) => Promise<Response>;

type SnapshotOf<Store extends AutosaveStore<unknown>> = ReturnType<Store["getSnapshot"]>;

interface UseAutosaveOptions<Request, Response, Store extends AutosaveStore<unknown>> {
  /** Builds the screen's engine once; its requests go through `send`. */
  create: (send: Send<Request, Response>) => Store;
  /** Runs one save (usually a mutation); the latest one is always used. */
  send: Send<Request, Response>;
  /** What a save answers before `send` is ready: a network failure, retried. */
  offline: Response;
  /** Read-only screens never start the engine. */
  enabled: boolean;
  /** True while leaving the tab would lose something: the browser asks first. */
  unsaved: (snapshot: SnapshotOf<Store>) => boolean;
}

/**
 * The React glue of every autosave engine (`engine.ts`): one engine per mounted
 * screen, started while `enabled`, its snapshot as state, and the browser's
 * "leave this page?" prompt while changes are unsaved.
 */
export function useAutosave<Request, Response, Store extends AutosaveStore<unknown>>(
  options: UseAutosaveOptions<Request, Response, Store>,
): { store: Store; snapshot: SnapshotOf<Store> } {
  const { create, send, offline, enabled, unsaved } = options;
  const sendRef = useRef<Send<Request, Response> | null>(null);

  useEffect(() => {
    sendRef.current = send;
  }, [send]);

  const [store] = useState(() =>
    create((request) => (sendRef.current ? sendRef.current(request) : Promise.resolve(offline))),
  );

  useEffect(() => {
    if (!enabled) return;
    store.start();
    return () => store.stop();
  }, [store, enabled]);

  const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot) as SnapshotOf<Store>;

  const leaving = unsaved(snapshot);
  useEffect(() => {
    if (!leaving) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => window.removeEventListener("beforeunload", onBeforeUnload);
  }, [leaving]);

  return { store, snapshot };
}
