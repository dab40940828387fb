/** The lab loads a family's simulator from here by convention (src/lab/kinds.ts): one export, `simulator`. */
export { esphomeKind as simulator } from './kind.ts';
