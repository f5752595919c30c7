import { Button, TextInput } from "@mantine/core";
import { act, fireEvent, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { FormEvent } from "react";
import { describe, expect, it } from "vitest";
import { useForm } from "../forms/useForm";
import { required } from "../forms/validation";
import { renderWithProviders } from "../test/render";
import { DateField } from "./DateField";
import { FormAlert } from "./FormAlert";

interface Values {
  name: string;
  birthDate: string;
}

function Demo({ onSaved }: { onSaved: (values: Values) => void }) {
  const form = useForm<Values>({ name: "", birthDate: "" }, { name: required("Saisissez le nom.") });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (Object.keys(form.validate()).length === 0) onSaved(form.values);
  };
  return (
    <form onSubmit={submit} noValidate aria-label="Essai">
      <FormAlert messages={[]} title="Candidat non enregistré" />
      <TextInput label="Nom" required {...form.textField("name")} />
      <DateField label="Date de naissance" required {...form.dateField("birthDate")} />
      <Button type="submit">Enregistrer</Button>
    </form>
  );
}

describe("the error summary and the date field", () => {
  it("after a refused submit, focuses a summary linking each field in error", async () => {
    const user = userEvent.setup();
    const saved: Values[] = [];
    renderWithProviders(<Demo onSaved={(values) => saved.push(values)} />);
    await user.type(screen.getByRole("textbox", { name: "Date de naissance" }), "31022025");
    expect(screen.getByRole("textbox", { name: "Date de naissance" })).toHaveValue("31/02/2025");
    await user.click(screen.getByRole("button", { name: "Enregistrer" }));

    const summary = await screen.findByRole("alert");
    await waitFor(() => expect(summary).toHaveFocus());
    expect(summary).toHaveTextContent("Corrigez les 2 champs suivants :");
    const links = [...summary.querySelectorAll("a")];
    expect(links.map((link) => link.textContent)).toEqual(["Nom", "Date de naissance"]);
    expect(summary).toHaveTextContent("Date de naissance : Le 31/02/2025 n’existe pas : vérifiez le jour et le mois.");
    expect(saved).toEqual([]);

    await user.click(links[1]!);
    expect(screen.getByRole("textbox", { name: "Date de naissance" })).toHaveFocus();
  });

  it("sends the ISO day of what was typed jj/mm/aaaa, and the summary goes away", async () => {
    const user = userEvent.setup();
    const saved: Values[] = [];
    renderWithProviders(<Demo onSaved={(values) => saved.push(values)} />);
    await user.click(screen.getByRole("button", { name: "Enregistrer" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Nom : Saisissez le nom.");

    await user.type(screen.getByRole("textbox", { name: "Nom" }), "Martin");
    await user.type(screen.getByRole("textbox", { name: "Date de naissance" }), "17/05/1984");
    await waitFor(() => expect(screen.queryByRole("alert")).toBeNull());
    await user.click(screen.getByRole("button", { name: "Enregistrer" }));
    expect(saved).toEqual([{ name: "Martin", birthDate: "1984-05-17" }]);
  });

  it("explains an impossible date when the person leaves the field", async () => {
    renderWithProviders(<DateField label="Date" value="" onChange={() => undefined} />);
    const input = screen.getByRole("textbox", { name: "Date" });
    act(() => {
      fireEvent.change(input, { target: { value: "30/02/2024" } });
      fireEvent.blur(input);
    });
    expect(await screen.findByText("Le 30/02/2024 n’existe pas : vérifiez le jour et le mois.")).toBeInTheDocument();
  });
});
