import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { loadConfig } from "../config/load.js";
import { configInfoOf } from "./config-info.js";
import { decodeValue } from "./decode.js";
import { RECORDED_CALLS, RECORDED_CONFIG } from "./reference/supervisord-4.2.5.js";
import { readXml } from "./xml-reader.js";

/** Fields where grace differs from supervisord on purpose (docs/config.md), and why. */
const INTENDED: Record<string, string> = { killasgroup: "grace kills the process group by default" };

describe("configInfoOf", () => {
  it("shows grace's loading of the recorded config as supervisord's getAllConfigInfo showed it", () => {
    const dir = mkdtempSync(join(tmpdir(), "grace-config-info-"));
    try {
      const file = join(dir, "supervisord.conf");
      writeFileSync(file, RECORDED_CONFIG);
      const config = loadConfig(file);
      const ours = config.programs.map((p) => configInfoOf(p, true)).sort((a, b) => (a.name < b.name ? -1 : 1));
      const recorded = RECORDED_CALLS.find((c) => c.method === "supervisor.getAllConfigInfo");
      assert.ok(recorded, "the recording has getAllConfigInfo");
      const response = readXml(recorded.body, { maxDepth: 32, maxElements: 10_000 });
      const theirs = decodeValue(response.children[0].children[0].children[0]) as Record<string, unknown>[];
      assert.equal(ours.length, theirs.length);
      ours.forEach((info, i) => {
        const mine = JSON.parse(JSON.stringify(info).replaceAll(dir, "TMP")) as Record<string, unknown>;
        for (const key of Object.keys(INTENDED)) {
          delete mine[key];
          delete theirs[i][key];
        }
        assert.deepEqual(Object.keys(mine), Object.keys(theirs[i]), "the same fields in the same order");
        assert.deepEqual(mine, theirs[i], `${info.name}`);
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("resolves the uid of `user` when the caller can, else says none", () => {
    const dir = mkdtempSync(join(tmpdir(), "grace-config-info-"));
    try {
      const file = join(dir, "supervisord.conf");
      writeFileSync(file, "[program:a]\ncommand=/bin/true\nuser=nobody\nstopsignal=HUP\ndirectory=/tmp\n");
      const [cfg] = loadConfig(file).programs;
      assert.equal(configInfoOf(cfg, false, (user) => (user === "nobody" ? 65534 : null)).uid, 65534);
      const info = configInfoOf(cfg, false);
      assert.deepEqual([info.uid, info.stopsignal, info.directory, info.inuse], ["none", 1, "/tmp", false]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
