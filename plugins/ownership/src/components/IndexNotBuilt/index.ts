export { IndexNotBuilt } from './IndexNotBuilt';
