import { FollowUpPage } from "./followUp/FollowUpPage";
import { lazy, Suspense, type ReactNode } from "react";
import { Navigate, Route, Routes } from "react-router";
import { ForgotPasswordPage } from "./auth/ForgotPasswordPage";
import { RequireRole, RequireViewer } from "./auth/guards";
import { InvitationPage } from "./auth/InvitationPage";
import { LoginPage } from "./auth/LoginPage";
import { ResetPasswordPage } from "./auth/ResetPasswordPage";
import { isCertifProAdmin, isOrgAdmin, useSession, ViewerProvider } from "./auth/session";
import { LoadingState } from "./components/LoadingState";
import { AppLayout } from "./layout/AppLayout";
import { CertificationsPage } from "./pages/CertificationsPage";
import { HomeRedirect } from "./pages/HomeRedirect";
import { NotFoundPage } from "./pages/NotFoundPage";
import { canEditTrainingPlan, canManageDossiers, isOrganisationMember } from "./pathway/permissions";
import { ReferentielPage } from "./pages/ReferentielPage";
import { DirectoryPage } from "./accreditations/DirectoryPage";
import { RequestAccreditationPage } from "./accreditations/RequestAccreditationPage";
import { CandidateLayout, CandidatePublicLayout } from "./candidateSpace/CandidateLayout";
import { RequestLinkPage } from "./candidateSpace/RequestLinkPage";
import { SignInLinkPage } from "./candidateSpace/SignInLinkPage";
import { SmsCodePage } from "./candidateSpace/SmsCodePage";

