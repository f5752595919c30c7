import { MantineProvider } from "@mantine/core";
import { useState } from "react";
import { BrowserRouter } from "react-router";
import { Provider as UrqlProvider, type Client } from "urql";
import { createGraphqlClient } from "./graphql/client";
import { AppRoutes } from "./routes";
import { theme } from "./theme";

interface AppProps {
  /** Injected in tests; defaults to the real `/graphql` client. */
  client?: Client;
}

export function App({ client }: AppProps) {
  const [graphqlClient] = useState(() => client ?? createGraphqlClient());
  return (
    <MantineProvider theme={theme} defaultColorScheme="light">
      <UrqlProvider value={graphqlClient}>
        <BrowserRouter>
          <AppRoutes />
        </BrowserRouter>
      </UrqlProvider>
    </MantineProvider>
  );
}
