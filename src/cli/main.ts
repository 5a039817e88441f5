#!/usr/bin/env node
/** The `hinge-dynamics` command line: headless runs of the theory (and, with the trainer, training). */
import { ParameterError } from "../validate";
import { UsageError } from "./args";
import { benchCommand } from "./bench";
import { dataCommand } from "./data";
import { theoryCommand } from "./theory";
import { sweepCommand } from "./sweep";
import { trainCommand } from "./train";

const HELP = `Usage: hinge-dynamics <command> [flags]

Commands:
  theory    the mean-field theory at chosen times: γ, H, I, f_U (J, δ, sphere data)
  train     train the network (synthetic task or .npy arrays) and save the run
  sweep     train a preset over a grid of values (into the run cache) and write the table as CSV
  bench     speed of the trainer against the engine's own matmul
  data      fetch the real datasets (MNIST, CIFAR-10; ImageNet 32x32 instructions), or list what is on disk

Run \`hinge-dynamics <command> --help\` for the flags of each command.
`;

const commands: Record<string, (argv: string[]) => string | Promise<string>> = {
  theory: theoryCommand,
  train: trainCommand,
  sweep: sweepCommand,
  bench: benchCommand,
  data: dataCommand,
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(HELP);
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`hinge-dynamics: unknown command "${name}"\n\n${HELP}`);
    return 2;
  }
  try {
    process.stdout.write(await command(rest));
    return 0;
  } catch (e) {
    if (e instanceof ParameterError || e instanceof UsageError) {
      process.stderr.write(`hinge-dynamics ${name}: ${e.message}\nRun \`hinge-dynamics ${name} --help\` for usage.\n`);
      return 2;
    }
    // Anything else (a corrupt file, a failed download): its message, without a stack unless HINGE_DEBUG is set.
    if (e instanceof Error && !process.env.HINGE_DEBUG) {
      process.stderr.write(`hinge-dynamics ${name}: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode ??= code; // a command may have set its own (train: 130 when interrupted, 3 when diverged)
});
