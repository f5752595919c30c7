import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { renderWithProviders } from "../test/render";
import { quarterOf, StatementSection, statementUrl } from "./StatementSection";

describe("StatementSection", () => {
  it("names the calendar quarter of a date", () => {
    expect(quarterOf(new Date(2026, 0, 1))).toBe(1);
    expect(quarterOf(new Date(2026, 5, 30))).toBe(2);
    expect(quarterOf(new Date(2026, 11, 31))).toBe(4);
  });

  it("links the statement of the organisation for the quarter, as PDF and CSV", () => {
    expect(statementUrl("csv", "org-1", 2026, 4)).toBe("/exports/releve.csv?organisation=org-1&annee=2026&trimestre=4");
    renderWithProviders(<StatementSection organisationId="org-1" />);
    expect(screen.getByRole("heading", { name: "Relevé trimestriel des redevances" })).toBeVisible();
    const pdf = screen.getByRole("link", { name: "Télécharger le relevé (PDF)" });
    expect(pdf.getAttribute("href")).toMatch(/^\/exports\/releve\.pdf\?organisation=org-1&annee=\d{4}&trimestre=[1-4]$/);
  });
});
