/**
 * The app's settings file (`settings.json` in the data directory): profiles, preferences and the
 * window's last bounds. Never a token: those live in the keychain (see secrets/).
 *
 * The file is validated on load; a file that does not parse is moved aside (not deleted, the
 * user may want it) and the app starts from defaults. Writes go to a temporary file that is then
 * renamed over the old one, so a crash mid-write leaves the previous version intact.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { Logger } from '../log.js';
import { DEFAULT_VOICE_SETTINGS as V } from '../../src-shared/voice/voice-settings.js';

const storedProfile = z.object({
  id: z.uuid(),
  name: z.string().min(1).max(100),
  baseUrl: z.string().min(1).max(2000),
  kind: z.enum(['cloud', 'self-hosted']),
  actingUserId: z.string().max(256).nullable(),
  createdAt: z.string(),
});

const preferences = z.object({
  theme: z.enum(['system', 'light', 'dark']).catch('system'),
  sendOnEnter: z.boolean().catch(true),
  streamTokens: z.boolean().catch(true),
  streamReplies: z.boolean().catch(true),
  lastProfileId: z.uuid().nullable().catch(null),
});

const windowState = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(200),
  height: z.number().int().min(200),
  maximized: z.boolean(),
});

/**
 * One profile's voice settings. Each field falls back to its default on its own, and a damaged
 * entry (or map) to the defaults, so a bad value never costs the profiles or the other settings.
 */
const voiceSettings = z
  .object({
    mode: z.enum(['push-to-talk', 'hands-free']).catch(V.mode),
    inputDeviceId: z.string().max(500).nullable().catch(V.inputDeviceId),
    sttEngine: z.enum(['openai-compatible', 'local-whisper']).catch(V.sttEngine),
    sttBaseUrl: z.string().min(1).max(2000).catch(V.sttBaseUrl),
    sttModel: z.string().min(1).max(200).catch(V.sttModel),
    localModelId: z.string().regex(/^[\w.-]{1,64}$/).catch(V.localModelId),
    language: z.string().regex(/^[a-z]{2,3}$/).nullable().catch(V.language),
    localWindow: z.enum(['fitted', 'full']).catch(V.localWindow),
    ttsEngine: z.enum(['openai-compatible', 'formant']).catch(V.ttsEngine),
    ttsBaseUrl: z.string().min(1).max(2000).catch(V.ttsBaseUrl),
    ttsModel: z.string().min(1).max(200).catch(V.ttsModel),
    ttsVoice: z.string().min(1).max(200).catch(V.ttsVoice),
    ttsSpeed: z.number().min(0.5).max(2).catch(V.ttsSpeed),
    speakReplies: z.boolean().catch(V.speakReplies),
  })
  .catch(() => ({ ...V }));

const settingsSchema = z.object({
  version: z.literal(1),
  profiles: z.array(storedProfile).max(1000),
  preferences,
  window: windowState.nullable(),
  /** Voice settings by profile id (absent: the defaults). Never a speech-service key. */
  voice: z.record(z.string().max(100), voiceSettings).catch({}),
});

export type StoredProfile = z.infer<typeof storedProfile>;
export type Preferences = z.infer<typeof preferences>;
export type WindowState = z.infer<typeof windowState>;
export type SettingsData = z.infer<typeof settingsSchema>;
export type StoredVoiceSettings = z.infer<typeof voiceSettings>;

export function defaultSettings(): SettingsData {
  return {
    version: 1,
    profiles: [],
    preferences: { theme: 'system', sendOnEnter: true, streamTokens: true, streamReplies: true, lastProfileId: null },
    window: null,
    voice: {},
  };
}

export class SettingsFile {
  readonly path: string;
  private data: SettingsData | undefined;
  /** Writes are chained so two quick updates cannot interleave their renames. */
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly dataDir: string,
    private readonly log: Logger,
  ) {
    this.path = join(dataDir, 'settings.json');
  }

  async read(): Promise<SettingsData> {
    if (this.data) return this.data;
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      this.data = defaultSettings();
      return this.data;
    }
    let parsed: SettingsData | undefined;
    try {
      const result = settingsSchema.safeParse(JSON.parse(text));
      if (result.success) parsed = result.data;
    } catch {
      parsed = undefined;
    }
    if (!parsed) {
      const aside = `${this.path}.unreadable-${Date.now()}`;
      await rename(this.path, aside).catch(() => undefined);
      this.log.warn(`settings file could not be read; moved it to ${aside} and started from defaults`);
      parsed = defaultSettings();
    }
    this.data = parsed;
    return parsed;
  }

  /** Applies `change` to a copy and persists it; returns the new settings. */
  async update(change: (draft: SettingsData) => void): Promise<SettingsData> {
    const next = structuredClone(await this.read());
    change(next);
    const valid = settingsSchema.parse(next);
    this.data = valid;
    const write = this.writing.then(() => this.persist(valid));
    this.writing = write.catch(() => undefined);
    await write;
    return valid;
  }

  private async persist(data: SettingsData): Promise<void> {
    await mkdir(this.dataDir, { recursive: true, mode: 0o700 });
    const temp = `${this.path}.${process.pid}.tmp`;
    await writeFile(temp, JSON.stringify(data, null, 2) + '\n', { mode: 0o600 });
    await rename(temp, this.path);
  }
}
