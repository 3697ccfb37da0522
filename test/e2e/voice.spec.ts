/**
 * Voice mode end to end, in Debian's Chromium through the web shell: the browser's fake
 * microphone says a sentence espeak-ng recorded in the global setup (test/e2e/support/voice.ts),
 * the speech services are our fake OpenAI-compatible STT and TTS on 127.0.0.1 (or the real
 * offline Whisper model, when it is installed), and the agent answers through the real Letta
 * server and the scripted fake LLM. What is checked is what a user notices: the words they said
 * in the chat, the agent's reply shown and heard (the played audio is not silence), playback
 * stopping when they talk over it, and errors that name the service that failed.
 */
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { fakeLlmCommands as cmd } from '../fake-llm/commands.js';
import { startFakeStt, startFakeTts, type FakeStt, type FakeTts } from '../fake-voice/servers.js';
import { e2eEnv } from './env.js';
import { axeViolations, connect, createAgentThroughUi, disconnect, FAKE_MODEL_HANDLE } from './support/app.js';
import { MIC_LOOP_SECONDS, SPOKEN_KEYWORDS, VOICE_MODELS_DIR } from './support/voice.js';

test.describe.configure({ mode: 'serial' });

const agentName = `Voice Tester ${Date.now().toString(36)}`;
const STT_KEY = 'sk-e2e-speech-to-text';
const TTS_KEY = 'sk-e2e-text-to-speech';
/** A voice turn: the VAD's hangover, transcription, the agent's reply and its speech. */
const TURN_MS = 45_000;

let page: Page;
let createdProfile = false;
let stt: FakeStt;
let tts: FakeTts;
const problems: string[] = [];
let step = '';

const log = () => page.getByRole('log', { name: 'Messages' });
const yourMessage = (text: string | RegExp) => log().getByRole('article', { name: 'Your message' }).filter({ hasText: text });
const agentSaid = (text: string | RegExp) => log().getByRole('article', { name: `${agentName} said` }).filter({ hasText: text });
const state = () => page.getByTestId('voice-state');
const output = () => page.getByTestId('voice-output');
const ptt = () => page.getByTestId('voice-ptt');
const handsFree = () => page.getByTestId('voice-handsfree');
const settingsPanel = () => page.getByTestId('voice-settings');

/** `data-state` of the status, as the user sees it spelled out. */
async function expectState(expected: string | RegExp, timeout = TURN_MS): Promise<void> {
  await expect(state()).toHaveAttribute('data-state', expected, { timeout });
}

async function numberAttribute(locator: Locator, name: string): Promise<number> {
  const raw = await locator.getAttribute(name);
  return raw === null ? Number.NaN : Number(raw);
}

/**
 * The microphone level the meter shows, as a number where larger is louder (its value, aria
 * value or data-level, whichever it has).
 */
async function micLevel(): Promise<number> {
  return page.getByTestId('voice-level').evaluate((el) => {
    const raw = el.getAttribute('aria-valuenow') ?? el.getAttribute('data-level') ?? (el as HTMLMeterElement).value;
    return Number(raw);
  });
}

/**
 * Holds the mic button while the fake microphone says its sentence, then lets go: pointer down,
 * the meter rises with the speech and falls back once the sentence is over (the fake microphone
 * plays digital silence between loops), pointer up. Returns the quiet level it saw first.
 */
async function holdToTalk(): Promise<void> {
  await expect(ptt()).toBeEnabled();
  await ptt().hover();
  await page.mouse.down();
  await expectState('listening', 15_000);
  // A fresh microphone starts the sentence from its beginning; a warm one may be anywhere in
  // the loop, so wait for the speech and then for its end rather than for a fixed time.
  let quiet = Number.POSITIVE_INFINITY;
  await expect
    .poll(
      async () => {
        const level = await micLevel();
        quiet = Math.min(quiet, level);
        return level - quiet;
      },
      { message: 'the meter shows the fake microphone speaking', timeout: (MIC_LOOP_SECONDS + 8) * 1000, intervals: [50] },
    )
    .toBeGreaterThan(0.1);
  const loud = await micLevel();
  await expect
    .poll(async () => (await micLevel()) - quiet, {
      message: 'the meter falls back once the sentence is over',
      timeout: MIC_LOOP_SECONDS * 1000,
      intervals: [50],
    })
    .toBeLessThan((loud - quiet) * 0.2);
  await page.mouse.up();
}

