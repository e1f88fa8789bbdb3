// The SSH public key parser against keys ssh-keygen made: accepted forms, the canonical body and
// MD5 fingerprint (as `ssh-keygen -l -E md5` prints them), and each refusal with its IAM error.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import { IamError } from './errors.js';
import { parseSshPublicKey, toPem } from './ssh-key-format.js';

// ssh-keygen -t rsa -b 2048 -C alice@example; its MD5 fingerprint per ssh-keygen -l -E md5.
const RSA_2048 = 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC4zl9wR8NQl1qKy0T8er+zD2qyLXw0lDc+tKwHuwcoEZnK4quIyuWPDqBN/om0f3uoa7BRzL9T7klBGUqYaj7pX0xLAbdgYHXU3uJuPZcqcG1zJXh1TSV57ut/X3pm/zpbxGEVeEM/FYTAhaMLHjUCecr88ZPROicp+QpxYGzs6fTdBDtDlpq/1iONsFtm+tJVbheyVTFJa2J2u2BYVHFlQjzwrSEqckiDw1pNJnn9owaBvGjCYdYVIPB8MNG5rvdow2mKAYfwwUj87ObgnjFOWNw25W3lWtKrSuGEnww+Z2/JCdypsYZOqKsxCs2l8fgvmDiVBoeHMXGSJciNOrRf alice@example';
const RSA_2048_FINGERPRINT = '8c:85:39:d9:5b:30:d4:9f:7f:09:7c:99:71:aa:68:1f';
// The same key as ssh-keygen -e -m PKCS8 (SubjectPublicKeyInfo) and -m PEM (PKCS#1) print it.
const RSA_2048_SPKI = `-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAuM5fcEfDUJdaistE/Hq/
sw9qsi18NJQ3PrSsB7sHKBGZyuKriMrljw6gTf6JtH97qGuwUcy/U+5JQRlKmGo+
6V9MSwG3YGB11N7ibj2XKnBtcyV4dU0lee7rf196Zv86W8RhFXhDPxWEwIWjCx41
AnnK/PGT0TonKfkKcWBs7On03QQ7Q5aav9YjjbBbZvrSVW4XslUxSWtidrtgWFRx
ZUI88K0hKnJIg8NaTSZ5/aMGgbxowmHWFSDwfDDRua73aMNpigGH8MFI/Ozm4J4x
TljcNuVt5VrSq0rhhJ8MPmdvyQncqbGGTqirMQrNpfH4L5g4lQaHhzFxkiXIjTq0
XwIDAQAB
-----END PUBLIC KEY-----`;
const RSA_2048_PKCS1 = `-----BEGIN RSA PUBLIC KEY-----
MIIBCgKCAQEAuM5fcEfDUJdaistE/Hq/sw9qsi18NJQ3PrSsB7sHKBGZyuKriMrl
jw6gTf6JtH97qGuwUcy/U+5JQRlKmGo+6V9MSwG3YGB11N7ibj2XKnBtcyV4dU0l
ee7rf196Zv86W8RhFXhDPxWEwIWjCx41AnnK/PGT0TonKfkKcWBs7On03QQ7Q5aa
v9YjjbBbZvrSVW4XslUxSWtidrtgWFRxZUI88K0hKnJIg8NaTSZ5/aMGgbxowmHW
FSDwfDDRua73aMNpigGH8MFI/Ozm4J4xTljcNuVt5VrSq0rhhJ8MPmdvyQncqbGG
TqirMQrNpfH4L5g4lQaHhzFxkiXIjTq0XwIDAQAB
-----END RSA PUBLIC KEY-----`;
const RSA_1024 = 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQC3lFRNd1IJgB1SaHXo19zDm0csOYMu3rrTo1alr8/2+Pq+w03RxKnm5onxIp7x5HG7eko6PYguXDOLGBv14yd3TIkfWyyaHDfTScXvBd7Gaga2A3R4gM+CGFkcPCF1VJx/xXLMbNwlkylujtZd2c9E0lwte7cvdo/pXYwNaQfhpw== root@vm';
const ED25519 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHE2FDgigIA5QH4zB9xA7kZjlgFTGGyheWTPm40MhQWS e';

