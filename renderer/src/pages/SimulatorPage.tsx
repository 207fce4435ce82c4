// Being built by a helper: this placeholder keeps the app building until the page lands.
export function SimulatorPage() {
  return <h2>终端模拟 / Simulator</h2>;
}
