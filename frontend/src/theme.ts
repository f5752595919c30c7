import { createTheme, type CSSVariablesResolver, type MantineColorsTuple } from "@mantine/core";

/**
 * Warning palette (provisional content): Mantine's orange with darker 8/9
 * shades so that text stays above the WCAG AA contrast ratio.
 */
const warning: MantineColorsTuple = [
  "#fff4e6",
  "#ffe8cc",
  "#ffd8a8",
  "#ffc078",
  "#ffa94d",
  "#ff922b",
  "#fd7e14",
  "#e8590c",
  "#c2410c",
  "#9c3b00",
];

// Darker primary shade and auto contrast keep text/background pairs
// above the WCAG AA contrast ratio (checked by axe in the e2e tests).
// Avoid the "light"/"subtle" variants on interactive elements: their hover
// background (shade 2) is below 4.5:1 against the shade 9 text.
export const theme = createTheme({
  primaryColor: "blue",
  primaryShade: { light: 8, dark: 8 },
  autoContrast: true,
  colors: { warning },
  fontFamily:
    "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
  defaultRadius: "md",
  components: {
    // Mantine's default description colour ("dimmed", gray 6) is below 4.5:1.
    InputWrapper: {
      styles: { description: { color: "var(--mantine-color-gray-7)" } },
    },
    // Step descriptions and table captions default to "dimmed" (gray 6), below 4.5:1.
    Stepper: {
      styles: { stepDescription: { color: "var(--mantine-color-gray-7)" } },
    },
    Table: {
      styles: { caption: { color: "var(--mantine-color-gray-7)" } },
    },
    // A menu may own menu items and groups only: Mantine's initial-focus placeholder (a
    // focusable role="presentation" element inside role="menu") fails axe's critical
    // « aria-required-children ». Arrows still move through the items.
    Menu: {
      defaultProps: { withInitialFocusPlaceholder: false },
      styles: { label: { color: "var(--mantine-color-gray-8)" } },
    },
    // The close button is an icon: give it a French accessible name.
    // A dialog's <header> sits at the top of the page (a portal): it would be a second
    // « banner » landmark beside the application's header (axe landmark-no-duplicate-banner).
    Modal: {
      defaultProps: {
        closeButtonProps: { "aria-label": "Fermer" },
        attributes: { header: { role: "none" } },
      },
    },
    Drawer: {
      defaultProps: { attributes: { header: { role: "none" } } },
    },
  },
});

/**
 * Darker error colour (field errors, invalid input text): Mantine's default
 * (red 6) is below 4.5:1 on white. Success alerts ("light" green) get a darker
 * text colour too: green 9 on the light green background is about 4:1.
 */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    "--mantine-color-error": "var(--mantine-color-red-9)",
    "--mantine-color-green-light-color": "#1e6b30",
  },
  dark: {},
});
