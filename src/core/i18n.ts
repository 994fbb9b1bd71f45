/** The reply languages and their formatting live in the domain (texts are domain data); the core re-exports them. */
export * from '../domain/i18n.js';
