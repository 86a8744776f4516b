/**
 * Lints the ownership data of Backstage catalog files, for CI: YAML syntax,
 * the entity envelope, the ownership suite's schemas and rules, and refs
 * that match no entity in a local or live catalog.
 *
 * @packageDocumentation
 */

export { runLint, lintExitCode } from './lib/lint';
export type { RunLintOptions, LintFinding, LintResult } from './lib/lint';
export {
  formatGithub,
  formatJson,
  formatLintResult,
  formatSummary,
  formatText,
  LINT_OUTPUT_FORMATS,
} from './lib/formatters';
export type { LintOutputFormat } from './lib/formatters';
export { OwnershipLintError } from './lib/errors';
export { main } from './cli';
export type { CliContext } from './cli';
