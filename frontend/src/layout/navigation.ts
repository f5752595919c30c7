import { isCertifProAdmin, isOrgAdmin, type Viewer } from "../auth/session";

export interface NavItem {
  to: string;
  label: string;
}

export interface NavSection {
  id: string;
  title: string;
  items: NavItem[];
}

export const ORGANISATION_ITEMS: NavItem[] = [
  { to: "/organisation/membres", label: "Membres" },
  { to: "/organisation/sites", label: "Sites" },
  { to: "/organisation/habilitations", label: "Habilitations" },
  { to: "/organisation/cles-api", label: "Clés d'API" },
  { to: "/organisation/webhooks", label: "Webhooks" },
  { to: "/organisation/journal", label: "Journal d'audit" },
  { to: "/organisation/oidc", label: "Connexion OIDC" },
];

export const PLATFORM_ITEMS: NavItem[] = [
  { to: "/plateforme/organismes", label: "Organismes" },
  { to: "/plateforme/campagnes", label: "Campagnes" },
  { to: "/plateforme/candidatures", label: "Candidatures" },
  { to: "/plateforme/habilitations", label: "Habilitations" },
  { to: "/plateforme/jury/sessions", label: "Sessions de jury" },
  { to: "/plateforme/jury/membres", label: "Vivier du jury" },
  { to: "/plateforme/certificats", label: "Certificats" },
  { to: "/plateforme/copies-papier", label: "Copies papier" },
  { to: "/plateforme/referentiels", label: "Référentiels" },
  { to: "/plateforme/declarations", label: "Déclarations CPF" },
  { to: "/plateforme/envois", label: "Envois sortants" },
  { to: "/plateforme/journal", label: "Journal d'audit" },
];

/** Side-navigation sections the viewer's roles give access to. */
export function navigationSections(viewer: Viewer | null): NavSection[] {
  const sections: NavSection[] = [];
  if (viewer && isOrgAdmin(viewer)) {
    sections.push({ id: "organisation", title: "Organisation", items: ORGANISATION_ITEMS });
  }
  if (viewer && isCertifProAdmin(viewer)) {
    sections.push({ id: "plateforme", title: "Plateforme Certif'Pro", items: PLATFORM_ITEMS });
  }
  return sections;
}
