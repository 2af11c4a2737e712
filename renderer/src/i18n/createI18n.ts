import type { Accessor } from 'solid-js';
import type { Language } from '../../../shared/domain';
import { en, type StringKey } from './en';
import { zhCN } from './zhCN';

const dictionaries: Record<Language, Record<StringKey, string>> = { en, 'zh-CN': zhCN };

export type Params = Record<string, string | number>;

export interface I18n {
  language: Accessor<Language>;
  t: (key: StringKey, params?: Params) => string;
  time: (ts: number) => string;
  /** Short time for the conversation list: time today, weekday this week, date otherwise. */
  shortDate: (ts: number) => string;
  /** Day separator label: "Today", "Yesterday" or a full date. */
  day: (ts: number) => string;
  dateTime: (ts: number) => string;
  list: (items: string[]) => string;
  /** Builds the formatters the conversation list uses, so that its first drawing does not pay for them. */
  warm: () => void;
}

const styles = {
  time: { hour: '2-digit', minute: '2-digit' },
  weekday: { weekday: 'short' },
  shortDate: { year: '2-digit', month: '2-digit', day: '2-digit' },
  dayThisYear: { month: 'long', day: 'numeric', weekday: 'long' },
  dayOtherYear: { year: 'numeric', month: 'long', day: 'numeric' },
  dateTime: { dateStyle: 'medium', timeStyle: 'short' },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;
type Style = keyof typeof styles;

/** The local midnight that starts the calendar day of `ts`. */
export const startOfDay = (ts: number): number => {
  const date = new Date(ts);
  date.setHours(0, 0, 0, 0);
  return date.getTime();
};

/** The local midnight that starts the next calendar day (days are 23 to 25 hours long across DST changes). */
export const startOfNextDay = (ts: number): number => {
  const date = new Date(startOfDay(ts));
  date.setDate(date.getDate() + 1);
  return date.getTime();
};

const FORMATTED_CACHE_SIZE = 4_000;

export function createI18n(language: Accessor<Language>, now: () => number = Date.now): I18n {
  const formatters = new Map<string, Intl.DateTimeFormat>();
  /**
   * Strings already formatted, by language, style and minute (no style shows seconds): scrolling through history
   * formats the same few minutes for row after row. Cleared when it grows large.
   */
  const formatted = new Map<string, string>();
  /** One formatter per language and style, built on first use (building one is far dearer than using it). */
  const format = (ts: number, style: Style): string => {
    const cacheKey = `${language()}|${style}`;
    const stringKey = `${cacheKey}|${Math.floor(ts / 60_000)}`;
    const known = formatted.get(stringKey);
    if (known !== undefined) return known;
    let formatter = formatters.get(cacheKey);
    if (!formatter) {
      formatter = new Intl.DateTimeFormat(language(), styles[style]);
      formatters.set(cacheKey, formatter);
    }
    const text = formatter.format(ts);
    if (formatted.size >= FORMATTED_CACHE_SIZE) formatted.clear();
    formatted.set(stringKey, text);
    return text;
  };
  const lists = new Map<string, Intl.ListFormat>();

  const t = (key: StringKey, params?: Params): string => {
    const template = dictionaries[language()][key] ?? en[key];
    if (!params) return template;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
  };

  const time = (ts: number): string => format(ts, 'time');

  const day = (ts: number): string => {
    const today = startOfDay(now());
    const that = startOfDay(ts);
    if (that === today) return t('day.today');
    if (that === startOfDay(today - 12 * 3600_000)) return t('day.yesterday');
    const thisYear = new Date(ts).getFullYear() === new Date(now()).getFullYear();
    return format(ts, thisYear ? 'dayThisYear' : 'dayOtherYear');
  };

  const shortDate = (ts: number): string => {
    const age = startOfDay(now()) - startOfDay(ts);
    if (age <= 0) return time(ts);
    if (age < 6 * 86_400_000) return format(ts, 'weekday');
    return format(ts, 'shortDate');
  };

  const dateTime = (ts: number): string => format(ts, 'dateTime');

  const list = (items: string[]): string => {
    let formatter = lists.get(language());
    if (!formatter) {
      formatter = new Intl.ListFormat(language(), { type: 'conjunction' });
      lists.set(language(), formatter);
    }
    return formatter.format(items);
  };

  const warm = (): void => {
    for (const style of ['time', 'weekday', 'shortDate'] as const) format(0, style);
  };

  return { language, t, time, shortDate, day, dateTime, list, warm };
}
