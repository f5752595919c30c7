import { Navigate, Route, Routes } from "react-router";
import { AppLayout } from "./layout/AppLayout";
import { CertificationsPage } from "./pages/CertificationsPage";
import { NotFoundPage } from "./pages/NotFoundPage";
import { ReferentielPage } from "./pages/ReferentielPage";

/** Route table; wrapped by a BrowserRouter (app) or MemoryRouter (tests). */
export function AppRoutes() {
  return (
    <Routes>
      <Route element={<AppLayout />}>
        <Route index element={<Navigate to="/certifications" replace />} />
        <Route path="certifications" element={<CertificationsPage />} />
        <Route path="certifications/:code" element={<ReferentielPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
