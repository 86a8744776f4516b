import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { PropsWithChildren, ReactNode, useId } from 'react';

/** @internal */
export type SectionProps = PropsWithChildren<{
  title: ReactNode;
  action?: ReactNode;
  'data-testid'?: string;
}>;

/**
 * A titled part of a card, exposed as a labelled region.
 */
export const Section = (props: SectionProps) => {
  const id = useId();
  return (
    <Box
      component="section"
      aria-labelledby={id}
      mb={2}
      data-testid={props['data-testid']}
    >
      <Box display="flex" alignItems="center" justifyContent="space-between">
        <Typography
          variant="overline"
          component="h3"
          color="textSecondary"
          id={id}
        >
          {props.title}
        </Typography>
        {props.action}
      </Box>
      {props.children}
    </Box>
  );
};