/** Opens the voice settings and returns the panel. */
async function openSettings(): Promise<Locator> {
  if (!(await settingsPanel().isVisible())) await page.getByTestId('voice-settings-open').click();
  await expect(settingsPanel()).toBeVisible();
  return settingsPanel();
}

/** Picks `choice` (an option's value or its text) in the labelled select or radio group. */
async function choose(panel: Locator, label: string, choice: string | RegExp): Promise<void> {
  const select = panel.getByRole('combobox', { name: label, exact: true });
  if ((await select.count()) > 0) {
    if (typeof choice === 'string') await select.selectOption(choice);
    else {
      const option = await select.locator('option').filter({ hasText: choice }).first().getAttribute('value');
      await select.selectOption(option ?? '');
    }
    return;
  }
  await panel.getByRole('radiogroup', { name: label, exact: true }).getByRole('radio', { name: choice }).check();
}

async function saveSettings(panel: Locator): Promise<void> {
  await panel.getByRole('button', { name: 'Save voice settings' }).click();
  await expect(panel.getByRole('button', { name: 'Save voice settings' })).toBeEnabled();
  await expect(panel.getByRole('alert')).toHaveCount(0);
}

async function closeSettings(panel: Locator): Promise<void> {
  await panel.getByRole('button', { name: 'Close' }).click();
  await expect(settingsPanel()).toHaveCount(0);
}

