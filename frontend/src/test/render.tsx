import { MantineProvider } from "@mantine/core";
import { render, type RenderOptions } from "@testing-library/react";
import type { ReactElement, ReactNode } from "react";
import { MemoryRouter, useLocation } from "react-router";
import type { Client } from "urql";
import { never } from "wonka";
import { SessionProvider } from "../auth/session";
import { cssVariablesResolver, theme } from "../theme";

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

/** Exposes the memory router's current location as `data-*` attributes. */
export function LocationProbe() {
  const location = useLocation();
  return (
    <div
      data-testid="location"
      data-pathname={location.pathname}
      data-search={location.search}
      hidden
    />
  );
}

/** Renders with Mantine, urql (inside a SessionProvider) and a memory router. */
export function renderWithProviders(
  ui: ReactElement,
  { client = idleClient(), route = "/", ...options }: ProvidersOptions = {},
) {
  function Wrapper({ children }: { children: ReactNode }) {
    return (
      <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} env="test">
        <SessionProvider client={client}>
          <MemoryRouter initialEntries={[route]}>
            {children}
            <LocationProbe />
          </MemoryRouter>
        </SessionProvider>
      </MantineProvider>
    );
  }
  return render(ui, { wrapper: Wrapper, ...options });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Matches a Mantine label exactly, with or without its required asterisk
 * (`" *"`, aria-hidden, so absent from the accessible name).
 */
export function labelText(text: string): RegExp {
  return new RegExp(`^${escapeRegExp(text)}( \\*)?$`);
}
