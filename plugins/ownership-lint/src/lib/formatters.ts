import { LintFinding, LintResult } from './lint';

/**
 * Output formats of the lint.
 *
 * @public
 */
export type LintOutputFormat = 'text' | 'json' | 'github';

/**
 * All output formats, for option parsing.
 *
 * @public
 */
export const LINT_OUTPUT_FORMATS: ReadonlyArray<LintOutputFormat> = [
  'text',
  'json',
  'github',
];

function plural(count: number, word: string) {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/**
 * The one-line summary, e.g. `2 errors, 1 warning in 3 files`.
 *
 * @public
 */
export function formatSummary(result: LintResult): string {
  return `${plural(result.errorCount, 'error')}, ${plural(
    result.warningCount,
    'warning',
  )} in ${plural(result.files.length, 'file')}`;
}

function groupByFile(findings: LintFinding[]): LintFinding[][] {
  const groups = new Map<string, LintFinding[]>();
  for (const finding of findings) {
    const group = groups.get(finding.file);
    if (group) {
      group.push(finding);
    } else {
      groups.set(finding.file, [finding]);
    }
  }
  return [...groups.values()];
}

// Columns are aligned within a file, up to a width beyond which a long
// value would push everything else off the screen.
function padder(values: string[], max: number) {
  const width = Math.min(max, Math.max(0, ...values.map(v => v.length)));
  return (value: string) => value.padEnd(width);
}

/**
 * Formats a result for people: one line per finding,
 * `file:line:col  severity  rule  path  message`, an indented `fix:` line,
 * findings grouped per file, and a summary line.
 *
 * @public
 */
export function formatText(result: LintResult): string {
  const lines: string[] = [];
  for (const group of groupByFile(result.findings)) {
    const rows = group.map(f => ({
      location: `${f.file}:${f.line}:${f.column}`,
      severity: f.severity,
      rule: f.rule,
      path: f.path || '-',
      finding: f,
    }));
    const location = padder(
      rows.map(r => r.location),
      80,
    );
    const severity = padder(
      rows.map(r => r.severity),
      7,
    );
    const rule = padder(
      rows.map(r => r.rule),
      30,
    );
    const fieldPath = padder(
      rows.map(r => r.path),
      40,
    );
    for (const row of rows) {
      const entity =
        row.finding.entityRef && row.finding.entityRef !== 'unknown'
          ? ` (in ${row.finding.entityRef})`
          : '';
      lines.push(
        `${location(row.location)}  ${severity(row.severity)}  ${rule(
          row.rule,
        )}  ${fieldPath(row.path)}  ${oneLine(row.finding.message)}${entity}`,
      );
      if (row.finding.fix) {
        lines.push(`    fix: ${oneLine(row.finding.fix)}`);
      }
    }
    lines.push('');
  }
  lines.push(formatSummary(result));
  return `${lines.join('\n')}\n`;
}

function oneLine(text: string) {
  return text.replace(/\r?\n/g, ' ');
}

/**
 * Formats a result as JSON: an object with `files`, `errorCount`,
 * `warningCount` and `findings`, each finding with `file`, `line`, `column`,
 * `entityRef`, `path`, `rule`, `severity`, `message` and `fix`.
 *
 * @public
 */
export function formatJson(result: LintResult): string {
  return `${JSON.stringify(
    {
      files: result.files,
      errorCount: result.errorCount,
      warningCount: result.warningCount,
      findings: result.findings.map(f => ({
        file: f.file,
        line: f.line,
        column: f.column,
        entityRef: f.entityRef,
        path: f.path,
        rule: f.rule,
        severity: f.severity,
        message: f.message,
        fix: f.fix,
      })),
    },
    null,
    2,
  )}\n`;
}

function escapeData(text: string) {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string) {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * Formats a result as GitHub Actions workflow commands, so that findings
 * show up as annotations on the pull request:
 * `::error file=…,line=…,col=…,title=<rule>::<message> — <fix>`.
 *
 * @public
 */
export function formatGithub(result: LintResult): string {
  const lines = result.findings.map(f => {
    const properties = [
      `file=${escapeProperty(f.file)}`,
      `line=${f.line}`,
      `col=${f.column}`,
      `title=${escapeProperty(f.rule)}`,
    ].join(',');
    const text = f.fix ? `${f.message} — ${f.fix}` : f.message;
    return `::${
      f.severity === 'error' ? 'error' : 'warning'
    } ${properties}::${escapeData(text)}`;
  });
  lines.push(formatSummary(result));
  return `${lines.join('\n')}\n`;
}

/**
 * Formats a result in one of the output formats.
 *
 * @public
 */
export function formatLintResult(
  result: LintResult,
  format: LintOutputFormat,
): string {
  switch (format) {
    case 'json':
      return formatJson(result);
    case 'github':
      return formatGithub(result);
    default:
      return formatText(result);
  }
}
