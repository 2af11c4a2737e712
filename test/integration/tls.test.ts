import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Harness } from './harness';

let h: Harness;
afterEach(async () => {
  await h.dispose();
});

/** Makes a private certificate authority and a certificate for 127.0.0.1 signed by it. */
function issueCertificates(dir: string): { ca: Buffer; cert: Buffer; key: Buffer } {
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=Engine Test Authority', '-keyout', 'authority.key', '-out', 'authority.pem');
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-keyout', 'relay.key', '-out', 'relay.csr');
  writeFileSync(path.join(dir, 'san.cnf'), 'subjectAltName=IP:127.0.0.1\n');
  openssl('x509', '-req', '-in', 'relay.csr', '-CA', 'authority.pem', '-CAkey', 'authority.key', '-CAcreateserial', '-days', '2', '-extfile', 'san.cnf', '-out', 'relay.pem');
  const file = (name: string) => readFileSync(path.join(dir, name));
  return { ca: file('authority.pem'), cert: file('relay.pem'), key: file('relay.key') };
}

describe('wss://', () => {
  it('connects when the certificate chains to a trusted authority and refuses an untrusted one', async () => {
    h = new Harness();
    const pem = issueCertificates(await h.tempDir('parley-tls-'));
    const server = await h.server({ tls: { cert: pem.cert, key: pem.key } });
    expect(server.url).toMatch(/^wss:/);

    const trusting = await h.engine({ extra: { ca: pem.ca } });
    await expect(trusting.signUp(server, 'tess')).resolves.toMatchObject({ username: 'tess' });
    await trusting.online();

    const verifying = await h.engine();
    await expect(verifying.signIn(server, 'tess')).rejects.toMatchObject({ code: 'server_unreachable' });
    expect(await verifying.messenger.getSession()).toMatchObject({ signedIn: false });
  });
});
