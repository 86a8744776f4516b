import Chip, { ChipProps } from '@material-ui/core/Chip';
import { useTheme } from '@material-ui/core/styles';
import { readableBadge, readableOn } from '../../utils/contrast';

/** @internal */
export type ChipTone = 'default' | 'primary' | 'secondary';

/** @internal */
export type ToneChipProps = Omit<ChipProps, 'color'> & { tone?: ChipTone };

/**
 * A MUI chip in the theme's primary or secondary colour, with text that
 * reaches WCAG AA contrast (MUI's own secondary chip, white on #f50057,
 * does not). The colours are inline so no theme override outranks them.
 */
export const ToneChip = (props: ToneChipProps) => {
  const { tone = 'default', variant, style, ...rest } = props;
  const theme = useTheme();
  let colors = {};
  if (tone !== 'default') {
    const main = theme.palette[tone].main;
    if (variant === 'outlined') {
      const color = readableOn(main, theme.palette.background.paper);
      colors = { color, borderColor: color };
    } else {
      const badge = readableBadge(theme, main);
      colors = { color: badge.color, backgroundColor: badge.background };
    }
  }
  return <Chip {...rest} variant={variant} style={{ ...colors, ...style }} />;
};
