/** Product name shown in the header and in document titles. */
export const PRODUCT_NAME = "Certif'Pro — plateforme CléA";

/** Document title: "<page> — Certif'Pro — plateforme CléA". */
export function pageTitle(page: string): string {
  return `${page} — ${PRODUCT_NAME}`;
}
