import { quote, readXml, type XmlElement, XmlError, type XmlLimits } from "./xml-reader.js";

/** A decoded XML-RPC value. Integers and doubles both become numbers; base64 stays bytes. */
export type XmlRpcValue = number | boolean | string | null | Date | Buffer | XmlRpcValue[] | { [key: string]: XmlRpcValue };

export type MethodCall = { method: string; params: XmlRpcValue[] };

const utf8 = new TextDecoder("utf-8", { fatal: true });

function only(el: XmlElement, name: string): XmlElement {
  const [child, extra] = el.children;
  if (child === undefined || extra !== undefined || child.name !== name) {
    throw new XmlError(
      `<${el.name}> must hold exactly one <${name}>, got ${quote(el.children.map((c) => `<${c.name}>`).join("") || "nothing")}`,
    );
  }
  return child;
}

function integer(text: string): number {
  if (!/^\s*[+-]?\d+\s*$/.test(text)) throw new XmlError(`not an integer: ${quote(text)}`);
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new XmlError(`integer out of range: ${quote(text.trim())}`);
  return n;
}

function double(text: string): number {
  const t = text.trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) throw new XmlError(`not a double: ${quote(text)}`);
  return Number(t);
}

function boolean(text: string): boolean {
  const t = text.trim();
  if (t === "1") return true;
  if (t === "0") return false;
  throw new XmlError(`a boolean is 0 or 1, got ${quote(text)}`);
}

/** XML-RPC's one date form, `19980717T14:08:55` (no zone: read as UTC). */
function dateTime(text: string): Date {
  const m = /^(\d{4})(\d\d)(\d\d)T(\d\d):(\d\d):(\d\d)$/.exec(text.trim());
  const date = m && new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
  if (!m || !date || date.getUTCDate() !== +m[3] || +m[4] > 23 || +m[5] > 59 || +m[6] > 59) {
    throw new XmlError(`not a dateTime.iso8601 (YYYYMMDDTHH:MM:SS): ${quote(text)}`);
  }
  return date;
}

function base64(text: string): Buffer {
  const t = text.replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(t) || t.length % 4 === 1) throw new XmlError(`not base64: ${quote(text)}`);
  return Buffer.from(t, "base64");
}

function struct(el: XmlElement): { [key: string]: XmlRpcValue } {
  const entries = el.children.map((member): [string, XmlRpcValue] => {
    if (member.name !== "member") throw new XmlError(`<struct> holds <member>s only, got <${member.name}>`);
    const name = member.children.find((c) => c.name === "name");
    const value = member.children.find((c) => c.name === "value");
    if (!name || !value || member.children.length !== 2) throw new XmlError("a <member> holds one <name> and one <value>");
    return [name.text, decodeValue(value)];
  });
  // fromEntries defines own properties: a member called "__proto__" stays a plain key
  return Object.fromEntries(entries);
}

function array(el: XmlElement): XmlRpcValue[] {
  const data = only(el, "data");
  return data.children.map((v) => {
    if (v.name !== "value") throw new XmlError(`<data> holds <value>s only, got <${v.name}>`);
    return decodeValue(v);
  });
}

/** A `<value>`: its one typed child, or its text (a string) when it has none. */
export function decodeValue(value: XmlElement): XmlRpcValue {
  if (value.children.length === 0) return value.text;
  const typed = only(value, value.children[0].name);
  switch (typed.name) {
    case "int":
    case "i4":
    case "i8":
      return integer(typed.text);
    case "boolean":
      return boolean(typed.text);
    case "string":
      return typed.text;
    case "double":
      return double(typed.text);
    case "dateTime.iso8601":
      return dateTime(typed.text);
    case "base64":
      return base64(typed.text);
    case "struct":
      return struct(typed);
    case "array":
      return array(typed);
    case "nil":
    case "ex:nil":
      return null;
    default:
      throw new XmlError(`unknown XML-RPC type <${typed.name}>`);
  }
}

function decodeText(body: Buffer): string {
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    throw new XmlError("the body is not valid UTF-8");
  }
  const declared = /^\uFEFF?<\?xml[^?]*encoding\s*=\s*["']([^"']*)["']/.exec(text)?.[1];
  if (declared !== undefined && !/^(utf-?8|us-ascii)$/i.test(declared)) {
    throw new XmlError(`only UTF-8 is accepted, the body declares ${quote(declared)}`);
  }
  return text.replace(/^\uFEFF/, "");
}

/**
 * A `<methodCall>` from an HTTP body. `<params>` may be missing (no parameters), as supervisord
 * allows; anything that is not well-formed XML-RPC is an XmlError naming what and where.
 */
export function decodeMethodCall(body: Buffer, limits: XmlLimits): MethodCall {
  const root = readXml(decodeText(body), limits);
  if (root.name !== "methodCall") throw new XmlError(`expected <methodCall>, got <${root.name}>`);
  let method: string | undefined;
  let params: XmlRpcValue[] = [];
  for (const child of root.children) {
    if (child.name === "methodName") method = child.text;
    else if (child.name === "params") {
      params = child.children.map((p) => {
        if (p.name !== "param") throw new XmlError(`<params> holds <param>s only, got <${p.name}>`);
        return decodeValue(only(p, "value"));
      });
    } else throw new XmlError(`unexpected <${child.name}> in <methodCall>`);
  }
  if (!method) throw new XmlError("the call has no <methodName>");
  return { method, params };
}
