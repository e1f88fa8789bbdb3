// The tables of account aliases and account-wide settings.
import type { Migration } from './migration.js';

export const accountSettings: Migration = {
  version: 5,
  name: 'account-settings',
  async up() {
    // Tables are added here by the work that needs them.
  },
};
