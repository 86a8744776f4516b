import { Command, CommanderError, Option } from 'commander';
import { OwnershipLintError } from './lib/errors';
import {
  formatLintResult,
  LINT_OUTPUT_FORMATS,
  LintOutputFormat,
} from './lib/formatters';
import { lintExitCode, runLint } from './lib/lint';
import { version } from '../package.json';

/**
 * Where the CLI writes, and what it reads from its environment; defaults to
 * the process's own.
 *
 * @public
 */
export interface CliContext {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  env: Record<string, string | undefined>;
}

/** Exit code of bad usage, unreadable files and an unreachable catalog. */
const EXIT_USAGE = 2;

function createProgram(context: CliContext) {
  return new Command()
    .name('ownership-lint')
    .description(
      'Lint the ownership data of Backstage catalog files: YAML syntax, entity envelope, the ownership schemas and rules, and refs that match no entity.',
    )
    .version(version)
    .argument(
      '[patterns...]',
      'files, directories or globs to lint (default: catalog-info.yaml and **/catalog-info.yaml)',
    )
    .addOption(
      new Option('-f, --format <format>', 'output format')
        .choices(LINT_OUTPUT_FORMATS)
        .default('text'),
    )
    .option('--strict', 'fail on warnings as well as on errors')
    .option(
      '--entities <dir>',
      'report refs that match no entity in the YAML files under <dir> or the linted files',
    )
    .option(
      '--catalog <url>',
      'report refs that match no entity in the Backstage catalog at <url> (base URL of the backend)',
    )
    .option(
      '--token <token>',
      'token for --catalog (default: $OWNERSHIP_LINT_TOKEN)',
    )
    .exitOverride()
    .configureOutput({
      writeOut: context.stdout,
      writeErr: context.stderr,
    });
}

/**
 * Runs the `ownership-lint` command line and resolves with its exit code:
 * 0 when there are no errors, 1 when there are errors (or warnings with
 * `--strict`), 2 on bad usage, unreadable files or an unreachable catalog.
 *
 * @public
 * @param argv - the process arguments, including the node binary and script
 *   as in `process.argv`
 */
export async function main(
  argv: string[] = process.argv,
  context: Partial<CliContext> = {},
): Promise<number> {
  const ctx: CliContext = {
    stdout: text => process.stdout.write(text),
    stderr: text => process.stderr.write(text),
    cwd: process.cwd(),
    env: process.env,
    ...context,
  };
  const program = createProgram(ctx);
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // help and --version throw too, with exit code 0
      return error.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    throw error;
  }

  const opts = program.opts<{
    format: LintOutputFormat;
    strict?: boolean;
    entities?: string;
    catalog?: string;
    token?: string;
  }>();
  try {
    const result = await runLint({
      patterns: program.args,
      cwd: ctx.cwd,
      entitiesDir: opts.entities,
      catalogUrl: opts.catalog,
      token: opts.token ?? (ctx.env.OWNERSHIP_LINT_TOKEN || undefined),
    });
    ctx.stdout(formatLintResult(result, opts.format));
    return lintExitCode(result, { strict: opts.strict });
  } catch (error) {
    if (error instanceof OwnershipLintError) {
      ctx.stderr(`ownership-lint: ${error.message}\n`);
      return EXIT_USAGE;
    }
    ctx.stderr(
      `ownership-lint: unexpected error: ${
        error instanceof Error ? error.stack ?? error.message : String(error)
      }\n`,
    );
    return EXIT_USAGE;
  }
}
