// Being built by a helper: this placeholder keeps the app building until the page lands.
export function QueuePage() {
  return <h2>上传队列 / Queue</h2>;
}
