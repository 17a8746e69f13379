import pino from 'pino';

export type Logger = pino.Logger;

/** `destination` is for tests that read what was logged. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({
    level,
    base: { app: 'pantau' },
    // Credentials and reporter identity must never reach a log line.
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'password',
        '*.password',
        '*.currentPassword',
        '*.newPassword',
        '*.passwordHash',
        '*.token',
        '*.reporter',
        'reporter',
      ],
      censor: '[hidden]',
    },
  }, destination as pino.DestinationStream);
}
