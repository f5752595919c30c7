import type { AutosaveSnapshot } from "./autosave";
import classes from "./Grid.module.css";

const TEXT: Record<AutosaveSnapshot["status"], string> = {
  idle: "À jour",
  pending: "Modifications en attente…",
  saving: "Enregistrement…",
  saved: "Enregistré",
  offline: "Hors ligne — nouvel essai…",
  conflict: "Conflit : la grille a été modifiée par quelqu’un d’autre",
  error: "Échec de l’enregistrement",
};

export function saveStatusText(snapshot: Pick<AutosaveSnapshot, "status">): string {
  return TEXT[snapshot.status];
}

/** Live save status of the grid (`role="status"`, `data-testid="save-status"`). */
export function SaveStatus({ snapshot }: { snapshot: AutosaveSnapshot }) {
  return (
    <span
      role="status"
      aria-live="polite"
      data-testid="save-status"
      data-status={snapshot.status}
      className={classes.status}
    >
      {saveStatusText(snapshot)}
    </span>
  );
}
