import { Command } from "commander";
import type { Context } from "../context.js";
import { UsageError } from "../errors.js";
import { bashCompletion, completionNames } from "../render/completion.js";

const VALUE_OPTIONS = ["-c", "--configuration", "-s", "--serverurl", "-u", "--username", "-p", "--password", "--timeout"];

/** `completion bash` prints the script; it reads verbs from the program as built. */
export function completionCommand(ctx: Context, program: Command): Command {
  return new Command("completion")
    .description("print a shell completion script (bash)")
    .argument("<shell>", "bash")
    .addHelpText("after", '\nExamples:\n  eval "$(gracectl completion bash)"\n  gracectl completion bash > /etc/bash_completion.d/gracectl')
    .action((shell: string) => {
      if (shell !== "bash") throw new UsageError(`completion supports bash, got ${JSON.stringify(shell)}`);
      const visible = program.commands.filter((c) => !(c as unknown as { _hidden: boolean })._hidden);
      const script = bashCompletion({
        verbs: visible.map((c) => c.name()),
        nameVerbs: visible.filter((c) => c.registeredArguments.some((a) => a.name() === "names")).map((c) => c.name()),
        valueOptions: VALUE_OPTIONS,
      });
      ctx.result = { text: ctx.json ? JSON.stringify({ shell, script }) : script.trimEnd(), exitCode: 0 };
    });
}

/** Hidden: the process names the completion script offers, one per line, from a running graced. */
export function completeNamesCommand(ctx: Context): Command {
  return new Command("complete-names").action(async () => {
    const { processes } = await ctx.withClient((c) => c.call("status", {}));
    ctx.result = { text: completionNames(processes).join("\n"), exitCode: 0 };
  });
}
