import { TypographyProps } from '@material-ui/core/Typography';

/**
 * Class on the root element of each of the suite's cards, pages, catalog
 * column cells and pickers. The browser journeys (scripts/e2e.js) count
 * accessibility violations inside it as the suite's own, and the rest as
 * Backstage's or MUI's.
 */
export const SUITE_ROOT_CLASS = 'ownership-plugin';

/**
 * Title props for the suite's InfoCards: MUI renders a card title as a span,
 * so without these the card's sections (h3) would follow the page title (h1)
 * with no h2 between them.
 */
export const CARD_TITLE_PROPS = { component: 'h2' } as TypographyProps;
