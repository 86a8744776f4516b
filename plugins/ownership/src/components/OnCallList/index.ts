export { OnCallList } from './OnCallList';
export type { OnCallListProps } from './OnCallList';
