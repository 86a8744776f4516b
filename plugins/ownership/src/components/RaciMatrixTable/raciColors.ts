import { getContrastRatio, Theme } from '@material-ui/core/styles';
import { RaciRole } from '@service-ownership/plugin-ownership-common';

/** WCAG 2 level AA for normal text. */
export const AA_CONTRAST = 4.5;

/**
 * The badge colours of each RACI letter. The text is white where white is
 * readable on the background and black elsewhere (one of the two always
 * reaches AA), so a theme's palette cannot make a letter unreadable.
 */
export function raciRoleColors(
  theme: Theme,
): Record<RaciRole, { background: string; color: string }> {
  const { common } = theme.palette;
  const badge = (background: string) => ({
    background,
    color:
      getContrastRatio(common.white, background) >= AA_CONTRAST
        ? common.white
        : common.black,
  });
  return {
    R: badge(theme.palette.primary.main),
    A: badge(theme.palette.secondary.main),
    C: badge(theme.palette.info.main),
    I: badge(theme.palette.grey[600]),
    // Not the error red: rows with a violation are highlighted in it.
    E: badge(theme.palette.warning.dark),
  };
}
