export { startServer, type RunningServer } from './server';
export { defaultLimits, type ServerLimits, type ServerOptions, type SupportBotOptions } from './config';
export { BackgroundThreads } from './process/background-threads';
