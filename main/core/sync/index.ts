export { Syncer, type ApplyOrigin, type Rpc, type SyncerOptions } from './syncer';
