export { PastOwners } from './PastOwners';
