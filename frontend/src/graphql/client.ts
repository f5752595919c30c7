import { Client, cacheExchange, fetchExchange } from "urql";

/** Endpoint of the GraphQL API, same origin (proxied by Vite in development). */
export const GRAPHQL_URL = "/graphql";

/**
 * Headers sent with every GraphQL request. `X-Requested-With` is a CSRF
 * defence: the API rejects requests that do not carry it.
 */
export const GRAPHQL_HEADERS: Readonly<Record<string, string>> = {
  "Content-Type": "application/json",
  "X-Requested-With": "clea-web",
};

export interface GraphqlClientOptions {
  url?: string;
  /** Custom fetch implementation (tests). */
  fetch?: typeof fetch;
}

/** Creates the urql client: POST only, JSON body, CSRF header. */
export function createGraphqlClient(options: GraphqlClientOptions = {}): Client {
  return new Client({
    url: options.url ?? GRAPHQL_URL,
    preferGetMethod: false,
    exchanges: [cacheExchange, fetchExchange],
    fetch: options.fetch,
    fetchOptions: () => ({
      method: "POST",
      credentials: "same-origin",
      headers: { ...GRAPHQL_HEADERS },
    }),
  });
}
