// Smart-POS vendors behind a bridge link (continued), and the dead-link reversal.
import { deadLinkReversal, faultMatrix } from './fault-matrix';

faultMatrix(['landi-a8', 'sunmi']);
deadLinkReversal();
