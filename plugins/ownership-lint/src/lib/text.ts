/** Longest source excerpt or message a finding quotes. */
export const MAX_QUOTED_LENGTH = 200;

/**
 * Cuts text that quotes the file (a token, a field value) to a readable
 * length, saying how long it was: a 2 MB line must not give a 2 MB message.
 */
export function capText(text: string, max = MAX_QUOTED_LENGTH): string {
  if (text.length <= max) {
    return text;
  }
  return `${text.slice(0, max)}… (${text.length} characters)`;
}

/**
 * Caps the quoted value in a message (`found "<value>"`, `token: "<source>"`),
 * then the message as a whole.
 */
export function capMessage(message: string): string {
  const quoted = message.replace(
    /(found |: )"([^"]{81,})"/g,
    (_m, before: string, inner: string) => `${before}"${capText(inner, 80)}"`,
  );
  return capText(quoted, 2 * MAX_QUOTED_LENGTH);
}
