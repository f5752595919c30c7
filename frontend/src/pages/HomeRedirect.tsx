import { Navigate } from "react-router";
import { isCertifProAdmin, useViewer } from "../auth/session";
import { LoadingState } from "../components/LoadingState";
import { PublicHomePage } from "./PublicHomePage";

/**
 * `/`: visitors read what CléA is (the public home page); jury members who work for no
 * organisation land on « Mes sessions de jury »; everyone else signed in on their home
 * page (`/accueil`).
 */
export function HomeRedirect() {
  const { viewer, loading } = useViewer();
  if (loading) return <LoadingState label="Chargement…" />;
  if (!viewer) return <PublicHomePage />;
  const juror = viewer.juryMember && !viewer.activeOrganisation && !isCertifProAdmin(viewer);
  return <Navigate to={juror ? "/jury" : "/accueil"} replace />;
}
