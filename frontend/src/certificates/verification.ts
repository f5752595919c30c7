/** What `GET /verify/<code>` (Accept: application/json) tells about a certificate. */
export interface Verification {
  status: "valid" | "revoked";
  revokedAt: string | null;
  revocationReason: string | null;
  holderName: string;
  certificationCode: string;
  certificationTitle: string;
  certifier: string;
  referentielVersion: string;
  decidedOn: string;
  jurySession: string;
  number: string;
  verificationCode: string;
  issuedAt: string;
}

export type VerificationResult =
  | { kind: "found"; certificate: Verification }
  | { kind: "not-found" }
  | { kind: "rate-limited"; retryAfter: number | null }
  | { kind: "error" };

/**
 * A typed code as the API stores it — ten characters, dash and spaces dropped, upper
 * case, O read as 0 and I or L as 1 — or null when it cannot be one.
 */
export function normaliseCode(text: string): string | null {
  const code = text
    .replace(/[\s-]/g, "")
    .toUpperCase()
    .replace(/O/g, "0")
    .replace(/[IL]/g, "1");
  return /^[0-9A-HJKMNP-TV-Z]{10}$/.test(code) ? code : null;
}

/** "ABCDE-FGHJK", as printed on the certificate. */
export function formatCode(code: string): string {
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/** The public verification page served by the platform (HTML). */
export function verifyPagePath(code: string): string {
  return `/verify/${encodeURIComponent(formatCode(code))}`;
}

/** Asks the platform about a code (public, rate-limited per address). */
export async function verifyCertificate(code: string, fetchImpl: typeof fetch = fetch): Promise<VerificationResult> {
  let response: Response;
  try {
    response = await fetchImpl(verifyPagePath(code), {
      headers: { Accept: "application/json" },
      credentials: "omit",
    });
  } catch {
    return { kind: "error" };
  }
  if (response.status === 404) return { kind: "not-found" };
  if (response.status === 429) {
    const retryAfter = Number(response.headers.get("Retry-After"));
    return { kind: "rate-limited", retryAfter: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null };
  }
  if (!response.ok) return { kind: "error" };
  try {
    const certificate = (await response.json()) as Verification;
    if (!certificate || typeof certificate.holderName !== "string") return { kind: "error" };
    return { kind: "found", certificate };
  } catch {
    return { kind: "error" };
  }
}
