import { Anchor, AppShell, Button, Container, Group } from "@mantine/core";
import { Link, Outlet, useNavigate } from "react-router";
import { useMutation } from "urql";
import { SignOutCandidateMutation } from "./documents";
import { paths } from "./paths";

/**
 * The candidate space's own frame: no professional menu, large text, one column
 * (phones first). Candidates never see the staff navigation.
 */
export function CandidateLayout({ signedIn = true }: { signedIn?: boolean }) {
  const navigate = useNavigate();
  const [, signOut] = useMutation(SignOutCandidateMutation);
  return (
    <AppShell header={{ height: 64 }} padding="md">
      <AppShell.Header>
        <Container size="sm" h="100%">
          <Group h="100%" justify="space-between" wrap="nowrap">
            <Anchor component={Link} to={paths.home} fw={700} fz="lg" underline="never">
              Mon espace CléA
            </Anchor>
            {signedIn && (
              <Group gap="xs" wrap="nowrap">
                <Anchor component={Link} to={paths.data} fz="md">
                  Mes données
                </Anchor>
                <Button
                  variant="subtle"
                  size="md"
                  onClick={async () => {
                    await signOut({});
                    void navigate(paths.requestLink, { replace: true });
                  }}
                >
                  Sortir
                </Button>
              </Group>
            )}
          </Group>
        </Container>
      </AppShell.Header>
      <AppShell.Main>
        <Container size="sm" px={0} fz="lg">
          <Outlet />
        </Container>
      </AppShell.Main>
    </AppShell>
  );
}

/** The frame of the pages a candidate sees before signing in. */
export function CandidatePublicLayout() {
  return <CandidateLayout signedIn={false} />;
}
