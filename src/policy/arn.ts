// Amazon Resource Names: arn:partition:service:region:account-id:resource, where the resource
// part keeps any further `:` and `/`. Parsing is total: bad text yields undefined, never a throw.

export interface Arn {
  partition: string;
  service: string;
  region: string;
  account: string;
  /** Everything after the fifth colon, e.g. "user/path/name" or "function:f:1". */
  resource: string;
}

export const PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc'] as const;

export function parseArn(text: string): Arn | undefined {
  if (!text.startsWith('arn:')) return undefined;
  const parts: string[] = [];
  let start = 4;
  for (let i = 0; i < 4; i++) {
    const j = text.indexOf(':', start);
    if (j < 0) return undefined;
    parts.push(text.slice(start, j));
    start = j + 1;
  }
  const [partition, service, region, account] = parts as [string, string, string, string];
  return { partition, service, region, account, resource: text.slice(start) };
}

export function formatArn(arn: Arn): string {
  return `arn:${arn.partition}:${arn.service}:${arn.region}:${arn.account}:${arn.resource}`;
}

/** Splits an ARN (or ARN pattern) into its six components; the last keeps its colons. */
export function arnComponents(text: string): string[] | undefined {
  const parsed = parseArn(text);
  if (!parsed) return undefined;
  return ['arn', parsed.partition, parsed.service, parsed.region, parsed.account, parsed.resource];
}

export function isAccountId(text: string): boolean {
  return /^\d{12}$/.test(text);
}
