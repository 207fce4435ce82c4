// Being built by a helper: this placeholder keeps the app building until the page lands.
export function ReconPage() {
  return <h2>对账 / Reconciliation</h2>;
}
