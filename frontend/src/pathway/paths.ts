/** Link to the grid of an evaluation (the dossier id gives the référentiel). */
export function gridPath(evaluationId: string, dossierId: string): string {
  return `/evaluations/${evaluationId}?dossier=${encodeURIComponent(dossierId)}`;
}
