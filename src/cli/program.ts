import { Command, CommanderError } from 'commander';
import { auditCommand } from './commands/audit';
import { fixCommand } from './commands/fix';
import { planCommand } from './commands/plan';
import { rehearseCommand } from './commands/rehearse';
import { ERROR_PREFIX, EXIT_USAGE } from './commands/report-config-error';
import { attachSession, CliSession, type CliIo } from './io';
import { packageVersion } from './version';

/** Exit code for a bug (an error that is not about the input). */
export const EXIT_INTERNAL = 3;

/** The `graceful-k8s` program, writing through `session`. */
export function buildProgram(session: CliSession): Command {
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
  const commands: Command[] = [
    planCommand(),
    auditCommand(),
    rehearseCommand(),
    fixCommand(),
  ];
  for (const command of commands) {
    command.copyInheritedSettings(program);
    program.addCommand(command);
  }
  attachSession(program, session);
  return program;
}

/**
 * Runs the CLI in-process: parses `argv` (the arguments after the program name), runs the command
 * and returns the exit code: 0 clean, 1 findings (audit), 2 invalid input or usage, 3 a bug.
 */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const session = new CliSession(io);
  const program = buildProgram(session);
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
