import { describe, expect, it } from "vitest";
import { shortTitle } from "./useCertifications";

describe("shortTitle", () => {
  it("keeps a certification title's name, without its subtitle", () => {
    expect(shortTitle("CléA numérique — usages fondamentaux du numérique")).toBe("CléA numérique");
    expect(shortTitle("CléA")).toBe("CléA");
  });
});
