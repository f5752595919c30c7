import { Navigate } from "react-router";
import { isCertifProAdmin, useViewer } from "../auth/session";
import { LoadingState } from "../components/LoadingState";

/**
 * `/`: jury members who work for no organisation land on « Mes sessions de jury »;
 * everyone else signed in on their home page (`/accueil`), visitors on the certifications.
 */
export function HomeRedirect() {
  const { viewer, loading } = useViewer();
  if (loading) return <LoadingState label="Chargement…" />;
  if (!viewer) return <Navigate to="/certifications" replace />;
  const juror = viewer.juryMember && !viewer.activeOrganisation && !isCertifProAdmin(viewer);
  return <Navigate to={juror ? "/jury" : "/accueil"} replace />;
}