/** A port nothing listens on (it was free a moment ago). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test.beforeAll(async ({ browser }) => {
  stt = await startFakeStt('What is the weather like in Lisbon', { requireKey: STT_KEY, silentTranscript: '' });
  tts = await startFakeTts({ requireKey: TTS_KEY, minSeconds: 2 });
  page = await browser.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`${step}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`${step}: ${error.message}`));
  page.on('dialog', (dialog) => {
    problems.push(`${step}: a script opened a dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  ({ createdProfile } = await connect(page, e2eEnv()));
  await createAgentThroughUi(page, { name: agentName, description: 'Talks and listens end to end.', tags: 'e2e, voice' });
});

test.beforeEach(({}, info) => {
  step = info.title;
});

test.afterAll(async () => {
  if (!page) return;
  // Leave nothing listening or playing, and remove what this spec made.
  if ((await handsFree().getAttribute('aria-pressed').catch(() => null)) === 'true') await handsFree().click();
  await page.keyboard.press('Escape');
  const row = page.getByRole('list', { name: 'Agent list' }).getByRole('listitem').filter({ hasText: agentName });
  if ((await row.count()) > 0) {
    await row.first().hover();
    await row.first().getByRole('button', { name: `Delete ${agentName}` }).click();
    await page.getByRole('dialog', { name: `Delete “${agentName}”?` }).getByRole('button', { name: 'Delete agent' }).click();
    await expect(row).toHaveCount(0);
  }
  await disconnect(page, createdProfile);
  await page.close().catch((error: unknown) => {
    if (!String(error).includes('ENOENT')) throw error;
  });
  await stt?.close();
  await tts?.close();
});

test('the settings panel points speech-to-text and text-to-speech at the fake services; keys go to the keychain', async () => {
  await expect(page.getByTestId('voice-settings-open')).toBeVisible();
  await expectState('idle');
  const panel = await openSettings();
  await expect(panel.getByLabel('Input device')).toBeVisible();
  await choose(panel, 'Mode', 'push-to-talk');
  await choose(panel, 'Speech-to-text', 'openai-compatible');
  await panel.getByLabel('Speech-to-text URL').fill(stt.baseUrl);
  await panel.getByLabel('Speech-to-text model').fill('whisper-1');
  await panel.getByLabel('Speech-to-text key').fill(STT_KEY);
  await choose(panel, 'Text-to-speech', 'openai-compatible');
  await panel.getByLabel('Text-to-speech URL').fill(tts.baseUrl);
  await panel.getByLabel('Text-to-speech model').fill('tts-1');
  await panel.getByLabel('Text-to-speech key').fill(TTS_KEY);
  await panel.getByLabel('Voice', { exact: true }).fill('alloy');
  await panel.getByLabel('Speak replies').check();
  await page.screenshot({ path: 'screenshots/voice-settings.png' });
  const dialogProblems = (await axeViolations(page, ['[data-testid="voice-settings"]'])).filter((v) => v.impact === 'critical' || v.impact === 'serious');
  expect(dialogProblems, JSON.stringify(dialogProblems, null, 1)).toEqual([]);
  await saveSettings(panel);
  await closeSettings(panel);

  // Reopened, the panel shows what was saved, and the keys are nowhere on the page.
  const again = await openSettings();
  await expect(again.getByLabel('Speech-to-text URL')).toHaveValue(stt.baseUrl);
  await expect(again.getByLabel('Text-to-speech URL')).toHaveValue(tts.baseUrl);
  await expect(again.getByLabel('Speak replies')).toBeChecked();
  const html = await page.content();
  const inputs = await page.locator('input').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value).join('\n'));
  expect(html + inputs).not.toContain(STT_KEY);
  expect(html + inputs).not.toContain(TTS_KEY);
  await closeSettings(again);
});

test('push-to-talk: hold, speak, release; the words become my message, the reply is shown and played', async () => {
  stt.setTranscript('What is the weather like in Lisbon');
  const uploads = stt.requests.length;
  const speeches = tts.requests.length;
  await expect(ptt()).toHaveAttribute('aria-label', 'Hold to talk');
  await holdToTalk();

  await expect(page.getByTestId('voice-transcript')).toContainText('What is the weather like in Lisbon', { timeout: TURN_MS });
  await expect(yourMessage('What is the weather like in Lisbon')).toBeVisible();
  await expect(agentSaid('Echo: What is the weather like in Lisbon')).toBeVisible({ timeout: TURN_MS });
  await expect(page.getByTestId('voice-reply')).toContainText('Echo: What is the weather like in Lisbon');
  await expectState('speaking');
  await expectState('idle');

  // What reached the speech-to-text service was the microphone's sentence, not silence, with the key.
  expect(stt.requests.length).toBe(uploads + 1);
  const upload = stt.requests.at(-1)!;
  expect(upload.authorization).toBe(`Bearer ${STT_KEY}`);
  expect(upload.wavSeconds).toBeGreaterThan(1.5);
  expect(upload.speechSeconds, 'seconds of speech in the uploaded audio').toBeGreaterThan(1);
  expect(upload.peak).toBeGreaterThan(0.05);
  // The reply was spoken through the text-to-speech service and what was played was not silence.
  expect(tts.requests.length).toBeGreaterThan(speeches);
  expect(tts.requests.at(-1)!.authorization).toBe(`Bearer ${TTS_KEY}`);
  expect(String(tts.requests.at(-1)!.input)).toContain('Lisbon');
  expect(await numberAttribute(output(), 'data-peak')).toBeGreaterThan(0.05);
  await page.screenshot({ path: 'screenshots/voice.png' });
  const barProblems = (await axeViolations(page, ['[aria-label="Voice"]'])).filter((v) => v.impact === 'critical' || v.impact === 'serious');
  expect(barProblems, JSON.stringify(barProblems, null, 1)).toEqual([]);
});

test('hands-free: switched on, the next sentence is heard and answered without a press', async () => {
  stt.setTranscript('What is the weather like in Porto');
  await handsFree().click();
  await expect(handsFree()).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('voice-transcript')).toContainText('What is the weather like in Porto', { timeout: TURN_MS });
  await expect(yourMessage('What is the weather like in Porto')).toBeVisible();
  await expect(agentSaid('Echo: What is the weather like in Porto')).toBeVisible({ timeout: TURN_MS });
  await expect(page.getByTestId('voice-reply')).toContainText('Echo: What is the weather like in Porto');
  await expect.poll(() => numberAttribute(output(), 'data-peak'), { timeout: TURN_MS }).toBeGreaterThan(0.05);
  expect(stt.requests.at(-1)!.speechSeconds).toBeGreaterThan(1);

  await handsFree().click();
  await expect(handsFree()).toHaveAttribute('aria-pressed', 'false');
  await expectState('idle');
});

test('barge-in: talking over the reply stops its playback and cancels the rest of the turn', async () => {
  // Sentences of at least 6 s, the later ones held back by the service: the microphone's next
  // sentence (one loop later) comes while the first is playing and the rest are still coming.
  tts.setOptions({ requireKey: TTS_KEY, minSeconds: 6, holdBack: { matching: /trams|tiles/, ms: 30_000 } });
  stt.setTranscript(`Tell me about Lisbon ${cmd.say('Lisbon sits on seven hills above the river. Its yellow trams climb the old streets. Its tiles shine in the sun.')}`);
  const bargeIns = await numberAttribute(output(), 'data-barge-ins');
  const abandoned = tts.abandoned;
  const uploads = stt.requests.length;

  await handsFree().click();
  await expect(handsFree()).toHaveAttribute('aria-pressed', 'true');
  await expect(agentSaid('Lisbon sits on seven hills')).toBeVisible({ timeout: TURN_MS });
  await expectState('speaking');
  // The fake microphone speaks again while the first sentence plays.
  await expect(output()).toHaveAttribute('data-barge-ins', String((Number.isNaN(bargeIns) ? 0 : bargeIns) + 1), { timeout: MIC_LOOP_SECONDS * 1000 + 5000 });
  await expect(state()).not.toHaveAttribute('data-state', 'speaking', { timeout: 2000 });
  // The sentences still being synthesized were given up, and the interruption is heard as a new turn.
  await expect.poll(() => tts.abandoned, { message: 'text-to-speech requests cancelled by the barge-in' }).toBeGreaterThan(abandoned);
  await expect.poll(() => stt.requests.length, { timeout: TURN_MS }).toBeGreaterThan(uploads + 1);

  stt.setTranscript('Thank you');
  tts.setOptions({ requireKey: TTS_KEY, minSeconds: 2 });
  await handsFree().click();
  await expect(handsFree()).toHaveAttribute('aria-pressed', 'false');
  await expectState('idle');
});

test('an unreachable speech-to-text service is named in the error', async () => {
  const port = await closedPort();
  const panel = await openSettings();
  await panel.getByLabel('Speech-to-text URL').fill(`http://127.0.0.1:${port}/v1`);
  await saveSettings(panel);
  await closeSettings(panel);

  await holdToTalk();
  const error = page.getByTestId('voice-error');
  await expect(error).toBeVisible({ timeout: TURN_MS });
  await expect(error).toContainText(/speech-to-text/i);
  await expect(error).toContainText(/reach|connect|unavailable|refused/i);
  await expectState('error');
  await page.screenshot({ path: 'screenshots/voice-error.png' });

  const restore = await openSettings();
  await restore.getByLabel('Speech-to-text URL').fill(stt.baseUrl);
  await saveSettings(restore);
  await closeSettings(restore);
});

test('local Whisper transcribes the spoken words offline', async () => {
  const model = join(VOICE_MODELS_DIR, 'whisper-tiny.en.ggml.bin');
  // `npm test` installs the model before the tests and insists on it; a bare run may go without.
  if (process.env.LETTA_DESK_REQUIRE_VOICE_MODEL) expect(existsSync(model), `the offline speech model at ${model}`).toBe(true);
  test.skip(!existsSync(model), `the offline speech model is not installed at ${model} (run: npx tsx scripts/voice-model.ts)`);
  test.setTimeout(180_000);
  const panel = await openSettings();
  await choose(panel, 'Speech-to-text', 'local-whisper');
  await saveSettings(panel);
  await closeSettings(panel);
  const uploads = stt.requests.length;

  await holdToTalk();
  const transcript = page.getByTestId('voice-transcript');
  for (const word of SPOKEN_KEYWORDS) await expect(transcript).toContainText(new RegExp(word, 'i'), { timeout: 120_000 });
  // The push-to-talk turn said the same words; the newest message of mine (the list follows the
  // end of the conversation) is this turn's.
  await expect(log().getByRole('article', { name: 'Your message' }).last()).toContainText(new RegExp(SPOKEN_KEYWORDS.join('.*'), 'i'));
  await expect(log().getByRole('article', { name: `${agentName} said` }).last()).toContainText(/Echo: .*weather.*Lisbon/i, { timeout: TURN_MS });
  await expectState('idle');
  expect(stt.requests.length, 'the fake speech-to-text service was not used').toBe(uploads);

  // Whisper's full 30 s window (the slower choice) hears the same words.
  const full = await openSettings();
  await choose(full, 'Listening window', 'full');
  await saveSettings(full);
  await closeSettings(full);
  await holdToTalk();
  // About two seconds of work on these cores: long enough to be seen, so this is a new turn.
  await expectState('transcribing');
  await expectState(/thinking|speaking|idle/, 120_000);
  for (const word of SPOKEN_KEYWORDS) await expect(transcript).toContainText(new RegExp(word, 'i'));
  await expectState('idle');

  const back = await openSettings();
  await choose(back, 'Listening window', 'fitted');
  await choose(back, 'Speech-to-text', 'openai-compatible');
  await saveSettings(back);
  await closeSettings(back);
});

test('a voice agent made in the new-agent dialog answers through the voice endpoint', async () => {
  await page.getByRole('button', { name: 'New agent' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'New agent' });
  await expect(dialog).toBeVisible();
  const name = `${agentName} voice`;
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByLabel('Voice agent').check();
  await dialog.getByLabel('Model').selectOption(FAKE_MODEL_HANDLE);
  await dialog.getByRole('button', { name: 'Create agent' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();

  // Spoken to, it answers through /v1/voice-beta (the server's voice agent, with the fake LLM).
  stt.setTranscript('What is the weather like in Lisbon');
  await holdToTalk();
  await expect(page.getByTestId('voice-reply')).toContainText('Echo: What is the weather like in Lisbon', { timeout: TURN_MS });
  await expect(page.getByTestId('voice-transcript').locator('..')).toContainText('via the voice endpoint');
  await expect(log().getByRole('article', { name: `${name} said` }).last()).toContainText('Echo: What is the weather like in Lisbon', { timeout: TURN_MS });
  await expectState('idle');

  // The server made its sleep-time agent too (named after it); it is listed, marked as such.
  const list = page.getByRole('list', { name: 'Agent list' });
  const row = list.getByRole('listitem').filter({ has: page.getByText(name, { exact: true }) });
  await expect(row).toContainText('voice');
  const helper = list.getByRole('listitem').filter({ hasText: `${name}-sleeptime` });
  await expect(helper).toContainText('sleep-time');
  // Its settings name the group tying the two together, from either side.
  await page.getByRole('tab', { name: 'Settings' }).click();
  await expect(page.getByRole('list', { name: 'Groups of this agent' })).toContainText(/voice_sleeptime\s*manages/);
  await helper.getByText(`${name}-sleeptime`, { exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: `${name}-sleeptime` })).toBeVisible();
  // Another agent opens on its chat; its settings say it is the group's member.
  await page.getByRole('tab', { name: 'Settings' }).click();
  await expect(page.getByRole('list', { name: 'Groups of this agent' })).toContainText(/voice_sleeptime\s*member of/);
  await page.getByRole('tab', { name: 'Chat' }).click();
  await row.hover();
  await row.getByRole('button', { name: `Delete ${name}` }).click();
  await page.getByRole('dialog', { name: `Delete “${name}”?` }).getByRole('button', { name: 'Delete agent' }).click();
  await expect(row).toHaveCount(0);
  // Deleting a voice agent deletes its sleep-time agent with it (the server does).
  await expect(helper).toHaveCount(0);
  // Back to the spec's own agent for whatever runs after.
  await page.getByRole('list', { name: 'Agent list' }).getByRole('listitem').filter({ hasText: agentName }).first().click();
});

test('no script error or CSP violation along the way', () => {
  expect(problems).toEqual([]);
});
