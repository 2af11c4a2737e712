import { contextBridge, ipcRenderer } from 'electron';
import { createParleyApi } from './bridge';

// The only thing the sandboxed page gets: one frozen object built from the contract, no raw IPC.
contextBridge.exposeInMainWorld('parley', createParleyApi(ipcRenderer));
