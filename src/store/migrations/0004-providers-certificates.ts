// The tables of server certificates, OpenID Connect and SAML identity providers.
import type { Migration } from './migration.js';

export const providersCertificates: Migration = {
  version: 4,
  name: 'providers-certificates',
  async up() {
    // Tables are added here by the work that needs them.
  },
};