// Logged-in areas are split out of the main bundle (public pages load less).
const HomePage = lazy(() => import("./home/HomePage").then((m) => ({ default: m.HomePage })));
const StatisticsPage = lazy(() => import("./home/StatisticsPage").then((m) => ({ default: m.StatisticsPage })));
const AccountPage = lazy(() => import("./account/AccountPage").then((m) => ({ default: m.AccountPage })));
const AuditLogPage = lazy(() => import("./audit/AuditLogPage").then((m) => ({ default: m.AuditLogPage })));
const WebhooksPage = lazy(() => import("./webhooks/WebhooksPage").then((m) => ({ default: m.WebhooksPage })));
const DeclarationsPage = lazy(() =>
  import("./webhooks/DeclarationsPage").then((m) => ({ default: m.DeclarationsPage })),
);
const OutboxPage = lazy(() => import("./webhooks/OutboxPage").then((m) => ({ default: m.OutboxPage })));
const ApiKeysPage = lazy(() => import("./organisation/ApiKeysPage").then((m) => ({ default: m.ApiKeysPage })));
const MembersPage = lazy(() => import("./organisation/MembersPage").then((m) => ({ default: m.MembersPage })));
const OidcPage = lazy(() => import("./organisation/OidcPage").then((m) => ({ default: m.OidcPage })));
const SitesPage = lazy(() => import("./organisation/SitesPage").then((m) => ({ default: m.SitesPage })));
const CandidatesPage = lazy(() => import("./pathway/CandidatesPage").then((m) => ({ default: m.CandidatesPage })));
const DossiersPage = lazy(() => import("./pathway/DossiersPage").then((m) => ({ default: m.DossiersPage })));
const NewDossierPage = lazy(() => import("./pathway/NewDossierPage").then((m) => ({ default: m.NewDossierPage })));
const ImportPage = lazy(() => import("./exchange/ImportPage").then((m) => ({ default: m.ImportPage })));
const DossierPage = lazy(() => import("./pathway/DossierPage").then((m) => ({ default: m.DossierPage })));
const DeliveredPlansPage = lazy(() =>
  import("./pathway/DeliveredPlansPage").then((m) => ({ default: m.DeliveredPlansPage })),
);
const TrainingPlanPage = lazy(() =>
  import("./pathway/TrainingPlanPage").then((m) => ({ default: m.TrainingPlanPage })),
);
const EvaluationGridPage = lazy(() =>
  import("./pathway/grid/EvaluationGridPage").then((m) => ({ default: m.EvaluationGridPage })),
);
const MyAccreditationsPage = lazy(() =>
  import("./accreditations/MyAccreditationsPage").then((m) => ({ default: m.MyAccreditationsPage })),
);
const ApplicationPage = lazy(() =>
  import("./accreditations/ApplicationPage").then((m) => ({ default: m.ApplicationPage })),
);
const CampaignsPage = lazy(() => import("./accreditations/CampaignsPage").then((m) => ({ default: m.CampaignsPage })));
const CampaignFormPage = lazy(() =>
  import("./accreditations/CampaignFormPage").then((m) => ({ default: m.CampaignFormPage })),
);
const ReferentielVersionsPage = lazy(() =>
  import("./referentiel/ReferentielVersionsPage").then((m) => ({ default: m.ReferentielVersionsPage })),
);
const ApplicationsReviewPage = lazy(() =>
  import("./accreditations/ApplicationsReviewPage").then((m) => ({ default: m.ApplicationsReviewPage })),
);
const ApplicationReviewPage = lazy(() =>
  import("./accreditations/ApplicationReviewPage").then((m) => ({ default: m.ApplicationReviewPage })),
);
const AccreditationRegistryPage = lazy(() =>
  import("./accreditations/AccreditationRegistryPage").then((m) => ({ default: m.AccreditationRegistryPage })),
);
const VerifyCertificatePage = lazy(() =>
  import("./certificates/VerifyCertificatePage").then((m) => ({ default: m.VerifyCertificatePage })),
);
const CertificateSearchPage = lazy(() =>
  import("./certificates/CertificateSearchPage").then((m) => ({ default: m.CertificateSearchPage })),
);
const PaperQueuePage = lazy(() => import("./certificates/PaperQueuePage").then((m) => ({ default: m.PaperQueuePage })));
const OrganisationCertificatesPage = lazy(() =>
  import("./certificates/OrganisationCertificatesPage").then((m) => ({ default: m.OrganisationCertificatesPage })),
);
const JuryRosterPage = lazy(() => import("./juries/JuryRosterPage").then((m) => ({ default: m.JuryRosterPage })));
const JurySessionsPage = lazy(() => import("./juries/JurySessionsPage").then((m) => ({ default: m.JurySessionsPage })));
const ConveneSessionPage = lazy(() =>
  import("./juries/ConveneSessionPage").then((m) => ({ default: m.ConveneSessionPage })),
);
const JurySessionPage = lazy(() => import("./juries/JurySessionPage").then((m) => ({ default: m.JurySessionPage })));
const JuryDossierPage = lazy(() => import("./juries/JuryDossierPage").then((m) => ({ default: m.JuryDossierPage })));
const MyJurySessionsPage = lazy(() =>
  import("./juries/MyJurySessionsPage").then((m) => ({ default: m.MyJurySessionsPage })),
);
const MemberSessionPage = lazy(() =>
  import("./juries/MemberSessionPage").then((m) => ({ default: m.MemberSessionPage })),
);
const CandidateHomePage = lazy(() =>
  import("./candidateSpace/CandidateHomePage").then((m) => ({ default: m.CandidateHomePage })),
);
const CandidateDossierPage = lazy(() =>
  import("./candidateSpace/CandidateDossierPage").then((m) => ({ default: m.CandidateDossierPage })),
);
const CandidateDocumentsPage = lazy(() =>
  import("./candidateSpace/CandidateDocumentsPage").then((m) => ({ default: m.CandidateDocumentsPage })),
);
const CandidateDataPage = lazy(() =>
  import("./candidateSpace/CandidateDataPage").then((m) => ({ default: m.CandidateDataPage })),
);
const PaperCopyPage = lazy(() => import("./candidateSpace/PaperCopyPage").then((m) => ({ default: m.PaperCopyPage })));
const WalletPage = lazy(() => import("./candidateSpace/WalletPage").then((m) => ({ default: m.WalletPage })));
const CorrectionPage = lazy(() => import("./candidateSpace/CorrectionPage").then((m) => ({ default: m.CorrectionPage })));
const OrganisationsPage = lazy(() =>
  import("./platform/OrganisationsPage").then((m) => ({ default: m.OrganisationsPage })),
);
const OrganisationControlPage = lazy(() =>
  import("./platform/OrganisationControlPage").then((m) => ({ default: m.OrganisationControlPage })),
);

function Page({ children }: { children: ReactNode }) {
  return <Suspense fallback={<LoadingState label="Chargement de la page…" />}>{children}</Suspense>;
}

const ORG_ADMIN_REASON =
  "Cette page est réservée aux administrateurs de l’organisation active. Choisissez une autre organisation ou demandez l’accès à un administrateur.";
