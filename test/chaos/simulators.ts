/**
 * The simulators a chaos run charges against, hosted in the test process so that they
 * outlive every SIGKILL of the counter core (which runs as a child process): the WangPOS
 * acquiring-app simulator on a loopback TCP port and the WeChat/Alipay gateway simulator.
 * The Alipay keys are written where `posdesk serve --gateway-keys` reads them.
 */
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { startGatewaySim, type GatewaySim } from '../../main/channels/gateway-sim/server';
import { SIM_WECHAT_MERCHANT } from '../../main/channels/gateway-sim/server';
import { getProfile } from '../../drivers/terminal/profiles';
import { SimulatedDevice } from '../../drivers/terminal/simulator/device';
import { SimulatedTerminal } from '../../drivers/terminal/simulator/terminal';
import { listenTcp, type TcpServerHandle } from '../../drivers/transport/tcp-server';

export interface Simulators {
  gateway: GatewaySim;
  terminal: SimulatedTerminal;
  device: SimulatedDevice;
  terminalServer: TcpServerHandle;
  keysDir: string;
  /** `posdesk serve` flags that point the core at these simulators. */
  coreFlags: string[];
  close(): Promise<void>;
}

const pair = () =>
  generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });

export async function startSimulators(dir: string, opts: { stageDelayMs?: number; persistTerminal?: boolean } = {}): Promise<Simulators> {
  const keysDir = path.join(dir, 'keys');
  fs.mkdirSync(keysDir, { recursive: true });
  const app = pair();
  const platform = pair();
  fs.writeFileSync(path.join(keysDir, 'alipay-app-private.pem'), app.privateKey);
  fs.writeFileSync(path.join(keysDir, 'alipay-platform-public.pem'), platform.publicKey);
  fs.writeFileSync(path.join(keysDir, 'wechat-api-key.txt'), SIM_WECHAT_MERCHANT.apiKey);
  const gateway = await startGatewaySim({
    port: 0,
    alipay: { appPublicKey: app.publicKey, alipayPrivateKey: platform.privateKey },
    rules: { userPayingMs: 80, reverseMinDelayMs: 0, autoCloseMs: 120_000 },
  });
  const terminal = await SimulatedTerminal.open({
    ...(opts.persistTerminal === false ? {} : { statePath: path.join(dir, 'terminal-state.json') }),
    stageDelayMs: opts.stageDelayMs ?? 4,
  });
  const device = new SimulatedDevice({ profile: getProfile('wangpos'), terminal });
  const terminalServer = await listenTcp({ port: 0, onConnection: (t) => device.attach(t) });
  return {
    gateway,
    terminal,
    device,
    terminalServer,
    keysDir,
    coreFlags: [
      '--terminal',
      `tcp://127.0.0.1:${terminalServer.port}`,
      '--terminal-vendor',
      'wangpos',
      '--terminal-txn-ms',
      '3000',
      '--gateway',
      gateway.url,
      '--gateway-keys',
      keysDir,
      '--qr-time-scale',
      '0.01',
      '--qr-timeout-ms',
      '1500',
    ],
    async close() {
      await device.close();
      await terminalServer.close();
      await gateway.close();
    },
  };
}
