/** A QR code drawn to a canvas (no data: URL, so no img-src exception is needed in the CSP). */
import { useEffect, useRef } from 'react';
import QRCode from 'qrcode';

export function QrCode({ text, size = 184, label }: { text: string; size?: number; label: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    // quiet zone and pure black/white: phone cameras read that best, whatever the theme
    QRCode.toCanvas(ref.current, text, { width: size, margin: 2, errorCorrectionLevel: 'M', color: { dark: '#000000', light: '#ffffff' } }).catch(() => undefined);
  }, [text, size]);
  return <canvas ref={ref} className="qr" width={size} height={size} role="img" aria-label={label} />;
}
