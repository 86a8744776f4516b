/**
 * Records React's warnings about two children with the same key while a
 * test renders: the model keeps a value written twice, so lists must not
 * key on the value alone.
 */
export function recordDuplicateKeyWarnings(): () => string[] {
  const spy = jest.spyOn(console, 'error');
  return () => {
    const warnings = spy.mock.calls
      .map(args => args.map(String).join(' '))
      .filter(text => text.includes('same key'));
    spy.mockRestore();
    return warnings;
  };
}
