import Box from '@material-ui/core/Box';
import { makeStyles } from '@material-ui/core/styles';
import { CopyTextButton } from '@backstage/core-components';

const useStyles = makeStyles(theme => ({
  root: {
    position: 'relative',
    background: theme.palette.background.default,
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
  },
  pre: {
    margin: 0,
    padding: theme.spacing(1.5, 6, 1.5, 1.5),
    color: theme.palette.text.primary,
    fontFamily: 'monospace',
    fontSize: theme.typography.body2.fontSize,
  },
  copy: { position: 'absolute', top: 0, right: 0 },
}));

/** @internal */
export type YamlSnippetProps = { text: string; 'aria-label'?: string };

/**
 * YAML to paste into a file, with a copy button. Plain text in the theme's
 * colours: the syntax colours of Backstage's CodeSnippet (green on near
 * white) do not reach WCAG AA contrast.
 */
export const YamlSnippet = (props: YamlSnippetProps) => {
  const classes = useStyles();
  return (
    <Box className={classes.root}>
      <pre
        className={classes.pre}
        aria-label={props['aria-label']}
        style={{
          whiteSpace: 'pre-wrap',
          overflowWrap: 'anywhere',
          wordBreak: 'break-word',
        }}
      >
        <code style={{ whiteSpace: 'pre-wrap' }}>{props.text}</code>
      </pre>
      <Box className={classes.copy}>
        <CopyTextButton text={props.text} aria-label="Copy the YAML" />
      </Box>
    </Box>
  );
};
