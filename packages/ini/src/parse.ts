import type { Diagnostic } from "./diagnostics.js";

/**
 * INI reader following Python ConfigParser as supervisord configures it
 * (`inline_comment_prefixes=(';', '#')`, `strict=False`):
 * - `key = value` or `key: value`, split at the first `=` or `:`; keys are case-insensitive;
 * - a line indented deeper than its key continues the value (joined with "\n");
 * - a line whose first non-blank character is `;` or `#` is a comment;
 * - an inline `;`/`#` starts a comment only after whitespace;
 * - a repeated section merges into the first, a repeated key replaces the earlier value.
 */
export type IniEntry = { key: string; value: string; line: number };

export type IniSection = {
  name: string;
  file: string;
  line: number;
  entries: Map<string, IniEntry>;
};

export type IniResult = { sections: IniSection[]; diagnostics: Diagnostic[] };

const SECTION_RE = /^\[(.+)\]$/;

/** Cut an inline comment: `;` or `#` preceded by whitespace. Returns the kept text. */
export function stripInlineComment(text: string): { kept: string; cut: boolean } {
  for (let i = 1; i < text.length; i++) {
    const ch = text[i];
    if ((ch === ";" || ch === "#") && /\s/.test(text[i - 1] ?? "")) {
      return { kept: text.slice(0, i).trimEnd(), cut: true };
    }
  }
  return { kept: text, cut: false };
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

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

export function parseIni(text: string, file: string): IniResult {
  const sections: IniSection[] = [];
  const byName = new Map<string, IniSection>();
  const diagnostics: Diagnostic[] = [];
  let section: IniSection | undefined;
  let entry: IniEntry | undefined;
  let entryIndent = 0;
  const lines = text.split(/\r?\n/);

  const warnCut = (lineNo: number, original: string, kept: string) => {
    if (hasOpenQuote(kept) && !hasOpenQuote(original)) {
      diagnostics.push({
        severity: "warning",
        file,
        line: lineNo,
        section: section?.name,
        key: entry?.key,
        message: `an inline comment cut this value to ${JSON.stringify(kept)}, leaving a quote open; write " ;" without the space before ";" or move the comment`,
      });
    }
  };

  lines.forEach((raw, index) => {
    const lineNo = index + 1;
    const trimmed = raw.trim();
    if (trimmed === "") {
      // A blank line ends nothing by itself in ConfigParser, but a value never ends in blank lines.
      return;
    }
    if (trimmed.startsWith(";") || trimmed.startsWith("#")) return;

    const indent = indentOf(raw);
    if (entry !== undefined && indent > entryIndent) {
      // continuation of the current value
      const { kept, cut } = stripInlineComment(trimmed);
      if (cut) warnCut(lineNo, trimmed, kept);
      entry.value = entry.value === "" ? kept : `${entry.value}\n${kept}`;
      return;
    }

    const { kept, cut } = stripInlineComment(trimmed);
    const header = SECTION_RE.exec(kept);
    if (header) {
      const name = header[1] ?? "";
      entry = undefined;
      const existing = byName.get(name);
      if (existing) {
        section = existing;
      } else {
        section = { name, file, line: lineNo, entries: new Map() };
        byName.set(name, section);
        sections.push(section);
      }
      return;
    }
    if (section === undefined) {
      diagnostics.push({
        severity: "error",
        file,
        line: lineNo,
        message: `a line before the first [section]: ${JSON.stringify(trimmed)}`,
      });
      return;
    }
    const at = kept.search(/[=:]/);
    if (at <= 0) {
      diagnostics.push({
        severity: "error",
        file,
        line: lineNo,
        section: section.name,
        message: `expected "key = value", got ${JSON.stringify(trimmed)}`,
      });
      entry = undefined;
      return;
    }
    const key = kept.slice(0, at).trim().toLowerCase();
    const value = kept.slice(at + 1).trim();
    entry = { key, value, line: lineNo };
    entryIndent = indent;
    if (cut) warnCut(lineNo, trimmed.slice(trimmed.search(/[=:]/) + 1).trim(), value);
    section.entries.set(key, entry);
  });

  return { sections, diagnostics };
}
