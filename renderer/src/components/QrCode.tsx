import { BarcodeFormat, EncodeHintType, QRCodeWriter } from '@zxing/library';
import { useMemo } from 'react';

/** A QR code drawn as SVG from @zxing/library's matrix (no canvas, no network, CSP-safe). */
export function QrCode({ text, size = 240, testId }: { text: string; size?: number; testId?: string }) {
  const { path, n } = useMemo(() => {
    const hints = new Map([[EncodeHintType.MARGIN, 2]]);
    const m = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0, hints);
    let d = '';
    for (let y = 0; y < m.getHeight(); y++) for (let x = 0; x < m.getWidth(); x++) if (m.get(x, y)) d += `M${x} ${y}h1v1h-1z`;
    return { path: d, n: m.getWidth() };
  }, [text]);
  return (
    <svg width={size} height={size} viewBox={`0 0 ${n} ${n}`} shapeRendering="crispEdges" data-testid={testId} data-qr-text={text} role="img" aria-label="QR code">
      <rect width={n} height={n} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
