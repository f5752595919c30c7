import { MantineProvider } from "@mantine/core";
import { render, type RenderOptions } from "@testing-library/react";
import type { ReactElement, ReactNode } from "react";
import { MemoryRouter } from "react-router";
import { Provider as UrqlProvider, type Client } from "urql";
import { never } from "wonka";
import { theme } from "../theme";

/** A urql client that never answers (for components without queries). */
export function idleClient(): Client {
  return {
    executeQuery: () => never,
    executeMutation: () => never,
    executeSubscription: () => never,
  } as unknown as Client;
}

interface ProvidersOptions extends Omit<RenderOptions, "wrapper"> {
  client?: Client;
  route?: string;
}

/** Renders with Mantine, urql and a memory router. */
export function renderWithProviders(
  ui: ReactElement,
  { client = idleClient(), route = "/", ...options }: ProvidersOptions = {},
) {
  function Wrapper({ children }: { children: ReactNode }) {
    return (
      <MantineProvider theme={theme}>
        <UrqlProvider value={client}>
          <MemoryRouter initialEntries={[route]}>{children}</MemoryRouter>
        </UrqlProvider>
      </MantineProvider>
    );
  }
  return render(ui, { wrapper: Wrapper, ...options });
}
