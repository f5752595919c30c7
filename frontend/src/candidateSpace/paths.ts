/** Addresses of the candidate space (French, as the candidate reads them). */
export const paths = {
  home: "/espace-candidat",
  requestLink: "/espace-candidat/lien",
  signIn: "/espace-candidat/connexion",
  smsCode: "/espace-candidat/code",
  data: "/espace-candidat/mes-donnees",
  dossier: (id: string) => `/espace-candidat/dossiers/${id}`,
  documents: (id: string) => `/espace-candidat/dossiers/${id}/documents`,
  correction: (id: string) => `/espace-candidat/dossiers/${id}/correction`,
  paper: (id: string) => `/espace-candidat/dossiers/${id}/copie-papier`,
  wallet: (id: string) => `/espace-candidat/dossiers/${id}/portefeuille`,
};
