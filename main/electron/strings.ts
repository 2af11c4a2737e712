import type { Language } from '../../shared/domain';

/** The few texts the shell shows itself (tray, notifications, menus), in the app's languages. */
export interface ShellStrings {
  open: string;
  doNotDisturb: string;
  quit: string;
  trayTooltip: (unread: number) => string;
  badgeDescription: (unread: number) => string;
  newMessages: (messages: number) => string;
  newMessagesIn: (messages: number, conversations: number) => string;
  stillRunningTitle: string;
  stillRunningBody: string;
  file: string;
  edit: string;
  view: string;
  window: string;
  help: string;
  addToDictionary: string;
}

const en: ShellStrings = {
  open: 'Open Parley',
  doNotDisturb: 'Do not disturb',
  quit: 'Quit Parley',
  trayTooltip: (unread) => (unread === 0 ? 'Parley' : `Parley – ${unread} unread`),
  badgeDescription: (unread) => `${unread} unread`,
  newMessages: (messages) => (messages === 1 ? '1 new message' : `${messages} new messages`),
  newMessagesIn: (messages, conversations) => `${messages} new messages in ${conversations} conversations`,
  stillRunningTitle: 'Parley is still running',
  stillRunningBody: 'Parley keeps receiving messages in the tray. Use Quit in the tray menu to exit.',
  file: 'File',
  edit: 'Edit',
  view: 'View',
  window: 'Window',
  help: 'Help',
  addToDictionary: 'Add to dictionary',
};

const zhCN: ShellStrings = {
  open: '打开 Parley',
  doNotDisturb: '勿扰模式',
  quit: '退出 Parley',
  trayTooltip: (unread) => (unread === 0 ? 'Parley' : `Parley – ${unread} 条未读`),
  badgeDescription: (unread) => `${unread} 条未读`,
  newMessages: (messages) => `${messages} 条新消息`,
  newMessagesIn: (messages, conversations) => `${conversations} 个会话中有 ${messages} 条新消息`,
  stillRunningTitle: 'Parley 仍在运行',
  stillRunningBody: 'Parley 会在托盘中继续接收消息。要退出，请使用托盘菜单中的“退出”。',
  file: '文件',
  edit: '编辑',
  view: '视图',
  window: '窗口',
  help: '帮助',
  addToDictionary: '添加到词典',
};

export function shellStrings(language: Language): ShellStrings {
  return language === 'zh-CN' ? zhCN : en;
}
