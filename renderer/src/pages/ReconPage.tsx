/**
 * 对账: end-of-day terminal settlement (结算) on the left, the channels' T+1 statements
 * matched against the journal with the merged merchant statement on the right.
 */
import { ReconPanel } from './recon/ReconPanel';
import { SettlePanel } from './recon/SettlePanel';
import './recon/recon.css';

export function ReconPage() {
  return (
    <div className="rc-page" data-testid="recon-page">
      <SettlePanel />
      <ReconPanel />
    </div>
  );
}
