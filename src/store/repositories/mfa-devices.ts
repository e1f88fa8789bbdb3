// Virtual MFA devices. A device hangs on its account; while assigned, on its user's stable id too
// (its userName is read through a join, so it follows renames). Accepting a TOTP code is one
// conditional UPDATE on last_step, so a code's step is taken by exactly one transaction on both
// dialects: SQLite runs write transactions one at a time, and PostgreSQL re-checks the WHERE
// clause of an UPDATE that waited for a concurrent one's row lock.
import { sql, type Selectable } from 'kysely';
import { StoreConflict, StoreLimitExceeded, StoreNotFound } from '../errors.js';
import type { MfaAssignment, MfaDeviceListRequest, MfaDeviceRepository, Page, PageRequest } from '../port.js';
import type { MfaDevicesTable } from '../schema.js';
import type { MfaDevice, NewMfaDevice } from '../types.js';
import { fold, fromBlob, fromIso, locking, requireAccount, toBlob, toCount, toIso } from './context.js';
import type { TxContext } from './context.js';
import { checkMaxItems, decodeMarker, toPage } from './pagination.js';

type DeviceRow = Selectable<MfaDevicesTable> & { user_name: string | null };

function toDevice(row: DeviceRow): MfaDevice {
  return {
    serialNumber: row.serial_number,
    accountId: row.account_id,
    name: row.name,
    path: row.path,
    seedCiphertext: fromBlob(row.seed_ciphertext),
    createDate: fromIso(row.create_date),
    ...(row.user_id !== null && { userId: row.user_id }),
    ...(row.user_id !== null && row.user_name !== null && { userName: row.user_name }),
    ...(row.enable_date !== null && { enableDate: fromIso(row.enable_date) }),
    ...(row.last_step !== null && { lastStep: Number(row.last_step) }),
    driftSteps: Number(row.drift_steps),
  };
}

/** A later step than the last accepted one (none accepted yet counts as earlier than any). */
const laterStep = (step: number) => sql<boolean>`(last_step is null or last_step < ${step})`;

export class SqlMfaDeviceRepository implements MfaDeviceRepository {
  constructor(private readonly ctx: TxContext) {}

