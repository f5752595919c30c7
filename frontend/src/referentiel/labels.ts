/** French labels for référentiel levels and counts. */

export interface LevelInfo {
  readonly depth: number;
  readonly name: string;
  readonly count: number;
  readonly officialCount?: number | null;
}

function pluralizeWord(word: string): string {
  return /[sxz]$/i.test(word) ? word : `${word}s`;
}

// Words that start a complement: what follows them stays as it is.
const PREPOSITION = /^(?:de|du|des|à|au|aux|en|pour|sur|d[’'].*)$/i;

/**
 * Simple French plural: adds an "s" unless the word already ends with "s",
 * "x" or "z" ("critère" → "critères", "sous-domaine" → "sous-domaines",
 * "prix" → "prix"). In a multi-word name, the words before the first
 * preposition are pluralised ("domaine de compétences" → "domaines de
 * compétences", "compétence numérique" → "compétences numériques").
 */
export function pluralize(name: string): string {
  const words = name.split(" ");
  let inComplement = false;
  return words
    .map((word, index) => {
      if (index > 0 && PREPOSITION.test(word)) inComplement = true;
      return inComplement || word === "" ? word : pluralizeWord(word);
    })
    .join(" ");
}

/** Level names are shown lower-case inside sentences ("4 critères"). */
export function lowerFirst(word: string): string {
  return word.charAt(0).toLocaleLowerCase("fr") + word.slice(1);
}

/** "1 critère", "4 critères", "0 critère" (French singular for 0 and 1). */
export function formatCount(count: number, levelName: string): string {
  const name = lowerFirst(levelName.trim());
  return `${count} ${Math.abs(count) >= 2 ? pluralize(name) : name}`;
}

/** Levels sorted from the outermost (depth 1) to the deepest. */
export function sortLevels<T extends LevelInfo>(levels: readonly T[]): T[] {
  return [...levels].sort((a, b) => a.depth - b.depth);
}

/** "7 domaines · 28 sous-domaines · 107 critères". */
export function formatLevelCounts(levels: readonly LevelInfo[]): string {
  return sortLevels(levels)
    .map((level) => formatCount(level.count, level.name))
    .join(" · ");
}

/** Name of the deepest level (the evaluable items), e.g. "critère". */
export function leafLevelName(
  levels: readonly LevelInfo[],
  fallback = "élément",
): string {
  const sorted = sortLevels(levels);
  return sorted[sorted.length - 1]?.name ?? fallback;
}

const VERSION_LABEL = /^(\d{4})-[a-z][a-z-]*?-(\d+)$/i;

/**
 * A version label as the public reads it: "2021-transcription-1" → "édition 2021 (n° 1)".
 * A label of another shape is shown as it is.
 */
export function versionName(label: string): string {
  const match = VERSION_LABEL.exec(label.trim());
  return match ? `édition ${match[1]} (n° ${Number(match[2])})` : label;
}
