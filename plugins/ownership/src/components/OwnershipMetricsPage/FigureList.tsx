import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { FIGURES, FigureInput } from './figures';
import { TargetChip } from './TargetChip';

const useStyles = makeStyles(theme => ({
  list: { margin: 0 },
  term: { fontWeight: theme.typography.fontWeightMedium as number },
  value: {
    marginLeft: 0,
    marginBottom: theme.spacing(1.5),
  },
}));

/** @internal */
export type FigureListProps = {
  input: FigureInput;
  /** Figures to leave out (e.g. the ownership ones for the overall figures). */
  exclude?: string[];
  /** Show what each figure measures under it. */
  explain?: boolean;
};

/**
 * The figures of one team (or of everything) as a description list: name,
 * value, target met or missed, and what it measures.
 */
export const FigureList = ({
  input,
  exclude = [],
  explain,
}: FigureListProps) => {
  const classes = useStyles();
  return (
    <dl className={classes.list}>
      {FIGURES.filter(f => !exclude.includes(f.id)).map(figure => (
        <Box key={figure.id} data-testid="figure" data-figure={figure.id}>
          <Typography component="dt" variant="body2" className={classes.term}>
            {figure.label}
          </Typography>
          <Typography component="dd" variant="body2" className={classes.value}>
            <span data-testid="figure-value">{figure.value(input)}</span>{' '}
            <TargetChip
              meets={figure.meets?.(input)}
              target={figure.target?.(input)}
            />
            {explain && (
              <Typography
                variant="caption"
                display="block"
                color="textSecondary"
              >
                {figure.definition(input)}
              </Typography>
            )}
          </Typography>
        </Box>
      ))}
    </dl>
  );
};

/**
 * What each figure measures, once for the page.
 */
export const FigureDefinitions = ({ input }: { input: FigureInput }) => (
  <dl data-testid="figure-definitions">
    {FIGURES.map(figure => (
      <Box key={figure.id} mb={1}>
        <Typography component="dt" variant="body2">
          <strong>{figure.label}</strong>
        </Typography>
        <Typography component="dd" variant="body2" style={{ marginLeft: 0 }}>
          {figure.definition(input)}
          {figure.target?.(input) && ` Target: ${figure.target(input)}.`}
        </Typography>
      </Box>
    ))}
  </dl>
);
