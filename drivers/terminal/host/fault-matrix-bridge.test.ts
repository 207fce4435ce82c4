// Smart-POS vendors behind a bridge link (55AA, length-prefixed TCP, JSON over COM).
import { deadLinkReversal, faultMatrix } from './fault-matrix';

faultMatrix(['wangpos', 'lakala', 'newland', 'landi-a8', 'sunmi']);
deadLinkReversal();
