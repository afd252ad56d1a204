import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { quote, readXml, XmlError } from "./xml-reader.js";

const limits = { maxDepth: 8, maxElements: 50 };

describe("readXml reads the XML that XML-RPC uses", () => {
  const cases: { name: string; xml: string; text: string; children?: string[] }[] = [
    { name: "declaration, comment and whitespace around the root", xml: "<?xml version='1.0'?>\n<!-- hi --><a>x</a>\n", text: "x" },
    { name: "the five predefined entities", xml: "<a>&lt;&gt;&amp;&quot;&apos;</a>", text: `<>&"'` },
    { name: "decimal and hex character references", xml: "<a>&#65;&#x42;&#x1F600;</a>", text: "AB😀" },
    { name: "CDATA is text, markup inside it is not parsed", xml: "<a><![CDATA[<b>&amp;]]></a>", text: "<b>&amp;" },
    { name: "CRLF and lone CR become LF, as any XML parser makes them", xml: "<a>1\r\n2\r3</a>", text: "1\n2\n3" },
    { name: "a character reference keeps its CR", xml: "<a>1&#13;2</a>", text: "1\r2" },
    { name: "attributes are read and ignored", xml: `<a x="1" y='<2'>t</a>`.replace("<2", "2"), text: "t" },
    { name: "an empty element", xml: "<a><b/><c></c></a>", text: "", children: ["b", "c"] },
    { name: "a comment between children", xml: "<a><b/><!-- c --><c/></a>", text: "", children: ["b", "c"] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const root = readXml(c.xml, limits);
      assert.equal(root.name, "a");
      assert.equal(root.text, c.text);
      if (c.children)
        assert.deepEqual(
          root.children.map((e) => e.name),
          c.children,
        );
    });
  }
});

describe("readXml refuses hostile or broken input, quoting it", () => {
  const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><a>&lol2;</a>`;
  const cases: { name: string; xml: string; error: RegExp }[] = [
    { name: "a DOCTYPE (billion laughs)", xml: laughs, error: /DOCTYPE and ENTITY declarations are refused.*near "<!DOCTYPE lolz/ },
    {
      name: "an external entity",
      xml: `<!DOCTYPE a SYSTEM "file:///etc/passwd"><a/>`,
      error: /DOCTYPE and ENTITY declarations are refused/,
    },
    { name: "a declaration inside an element", xml: `<a><!ENTITY x "y"></a>`, error: /DOCTYPE and ENTITY declarations are refused/ },
    { name: "an entity that was never declared", xml: "<a>&xxe;</a>", error: /unknown entity "&xxe;"/ },
    { name: "a bare ampersand", xml: "<a>fish & chips</a>", error: /a bare & \(write &amp;\)/ },
    { name: "a reference to a character XML forbids", xml: "<a>&#0;</a>", error: /&#0; is not a character XML allows/ },
    { name: "a raw control character", xml: "<a>\u001b[31m</a>", error: /character U\+001b is not allowed/ },
    { name: "nesting deeper than the limit", xml: `${"<a>".repeat(9)}${"</a>".repeat(9)}`, error: /elements nest deeper than 8/ },
    { name: "more elements than the limit", xml: `<a>${"<b/>".repeat(50)}</a>`, error: /more than 50 elements/ },
    { name: "a mismatched end tag", xml: "<a><b></a></b>", error: /<\/a> closes <b>/ },
    { name: "an element never closed", xml: "<a><b>", error: /<b> is never closed/ },
    { name: "text after the root", xml: "<a/>junk", error: /content after the root element near "junk"/ },
    { name: "no root at all", xml: "just text", error: /expected the root element near "just text"/ },
    { name: "an empty body", xml: "", error: /expected the root element/ },
    { name: "an attribute without quotes", xml: "<a x=1/>", error: /attribute x: expected a quoted value/ },
    { name: "an unfinished comment", xml: "<a><!-- never", error: /an unfinished comment/ },
  ];
  for (const c of cases) {
    it(c.name, () => {
      assert.throws(
        () => readXml(c.xml, limits),
        (e: unknown) => e instanceof XmlError && c.error.test(e.message),
      );
    });
  }

  it("a 100,000-deep body fails at the depth limit, without recursing that deep", () => {
    const deep = `${"<a>".repeat(100_000)}${"</a>".repeat(100_000)}`;
    assert.throws(() => readXml(deep, { maxDepth: 32, maxElements: 1_000_000 }), /nest deeper than 32/);
  });
});

describe("quote", () => {
  it("keeps short input whole and cuts long input with …", () => {
    assert.equal(quote("abc"), '"abc"');
    assert.equal(quote("x".repeat(50), 10), `"${"x".repeat(10)}"…`);
    assert.equal(quote('a"\n'), '"a\\"\\n"');
  });
});
