import { pino, type Logger } from 'pino';

/**
 * Structured JSON logs. Patient data is never logged: only ids. Secrets and credentials are
 * redacted in case a caller passes a request or headers by mistake.
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'nhip-cau' },
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'req.headers["x-csrf-token"]',
        'res.headers["set-cookie"]',
        '*.password',
        '*.newPassword',
        '*.currentPassword',
        '*.token',
      ],
      censor: '[redacted]',
    },
  });
}
