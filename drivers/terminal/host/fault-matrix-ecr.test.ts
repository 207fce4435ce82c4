// ECR protocols with their own framing (MIS-POS, PAX POSLink, Ingenico Concert).
import { faultMatrix } from './fault-matrix';

faultMatrix(['mispos', 'pax-poslink', 'ingenico-concert']);
