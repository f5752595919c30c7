import { MantineProvider } from "@mantine/core";
import { useState } from "react";
import { BrowserRouter } from "react-router";
import type { Client } from "urql";
import { SessionProvider } from "./auth/session";
import { createGraphqlClient } from "./graphql/client";
import { AppRoutes } from "./routes";
import { cssVariablesResolver, theme } from "./theme";

interface AppProps {
  /** Injected in tests; defaults to the real `/graphql` client. */
  client?: Client;
}

export function App({ client }: AppProps) {
  const [firstClient] = useState(() => client ?? createGraphqlClient());
  return (
    <MantineProvider
      theme={theme}
      cssVariablesResolver={cssVariablesResolver}
      defaultColorScheme="light"
    >
      <SessionProvider client={firstClient} createClient={client ? undefined : createGraphqlClient}>
        <BrowserRouter>
          <AppRoutes />
        </BrowserRouter>
      </SessionProvider>
    </MantineProvider>
  );
}
