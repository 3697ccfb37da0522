import { defineConfig } from '@playwright/test';

// End-to-end tests drive the real renderer in Debian's Chromium through the web shell, against a
// real Letta server and the scripted fake LLM (started in the global setup). `npm run test:e2e`
// runs this under scripts/with-test-env.sh, so the web shell stores tokens in a real, throw-away
// gnome-keyring.
export default defineConfig({
  testDir: 'test/e2e',
  globalSetup: './test/e2e/global-setup.ts',
  outputDir: 'test-results',
  timeout: 60_000,
  expect: { timeout: 20_000 },
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  // The first-run spec needs the app as a new user finds it (no saved server, an empty keychain),
  // so it runs before every other spec, which may leave profiles behind.
  projects: [
    { name: 'first-run', testMatch: /smoke\.spec\.ts$/ },
    { name: 'screens', testIgnore: /smoke\.spec\.ts$/, dependencies: ['first-run'] },
  ],
  use: {
    browserName: 'chromium',
    viewport: { width: 1280, height: 800 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
