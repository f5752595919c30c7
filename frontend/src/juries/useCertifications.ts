import { useMemo } from "react";
import { useQuery } from "urql";
import { scaleFrom, type ResultScale } from "../pathway/referentiel";
import { JuryCertificationsQuery } from "./documents";

/** Installed certifications (public query): titles by code and `{ value, label }` options. */
export function useCertifications() {
  const [{ data, fetching, error }] = useQuery({ query: JuryCertificationsQuery });
  return useMemo(() => {
    const certifications = data?.certifications ?? [];
    const titles = new Map(certifications.map((c) => [c.code, c.title]));
    const scales = new Map(certifications.map((c) => [c.code, scaleFrom(c.scale)]));
    return {
      options: certifications.map((c) => ({ value: c.code, label: c.title })),
      /** Title of a code (the code itself while loading or when unknown). */
      titleOf: (code: string) => titles.get(code) ?? code,
      /** The title's name part, for tables (« CléA numérique » out of « CléA numérique — … »). */
      shortTitleOf: (code: string) => shortTitle(titles.get(code) ?? code),
      /** The certification's result scale, as its plugin declares it (null while unknown). */
      scaleOf: (code: string): ResultScale | null => scales.get(code) ?? null,
      loading: fetching && !data,
      error,
    };
  }, [data, fetching, error]);
}

/** The part of a certification title before its « — » subtitle. */
export function shortTitle(title: string): string {
  return title.split(" — ")[0] ?? title;
}
