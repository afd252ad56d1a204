/**
 * ConfigParser's inline-comment rule and the open-quote check grace adds on top of it.
 */

/**
 * Cut a comment from a raw line as ConfigParser does: a full line whose first non-blank
 * character is `;` or `#`, or an inline `;`/`#` at the start or after whitespace.
 */
export function stripInlineComment(line: string): { kept: string; cut: boolean } {
  const trimmed = line.trimStart();
  if (trimmed.startsWith(";") || trimmed.startsWith("#")) return { kept: "", cut: true };
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if ((ch === ";" || ch === "#") && (i === 0 || /\s/.test(line[i - 1] ?? ""))) {
      return { kept: line.slice(0, i).trimEnd(), cut: true };
    }
  }
  return { kept: line, cut: false };
}

/** True when the text leaves a single or double quote open (shell-style, no escapes in ''). */
export function hasOpenQuote(text: string): boolean {
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote === null) {
      if (ch === "\\") i++;
      else if (ch === "'" || ch === '"') quote = ch;
    } else if (ch === quote) {
      quote = null;
    } else if (quote === '"' && ch === "\\") {
      i++;
    }
  }
  return quote !== null;
}
