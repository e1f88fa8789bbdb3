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

export function serverCertificateArn(partition: string, account: string, path: string, name: string): string {
  return `arn:${partition}:iam::${account}:server-certificate${path}${name}`;
}

/** `hostAndPath` is the provider URL without https:// (e.g. token.actions.githubusercontent.com). */
export function oidcProviderArn(partition: string, account: string, hostAndPath: string): string {
  return `arn:${partition}:iam::${account}:oidc-provider/${hostAndPath}`;
}

export function samlProviderArn(partition: string, account: string, name: string): string {
  return `arn:${partition}:iam::${account}:saml-provider/${name}`;
}

export function instanceProfileArn(partition: string, account: string, path: string, name: string): string {
  return `arn:${partition}:iam::${account}:instance-profile${path}${name}`;
}

/** A virtual MFA device's ARN, which is also its serial number. */
export function mfaArn(partition: string, account: string, path: string, name: string): string {
  return `arn:${partition}:iam::${account}:mfa${path}${name}`;
}
