// ARNs of IAM entities, as AWS builds them (the path sits between the type and the name).

export function userArn(partition: string, account: string, path: string, name: string): string {
  return `arn:${partition}:iam::${account}:user${path}${name}`;
}

export function rootArn(partition: string, account: string): string {
  return `arn:${partition}:iam::${account}:root`;
}

/** The resource of a List* call over users in an account, as AWS's AccessDenied names it. */
export function userListArn(partition: string, account: string, pathPrefix = '/'): string {
  return `arn:${partition}:iam::${account}:user${pathPrefix}`;
}

export function groupArn(partition: string, account: string, path: string, name: string): string {
  return `arn:${partition}:iam::${account}:group${path}${name}`;
}

export function policyArn(partition: string, account: string, path: string, name: string): string {
  return `arn:${partition}:iam::${account}:policy${path}${name}`;
}

export function roleArn(partition: string, account: string, path: string, name: string): string {
  return `arn:${partition}:iam::${account}:role${path}${name}`;
}
