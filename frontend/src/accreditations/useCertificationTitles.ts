import { useMemo } from "react";
import { useQuery } from "urql";
import { CertificationTitlesQuery } from "./documents";

/** Certification titles by code (public query), and Select/Checkbox options. */
export function useCertificationTitles() {
  const [{ data, fetching, error }] = useQuery({ query: CertificationTitlesQuery });
  return useMemo(() => {
    const certifications = data?.certifications ?? [];
    const titles: Record<string, string> = {};
    const fees: Record<string, { applicationFeeCents: number; siteFeeCents: number }> = {};
    for (const certification of certifications) {
      titles[certification.code] = certification.title;
      fees[certification.code] = certification.accreditationFees;
    }
    return {
      titles,
      /** Each certification's own accreditation fees (its plugin's), by code. */
      fees,
      options: certifications.map((c) => ({ value: c.code, label: c.title })),
      /** Title of a code (the code itself while loading or when unknown). */
      titleOf: (code: string) => titles[code] ?? code,
      loading: fetching && !data,
      error,
    };
  }, [data, fetching, error]);
}
