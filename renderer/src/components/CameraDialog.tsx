import { useEffect, useRef, useState } from 'react';
import { CameraDecoder } from '../../../drivers/scanner/camera-decode';
import { pickLang } from '../i18n';
import { usePos } from '../store';
import { useT } from '../useT';
import { Dialog } from './Dialog';

/** How often a frame is decoded: fast enough to feel instant, light on a cashier PC's CPU. */
const DECODE_EVERY_MS = 200;

/**
 * Scanning with the PC's camera (a webcam at the counter): frames are decoded with
 * @zxing/library in the page, and a code found is handled exactly like a gun's scan.
 */
export function CameraDialog({ onCode }: { onCode: (code: string) => void }) {
  const t = useT();
  const lang = usePos((s) => s.lang);
  const video = useRef<HTMLVideoElement>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let stream: MediaStream | undefined;
    let timer: ReturnType<typeof setInterval> | undefined;
    let done = false;
    const decoder = new CameraDecoder();
    const canvas = document.createElement('canvas');
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    (async () => {
      try {
        if (!navigator.mediaDevices?.getUserMedia) throw new Error('此浏览器不能使用摄像头 / this browser has no camera access');
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment', width: { ideal: 1280 } }, audio: false });
        const v = video.current;
        if (!v || done) return;
        v.srcObject = stream;
        await v.play();
        timer = setInterval(() => {
          if (!ctx || v.videoWidth === 0) return;
          canvas.width = v.videoWidth;
          canvas.height = v.videoHeight;
          ctx.drawImage(v, 0, 0);
          const frame = ctx.getImageData(0, 0, canvas.width, canvas.height);
          const found = decoder.decode(frame.data, frame.width, frame.height);
          if (found && !done) {
            done = true;
            onCode(found.text);
          }
        }, DECODE_EVERY_MS);
      } catch (err) {
        const name = err instanceof Error ? err.name : '';
        setError(
          name === 'NotFoundError' || name === 'OverconstrainedError'
            ? '没有找到摄像头 / no camera found'
            : name === 'NotAllowedError'
              ? '摄像头权限被拒绝 / camera permission denied'
              : `${err instanceof Error ? err.message : String(err)}`,
        );
      }
    })();
    return () => {
      done = true;
      if (timer) clearInterval(timer);
      for (const track of stream?.getTracks() ?? []) track.stop();
    };
  }, [onCode]);

  return (
    <Dialog title={t('cameraTitle')} testId="camera-dialog">
      {error ? (
        <p className="notice error" role="alert">
          {pickLang(error, lang)}
        </p>
      ) : (
        <video ref={video} className="camera-view" data-testid="camera-view" muted playsInline />
      )}
      <p className="muted">{t('cameraHint')}</p>
      <div className="actions">
        <button type="button" onClick={() => usePos.getState().openDialog(null)}>
          {t('cancel')}
        </button>
      </div>
    </Dialog>
  );
}
