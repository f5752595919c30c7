import { Navigate, Route, Routes } from "react-router";
import { AccountPage } from "./account/AccountPage";
import { AuditLogPage } from "./audit/AuditLogPage";
import { ForgotPasswordPage } from "./auth/ForgotPasswordPage";
import { RequireRole, RequireViewer } from "./auth/guards";
import { InvitationPage } from "./auth/InvitationPage";
import { LoginPage } from "./auth/LoginPage";
import { ResetPasswordPage } from "./auth/ResetPasswordPage";
import { isCertifProAdmin, isOrgAdmin, useSession, ViewerProvider } from "./auth/session";
import { AppLayout } from "./layout/AppLayout";
import { ApiKeysPage } from "./organisation/ApiKeysPage";
import { MembersPage } from "./organisation/MembersPage";
import { OidcPage } from "./organisation/OidcPage";
import { SitesPage } from "./organisation/SitesPage";
import { CertificationsPage } from "./pages/CertificationsPage";
import { NotFoundPage } from "./pages/NotFoundPage";
import { ReferentielPage } from "./pages/ReferentielPage";
import { OrganisationsPage } from "./platform/OrganisationsPage";

const ORG_ADMIN_REASON =
  "Cette page est réservée aux administrateurs de l’organisation active. Choisissez une autre organisation ou demandez l’accès à un administrateur.";
const CERTIFPRO_REASON = "Cette page est réservée aux administrateurs Certif'Pro.";

/**
 * Route table; wrapped by a BrowserRouter (app) or MemoryRouter (tests).
 * Everything below is remounted (and refetched) when the session is reset.
 */
export function AppRoutes() {
  const { epoch } = useSession();
  return (
    <ViewerProvider key={epoch}>
      <Routes>
        <Route element={<AppLayout />}>
          <Route index element={<Navigate to="/certifications" replace />} />
          <Route path="certifications" element={<CertificationsPage />} />
          <Route path="certifications/:code" element={<ReferentielPage />} />
          <Route path="connexion" element={<LoginPage />} />
          <Route path="mot-de-passe-oublie" element={<ForgotPasswordPage />} />
          <Route path="reinitialiser" element={<ResetPasswordPage />} />
          <Route path="invitation" element={<InvitationPage />} />
          <Route element={<RequireViewer />}>
            <Route path="compte" element={<AccountPage />} />
            <Route
              path="organisation"
              element={<RequireRole allowed={isOrgAdmin} reason={ORG_ADMIN_REASON} />}
            >
              <Route index element={<Navigate to="membres" replace />} />
              <Route path="membres" element={<MembersPage />} />
              <Route path="sites" element={<SitesPage />} />
              <Route path="cles-api" element={<ApiKeysPage />} />
              <Route path="journal" element={<AuditLogPage scope="organisation" />} />
              <Route path="oidc" element={<OidcPage />} />
            </Route>
            <Route
              path="plateforme"
              element={<RequireRole allowed={isCertifProAdmin} reason={CERTIFPRO_REASON} />}
            >
              <Route index element={<Navigate to="organismes" replace />} />
              <Route path="organismes" element={<OrganisationsPage />} />
              <Route path="journal" element={<AuditLogPage scope="platform" />} />
            </Route>
          </Route>
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </ViewerProvider>
  );
}
