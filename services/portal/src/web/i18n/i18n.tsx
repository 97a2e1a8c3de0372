import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { CSP_NONCE } from '../strict-csp.ts';
import { MESSAGES, type Language, type MessageKey } from './messages.ts';

const STORAGE_KEY = 'jiuzhu.language';

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

interface I18n {
  language: Language;
  setLanguage(language: Language): void;
  t: Translate;
  /** Inline bilingual text for screens whose wording lives next to their fields: zh-CN, or English. */
  l: (zh: string, en: string) => string;
}

const I18nContext = createContext<I18n | null>(null);

function initialLanguage(): Language {
  return window.localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
}

/** zh-CN unless the person switched to English (remembered in this browser); antd and dayjs follow. */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(initialLanguage);
  const setLanguage = useCallback((next: Language) => {
    window.localStorage.setItem(STORAGE_KEY, next);
    setLanguageState(next);
  }, []);
  const value = useMemo<I18n>(() => {
    dayjs.locale(language === 'zh' ? 'zh-cn' : 'en');
    document.documentElement.lang = language === 'zh' ? 'zh-CN' : 'en';
    const t: Translate = (key, values) =>
      MESSAGES[language][key].replace(/\{(\w+)\}/g, (_, name: string) => String(values?.[name] ?? ''));
    const l = (zhText: string, enText: string) => (language === 'zh' ? zhText : enText);
    return { language, setLanguage, t, l };
  }, [language, setLanguage]);
  return (
    <I18nContext.Provider value={value}>
      <ConfigProvider
        locale={language === 'zh' ? zhCN : enUS}
        theme={{ token: { colorPrimary: '#b32424' } }}
        csp={{ nonce: CSP_NONCE }}
      >
        {children}
      </ConfigProvider>
    </I18nContext.Provider>
  );
}

export function useI18n(): I18n {
  const context = useContext(I18nContext);
  if (!context) throw new Error('useI18n outside I18nProvider');
  return context;
}
