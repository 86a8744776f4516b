export { PersonLink } from './PersonLink';
export type { PersonLinkProps } from './PersonLink';
