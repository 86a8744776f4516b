import { neutralizeCsvCell } from './csv';

describe('neutralizeCsvCell', () => {
  it.each([
    [
      '=HYPERLINK("https://evil.example")',
      `'=HYPERLINK("https://evil.example")`,
    ],
    ['+1', `'+1`],
    ['-2+3', `'-2+3`],
    ['@SUM(A1)', `'@SUM(A1)`],
    ['component:default/payments', 'component:default/payments'],
    ['Payments API', 'Payments API'],
    ['', ''],
  ])('turns %j into %j', (value, expected) => {
    expect(neutralizeCsvCell(value)).toBe(expected);
  });
});
