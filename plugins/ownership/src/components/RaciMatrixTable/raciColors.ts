import { Theme } from '@material-ui/core/styles';
import { RaciRole } from '@service-ownership/plugin-ownership-common';
import { readableBadge } from '../../utils/contrast';

export { AA_CONTRAST } from '../../utils/contrast';

/**
 * The badge colours of each RACI letter, readable (WCAG AA) whatever the
 * theme's palette.
 */
export function raciRoleColors(
  theme: Theme,
): Record<RaciRole, { background: string; color: string }> {
  return {
    R: readableBadge(theme, theme.palette.primary.main),
    A: readableBadge(theme, theme.palette.secondary.main),
    C: readableBadge(theme, theme.palette.info.main),
    I: readableBadge(theme, theme.palette.grey[600]),
    // Not the error red: rows with a violation are highlighted in it.
    E: readableBadge(theme, theme.palette.warning.dark),
  };
}
