import { AppShell, Button, Container, Group } from "@mantine/core";
import { Link, Outlet, useMatch } from "react-router";
import { PRODUCT_NAME } from "../branding";
import classes from "./AppLayout.module.css";

export const MAIN_CONTENT_ID = "contenu-principal";

/** Application shell: header (brand + main navigation) and main region. */
export function AppLayout() {
  const onCertifications = useMatch({ path: "/certifications", end: false });

  return (
    <AppShell header={{ height: 64 }} padding="md">
      <a className={classes.skipLink} href={`#${MAIN_CONTENT_ID}`}>
        Aller au contenu principal
      </a>
      <AppShell.Header>
        <Container size="lg" h="100%">
          <Group h="100%" justify="space-between" wrap="nowrap">
            <Link to="/" className={classes.brand}>
              {PRODUCT_NAME}
            </Link>
            <nav aria-label="Navigation principale">
              <Group gap="xs" wrap="nowrap">
                <Button
                  component={Link}
                  to="/certifications"
                  variant={onCertifications ? "filled" : "default"}
                  aria-current={onCertifications ? "page" : undefined}
                >
                  Certifications
                </Button>
              </Group>
            </nav>
          </Group>
        </Container>
      </AppShell.Header>
      <AppShell.Main id={MAIN_CONTENT_ID} tabIndex={-1} className={classes.main}>
        <Container size="lg" py="md">
          <Outlet />
        </Container>
      </AppShell.Main>
    </AppShell>
  );
}
