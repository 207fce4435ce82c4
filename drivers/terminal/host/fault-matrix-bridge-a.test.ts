// Smart-POS vendors behind a bridge link: length-prefixed TCP, 55AA, JSON over COM.
import { faultMatrix } from './fault-matrix';

faultMatrix(['wangpos', 'lakala', 'newland']);
