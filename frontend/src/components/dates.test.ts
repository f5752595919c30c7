import { describe, expect, it } from "vitest";
import { dayError, frenchDay, isIsoDay, maskDay, parseDay } from "./dates";
import { formatDate, formatDay } from "./format";

describe("days typed jj/mm/aaaa", () => {
  it("masks the digits a person types into jj/mm/aaaa", () => {
    expect(maskDay("1")).toBe("1");
    expect(maskDay("170")).toBe("17/0");
    expect(maskDay("17051984")).toBe("17/05/1984");
    expect(maskDay("17/05/19845")).toBe("17/05/1984");
    expect(maskDay("5/3/2025")).toBe("05/03/2025");
    expect(maskDay("1984-05-17")).toBe("17/05/1984");
  });

  it("reads a real day into ISO", () => {
    expect(parseDay("17/05/1984")).toEqual({ iso: "1984-05-17", error: null });
    expect(parseDay("29/02/2024")).toEqual({ iso: "2024-02-29", error: null });
    expect(parseDay("")).toEqual({ iso: null, error: null });
  });

  it("explains an impossible date in French", () => {
    expect(parseDay("31/02/2025").error).toBe("Le 31/02/2025 n’existe pas : vérifiez le jour et le mois.");
    expect(parseDay("29/02/2025").error).toMatch(/n’existe pas/);
    expect(parseDay("12/13/2025").error).toBe("Le mois 13 n’existe pas : saisissez un mois entre 01 et 12.");
    expect(parseDay("12/03/20").error).toMatch(/^Date incomplète : saisissez-la au format jj\/mm\/aaaa/);
  });

  it("checks a form value: an ISO day or a text still being typed", () => {
    expect(dayError("2025-03-01")).toBeNull();
    expect(dayError("")).toBeNull();
    expect(dayError("31/02/2025")).toMatch(/n’existe pas/);
    expect(isIsoDay("2025-02-31")).toBe(false);
    expect(frenchDay("2025-03-01")).toBe("01/03/2025");
  });

  it("shows every date jj/mm/aaaa whatever the locale", () => {
    expect(formatDay("2025-03-01")).toBe("01/03/2025");
    expect(formatDate("2025-03-01")).toBe("01/03/2025");
  });
});
