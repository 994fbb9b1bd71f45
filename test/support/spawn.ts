import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

/** The repository root. */
export const ROOT = resolve(import.meta.dirname, '../..');

/** What a finished child process printed. */
export interface ChildResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command in the repository with extra environment and piped stdin; resolves when it exits. */
export function runChild(command: string, args: string[], env: Record<string, string>, stdin: string): Promise<ChildResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

/** Runs `npm start` (the console bot) with piped stdin. */
export function npmStart(env: Record<string, string>, stdin: string): Promise<ChildResult> {
  return runChild('npm', ['start', '--silent'], env, stdin);
}

/** Runs the console bot directly through tsx (faster than npm start). */
export function startConsole(env: Record<string, string>, stdin: string): Promise<ChildResult> {
  return runChild(process.execPath, ['--import', 'tsx', 'adapters/main.ts'], env, stdin);
}
