import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import axe from "axe-core";
import { describe, expect, it } from "vitest";
import { AppRoutes } from "./routes";
import { certificationsData, referentielData } from "./test/fixtures";
import { mockClient } from "./test/mockClient";
import { renderWithProviders } from "./test/render";

// jsdom has no layout: colour contrast is checked in the browser e2e tests.
async function seriousViolations() {
  const results = await axe.run(document.body, {
    rules: { "color-contrast": { enabled: false } },
  });
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

describe("accessibility (axe, jsdom)", () => {
  it("certifications page has no serious violations", async () => {
    const { client } = mockClient(() => ({ data: certificationsData }));
    renderWithProviders(<AppRoutes />, { client, route: "/certifications" });
    await screen.findByRole("article", { name: "CléA" });
    expect(await seriousViolations()).toEqual([]);
  });

  it("référentiel page has no serious violations, expanded or not", async () => {
    const user = userEvent.setup();
    const { client } = mockClient(() => ({ data: referentielData() }));
    renderWithProviders(<AppRoutes />, { client, route: "/certifications/CLEA" });
    await screen.findByTestId("referentiel-tree");
    expect(await seriousViolations()).toEqual([]);
    await user.click(screen.getByRole("button", { name: "Tout déplier" }));
    expect(await seriousViolations()).toEqual([]);
  });
});
