import { Alert, Anchor, Button, Group, Paper, SimpleGrid, Stack, Text, TextInput, Title } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useEffect, useState, type FormEvent } from "react";
import { useNavigate, useParams } from "react-router";
import { pageTitle } from "../branding";
import { formatDay } from "../components/format";
import { LoadingState } from "../components/LoadingState";
import {
  formatCode,
  normaliseCode,
  verifyCertificate,
  verifyPagePath,
  type Verification,
  type VerificationResult,
} from "./verification";

/**
 * `/verifier` and `/verifier/:code` (public): « Vérifier un certificat ». The code printed
 * on a certificate is checked against the platform (`/verify/<code>`, JSON); the page
 * served there is the official one, linked from the result.
 */
export function VerifyCertificatePage() {
  useDocumentTitle(pageTitle("Vérifier un certificat"));
  const { code: routeCode = "" } = useParams();
  const navigate = useNavigate();
  const [typed, setTyped] = useState(routeCode);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [result, setResult] = useState<VerificationResult | null>(null);
  const [checking, setChecking] = useState(false);
  const code = normaliseCode(routeCode);

  useEffect(() => {
    setTyped(routeCode);
    setResult(null);
    if (!routeCode) return;
    if (!code) {
      setFieldError("Ce code n’a pas le bon format : 10 caractères, par exemple ABCDE-FGHJK.");
      return;
    }
    let cancelled = false;
    setChecking(true);
    void verifyCertificate(code).then((answer) => {
      if (cancelled) return;
      setResult(answer);
      setChecking(false);
    });
    return () => {
      cancelled = true;
    };
  }, [routeCode, code]);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const normalised = normaliseCode(typed);
    if (!normalised) {
      setFieldError(
        typed.trim()
          ? "Ce code n’a pas le bon format : 10 caractères, par exemple ABCDE-FGHJK."
          : "Saisissez le code de vérification imprimé sur le certificat.",
      );
      return;
    }
    setFieldError(null);
    void navigate(`/verifier/${formatCode(normalised)}`);
  }

  return (
    <Stack gap="lg" maw={720}>
      <Title order={1}>Vérifier un certificat</Title>
      <Text>
        Saisissez le code de vérification imprimé sur le certificat (10 caractères, par exemple ABCDE-FGHJK) : la
        plateforme indique s’il est valide et à qui il a été délivré.
      </Text>
      <form onSubmit={onSubmit} noValidate aria-label="Vérification d’un certificat" role="search">
        <Group gap="sm" align="flex-start">
          <TextInput
            label="Code de vérification"
            placeholder="ABCDE-FGHJK"
            autoComplete="off"
            spellCheck={false}
            value={typed}
            onChange={(event) => {
              setTyped(event.currentTarget.value);
              setFieldError(null);
            }}
            error={fieldError}
            miw={260}
          />
          <Button type="submit" mt={25} loading={checking}>
            Vérifier
          </Button>
        </Group>
      </form>
      {checking && <LoadingState label="Vérification en cours…" />}
      {result && code && <VerificationAnswer result={result} code={code} />}
    </Stack>
  );
}

function VerificationAnswer({ result, code }: { result: VerificationResult; code: string }) {
  if (result.kind === "not-found") {
    return (
      <Alert color="red" variant="light" role="alert" title="Certificat introuvable" data-testid="verification-result" data-status="not-found">
        <Text size="sm">
          Aucun certificat ne correspond au code {formatCode(code)}. Vérifiez la saisie : un certificat présenté avec
          un code inconnu n’est pas authentique.
        </Text>
      </Alert>
    );
  }
  if (result.kind === "rate-limited") {
    return (
      <Alert color="warning" variant="light" role="alert" title="Trop de vérifications" data-testid="verification-result" data-status="rate-limited">
        <Text size="sm">
          Trop de vérifications depuis votre adresse : réessayez
          {result.retryAfter ? ` dans ${result.retryAfter} secondes` : " dans une minute"}.
        </Text>
      </Alert>
    );
  }
  if (result.kind === "error") {
    return (
      <Alert color="red" variant="light" role="alert" title="Vérification impossible" data-testid="verification-result" data-status="error">
        <Text size="sm">La plateforme n’a pas pu répondre. Réessayez dans un instant.</Text>
      </Alert>
    );
  }
  return <CertificateFacts certificate={result.certificate} code={code} />;
}

function CertificateFacts({ certificate, code }: { certificate: Verification; code: string }) {
  const revoked = certificate.status === "revoked";
  return (
    <Stack gap="sm" data-testid="verification-result" data-status={certificate.status}>
      <Alert
        color={revoked ? "red" : "green"}
        variant="light"
        role="status"
        title={revoked ? "Certificat retiré" : "Certificat valide"}
      >
        <Text size="sm">
          {revoked
            ? `Ce certificat a été retiré le ${formatDay(certificate.revokedAt)}. Motif : ${certificate.revocationReason ?? "—"}`
            : `Ce certificat est valide : il a été délivré par ${certificate.certifier}.`}
        </Text>
      </Alert>
      <Paper withBorder p="md">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs" component="dl" style={{ margin: 0 }}>
          <Fact term="Titulaire" testId="verification-holder">
            {certificate.holderName}
          </Fact>
          <Fact term="Certification">{certificate.certificationTitle}</Fact>
          <Fact term="Référentiel">version {certificate.referentielVersion}</Fact>
          <Fact term="Décision du jury">
            {formatDay(certificate.decidedOn)} ({certificate.jurySession})
          </Fact>
          <Fact term="Numéro">{certificate.number}</Fact>
          <Fact term="Code de vérification">{certificate.verificationCode}</Fact>
        </SimpleGrid>
      </Paper>
      <Text size="sm">
        Comparez ces informations avec le certificat présenté.{" "}
        <Anchor href={verifyPagePath(code)}>Page de vérification officielle</Anchor> ·{" "}
        <Anchor href="/.well-known/jwks.json">Clés publiques de la plateforme</Anchor>
      </Text>
    </Stack>
  );
}

function Fact({ term, children, testId }: { term: string; children: React.ReactNode; testId?: string }) {
  return (
    <div>
      <Text component="dt" size="sm" fw={600}>
        {term}
      </Text>
      <Text component="dd" size="sm" m={0} data-testid={testId}>
        {children}
      </Text>
    </div>
  );
}