const CERTIFPRO_REASON = "Cette page est réservée aux administrateurs Certif'Pro.";
const MEMBER_REASON =
  "Les dossiers sont réservés aux membres de l’organisation active. Choisissez une organisation dont vous êtes membre.";
const CERTIFICATES_REASON =
  "Les certificats sont réservés aux membres de l’organisation active. Choisissez une organisation dont vous êtes membre.";
const STATISTICS_REASON =
  "Les statistiques sont réservées aux administrateurs de l’organisation active et aux administrateurs Certif'Pro.";
const canReadStatistics = (viewer: Parameters<typeof isOrgAdmin>[0]) => isOrgAdmin(viewer) || isCertifProAdmin(viewer);
const IMPORT_REASON = "L’import de candidats est réservé aux conseillers et aux administrateurs de l’organisation.";
const TRAINING_REASON =
  "Les formations dispensées sont réservées aux formateurs, conseillers et administrateurs de l’organisation active.";
const ADVISER_REASON = "L’ouverture d’un dossier est réservée aux conseillers et aux administrateurs de l’organisation.";
const CANDIDATES_REASON = "La liste des candidats est réservée aux conseillers et aux administrateurs de l’organisation.";

/**
 * Route table; wrapped by a BrowserRouter (app) or MemoryRouter (tests).
 * Everything below is remounted (and refetched) when the session is reset.
 */
