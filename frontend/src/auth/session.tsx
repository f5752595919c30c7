import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";
import { Provider as UrqlProvider, useQuery, type Client, type CombinedError } from "urql";
import type { ViewerFieldsFragment } from "../gql/graphql";
import { ViewerQuery } from "./documents";

export type Viewer = ViewerFieldsFragment;

interface SessionContextValue {
  /** Increments at every reset: key for whatever must remount. */
  epoch: number;
  /**
   * Forget every cached result (new urql client when a factory is given)
   * and remount the routes so every query refetches: after login, logout or
   * an organisation switch.
   */
  resetSession: () => void;
}

const SessionContext = createContext<SessionContextValue>({ epoch: 0, resetSession: () => {} });

interface SessionProviderProps {
  /** The first client (and the only one when `createClient` is absent, e.g. in tests). */
  client: Client;
  createClient?: () => Client;
  children: ReactNode;
}

/** Provides the urql client and the means to drop its cache. */
export function SessionProvider({ client, createClient, children }: SessionProviderProps) {
  const [state, setState] = useState({ client, epoch: 0 });
  const resetSession = useCallback(() => {
    setState((current) => ({
      client: createClient ? createClient() : current.client,
      epoch: current.epoch + 1,
    }));
  }, [createClient]);
  const value = useMemo(() => ({ epoch: state.epoch, resetSession }), [state.epoch, resetSession]);
  return (
    <SessionContext.Provider value={value}>
      <UrqlProvider value={state.client}>{children}</UrqlProvider>
    </SessionContext.Provider>
  );
}

export function useSession(): SessionContextValue {
  return useContext(SessionContext);
}

interface ViewerContextValue {
  /** Null when logged out (or while loading / when the viewer query failed). */
  viewer: Viewer | null;
  /** True until the first viewer answer. */
  loading: boolean;
  error?: CombinedError;
  /** Asks the server again (network-only), e.g. after an UNAUTHENTICATED error. */
  refresh: () => void;
}

const ViewerContext = createContext<ViewerContextValue>({
  viewer: null,
  loading: false,
  refresh: () => {},
});

/** Runs the `viewer` query once for the whole app. */
export function ViewerProvider({ children }: { children: ReactNode }) {
  const [{ data, fetching, error }, reexecute] = useQuery({ query: ViewerQuery });
  // `data.viewer` is undefined when a test mock answers another query.
  const viewer = data?.viewer ?? null;
  const refresh = useCallback(() => reexecute({ requestPolicy: "network-only" }), [reexecute]);
  const value = useMemo(
    () => ({ viewer, loading: fetching && !data, error, refresh }),
    [viewer, fetching, data, error, refresh],
  );
  return <ViewerContext.Provider value={value}>{children}</ViewerContext.Provider>;
}

export function useViewer(): ViewerContextValue {
  return useContext(ViewerContext);
}

/** Name shown in the header: full name, else e-mail. */
export function userDisplayName(viewer: Viewer): string {
  return viewer.user?.fullName || viewer.user?.email || "Mon compte";
}

export function isCertifProAdmin(viewer: Viewer | null): boolean {
  return Boolean(viewer?.platformRoles.includes("CERTIFPRO_ADMIN"));
}

/** ORG_ADMIN in the active organisation. */
export function isOrgAdmin(viewer: Viewer | null): boolean {
  return Boolean(viewer?.activeOrganisation && viewer.activeRoles.includes("ORG_ADMIN"));
}
