import { Alert, Anchor, AppShell, Burger, Button, Container, Group, NavLink, Stack, Text } from "@mantine/core";
import { useDisclosure, useMediaQuery } from "@mantine/hooks";
import { useId, type ReactNode } from "react";
import { Link, Outlet, useLocation, useMatch } from "react-router";
import { loginPath } from "../auth/redirect";
import { isOrgAdmin, useViewer } from "../auth/session";
import { isActiveOrganisationPending } from "../accreditations/pending";
import { canEditTrainingPlan, canManageDossiers, isOrganisationMember } from "../pathway/permissions";
import { PRODUCT_NAME } from "../branding";
import classes from "./AppLayout.module.css";
import { navigationSections, type NavSection } from "./navigation";
import { OrganisationSwitcher } from "./OrganisationSwitcher";
import { UserMenu } from "./UserMenu";

export const MAIN_CONTENT_ID = "contenu-principal";

/** Below Mantine's `sm` breakpoint the side navigation becomes a drawer (burger menu). */
const MOBILE_QUERY = "(max-width: 47.99em)";
/**
 * Below Mantine's `lg` breakpoint the main navigation and the switcher leave the header
 * for the side navigation (the header cannot hold them all next to the user menu).
 */
const COMPACT_QUERY = "(max-width: 74.99em)";

/**
 * Application shell: header (brand, main navigation, organisation switcher,
 * user menu or "Se connecter"), side navigation for administrators, main region.
 * On small screens the main navigation and the switcher live in the burger menu.
 */
export function AppLayout() {
  const onCertifications = Boolean(useMatch({ path: "/certifications", end: false }));
  const onDirectory = Boolean(useMatch({ path: "/organismes-evaluateurs" }));
  const onApplications = useMatch({ path: "/organisation/habilitations", end: false });
  const onDossiers = useMatch({ path: "/dossiers", end: false });
  const onCandidates = Boolean(useMatch({ path: "/candidats", end: false }));
  const onTrainings = Boolean(useMatch({ path: "/formations", end: false }));
  const onEvaluations = useMatch({ path: "/evaluations", end: false });
  const onDossierList = Boolean(useMatch({ path: "/dossiers" }));
  const onJury = Boolean(useMatch({ path: "/jury", end: false }));
  const onCertificates = Boolean(useMatch({ path: "/certificats", end: false }));
  const onVerify = Boolean(useMatch({ path: "/verifier", end: false }));
  const inPathway = Boolean(onDossiers || onEvaluations);
  const onLogin = useMatch({ path: "/connexion" });
  const location = useLocation();
  const { viewer, loading } = useViewer();
  const sections = navigationSections(viewer);
  const mobile = useMediaQuery(MOBILE_QUERY, false) ?? false;
  const compact = useMediaQuery(COMPACT_QUERY, false) ?? false;
  const [navOpened, { toggle: toggleNav, close: closeNav }] = useDisclosure(false);
  const hasNavbar = sections.length > 0 || compact;

  // In the side navigation (240 px) the longest labels need narrower padding.
  const buttonProps = compact ? { px: "xs" } : {};
  const link = { onClick: closeNav, buttonProps };
  const navigationButtons = (
    <>
      <HeaderLink to="/certifications" active={onCertifications} {...link}>
        Certifications
      </HeaderLink>
      <HeaderLink to="/organismes-evaluateurs" active={onDirectory} {...link}>
        Organismes évaluateurs
      </HeaderLink>
      {isOrganisationMember(viewer) && (
        <HeaderLink to="/dossiers" active={inPathway} current={onDossierList} {...link}>
          Dossiers
        </HeaderLink>
      )}
      {canManageDossiers(viewer) && (
        <HeaderLink to="/candidats" active={onCandidates} {...link}>
          Candidats
        </HeaderLink>
      )}
      {canEditTrainingPlan(viewer) && (
        <HeaderLink to="/formations" active={onTrainings} {...link}>
          Formations
        </HeaderLink>
      )}
      {isOrganisationMember(viewer) && (
        <HeaderLink to="/certificats" active={onCertificates} {...link}>
          Certificats
        </HeaderLink>
      )}
      {viewer?.juryMember && (
        <HeaderLink to="/jury" active={onJury} {...link}>
          Jury
        </HeaderLink>
      )}
      {/* Public tool: in the header for visitors (no room next to the switcher otherwise). */}
      {(!viewer || compact) && (
        <HeaderLink to="/verifier" active={onVerify} {...link}>
          Vérifier un certificat
        </HeaderLink>
      )}
    </>
  );
  const mainNavigation = (
    <nav aria-label="Navigation principale">
      {compact ? (
        <Stack gap="xs">{navigationButtons}</Stack>
      ) : (
        <Group gap="xs" wrap="nowrap">
          {navigationButtons}
        </Group>
      )}
    </nav>
  );

  return (
    <AppShell
      header={{ height: 64 }}
      navbar={
        hasNavbar
          ? { width: 240, breakpoint: "sm", collapsed: { mobile: !navOpened } }
          : undefined
      }
      padding="md"
    >
      <a className={classes.skipLink} href={`#${MAIN_CONTENT_ID}`}>
        Aller au contenu principal
      </a>
      <AppShell.Header>
        <Container size="xl" h="100%">
          <Group h="100%" justify="space-between" wrap="nowrap" gap="sm">
            <Group gap="sm" wrap="nowrap" miw={0}>
              {mobile && (
                <Burger
                  opened={navOpened}
                  onClick={toggleNav}
                  size="sm"
                  aria-label={navOpened ? "Fermer le menu" : "Ouvrir le menu"}
                  aria-expanded={navOpened}
                />
              )}
              <Link to="/" className={classes.brand}>
                {PRODUCT_NAME}
              </Link>
            </Group>
            <Group gap="xs" wrap="nowrap">
              {!compact && mainNavigation}
              {viewer ? (
                <>
                  {!compact && <OrganisationSwitcher viewer={viewer} />}
                  <UserMenu viewer={viewer} />
                </>
              ) : (
                !loading &&
                !onLogin && (
                  <Button
                    component={Link}
                    to={loginPath(location.pathname + location.search)}
                    variant="default"
                  >
                    Se connecter
                  </Button>
                )
              )}
            </Group>
          </Group>
        </Container>
      </AppShell.Header>
      {hasNavbar && (
        <AppShell.Navbar p="sm">
          <Stack gap="md">
            {compact && (
              <Stack gap="sm">
                {mainNavigation}
                {viewer && <OrganisationSwitcher viewer={viewer} fullWidth />}
              </Stack>
            )}
            {sections.length > 0 && (
              <nav aria-label="Administration">
                <Stack gap="md">
                  {sections.map((section) => (
                    <NavigationSection key={section.id} section={section} onNavigate={closeNav} />
                  ))}
                </Stack>
              </nav>
            )}
          </Stack>
        </AppShell.Navbar>
      )}
      <AppShell.Main id={MAIN_CONTENT_ID} tabIndex={-1} className={classes.main}>
        <Container size="lg" py="md">
          {isActiveOrganisationPending(viewer) && !onApplications && <PendingNotice admin={isOrgAdmin(viewer)} />}
          <Outlet />
        </Container>
      </AppShell.Main>
    </AppShell>
  );
}

