import { Navigate, Outlet, useLocation } from "react-router";
import { LoadingState } from "../components/LoadingState";
import { ForbiddenAlert, OperationError } from "../components/OperationError";
import { isUnauthenticated } from "../graphql/errors";
import { loginPath } from "./redirect";
import { useViewer, type Viewer } from "./session";

/** Route element: logged-in users only (others go to `/connexion`). */
export function RequireViewer() {
  const { viewer, loading, error } = useViewer();
  const location = useLocation();
  if (loading) return <LoadingState label="Vérification de la session…" />;
  if (!viewer) {
    if (error && !isUnauthenticated(error)) {
      return <OperationError message="Impossible de vérifier votre session." error={error} />;
    }
    return <Navigate to={loginPath(location.pathname + location.search)} replace />;
  }
  return <Outlet />;
}

interface RequireRoleProps {
  allowed: (viewer: Viewer) => boolean;
  /** Explanation shown under "Accès refusé". */
  reason: string;
}

/** Route element (inside RequireViewer): "Accès refusé" unless `allowed`. */
export function RequireRole({ allowed, reason }: RequireRoleProps) {
  const { viewer } = useViewer();
  if (!viewer || !allowed(viewer)) return <ForbiddenAlert>{reason}</ForbiddenAlert>;
  return <Outlet />;
}