const canonical = RSA_2048.split(' ').slice(0, 2).join(' ');

test('accepted forms all yield the canonical body and the MD5 fingerprint of the blob', () => {
  const cases: [string, string][] = [
    ['OpenSSH with comment', RSA_2048],
    ['OpenSSH without comment', canonical],
    ['OpenSSH with surrounding whitespace and a trailing newline', `  ${RSA_2048}\n`],
    ['PEM SubjectPublicKeyInfo', RSA_2048_SPKI],
    ['PEM SubjectPublicKeyInfo with CRLF', RSA_2048_SPKI.replace(/\n/g, '\r\n')],
    ['PEM PKCS#1', RSA_2048_PKCS1],
  ];
  for (const [name, text] of cases) {
    const parsed = parseSshPublicKey(text);
    assert.equal(parsed.body, canonical, name);
    assert.equal(parsed.fingerprint, RSA_2048_FINGERPRINT, name);
    assert.equal(parsed.bits, 2048, name);
  }
});

test('toPem gives the SubjectPublicKeyInfo PEM ssh-keygen gives', () => {
  assert.equal(toPem(canonical).trim(), RSA_2048_SPKI.trim());
});

test('keys node:crypto generates round-trip, 3072 bits too', () => {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 3072 });
  const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const parsed = parseSshPublicKey(pem);
  assert.equal(parsed.bits, 3072);
  assert.equal(toPem(parsed.body), pem);
  assert.equal(parseSshPublicKey(parsed.body).fingerprint, parsed.fingerprint);
  assert.match(parsed.fingerprint, /^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
});

function refusal(text: string): string {
  try {
    parseSshPublicKey(text);
  } catch (e) {
    assert.ok(e instanceof IamError, String(e));
    return e.code;
  }
  return 'accepted';
}

test('refusals: what is not an RSA key in a known encoding, and what is broken or short', () => {
  const blob = canonical.split(' ')[1]!;
  const bytes = Buffer.from(blob, 'base64');
  const truncated = bytes.subarray(0, bytes.length - 1).toString('base64');
  const trailing = Buffer.concat([bytes, Buffer.from([0])]).toString('base64');
  const otherType = Buffer.concat([Buffer.from([0, 0, 0, 7]), Buffer.from('ssh-dss'), bytes.subarray(11)]).toString('base64');
  const { publicKey: ec } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const cases: [string, string, string][] = [
    ['RSA of 1024 bits', RSA_1024, 'InvalidPublicKey'],
    ['ed25519', ED25519, 'UnrecognizedPublicKeyEncoding'],
    ['plain text', 'hello world', 'UnrecognizedPublicKeyEncoding'],
    ['ssh-rsa without a key', 'ssh-rsa', 'UnrecognizedPublicKeyEncoding'],
    ['two keys', `${RSA_2048}\n${RSA_2048}`, 'UnrecognizedPublicKeyEncoding'],
    ['authorized_keys options first', `no-pty ${RSA_2048}`, 'UnrecognizedPublicKeyEncoding'],
    ['bad base64', 'ssh-rsa AAAA!!!!', 'InvalidPublicKey'],
    ['truncated blob', `ssh-rsa ${truncated}`, 'InvalidPublicKey'],
    ['trailing bytes in the blob', `ssh-rsa ${trailing}`, 'InvalidPublicKey'],
    ['blob of another key type', `ssh-rsa ${otherType}`, 'InvalidPublicKey'],
    ['PEM of an EC key', ec.export({ type: 'spki', format: 'pem' }).toString(), 'InvalidPublicKey'],
    ['PEM private key', privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 'UnrecognizedPublicKeyEncoding'],
    ['PEM with mismatched labels', RSA_2048_SPKI.replace('END PUBLIC KEY', 'END RSA PUBLIC KEY'), 'UnrecognizedPublicKeyEncoding'],
    ['PEM with garbage inside', '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----', 'InvalidPublicKey'],
  ];
  for (const [name, text, code] of cases) assert.equal(refusal(text), code, name);
});
