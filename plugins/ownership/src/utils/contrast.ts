import {
  darken,
  decomposeColor,
  getContrastRatio,
  getLuminance,
  lighten,
  recomposeColor,
  Theme,
} from '@material-ui/core/styles';

/** WCAG 2 level AA for normal text. */
export const AA_CONTRAST = 4.5;

/**
 * A text colour that reaches AA on the background: the colour itself when it
 * does, else the colour moved away from the background (darker on light
 * backgrounds, lighter on dark ones) in small steps until it does.
 */
export function readableOn(foreground: string, background: string): string {
  const shift = getLuminance(background) > 0.18 ? darken : lighten;
  const opaque = flatten(foreground, background);
  let color = opaque;
  for (let step = 1; step <= 20; step++) {
    if (getContrastRatio(color, background) >= AA_CONTRAST) return color;
    color = shift(opaque, step / 20);
  }
  return color;
}

/**
 * A translucent colour (MUI's text colours are black at 54 %, say) as it
 * shows on the background: contrast ratios ignore the alpha otherwise.
 */
function flatten(color: string, background: string): string {
  const fg = decomposeColor(color);
  const alpha = fg.values[3] ?? 1;
  if (alpha >= 1) return color;
  const bg = decomposeColor(background);
  const mixed = [0, 1, 2].map(i =>
    Math.round(fg.values[i] * alpha + bg.values[i] * (1 - alpha)),
  );
  return recomposeColor({
    type: 'rgb',
    values: mixed as [number, number, number],
  });
}

/**
 * Colours of a badge (chip, avatar, letter) on the given background. White
 * text where white is readable; else black where black is (the dark theme's
 * light palette); else the background is darkened until white reads, so a
 * theme's palette cannot make a badge unreadable.
 */
export function readableBadge(
  theme: Theme,
  background: string,
): { background: string; color: string } {
  const { white, black } = theme.palette.common;
  if (getContrastRatio(white, background) >= AA_CONTRAST) {
    return { background, color: white };
  }
  if (
    theme.palette.type === 'dark' &&
    getContrastRatio(black, background) >= AA_CONTRAST
  ) {
    return { background, color: black };
  }
  let shaded = background;
  for (let step = 1; step <= 20; step++) {
    if (getContrastRatio(white, shaded) >= AA_CONTRAST) break;
    shaded = darken(background, step / 20);
  }
  return { background: shaded, color: white };
}
