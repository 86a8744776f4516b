export { RefLink } from './RefLink';
export type { RefLinkProps } from './RefLink';
