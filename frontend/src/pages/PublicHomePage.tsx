import { Anchor, Group, List, Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { Link } from "react-router";
import { pageTitle } from "../branding";

const STEPS: readonly { title: string; text: string }[] = [
  {
    title: "Un entretien d’information",
    text:
      "Gratuit et sans engagement, avec un conseiller d’un organisme évaluateur habilité que " +
      "vous choisissez. Si vous êtes d’accord, il ouvre votre dossier.",
  },
  {
    title: "L’évaluation préalable",
    text:
      "Au plus 7 heures, en une ou plusieurs fois : on fait le point sur ce que vous savez déjà " +
      "faire. Ce n’est ni un examen ni un test. Si tout est acquis, votre dossier va directement " +
      "au jury.",
  },
  {
    title: "Une formation sur mesure, si besoin",
    text:
      "Seulement sur ce qui reste à acquérir, de quelques heures à quelques centaines, puis une " +
      "évaluation finale de 3 heures au plus sur ces seuls points. Vous avez 5 ans pour cela.",
  },
  {
    title: "Le jury et le certificat",
    text:
      "Un jury paritaire (représentants des employeurs et des salariés) examine votre dossier. " +
      "Le certificat est numérique ; une copie papier peut être envoyée sur demande.",
  },
];

/** `/` for visitors: CléA explained in plain French, and where to go next. */
export function PublicHomePage() {
  useDocumentTitle(pageTitle("Accueil"));
  return (
    <Stack gap="xl" maw={880}>
      <Stack gap="sm">
        <Title order={1}>CléA : faire reconnaître ses compétences professionnelles</Title>
        <Text size="lg">
          CléA est un certificat national, reconnu dans tous les secteurs d’activité et dans
          toutes les régions. Il atteste que vous maîtrisez les connaissances et compétences
          utiles dans tout emploi : s’exprimer en français, utiliser les règles de base du
          calcul et du raisonnement, se servir d’un ordinateur, travailler en équipe et en
          autonomie, apprendre tout au long de sa vie, respecter les règles d’hygiène, de
          sécurité et d’environnement.
        </Text>
        <Text>
          Il n’y a ni note ni niveau : le certificat est obtenu quand toutes les compétences
          sont acquises. CléA a été créé par les partenaires sociaux ; il est délivré par
          Certif’Pro.
        </Text>
      </Stack>

      <section aria-labelledby="home-audience">
        <Title order={2} id="home-audience" mb="xs">
          Pour qui ?
        </Title>
        <List spacing={4}>
          <List.Item>les salariés, en particulier peu qualifiés ;</List.Item>
          <List.Item>les demandeurs d’emploi ;</List.Item>
          <List.Item>les jeunes accompagnés, par exemple par une mission locale.</List.Item>
        </List>
        <Text mt="xs">
          L’information et le conseil sont gratuits. La formation peut être financée, notamment
          par le compte personnel de formation (CPF) ou par l’employeur.
        </Text>
      </section>

      <section aria-labelledby="home-steps">
        <Title order={2} id="home-steps" mb="xs">
          Les quatre étapes
        </Title>
        <List type="ordered" spacing="sm">
          {STEPS.map((step) => (
            <List.Item key={step.title}>
              <Text fw={600} span>
                {step.title}.
              </Text>{" "}
              {step.text}
            </List.Item>
          ))}
        </List>
      </section>

      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        <Paper withBorder p="md" component="section" aria-labelledby="home-find">
          <Title order={2} size="h3" id="home-find" mb="xs">
            Trouver un organisme près de chez vous
          </Title>
          <Text mb="xs">
            Les organismes habilités à évaluer sont publiés par région et par code postal.
            Contactez-en un pour un premier entretien.
          </Text>
          <Anchor component={Link} to="/organismes-evaluateurs" fw={600}>
            Chercher un organisme évaluateur
          </Anchor>
        </Paper>
        <Paper withBorder p="md" component="section" aria-labelledby="home-verify">
          <Title order={2} size="h3" id="home-verify" mb="xs">
            Vérifier un certificat
          </Title>
          <Text mb="xs">
            Employeur ou recruteur : saisissez le code de vérification imprimé sur le
            certificat (ou scannez son QR code) pour savoir s’il est authentique.
          </Text>
          <Anchor component={Link} to="/verifier" fw={600}>
            Vérifier un certificat
          </Anchor>
        </Paper>
      </SimpleGrid>

      <section aria-labelledby="home-more">
        <Title order={2} id="home-more" mb="xs">
          Aller plus loin
        </Title>
        <Group gap="lg">
          <Anchor component={Link} to="/certifications">
            Les certifications CléA, CléA numérique et CléA Management et leurs référentiels
          </Anchor>
          <Anchor component={Link} to="/demander-une-habilitation">
            Organisme : demander une habilitation
          </Anchor>
          <Anchor component={Link} to="/connexion">
            Professionnels : se connecter
          </Anchor>
        </Group>
      </section>
    </Stack>
  );
}
