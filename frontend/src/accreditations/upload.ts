/**
 * Upload of an application's supporting PDF: `PUT` of the raw file to
 * `/accreditation-applications/<id>/documents/<key>` with the CSRF header,
 * the file name URL-encoded in `X-Filename`.
 */

/** The API's limit (10 Mo). */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

export interface UploadedDocument {
  requirementKey: string;
  filename: string;
  size: number;
  sha256: string;
}

export type UploadResult =
  | { ok: true; document: UploadedDocument }
  | { ok: false; message: string; unauthenticated?: boolean };

export function documentUrl(applicationId: string, requirementKey: string): string {
  return `/accreditation-applications/${encodeURIComponent(applicationId)}/documents/${encodeURIComponent(requirementKey)}`;
}

/** Why this file cannot be sent (checked again by the API, by content). */
export function fileProblem(file: Pick<File, "name" | "type" | "size">): string | null {
  const pdf = file.type === "application/pdf" || file.name.toLowerCase().endsWith(".pdf");
  if (!pdf) return "Seuls les fichiers PDF sont acceptés.";
  if (file.size > MAX_DOCUMENT_BYTES) return "Le document dépasse 10 Mo : réduisez-le.";
  if (file.size === 0) return "Le fichier est vide.";
  return null;
}

export async function uploadDocument(
  applicationId: string,
  requirementKey: string,
  file: File,
  fetcher: typeof fetch = fetch,
): Promise<UploadResult> {
  return putPdf(documentUrl(applicationId, requirementKey), file, fetcher);
}

/** `PUT` of a raw PDF to `url` (an application's document, a control reply's PDF). */
export async function putPdf(url: string, file: File, fetcher: typeof fetch = fetch): Promise<UploadResult> {
  const problem = fileProblem(file);
  if (problem) return { ok: false, message: problem };
  let response: Response;
  try {
    response = await fetcher(url, {
      method: "PUT",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/pdf",
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
    return { ok: true, document: body as UploadedDocument };
  }
  if (response.status === 401) {
    return { ok: false, message: "Votre session a expiré : reconnectez-vous.", unauthenticated: true };
  }
  if (response.status === 413) return { ok: false, message: "Le document dépasse 10 Mo : réduisez-le." };
  const errors = (body as { errors?: { message?: string }[] } | null)?.errors;
  const detail = (body as { detail?: string } | null)?.detail;
  const message =
    errors?.map((e) => e.message).filter(Boolean).join(" ") || detail || `Envoi refusé (erreur ${response.status}).`;
  return { ok: false, message };
}