export function AppRoutes() {
  const { epoch } = useSession();
  return (
    <ViewerProvider key={epoch}>
      <Routes>
        {/* The candidate space: its own frame, never the staff menu. */}
        <Route path="espace-candidat" element={<CandidatePublicLayout />}>
          <Route path="lien" element={<RequestLinkPage />} />
          <Route path="connexion" element={<SignInLinkPage />} />
          <Route path="code" element={<SmsCodePage />} />
        </Route>
        <Route path="suivi-certifies" element={<CandidatePublicLayout />}>
          <Route index element={<FollowUpPage />} />
        </Route>
        <Route path="espace-candidat" element={<CandidateLayout />}>
          <Route index element={<Page><CandidateHomePage /></Page>} />
          <Route path="mes-donnees" element={<Page><CandidateDataPage /></Page>} />
          <Route path="dossiers/:id" element={<Page><CandidateDossierPage /></Page>} />
          <Route path="dossiers/:id/documents" element={<Page><CandidateDocumentsPage /></Page>} />
          <Route path="dossiers/:id/correction" element={<Page><CorrectionPage /></Page>} />
          <Route path="dossiers/:id/copie-papier" element={<Page><PaperCopyPage /></Page>} />
          <Route path="dossiers/:id/portefeuille" element={<Page><WalletPage /></Page>} />
        </Route>
        <Route element={<AppLayout />}>
          <Route index element={<HomeRedirect />} />
          <Route path="certifications" element={<CertificationsPage />} />
          <Route path="certifications/:code" element={<ReferentielPage />} />
          <Route path="connexion" element={<LoginPage />} />
          <Route path="mot-de-passe-oublie" element={<ForgotPasswordPage />} />
          <Route path="reinitialiser" element={<ResetPasswordPage />} />
          <Route path="invitation" element={<InvitationPage />} />
          <Route path="verifier" element={<Page><VerifyCertificatePage /></Page>} />
          <Route path="verifier/:code" element={<Page><VerifyCertificatePage /></Page>} />
          <Route path="organismes-evaluateurs" element={<DirectoryPage />} />
          <Route path="demander-une-habilitation" element={<RequestAccreditationPage />} />
          <Route element={<RequireViewer />}>
            <Route path="accueil" element={<Page><HomePage /></Page>} />
            <Route
              path="statistiques"
              element={<RequireRole allowed={canReadStatistics} reason={STATISTICS_REASON} />}
            >
              <Route index element={<Page><StatisticsPage /></Page>} />
            </Route>
            <Route path="compte" element={<Page><AccountPage /></Page>} />
            <Route
              path="organisation"
              element={<RequireRole allowed={isOrgAdmin} reason={ORG_ADMIN_REASON} />}
            >
              <Route index element={<Navigate to="membres" replace />} />
              <Route path="membres" element={<Page><MembersPage /></Page>} />
              <Route path="sites" element={<Page><SitesPage /></Page>} />
              <Route path="cles-api" element={<Page><ApiKeysPage /></Page>} />
              <Route path="webhooks" element={<Page><WebhooksPage /></Page>} />
              <Route path="journal" element={<Page><AuditLogPage scope="organisation" /></Page>} />
              <Route path="oidc" element={<Page><OidcPage /></Page>} />
              <Route path="habilitations" element={<Page><MyAccreditationsPage /></Page>} />
              <Route path="habilitations/candidatures/:id" element={<Page><ApplicationPage /></Page>} />
            </Route>
            <Route
              path="dossiers"
              element={<RequireRole allowed={isOrganisationMember} reason={MEMBER_REASON} />}
            >
              <Route index element={<Page><DossiersPage /></Page>} />
              <Route
                path="nouveau"
                element={<RequireRole allowed={canManageDossiers} reason={ADVISER_REASON} />}
              >
                <Route index element={<Page><NewDossierPage /></Page>} />
              </Route>
              <Route
                path="import"
                element={<RequireRole allowed={canManageDossiers} reason={IMPORT_REASON} />}
              >
                <Route index element={<Page><ImportPage /></Page>} />
              </Route>
              <Route path=":id" element={<Page><DossierPage /></Page>} />
              <Route path=":id/plan" element={<Page><TrainingPlanPage /></Page>} />
            </Route>
            <Route
              path="candidats"
              element={<RequireRole allowed={canManageDossiers} reason={CANDIDATES_REASON} />}
            >
              <Route index element={<Page><CandidatesPage /></Page>} />
            </Route>
            <Route
              path="formations"
              element={<RequireRole allowed={canEditTrainingPlan} reason={TRAINING_REASON} />}
            >
              <Route index element={<Page><DeliveredPlansPage /></Page>} />
            </Route>
            <Route
              path="certificats"
              element={<RequireRole allowed={isOrganisationMember} reason={CERTIFICATES_REASON} />}
            >
              <Route index element={<Page><OrganisationCertificatesPage /></Page>} />
            </Route>
            <Route path="jury">
              <Route index element={<Page><MyJurySessionsPage /></Page>} />
              <Route path="sessions/:id" element={<Page><MemberSessionPage /></Page>} />
              <Route path="sessions/:id/dossiers/:dossierId" element={<Page><JuryDossierPage mode="member" /></Page>} />
            </Route>
            <Route
              path="evaluations"
              element={<RequireRole allowed={isOrganisationMember} reason={MEMBER_REASON} />}
            >
              <Route path=":id" element={<Page><EvaluationGridPage /></Page>} />
            </Route>
            <Route
              path="plateforme"
              element={<RequireRole allowed={isCertifProAdmin} reason={CERTIFPRO_REASON} />}
            >
              <Route index element={<Navigate to="organismes" replace />} />
              <Route path="organismes" element={<Page><OrganisationsPage /></Page>} />
              <Route path="organismes/:id/controle" element={<Page><OrganisationControlPage /></Page>} />
              <Route path="journal" element={<Page><AuditLogPage scope="platform" /></Page>} />
              <Route path="campagnes" element={<Page><CampaignsPage /></Page>} />
              <Route path="campagnes/nouvelle" element={<Page><CampaignFormPage /></Page>} />
              <Route path="campagnes/:id" element={<Page><CampaignFormPage /></Page>} />
              <Route path="candidatures" element={<Page><ApplicationsReviewPage /></Page>} />
              <Route path="candidatures/:id" element={<Page><ApplicationReviewPage /></Page>} />
              <Route path="habilitations" element={<Page><AccreditationRegistryPage /></Page>} />
              <Route path="certificats" element={<Page><CertificateSearchPage /></Page>} />
              <Route path="referentiels" element={<Page><ReferentielVersionsPage /></Page>} />
              <Route path="copies-papier" element={<Page><PaperQueuePage /></Page>} />
              <Route path="declarations" element={<Page><DeclarationsPage /></Page>} />
              <Route path="envois" element={<Page><OutboxPage /></Page>} />
              <Route path="jury" element={<Navigate to="sessions" replace />} />
              <Route path="jury/membres" element={<Page><JuryRosterPage /></Page>} />
              <Route path="jury/sessions" element={<Page><JurySessionsPage /></Page>} />
              <Route path="jury/sessions/nouvelle" element={<Page><ConveneSessionPage /></Page>} />
              <Route path="jury/sessions/:id" element={<Page><JurySessionPage /></Page>} />
              <Route
                path="jury/sessions/:id/dossiers/:dossierId"
                element={<Page><JuryDossierPage mode="secretary" /></Page>}
              />
            </Route>
          </Route>
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </ViewerProvider>
  );
}