/** The active organisation awaits its accreditation: where to apply. */
function PendingNotice({ admin }: { admin: boolean }) {
  return (
    <Alert color="blue" variant="light" title="Organisme en attente d’habilitation" mb="md" data-testid="pending-banner">
      <Text size="sm">
        Votre organisme pourra ouvrir des dossiers une fois habilité par Certif'Pro.{" "}
        {admin ? (
          <Anchor component={Link} to="/organisation/habilitations">
            Candidater à une campagne d’habilitation
          </Anchor>
        ) : (
          "Son administrateur dépose la candidature."
        )}
      </Text>
    </Alert>
  );
}

function NavigationSection({ section, onNavigate }: { section: NavSection; onNavigate: () => void }) {
  const headingId = useId();
  const location = useLocation();
  return (
    <div role="group" aria-labelledby={headingId} data-section={section.id}>
      <Text id={headingId} fw={700} size="sm" mb={4}>
        {section.title}
      </Text>
      {section.items.map((item) => {
        const active = location.pathname === item.to || location.pathname.startsWith(`${item.to}/`);
        return (
          <NavLink
            key={item.to}
            component={Link}
            to={item.to}
            label={item.label}
            active={active}
            variant="filled"
            aria-current={active ? "page" : undefined}
            onClick={onNavigate}
          />
        );
      })}
    </div>
  );
}

interface HeaderLinkProps {
  to: string;
  /** Highlighted: the viewer is in this part of the application. */
  active: boolean;
  /** `aria-current="page"` (defaults to `active`): the viewer is on this very page. */
  current?: boolean;
  onClick: () => void;
  buttonProps: { px?: string };
  children: ReactNode;
}

/** A main-navigation link, drawn as a button (filled where the viewer is). */
function HeaderLink({ to, active, current = active, onClick, buttonProps, children }: HeaderLinkProps) {
  return (
    <Button
      component={Link}
      to={to}
      variant={active ? "filled" : "default"}
      aria-current={current ? "page" : undefined}
      onClick={onClick}
      {...buttonProps}
    >
      {children}
    </Button>
  );
}
