/** What the global setup hands the specs (through the environment, which workers inherit). */
export interface E2eEnv {
  /** The web shell URL it printed, token included. */
  shellUrl: string;
  lettaUrl: string;
  /** The Letta server's password (it runs with --secure): the token the UI must never show. */
  password: string;
  agentName: string;
  dataDir: string;
  shellLogFile: string;
}

export const E2E_ENV = 'LETTA_DESK_E2E';

export function e2eEnv(): E2eEnv {
  const raw = process.env[E2E_ENV];
  if (!raw) throw new Error('run through `npm run test:e2e` (the global setup starts the servers)');
  return JSON.parse(raw) as E2eEnv;
}
