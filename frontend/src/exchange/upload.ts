/**
 * Upload of an import file: `PUT` of the raw file to `/exchange/imports/<type>` with
 * the CSRF header and the file name URL-encoded in `X-Filename` (docs/exchange.md).
 * The API checks the file and answers the import's ID; the report is read with GraphQL.
 */

/** The API's limit (20 Mio). */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

export type ImportType = "candidats" | "certificateur";

export const IMPORT_TYPES: { value: ImportType; label: string }[] = [
  { value: "candidats", label: "Candidats et dossiers (modèle de la plateforme)" },
  { value: "certificateur", label: "Fichier d’échange du certificateur (résultats, parcours Pix)" },
];

export type UploadResult =
  | { ok: true; id: string; status: string; inBackground: boolean }
  | { ok: false; message: string; unauthenticated?: boolean };

export function templateUrl(type: ImportType): string {
  return `/exchange/imports/modeles/${type}.csv`;
}

export function reportUrl(importId: string): string {
  return `/exchange/imports/${encodeURIComponent(importId)}/rapport.csv`;
}

/** Why this file cannot be sent (the API checks its content again). */
export function fileProblem(file: Pick<File, "name" | "size">): string | null {
  const name = file.name.toLowerCase();
  if (!name.endsWith(".csv") && !name.endsWith(".xlsx") && !name.endsWith(".txt")) {
    return "Envoyez un fichier CSV ou XLSX (le modèle est au format CSV).";
  }
  if (file.size > MAX_IMPORT_BYTES) return "Le fichier dépasse 20 Mo : découpez-le en plusieurs fichiers.";
  if (file.size === 0) return "Le fichier est vide.";
  return null;
}

export async function uploadImport(type: ImportType, file: File, fetcher: typeof fetch = fetch): Promise<UploadResult> {
  const problem = fileProblem(file);
  if (problem) return { ok: false, message: problem };
  let response: Response;
  try {
    response = await fetcher(`/exchange/imports/${type}`, {
      method: "PUT",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/octet-stream",
        "X-Requested-With": "clea-web",
        "X-Filename": encodeURIComponent(file.name),
      },
      body: file,
    });
  } catch {
    return { ok: false, message: "Envoi impossible : le serveur est injoignable. Réessayez." };
  }
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (response.status === 201 && body && typeof body === "object") {
    const answer = body as { id: string; status: string; inBackground: boolean };
    return { ok: true, id: answer.id, status: answer.status, inBackground: answer.inBackground };
  }
  if (response.status === 401) {
    return { ok: false, message: "Votre session a expiré : reconnectez-vous.", unauthenticated: true };
  }
  if (response.status === 403) return { ok: false, message: "Accès refusé : l’import est réservé aux conseillers." };
  if (response.status === 413) return { ok: false, message: "Le fichier dépasse 20 Mo : découpez-le." };
  const errors = (body as { errors?: { message?: string }[] } | null)?.errors;
  const detail = (body as { detail?: string } | null)?.detail;
  const message =
    errors?.map((e) => e.message).filter(Boolean).join(" ") || detail || `Envoi refusé (erreur ${response.status}).`;
  return { ok: false, message };
}
