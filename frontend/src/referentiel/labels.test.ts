import { describe, expect, it } from "vitest";
import { cleaLevels } from "../test/fixtures";
import { formatCount, formatLevelCounts, leafLevelName, pluralize, versionName } from "./labels";

describe("labels", () => {
  it("names versions as the public reads them", () => {
    expect(versionName("2021-transcription-1")).toBe("édition 2021 (n° 1)");
    expect(versionName("2018-domains-1")).toBe("édition 2018 (n° 1)");
    expect(versionName("2022-areas-12")).toBe("édition 2022 (n° 12)");
    // Another shape is shown as it is.
    expect(versionName("2024-provisoire")).toBe("2024-provisoire");
    expect(versionName("v3")).toBe("v3");
  });

  it("pluralises with an s unless the word ends with s or x", () => {
    expect(pluralize("critère")).toBe("critères");
    expect(pluralize("sous-domaine")).toBe("sous-domaines");
    expect(pluralize("domaine")).toBe("domaines");
    expect(pluralize("processus")).toBe("processus");
    expect(pluralize("prix")).toBe("prix");
    expect(pluralize("domaine de compétences")).toBe("domaines de compétences");
    expect(pluralize("domaine d’activité")).toBe("domaines d’activité");
    expect(pluralize("compétence numérique")).toBe("compétences numériques");
    expect(pluralize("critère d'évaluation")).toBe("critères d'évaluation");
  });

  it("uses the singular for 0 and 1, lower-cases the level name", () => {
    expect(formatCount(1, "Critère")).toBe("1 critère");
    expect(formatCount(0, "critère")).toBe("0 critère");
    expect(formatCount(4, "critère")).toBe("4 critères");
    expect(formatCount(3, "Domaine de compétences")).toBe("3 domaines de compétences");
  });

  it("formats counts per level, outermost first", () => {
    expect(formatLevelCounts([...cleaLevels].reverse())).toBe(
      "2 domaines · 3 sous-domaines · 4 critères",
    );
    expect(
      formatLevelCounts([
        { depth: 1, name: "domaine", count: 7 },
        { depth: 2, name: "sous-domaine", count: 28 },
        { depth: 3, name: "critère", count: 107 },
      ]),
    ).toBe("7 domaines · 28 sous-domaines · 107 critères");
  });

  it("finds the deepest level name", () => {
    expect(leafLevelName(cleaLevels)).toBe("critère");
    expect(leafLevelName([])).toBe("élément");
  });
});
