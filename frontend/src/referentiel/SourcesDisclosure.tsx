import { Anchor, List } from "@mantine/core";
import classes from "./SourcesDisclosure.module.css";

const URL_PATTERN = /^https?:\/\/\S+$/i;

/**
 * Collapsible "Sources" list (native <details>, keyboard accessible).
 * Links use blue.9 to keep AA contrast on tinted Alert backgrounds.
 */
export function SourcesDisclosure({ sources }: { sources: readonly string[] }) {
  if (sources.length === 0) return null;
  return (
    <details className={classes.details} data-testid="sources">
      <summary>Sources</summary>
      <List size="sm" spacing={4} className={classes.list}>
        {sources.map((source, index) => (
          <List.Item key={index}>
            {URL_PATTERN.test(source) ? (
              <Anchor
                href={source}
                target="_blank"
                rel="noreferrer noopener"
                size="sm"
                c="blue.9"
                underline="always"
              >
                {source}
              </Anchor>
            ) : (
              source
            )}
          </List.Item>
        ))}
      </List>
    </details>
  );
}
