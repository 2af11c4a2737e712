import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from './testing/client';
import { TestServer } from './testing/harness';

let dir: string;
let pem: { ca: Buffer; cert: Buffer; key: Buffer };

/** A throwaway CA and a server certificate for 127.0.0.1 signed by it, made with openssl. */
function makeCertificates(): typeof pem {
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=Parley Test CA', '-keyout', 'ca.key', '-out', 'ca.pem');
  run('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-keyout', 'server.key', '-out', 'server.csr');
  fs.writeFileSync(path.join(dir, 'ext.cnf'), 'subjectAltName=IP:127.0.0.1\n');
  run('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '1', '-extfile', 'ext.cnf', '-out', 'server.pem');
  const read = (file: string) => fs.readFileSync(path.join(dir, file));
  return { ca: read('ca.pem'), cert: read('server.pem'), key: read('server.key') };
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-tls-'));
  pem = makeCertificates();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('TLS', () => {
  it('serves wss:// that a client verifying against the CA accepts, and refuses clients that do not trust it', async () => {
    const server = await TestServer.start({ supportBot: false, tls: { cert: pem.cert, key: pem.key } }, { ca: pem.ca });
    try {
      expect(server.url).toMatch(/^wss:\/\/127\.0\.0\.1:\d+$/);
      const alice = await server.register('alice');
      expect((await alice.client.call('ping', {})).ts).toBeGreaterThan(0);
      // Default verification against the system store rejects the unknown CA.
      await expect(TestClient.connect(server.url)).rejects.toThrow(/self.signed|unable to verify|certificate/i);
    } finally {
      await server.stop();
    }
  });
});
