import { Command, CommanderError, Option } from 'commander';
import { ERROR_PREFIX, EXIT_USAGE } from './commands/report-config-error';
import { attachSession, CliSession, type CliIo } from './io';
import { packageVersion } from './version';

/** Exit code for a bug (an error that is not about the input). */
export const EXIT_INTERNAL = 3;

/* eslint-disable @typescript-eslint/no-require-imports */
/**
 * Every command, by name: a factory that loads the command's module only when called, so `graceful-k8s audit`
 * never loads what `rehearse` needs (HTTP servers, child processes) and starts in about the time Node itself
 * takes (bench/startup.ts measures it; test/cli/module-load.test.ts asserts which packages each command loads).
 * A new command is one line here; its module must not import another command's module.
 * @internal
 */
export const COMMANDS: Readonly<Record<string, () => Command>> = {
  plan: () => (require('./commands/plan') as typeof import('./commands/plan')).planCommand(),
  audit: () => (require('./commands/audit') as typeof import('./commands/audit')).auditCommand(),
  rehearse: () => (require('./commands/rehearse') as typeof import('./commands/rehearse')).rehearseCommand(),
  fix: () => (require('./commands/fix') as typeof import('./commands/fix')).fixCommand(),
};
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * The `graceful-k8s` program, writing through `session`. With `argv`, only the command it names is built (and its
 * module loaded); without, or when `argv` names no command (`--help`, `help plan`, a typo), every command is.
 */
export function buildProgram(session: CliSession, argv?: readonly string[]): Command {
  const program = new Command('graceful-k8s')
    .description('Zero-drop Kubernetes pod shutdown: plan preStop / grace period / rollout, and audit manifests for dropped requests.')
    .version(packageVersion(), '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => session.io.stdout.write(text),
      writeErr: (text) => session.io.stderr.write(text),
      // commander's parser errors start with `error: `; planner errors share the same prefix.
      outputError: (text, write) => write(`${ERROR_PREFIX}${text}`),
    });
  const named = argv?.[0] !== undefined && Object.prototype.hasOwnProperty.call(COMMANDS, argv[0]) ? [argv[0]] : Object.keys(COMMANDS);
  for (const name of named) {
    const command = withFormatAlias(COMMANDS[name]());
    command.copyInheritedSettings(program);
    program.addCommand(command);
  }
  attachSession(program, session);
  return program;
}

/**
 * Gives a command with `-o, --output <format>` the alias `-f, --format <format>` (hidden from help; `--output`'s
 * description names it): issues, users and other linters write `-f json`. The last of them given wins, as for a
 * repeated option.
 */
function withFormatAlias(command: Command): Command {
  const output = command.options.find((o) => o.long === '--output');
  if (output === undefined || command.options.some((o) => o.long === '--format' || o.short === '-f')) return command;
  const alias = new Option('-f, --format <format>', 'same as --output').hideHelp();
  if (output.argChoices !== undefined) alias.choices(output.argChoices);
  command.addOption(alias);
  command.on('option:format', (value: string) => command.setOptionValueWithSource('output', value, 'cli'));
  return command;
}

/**
 * Runs the CLI in-process: parses `argv` (the arguments after the program name), runs the command
 * and returns the exit code: 0 clean, 1 findings (audit), 2 invalid input or usage, 3 a bug.
 */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const session = new CliSession(io);
  const program = buildProgram(session, argv);
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit 0; a missing command prints help and exits 1 in commander: make it a usage error.
      const usage = error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? 0 : EXIT_USAGE;
      session.fail(usage);
      return session.exitCode;
    }
    io.stderr.write(`graceful-k8s: internal error: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    session.fail(EXIT_INTERNAL);
  }
  return session.exitCode;
}
