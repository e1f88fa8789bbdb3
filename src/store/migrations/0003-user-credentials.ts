// The tables of SSH public keys, signing certificates and service-specific credentials of IAM users.
import type { Migration } from './migration.js';

export const userCredentials: Migration = {
  version: 3,
  name: 'user-credentials',
  async up() {
    // Tables are added here by the work that needs them.
  },
};
