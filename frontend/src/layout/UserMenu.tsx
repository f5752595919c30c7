import { Button, Menu } from "@mantine/core";
import { Link, useNavigate } from "react-router";
import { useMutation } from "urql";
import { LogoutMutation } from "../auth/documents";
import { userDisplayName, useSession, type Viewer } from "../auth/session";

/** Header button with the user's name: "Mon compte", "Se déconnecter". */
export function UserMenu({ viewer }: { viewer: Viewer }) {
  const navigate = useNavigate();
  const { resetSession } = useSession();
  const [, logout] = useMutation(LogoutMutation);

  async function onLogout() {
    await logout({});
    // Whatever the answer, the local session state is dropped.
    resetSession();
    void navigate("/connexion", { replace: true });
  }

  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button variant="default" data-testid="user-menu">
          {userDisplayName(viewer)}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {viewer.user && <Menu.Label>{viewer.user.email}</Menu.Label>}
        <Menu.Item component={Link} to="/compte">
          Mon compte
        </Menu.Item>
        <Menu.Item onClick={() => void onLogout()}>Se déconnecter</Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
