export { OrphanReasons } from './OrphanReasons';
