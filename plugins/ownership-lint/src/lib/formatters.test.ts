import {
  formatGithub,
  formatJson,
  formatLintResult,
  formatSummary,
  formatText,
} from './formatters';
import { LintResult } from './lint';

const result: LintResult = {
  files: [
    'services/a/catalog-info.yaml',
    'services/b/catalog-info.yaml',
    'c.yaml',
  ],
  errorCount: 2,
  warningCount: 1,
  findings: [
    {
      file: 'services/a/catalog-info.yaml',
      line: 12,
      column: 7,
      entityRef: 'racimatrix:default/payments-raci',
      path: 'spec.activities[0].accountable',
      rule: 'raci-one-accountable',
      severity: 'error',
      message: 'Activity "Deploy" has 2 Accountables; exactly one is required',
      fix: 'Name exactly one person or team as accountable.',
    },
    {
      file: 'services/a/catalog-info.yaml',
      line: 30,
      column: 14,
      entityRef: 'component:default/checkout',
      path: 'spec.ownership.secondary',
      rule: 'distinct-contacts',
      severity: 'warning',
      message: 'The secondary is the primary (user:default/jane)',
      fix: 'Name a different person as secondary.',
    },
    {
      file: 'services/b/catalog-info.yaml',
      line: 3,
      column: 9,
      entityRef: 'unknown',
      path: '',
      rule: 'yaml-syntax',
      severity: 'error',
      message: '100% broken: a, b\r\nand: c',
      fix: 'Fix it,\nplease: now',
    },
  ],
};

const clean: LintResult = {
  files: ['catalog-info.yaml'],
  errorCount: 0,
  warningCount: 0,
  findings: [],
};

describe('formatSummary', () => {
  it('counts errors, warnings and files', () => {
    expect(formatSummary(result)).toBe('2 errors, 1 warning in 3 files');
    expect(formatSummary(clean)).toBe('0 errors, 0 warnings in 1 file');
  });
});

describe('formatText', () => {
  it('prints one aligned line and a fix line per finding, grouped per file', () => {
    expect(formatText(result)).toBe(
      [
        'services/a/catalog-info.yaml:12:7   error    raci-one-accountable  spec.activities[0].accountable  Activity "Deploy" has 2 Accountables; exactly one is required (in racimatrix:default/payments-raci)',
        '    fix: Name exactly one person or team as accountable.',
        'services/a/catalog-info.yaml:30:14  warning  distinct-contacts     spec.ownership.secondary        The secondary is the primary (user:default/jane) (in component:default/checkout)',
        '    fix: Name a different person as secondary.',
        '',
        'services/b/catalog-info.yaml:3:9  error  yaml-syntax  -  100% broken: a, b and: c',
        '    fix: Fix it, please: now',
        '',
        '2 errors, 1 warning in 3 files',
        '',
      ].join('\n'),
    );
  });

  it('prints only the summary when all is well', () => {
    expect(formatText(clean)).toBe('0 errors, 0 warnings in 1 file\n');
  });
});

describe('formatJson', () => {
  it('prints the documented object', () => {
    const parsed = JSON.parse(formatJson(result));
    expect(Object.keys(parsed)).toEqual([
      'files',
      'errorCount',
      'warningCount',
      'findings',
    ]);
    expect(parsed.files).toEqual(result.files);
    expect(parsed.errorCount).toBe(2);
    expect(parsed.warningCount).toBe(1);
    expect(Object.keys(parsed.findings[0])).toEqual([
      'file',
      'line',
      'column',
      'entityRef',
      'path',
      'rule',
      'severity',
      'message',
      'fix',
    ]);
    expect(parsed.findings).toEqual(result.findings);
    expect(JSON.parse(formatJson(clean))).toEqual({
      files: ['catalog-info.yaml'],
      errorCount: 0,
      warningCount: 0,
      findings: [],
    });
  });
});

describe('formatGithub', () => {
  it('prints workflow commands with escaped data and properties', () => {
    expect(formatGithub(result).split('\n')).toEqual([
      '::error file=services/a/catalog-info.yaml,line=12,col=7,title=raci-one-accountable::Activity "Deploy" has 2 Accountables; exactly one is required — Name exactly one person or team as accountable.',
      '::warning file=services/a/catalog-info.yaml,line=30,col=14,title=distinct-contacts::The secondary is the primary (user:default/jane) — Name a different person as secondary.',
      '::error file=services/b/catalog-info.yaml,line=3,col=9,title=yaml-syntax::100%25 broken: a, b%0D%0Aand: c — Fix it,%0Aplease: now',
      '2 errors, 1 warning in 3 files',
      '',
    ]);
  });

  it('escapes commas and colons in properties', () => {
    const odd: LintResult = {
      ...clean,
      errorCount: 1,
      findings: [
        {
          file: 'dir,with:odd%chars/catalog-info.yaml',
          line: 1,
          column: 1,
          entityRef: 'unknown',
          path: '',
          rule: 'yaml-syntax',
          severity: 'error',
          message: 'm',
          fix: 'f',
        },
      ],
    };
    expect(formatGithub(odd).split('\n')[0]).toBe(
      '::error file=dir%2Cwith%3Aodd%25chars/catalog-info.yaml,line=1,col=1,title=yaml-syntax::m — f',
    );
  });
});

describe('formatLintResult', () => {
  it('picks the formatter', () => {
    expect(formatLintResult(result, 'text')).toBe(formatText(result));
    expect(formatLintResult(result, 'json')).toBe(formatJson(result));
    expect(formatLintResult(result, 'github')).toBe(formatGithub(result));
  });
});
