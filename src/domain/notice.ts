import type { Localized } from './i18n.js';

/** The text of a notice to an account (service mail and private messages), in both languages. */
export interface NoticeText {
  readonly subject: Localized;
  /** Body; `{secret}` stands for a secret filled in the private copies only. */
  readonly body: Localized;
}
