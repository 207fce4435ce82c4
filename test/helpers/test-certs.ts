/**
 * X.509 material for TLS tests, made by the openssl command (node:crypto parses
 * certificates but cannot issue them): a private CA, a server certificate for 127.0.0.1,
 * and a merchant client certificate signed by the CA, as WeChat Pay issues apiclient_cert.pem.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from './temp-dir';

export interface TestCerts {
  caPem: string;
  serverCertPem: string;
  serverKeyPem: string;
  clientCertPem: string;
  clientKeyPem: string;
  /** A second client key that does not belong to clientCertPem. */
  strayKeyPem: string;
}

export function makeTestCerts(): TestCerts {
  const dir = tempDir('posdesk-certs-');
  const f = (name: string) => path.join(dir, name);
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('ca.key'), '-out', f('ca.pem'), '-days', '2', '-subj', '/CN=PosDesk Test CA');
    const leaf = (name: string, subj: string, ext: string) => {
      ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', f(`${name}.key`), '-out', f(`${name}.csr`), '-subj', subj);
      fs.writeFileSync(f(`${name}.ext`), ext);
      ssl('x509', '-req', '-in', f(`${name}.csr`), '-CA', f('ca.pem'), '-CAkey', f('ca.key'), '-CAcreateserial', '-out', f(`${name}.pem`), '-days', '2', '-extfile', f(`${name}.ext`));
    };
    leaf('server', '/CN=127.0.0.1', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
    leaf('client', '/O=WeChat Pay Test/OU=10000100/CN=PosDesk Demo Store', 'extendedKeyUsage=clientAuth\n');
    ssl('genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', f('stray.key'));
    const read = (name: string) => fs.readFileSync(f(name), 'utf8');
    return {
      caPem: read('ca.pem'),
      serverCertPem: read('server.pem'),
      serverKeyPem: read('server.key'),
      clientCertPem: read('client.pem'),
      clientKeyPem: read('client.key'),
      strayKeyPem: read('stray.key'),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
