import { useEffect, useRef, useState } from 'react';
import { CameraDecoder } from '../../../drivers/scanner/camera-decode';
import { counterText, useT } from '../i18n';
import { usePos } from '../store';
import { Dialog } from './Dialog';

/** How often a frame is decoded: fast enough to feel instant, light on a cashier PC's CPU. */
const DECODE_EVERY_MS = 200;

/**
 * Scanning with the PC's camera (a webcam at the counter): frames are decoded with
 * @zxing/library in the page, and a code found is handled exactly like a gun's scan.
 */
export function CameraDialog({ onCode }: { onCode: (code: string) => void }) {
  const t = useT(counterText);
  const video = useRef<HTMLVideoElement>(null);
  /** What went wrong: one of this dialog's own texts, or the browser's message as it is. */
  const [error, setError] = useState<{ key: 'noCameraApi' | 'noCamera' | 'cameraDenied' } | { text: string } | null>(null);

  useEffect(() => {
    let stream: MediaStream | undefined;
    let timer: ReturnType<typeof setInterval> | undefined;
    let done = false;
    const noApi = new Error('no navigator.mediaDevices.getUserMedia');
    const decoder = new CameraDecoder();
    const canvas = document.createElement('canvas');
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    (async () => {
      try {
        if (!navigator.mediaDevices?.getUserMedia) throw noApi;
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
          err === noApi
            ? { key: 'noCameraApi' }
            : name === 'NotFoundError' || name === 'OverconstrainedError'
              ? { key: 'noCamera' }
              : name === 'NotAllowedError'
                ? { key: 'cameraDenied' }
                : { text: err instanceof Error ? err.message : String(err) },
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
          {'key' in error ? t(error.key) : t.pick(error.text)}
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
