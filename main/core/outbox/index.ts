export { OutboxSender, type OutboxSenderOptions } from './sender';
export { ReceiptSender, type ReceiptSenderOptions } from './receipts';
