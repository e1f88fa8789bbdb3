// A child process of sqlite.test.ts: opens the shared SQLite file (migrating it if first), makes
// sure the account and user exist, prints "ready", waits for a line on stdin (so that all the
// workers race at once), then tries to create one access key under a limit of 2, holding its
// transaction open a while. Prints "created" or "limit".
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { StoreConflict, StoreLimitExceeded, openStore } from './index.js';

const file = process.argv[2];
if (!file) throw new TypeError('usage: sqlite-race-worker.ts FILE');
const accountId = '123456789012';
const createDate = new Date('2024-01-01T00:00:00.000Z');

const store = await openStore({ kind: 'sqlite', file });
try {
  await store.write(async (tx) => {
    for (const create of [
      () => tx.accounts.create({ id: accountId, createdAt: createDate }),
      () =>
        tx.users.create({ accountId, userId: 'AIDASHARED', name: 'Shared', path: '/', arn: `arn:aws:iam::${accountId}:user/Shared`, createDate }),
    ]) {
      try {
        await create();
      } catch (error) {
        if (!(error instanceof StoreConflict)) throw error;
      }
    }
  });
  process.stdout.write('ready\n');
  await once(process.stdin, 'data');
  const outcome = await store
    .write(async (tx) => {
      const key = await tx.accessKeys.createWithLimit(
        {
          accessKeyId: `AKIA${randomBytes(8).toString('hex').toUpperCase()}`,
          accountId,
          userName: 'Shared',
          status: 'Active',
          secretCiphertext: randomBytes(16),
          createDate,
        },
        2,
      );
      await sleep(50);
      return key;
    })
    .then(
      () => 'created',
      (error: unknown) => {
        if (error instanceof StoreLimitExceeded) return 'limit';
        throw error;
      },
    );
  process.stdout.write(`${outcome}\n`);
} finally {
  await store.close();
}
