import { hasOpenQuote, stripInlineComment } from "./comments.js";
import type { Diagnostic } from "./diagnostics.js";

/**
 * INI reader following Python ConfigParser as supervisord configures it
 * (`inline_comment_prefixes=(';', '#')`, `strict=False`, `empty_lines_in_values=True`):
 * - `key = value` or `key: value`, split at the first `=` or `:`; keys are case-insensitive;
 * - a line indented deeper than its key continues the value (joined with "\n"); blank lines
 *   inside a value are kept, trailing ones dropped;
 * - a line whose first non-blank character is `;` or `#` is a comment;
 * - an inline `;`/`#` starts a comment only after whitespace;
 * - `[name]` opens a section (text after the `]` is ignored, with a warning);
 * - a repeated section merges into the first, a repeated key replaces the earlier value.
 */
export type IniEntry = { key: string; value: string; file: string; line: number };

export type IniSection = {
  name: string;
  file: string;
  line: number;
  entries: Map<string, IniEntry>;
};

export type IniResult = { sections: IniSection[]; diagnostics: Diagnostic[] };

/** ConfigParser's SECTCRE: greedy up to the last `]`, anything after it is ignored. */
const SECTION_RE = /^\[(.+)\](.*)$/;

/** Quote a value for a message, cut short so a runaway line never floods the output. */
export function quoteValue(v: string, max = 80): string {
  return JSON.stringify(v.length > max ? `${v.slice(0, max)}…` : v);
}

type Open = { entry: IniEntry; lines: string[] };

export function parseIni(text: string, file: string): IniResult {
  const sections: IniSection[] = [];
  const byName = new Map<string, IniSection>();
  const diagnostics: Diagnostic[] = [];
  let section: IniSection | undefined;
  let open: Open | undefined;
  let indentLevel = 0;

  const close = () => {
    // ConfigParser joins the lines and drops trailing blank ones.
    if (open) open.entry.value = open.lines.join("\n").trimEnd();
    open = undefined;
  };
  const report = (severity: Diagnostic["severity"], line: number, message: string, key?: string) =>
    diagnostics.push({ severity, file, line, section: section?.name, key, message });
  const warnCut = (line: number, key: string, full: string, kept: string) => {
    if (hasOpenQuote(kept) && !hasOpenQuote(full)) {
      report(
        "warning",
        line,
        `an inline comment cut this value to ${quoteValue(kept)}, leaving a quote open; remove the space before ";"/"#" or move the comment to its own line`,
        key,
      );
    }
  };

  text.split(/\r\n|\r|\n/).forEach((raw, index) => {
    const lineNo = index + 1;
    const { kept, cut } = stripInlineComment(raw);
    const value = kept.trim();
    if (value === "") {
      // A blank line belongs to the value being read (kept if more continuation follows);
      // a comment-only line does not.
      if (!cut && open) open.lines.push("");
      return;
    }
    const indent = raw.search(/\S/);
    if (open && indent > indentLevel) {
      if (cut) warnCut(lineNo, open.entry.key, raw.trim(), value);
      open.lines.push(value);
      return;
    }
    indentLevel = indent;
    const header = SECTION_RE.exec(value);
    if (header) {
      close();
      const name = header[1] ?? "";
      section = byName.get(name);
      if (section === undefined) {
        section = { name, file, line: lineNo, entries: new Map() };
        byName.set(name, section);
        sections.push(section);
      }
      const trailing = (header[2] ?? "").trim();
      if (trailing !== "") report("warning", lineNo, `text after the section header ignored: ${quoteValue(trailing)}`);
      return;
    }
    if (section === undefined) {
      report("error", lineNo, `a line before the first [section]: ${quoteValue(value)}`);
      return;
    }
    const at = value.search(/[=:]/);
    const key = at === -1 ? "" : value.slice(0, at).trim().toLowerCase();
    if (key === "") {
      close();
      report("error", lineNo, `expected "key = value", got ${quoteValue(value)}`);
      return;
    }
    close();
    const first = value.slice(at + 1).trim();
    if (cut) warnCut(lineNo, key, raw.slice(raw.search(/[=:]/) + 1).trim(), first);
    const entry: IniEntry = { key, value: first, file, line: lineNo };
    section.entries.set(key, entry);
    open = { entry, lines: [first] };
  });
  close();
  return { sections, diagnostics };
}
