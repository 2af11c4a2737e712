export { StoredSession, type SessionVault } from './vault';
export { FileSessionVault, MemorySessionVault, SESSION_FILE } from './file-vault';
