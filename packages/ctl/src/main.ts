import { parseQuick, runQuick } from "./quick.js";
import { finish, output, printFailure, printResult } from "./report.js";

const quick = parseQuick(process.argv.slice(2));
if (quick === null) {
  // commander, json-rpc-2.0 and every command are evaluated only here (a bundle of their own,
  // which prints and exits by itself), so `status` and `health` in a probe or a trap never pay for them
  void import("./cli.js").then(({ runCli }) => runCli(process.argv));
} else {
  finish(
    runQuick(quick, process.env, output("stdout").isTTY === true).then(printResult, (e) =>
      printFailure(e, quick.verb, quick.globals.json === true),
    ),
  );
}
