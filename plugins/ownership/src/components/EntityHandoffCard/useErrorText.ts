import { makeStyles } from '@material-ui/core/styles';
import { readableOn } from '../../utils/contrast';

/**
 * Error-coloured text at WCAG AA contrast: MUI's error red on paper
 * (#f44336 on white, 3.7:1) is below 4.5:1 for text this small.
 */
export const useErrorText = makeStyles(theme => ({
  errorText: {
    color: readableOn(theme.palette.error.main, theme.palette.background.paper),
  },
}));
