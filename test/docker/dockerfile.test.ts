import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { it } from "node:test";
import { Container, describeDocker, fixtureIn, GRACE_IN, program } from "../helpers/container.js";
import type { Engine } from "../helpers/docker-engine.js";
import { ROOT } from "../helpers/paths.js";

/** The first ```dockerfile block of docs/container.md, as a reader would copy it. */
function documentedDockerfile(): string {
  const doc = readFileSync(join(ROOT, "docs/container.md"), "utf8");
  const block = /^```dockerfile\n([\s\S]*?)^```$/m.exec(doc);
  if (!block?.[1]) throw new Error("docs/container.md has no ```dockerfile block");
  return block[1];
}

/** What a fresh clone of this checkout holds (tracked and new files, nothing ignored), in a new directory. */
function cloneLikeContext(engine: Engine): string {
  const dir = engine.scratch("checkout-");
  execFileSync(
    "sh",
    ["-c", 'git ls-files -z -co --exclude-standard | tar --null --ignore-failed-read -T - -cf - | tar -xf - -C "$1"', "sh", dir],
    {
      cwd: ROOT,
    },
  );
  return dir;
}

describeDocker("the Dockerfile of docs/container.md", (engine) => {
  it("builds verbatim from a checkout plus a supervisord.conf, and the image stops gracefully: exit 0", async (t) => {
    const context = cloneLikeContext(engine());
    writeFileSync(join(context, "Dockerfile"), documentedDockerfile());
    // the programs are grace's own fixtures, which `COPY . /opt/grace` brought along
    writeFileSync(
      join(context, "supervisord.conf"),
      `[supervisord]\nnodaemon = true\n\n${program("web", `${fixtureIn("records-term.sh")} - 1`)}${program(
        "wrapped",
        `/bin/sh -c "${fixtureIn("records-term.sh")} - 0.5; echo never"`,
      )}`,
    );
    const started = Date.now();
    // --network host: `npm i -g pnpm` and `pnpm install` reach the npm registry through the host
    await engine().must("build", "--network", "host", "-t", "grace-docs", context);
    t.diagnostic(`docker build of the documented Dockerfile took ${((Date.now() - started) / 1000).toFixed(1)} s`);

    const c = await Container.run(engine(), { image: "grace-docs", checkout: false, cmd: [] });
    await c.waitForLogs("web | START");
    await c.waitForLogs("wrapped | START");
    const status = await c.exec("gracectl", "status");
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /^web +RUNNING/m);
    // graced and gracectl come from the image, not from this checkout
    assert.equal((await c.exec("readlink", "-f", "/usr/local/bin/graced")).stdout.trim(), `${GRACE_IN}/bin/graced`);

    const { seconds, state } = await c.stop();
    const logs = await c.logs();
    t.diagnostic(`docker stop took ${seconds.toFixed(2)} s`);
    assert.equal(state.ExitCode, 0, logs);
    assert.match(logs, /^web \| CLEANUP /m, logs);
    assert.match(logs, /^wrapped \| CLEANUP /m, logs);
  });
});
