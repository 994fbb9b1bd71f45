import { z } from 'zod';

/** Short messages for zod's generic failures, phrased for someone typing a chat command. */
export function installZodMessages(): void {
  z.config({
    customError: (issue) => {
      if (issue.code === 'invalid_type') {
        if (issue.expected === 'number' || issue.expected === 'int') return 'must be a whole number, e.g. 10';
        if (issue.expected === 'string') return 'must be text';
      }
      if (issue.code === 'too_small' && issue.origin === 'number') return `must be at least ${String(issue.minimum)}`;
      if (issue.code === 'too_big' && issue.origin === 'number') return `must be at most ${String(issue.maximum)}`;
      if (issue.code === 'too_small' && issue.origin === 'string') return `must be at least ${String(issue.minimum)} characters long`;
      if (issue.code === 'too_big' && issue.origin === 'string') return `must be at most ${String(issue.maximum)} characters long`;
      if (issue.code === 'invalid_format' && issue.format === 'regex') return 'has characters that are not allowed';
      return undefined;
    },
  });
}

installZodMessages();
