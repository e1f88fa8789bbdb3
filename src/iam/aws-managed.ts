// AWS-managed policies (arn:aws:iam::aws:policy/...): the catalogue shipped in
// data/aws-managed-policies.json.gz (see its README in ../shared/data), served read-only in every
// account. Loaded once, on first use (it unpacks to ~33 MB of JSON).

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

export interface AwsManagedVersion {
  versionId: string;
  createDate: Date;
  /** The document as AWS serves it (AWS's key order and string/array forms). */
  document: string;
}

export interface AwsManagedPolicy {
  name: string;
  arn: string;
  path: string;
  /** Deterministic ANPA... id (AWS's ids are not in any public source). */
  policyId: string;
  description?: string;
  defaultVersionId: string;
  createDate: Date;
  updateDate: Date;
  deprecated: boolean;
  /** Newest first. Empty for the few current policies whose document no source has yet. */
  versions: AwsManagedVersion[];
}

interface RawVersion {
  versionId: string;
  createDate: string | null;
  document: unknown;
}

interface RawPolicy {
  name: string;
  arn: string;
  path: string;
  description: string | null;
  defaultVersionId: string;
  createDate: string;
  updateDate: string;
  deprecated: boolean;
  versions: RawVersion[];
}

interface RawCatalogue {
  policies: RawPolicy[];
  withoutDocument: { name: string; arn: string; path: string; description: string | null }[];
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** ANPA + 17 base32 characters derived from the ARN: stable across restarts and nodes. */
export function derivedPolicyId(arn: string): string {
  const digest = createHash('sha256').update(arn).digest();
  let out = 'ANPA';
  for (let i = 0; i < 17; i++) out += BASE32[digest[i]! & 31];
  return out;
}

export class AwsManagedCatalogue {
  private byArn: Map<string, AwsManagedPolicy> | undefined;
  private sorted: AwsManagedPolicy[] | undefined;

  constructor(private readonly file: URL | string = new URL('../../data/aws-managed-policies.json.gz', import.meta.url)) {}

  private load(): Map<string, AwsManagedPolicy> {
    if (this.byArn) return this.byArn;
    const raw = JSON.parse(gunzipSync(readFileSync(this.file)).toString('utf8')) as RawCatalogue;
    const map = new Map<string, AwsManagedPolicy>();
    for (const p of raw.policies) {
      const updateDate = new Date(p.updateDate);
      map.set(p.arn, {
        name: p.name,
        arn: p.arn,
        path: p.path,
        policyId: derivedPolicyId(p.arn),
        ...(p.description !== null ? { description: p.description } : {}),
        defaultVersionId: p.defaultVersionId,
        createDate: new Date(p.createDate),
        updateDate,
        deprecated: p.deprecated,
        versions: p.versions.map((v) => ({
          versionId: v.versionId,
          // The source lacks some version dates; the policy's dates stand in (see the data README).
          createDate: v.createDate !== null ? new Date(v.createDate) : v.versionId === p.defaultVersionId ? updateDate : new Date(p.createDate),
          document: JSON.stringify(v.document),
        })),
      });
    }
    this.byArn = map;
    this.sorted = [...map.values()].sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()));
    return map;
  }

  /** The policy under this ARN in partition `aws` (other partitions are mapped onto it). */
  get(arn: string): AwsManagedPolicy | undefined {
    const normalized = arn.replace(/^arn:[\w-]+:iam::aws:policy\//, 'arn:aws:iam::aws:policy/');
    return this.load().get(normalized);
  }

  /** Every policy, ordered by name case-insensitively (ListPolicies order). */
  all(): readonly AwsManagedPolicy[] {
    this.load();
    return this.sorted!;
  }

  /** The document of a version, or undefined. */
  version(arn: string, versionId: string): AwsManagedVersion | undefined {
    return this.get(arn)?.versions.find((v) => v.versionId === versionId);
  }
}

export function isAwsManagedArn(arn: string): boolean {
  return /^arn:[\w-]+:iam::aws:policy\//.test(arn);
}

/** The catalogue every account and module shares (loaded on first use, once per process). */
export const awsManaged = new AwsManagedCatalogue();
