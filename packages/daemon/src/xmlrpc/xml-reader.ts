/**
 * The little XML that XML-RPC needs, read without trusting the sender: elements, attributes
 * (read and ignored), text, the five predefined entities, character references, CDATA,
 * comments and the XML declaration. A DOCTYPE (and with it every ENTITY declaration) is
 * refused outright, so no entity is ever expanded; depth and element count are capped, and
 * every error quotes the offending input briefly. Pure.
 */

export type XmlElement = { name: string; children: XmlElement[]; text: string };

export type XmlLimits = { maxDepth: number; maxElements: number };

export class XmlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "XmlError";
  }
}

/** At most `max` characters of `s`, JSON-quoted, with … when cut: safe to put in any message. */
export function quote(s: string, max = 40): string {
  return s.length <= max ? JSON.stringify(s) : `${JSON.stringify(s.slice(0, max))}…`;
}

const NAME = /[A-Za-z_:][A-Za-z0-9._:-]*/y;
const PREDEFINED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

/** XML 1.0's Char production: what may appear in a document at all, raw or as a reference. */
function isXmlChar(cp: number): boolean {
  return (
    cp === 0x9 ||
    cp === 0xa ||
    cp === 0xd ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

class Reader {
  pos = 0;
  elements = 0;

  constructor(
    private readonly src: string,
    private readonly limits: XmlLimits,
  ) {}

  fail(why: string, at = this.pos): never {
    throw new XmlError(`not well-formed XML at offset ${at}: ${why} near ${quote(this.src.slice(at, at + 30))}`);
  }

  document(): XmlElement {
    this.skipMisc();
    if (!this.src.startsWith("<", this.pos)) this.fail("expected the root element");
    const root = this.element(1);
    this.skipMisc();
    if (this.pos < this.src.length) this.fail("content after the root element");
    return root;
  }

  /** Whitespace, comments and processing instructions (the XML declaration among them). */
  private skipMisc(): void {
    for (;;) {
      while (this.pos < this.src.length && " \t\r\n".includes(this.src[this.pos])) this.pos++;
      if (this.src.startsWith("<?", this.pos)) this.skipPast("?>", "an unfinished processing instruction");
      else if (this.src.startsWith("<!--", this.pos)) this.skipPast("-->", "an unfinished comment");
      else if (this.src.startsWith("<!", this.pos)) this.refuseDeclaration();
      else return;
    }
  }

  private refuseDeclaration(): never {
    this.fail("DOCTYPE and ENTITY declarations are refused (no entity is ever expanded)");
  }

  private skipPast(end: string, what: string): string {
    const close = this.src.indexOf(end, this.pos);
    if (close === -1) this.fail(what);
    const inside = this.src.slice(this.pos, close);
    this.pos = close + end.length;
    return inside;
  }

  private name(): string {
    NAME.lastIndex = this.pos;
    const m = NAME.exec(this.src);
    if (!m) this.fail("expected a name");
    this.pos += m[0].length;
    return m[0];
  }

  private element(depth: number): XmlElement {
    if (depth > this.limits.maxDepth) this.fail(`elements nest deeper than ${this.limits.maxDepth}`);
    if (++this.elements > this.limits.maxElements) this.fail(`more than ${this.limits.maxElements} elements`);
    this.pos++; // "<"
    const el: XmlElement = { name: this.name(), children: [], text: "" };
    if (this.attributes()) return el;
    const texts: string[] = [];
    for (;;) {
      const lt = this.src.indexOf("<", this.pos);
      if (lt === -1) this.fail(`<${el.name}> is never closed`);
      if (lt > this.pos) texts.push(this.text(this.src.slice(this.pos, lt), this.pos));
      this.pos = lt;
      if (this.src.startsWith("</", lt)) break;
      if (this.src.startsWith("<!--", lt)) this.skipPast("-->", "an unfinished comment");
      else if (this.src.startsWith("<![CDATA[", lt)) {
        this.pos += "<![CDATA[".length;
        texts.push(this.checkChars(this.skipPast("]]>", "an unfinished CDATA section"), lt));
      } else if (this.src.startsWith("<!", lt)) this.refuseDeclaration();
      else if (this.src.startsWith("<?", lt)) this.skipPast("?>", "an unfinished processing instruction");
      else el.children.push(this.element(depth + 1));
    }
    const at = this.pos;
    this.pos += 2;
    const end = this.name();
    if (end !== el.name) this.fail(`</${end}> closes <${el.name}>`, at);
    this.spaces();
    if (this.src[this.pos] !== ">") this.fail("expected >");
    this.pos++;
    el.text = texts.join("");
    return el;
  }

  /** Reads attributes up to ">" or "/>"; true when the element was empty ("/>"). */
  private attributes(): boolean {
    for (;;) {
      const before = this.pos;
      this.spaces();
      if (this.src.startsWith("/>", this.pos)) {
        this.pos += 2;
        return true;
      }
      if (this.src[this.pos] === ">") {
        this.pos++;
        return false;
      }
      if (this.pos === before) this.fail("expected whitespace, > or />");
      const name = this.name();
      this.spaces();
      if (this.src[this.pos] !== "=") this.fail(`attribute ${name} has no value`);
      this.pos++;
      this.spaces();
      const q = this.src[this.pos];
      if (q !== '"' && q !== "'") this.fail(`attribute ${name}: expected a quoted value`);
      const close = this.src.indexOf(q, this.pos + 1);
      if (close === -1) this.fail(`attribute ${name} is never closed`);
      const value = this.src.slice(this.pos + 1, close);
      if (value.includes("<")) this.fail(`attribute ${name} holds <`);
      this.text(value, this.pos + 1); // checked like text, then ignored: XML-RPC has no attributes
      this.pos = close + 1;
    }
  }

  private spaces(): void {
    while (this.pos < this.src.length && " \t\r\n".includes(this.src[this.pos])) this.pos++;
  }

  /** Character data: references resolved, line ends normalized to \n as every XML parser does. */
  private text(raw: string, at: number): string {
    const out = this.checkChars(raw, at).replace(/\r\n?/g, "\n");
    if (!out.includes("&")) return out;
    return out.replace(/&([^;&\s]{0,32});|&/g, (whole, ref: string | undefined, offset: number) => {
      if (ref === undefined) this.fail("a bare & (write &amp;)", at + offset);
      const named = PREDEFINED[ref];
      if (named !== undefined) return named;
      const m = /^#(?:x([0-9A-Fa-f]{1,6})|([0-9]{1,7}))$/.exec(ref);
      if (!m) this.fail(`unknown entity ${quote(whole)} (only the five predefined ones exist without a DTD)`, at + offset);
      const cp = m[1] !== undefined ? Number.parseInt(m[1], 16) : Number(m[2]);
      if (!isXmlChar(cp)) this.fail(`${whole} is not a character XML allows`, at + offset);
      return String.fromCodePoint(cp);
    });
  }

  private checkChars(s: string, at: number): string {
    for (let i = 0; i < s.length; i++) {
      const cp = s.codePointAt(i) as number;
      if (cp > 0xffff) i++;
      else if (!isXmlChar(cp)) this.fail(`character U+${cp.toString(16).padStart(4, "0")} is not allowed in XML`, at + i);
    }
    return s;
  }
}

/** The root element of `src`, or an XmlError that says what is wrong and where. */
export function readXml(src: string, limits: XmlLimits): XmlElement {
  return new Reader(src, limits).document();
}
