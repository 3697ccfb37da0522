import { defineConfig } from '@playwright/test';
import { MIC_WAV } from './test/e2e/support/voice.js';

// End-to-end tests drive the real renderer in Debian's Chromium through the web shell, against a
// real Letta server and the scripted fake LLM (started in the global setup). `npm run test:e2e`
// runs this under scripts/with-test-env.sh, so the web shell stores tokens in a real, throw-away
// gnome-keyring.

// Debian's Chromium, quiet: no first-run UI, no background traffic.
const chromium = {
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
};

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
  // so it runs before every other spec, which may leave profiles behind. The voice spec's browser
  // has a fake microphone that says a sentence the global setup recorded (test/e2e/support/voice.ts)
  // and allows it without asking.
  projects: [
    { name: 'first-run', testMatch: /smoke\.spec\.ts$/ },
    { name: 'screens', testIgnore: /(smoke|voice)\.spec\.ts$/, dependencies: ['first-run'] },
    {
      name: 'voice',
      testMatch: /voice\.spec\.ts$/,
      dependencies: ['first-run'],
      use: {
        launchOptions: {
          ...chromium,
          args: [
            ...chromium.args,
            '--use-fake-ui-for-media-stream',
            '--use-fake-device-for-media-stream',
            `--use-file-for-fake-audio-capture=${MIC_WAV}`,
          ],
        },
      },
    },
  ],
  use: {
    browserName: 'chromium',
    viewport: { width: 1280, height: 800 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: chromium,
  },
});
