/**
 * methodResponse and fault bodies, byte for byte as Python's xmlrpc.client writes them (which
 * is what supervisord sends), so every client that reads supervisord reads these. Pure.
 */

/** What an answer can hold: supervisord's API returns nothing else (no nil, dates or bytes). */
export type ResponseValue = string | number | boolean | ResponseValue[] | { [key: string]: ResponseValue };

const DECLARATION = "<?xml version='1.0'?>\n";

/**
 * Text for an XML element. Beyond &, < and > (what Python escapes), characters XML 1.0 cannot
 * carry at all — control characters such as the ESC of coloured log lines, which make Python's
 * parser fail on supervisord's own answers — become U+FFFD, and \r is written as a reference so
 * that the client's parser does not turn it into \n.
 */
export function escapeText(s: string): string {
  return s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\r/g, "&#13;")
    .replace(/[\p{Cc}\p{Cs}\uFFFE\uFFFF]/gu, keepOrReplace);
}

/** Of the control characters, XML carries tab, newline and the C1 range; lone surrogates never. */
function keepOrReplace(c: string): string {
  const code = c.charCodeAt(0);
  return code === 0x09 || code === 0x0a || (code >= 0x7f && code <= 0x9f) ? c : "\ufffd";
}

function number(n: number): string {
  if (!Number.isFinite(n)) throw new TypeError(`cannot send ${n} over XML-RPC`);
  // an integer beyond i4 (a log offset past 2 GiB) still goes as <int>: Python reads any size
  if (Number.isInteger(n)) return `<value><int>${n}</int></value>\n`;
  return `<value><double>${n}</double></value>\n`;
}

function value(v: ResponseValue, out: string[]): void {
  if (typeof v === "string") out.push(`<value><string>${escapeText(v)}</string></value>\n`);
  else if (typeof v === "number") out.push(number(v));
  else if (typeof v === "boolean") out.push(`<value><boolean>${v ? "1" : "0"}</boolean></value>\n`);
  else if (Array.isArray(v)) {
    out.push("<value><array><data>\n");
    for (const item of v) value(item, out);
    out.push("</data></array></value>\n");
  } else {
    out.push("<value><struct>\n");
    for (const [k, item] of Object.entries(v)) {
      out.push(`<member>\n<name>${escapeText(k)}</name>\n`);
      value(item, out);
      out.push("</member>\n");
    }
    out.push("</struct></value>\n");
  }
}

/** The body of a successful answer. */
export function encodeResponse(result: ResponseValue): string {
  const out = [DECLARATION, "<methodResponse>\n<params>\n<param>\n"];
  value(result, out);
  out.push("</param>\n</params>\n</methodResponse>\n");
  return out.join("");
}

/** The body of a fault answer (still HTTP 200, as XML-RPC wants). */
export function encodeFault(code: number, text: string): string {
  const out = [DECLARATION, "<methodResponse>\n<fault>\n"];
  value({ faultCode: code, faultString: text }, out);
  out.push("</fault>\n</methodResponse>\n");
  return out.join("");
}
