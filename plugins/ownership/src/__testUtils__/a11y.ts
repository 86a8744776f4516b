/** The headings inside an element, as "h2 Ownership", in document order. */
export function headingOutline(container: HTMLElement): string[] {
  return Array.from(
    container.querySelectorAll<HTMLElement>(
      'h1, h2, h3, h4, h5, h6, [role="heading"]',
    ),
  ).map(h => {
    const level =
      h.getAttribute('aria-level') ?? h.tagName.replace(/^H/i, '') ?? '?';
    return `h${level} ${h.textContent?.trim()}`;
  });
}

/** Heading levels that go deeper by more than one step (axe's heading-order). */
export function headingJumps(container: HTMLElement): string[] {
  const outline = headingOutline(container);
  const jumps: string[] = [];
  outline.forEach((heading, i) => {
    if (i === 0) return;
    const level = Number(heading.slice(1, 2));
    const previous = Number(outline[i - 1].slice(1, 2));
    if (level > previous + 1) jumps.push(`${outline[i - 1]} → ${heading}`);
  });
  return jumps;
}