  #select() {
    return this.ctx.db
      .selectFrom('mfa_devices as d')
      .leftJoin('users as u', 'u.user_id', 'd.user_id')
      .selectAll('d')
      .select('u.name as user_name');
  }

  async get(accountId: string, serialNumber: string): Promise<MfaDevice | undefined> {
    const row = await this.#select().where('d.account_id', '=', accountId).where('d.serial_number', '=', serialNumber).executeTakeFirst();
    return row && toDevice(row);
  }

  async create(device: NewMfaDevice): Promise<MfaDevice> {
    await requireAccount(this.ctx, device.accountId);
    const result = await this.ctx.db
      .insertInto('mfa_devices')
      .values({
        serial_number: device.serialNumber,
        account_id: device.accountId,
        name: device.name,
        name_lower: fold(device.name),
        path: device.path,
        seed_ciphertext: toBlob(device.seedCiphertext),
        create_date: toIso(device.createDate),
        user_id: null,
        enable_date: null,
        last_step: null,
        drift_steps: 0,
      })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    if (result.numInsertedOrUpdatedRows === 0n) throw new StoreConflict('mfaDevice', device.name);
    return { ...device, seedCiphertext: new Uint8Array(device.seedCiphertext), driftSteps: 0 };
  }

  async deleteUnassigned(accountId: string, serialNumber: string): Promise<'deleted' | 'in-use' | 'not-found'> {
    const result = await this.ctx.db
      .deleteFrom('mfa_devices')
      .where('account_id', '=', accountId)
      .where('serial_number', '=', serialNumber)
      .where('user_id', 'is', null)
      .executeTakeFirst();
    if (result.numDeletedRows > 0n) {
      await this.ctx.db.deleteFrom('tags').where('resource_type', '=', 'mfa').where('resource_key', '=', serialNumber).execute();
      return 'deleted';
    }
    return (await this.get(accountId, serialNumber)) ? 'in-use' : 'not-found';
  }

  async assignWithLimit(accountId: string, serialNumber: string, assignment: MfaAssignment, limit: number): Promise<'assigned' | 'in-use' | 'replayed' | 'not-found'> {
    // The quota pattern: lock the owner (the user), count, then write.
    const owner = await locking(
      this.ctx,
      this.ctx.db.selectFrom('users').select('user_id').where('user_id', '=', assignment.userId).where('account_id', '=', accountId),
    ).executeTakeFirst();
    if (!owner) throw new StoreNotFound('user', assignment.userId);
    if ((await this.countForUser(assignment.userId)) >= limit) throw new StoreLimitExceeded('mfaDevice', limit);
    const result = await this.ctx.db
      .updateTable('mfa_devices')
      .set({ user_id: assignment.userId, enable_date: toIso(assignment.enableDate), last_step: assignment.step, drift_steps: assignment.driftSteps })
      .where('account_id', '=', accountId)
      .where('serial_number', '=', serialNumber)
      .where('user_id', 'is', null)
      .where(laterStep(assignment.step))
      .executeTakeFirst();
    if (result.numUpdatedRows > 0n) return 'assigned';
    const device = await this.get(accountId, serialNumber);
    if (!device) return 'not-found';
    return device.userId !== undefined ? 'in-use' : 'replayed';
  }

  async unassign(accountId: string, serialNumber: string, userId: string): Promise<boolean> {
    const result = await this.ctx.db
      .updateTable('mfa_devices')
      .set({ user_id: null, enable_date: null, drift_steps: 0 })
      .where('account_id', '=', accountId)
      .where('serial_number', '=', serialNumber)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async consumeStep(accountId: string, serialNumber: string, step: number, driftSteps?: number): Promise<boolean> {
    if (!Number.isSafeInteger(step)) throw new TypeError(`a time step is an integer, got ${step}`);
    const result = await this.ctx.db
      .updateTable('mfa_devices')
      .set(driftSteps === undefined ? { last_step: step } : { last_step: step, drift_steps: driftSteps })
      .where('account_id', '=', accountId)
      .where('serial_number', '=', serialNumber)
      .where('user_id', 'is not', null)
      .where(laterStep(step))
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async list(accountId: string, request: MfaDeviceListRequest = {}): Promise<Page<MfaDevice>> {
    const maxItems = checkMaxItems(request.maxItems);
    let query = this.#select().where('d.account_id', '=', accountId);
    if (request.assignmentStatus === 'Assigned') query = query.where('d.user_id', 'is not', null);
    if (request.assignmentStatus === 'Unassigned') query = query.where('d.user_id', 'is', null);
    if (request.marker !== undefined) query = query.where('d.name_lower', '>', decodeMarker(request.marker));
    const rows = await query.orderBy('d.name_lower').limit(maxItems + 1).execute();
    return toPage(rows, maxItems, (row) => row.name_lower, toDevice);
  }

  async listForUser(userId: string, request: PageRequest = {}): Promise<Page<MfaDevice>> {
    const maxItems = checkMaxItems(request.maxItems);
    let query = this.#select().where('d.user_id', '=', userId);
    if (request.marker !== undefined) query = query.where('d.name_lower', '>', decodeMarker(request.marker));
    const rows = await query.orderBy('d.name_lower').limit(maxItems + 1).execute();
    return toPage(rows, maxItems, (row) => row.name_lower, toDevice);
  }

  async countForUser(userId: string): Promise<number> {
    const row = await this.ctx.db
      .selectFrom('mfa_devices')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow();
    return toCount(row.n);
  }

  async count(accountId: string): Promise<{ devices: number; assigned: number }> {
    const row = await this.ctx.db
      .selectFrom('mfa_devices')
      .select((eb) => [eb.fn.countAll().as('n'), eb.fn.count('user_id').as('assigned')])
      .where('account_id', '=', accountId)
      .executeTakeFirstOrThrow();
    return { devices: toCount(row.n), assigned: toCount(row.assigned) };
  }
}
