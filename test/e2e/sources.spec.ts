/**
 * Data sources and jobs in the real renderer against the real 0.7.29 server: a source created
 * with the embedding chosen in the dialog; a text file dropped on it and another picked with the
 * file picker, each followed until its server job completed and its passages show; attach to an
 * agent and detach; a rename the server answers but does not store, reported as such; the file and
 * the source deleted after a confirmation. The Jobs screen lists the import as completed, shows
 * its metadata, filters active jobs and deletes one. Screenshots and axe on both screens.
 */
import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { axeViolations, connect, disconnect } from './support/app.js';
import { dropTextFile, fakeEmbeddingConfig, lettaClient, openServerScreen, waitForNewestAgent } from './support/sources.js';
import { e2eEnv } from './env.js';

test.describe.configure({ mode: 'serial' });

const RUN = randomUUID().slice(0, 8);
const SOURCE = `Office notes ${RUN}`;
const AGENT = `Source Reader ${RUN}`;
const DROPPED = `notes-${RUN}.txt`;
const PICKED = `kettle-${RUN}.txt`;

/** Several paragraphs, more than one 300-token chunk, so several passages. */
const NOTES = [
  'The tea cupboard is left of the sink, second shelf, behind the tin with the red lid. Earl Grey runs out first, so buy two boxes at a time, and keep the loose-leaf Assam for guests who ask for something stronger.',
  'The office plants are watered on Mondays and Thursdays. The fern by the window wants more water than the cactus on the filing cabinet, which should be left alone entirely; it has survived three office moves.',
  'Biscuits live in the blue tin. Ginger nuts go with black tea, shortbread with Earl Grey, and nobody dunks the chocolate digestives into the shared pot. The last person to leave switches off the kettle.',
  'The meeting room on the third floor is booked through the paper calendar on its door, not the shared online one, which nobody has trusted since it double-booked the quarterly review with a yoga class.',
  'Parcels are left with the porter downstairs until four in the afternoon; after that they go back to the depot, and the depot closes at six, so anything expected on a Friday should be collected at lunchtime.',
].join('\n\n');

let agentId = '';
let createdProfile = false;

test.beforeAll(async () => {
  const client = lettaClient();
  const [template] = await client.agents.list({ query_text: e2eEnv().agentName, limit: 1 });
  const agent = await client.agents.create({
    name: AGENT,
    memory_blocks: [
      { label: 'persona', value: 'I read the office notes.' },
      { label: 'human', value: 'A colleague.' },
    ],
    llm_config: template!.llm_config,
    embedding_config: template!.embedding_config,
    initial_message_sequence: [],
  });
  agentId = agent.id;
});

test.afterAll(async ({ browser }) => {
  const client = lettaClient();
  await client.agents.delete(agentId).catch(() => undefined);
  for (const s of await client.sources.list()) if (s.name === SOURCE) await client.sources.delete(s.id).catch(() => undefined);
  if (createdProfile) {
    const page = await browser.newPage();
    await connect(page, e2eEnv());
    await disconnect(page, true);
    await page.close();
  }
});

test('a source: created with a chosen embedding, files dropped and picked, embedded, attached, renamed honestly, deleted', async ({ page }) => {
  test.setTimeout(180_000);
  const client = lettaClient();
  const embedding = await fakeEmbeddingConfig();
  createdProfile = (await connect(page, e2eEnv())).createdProfile;
  await waitForNewestAgent(page);
  await openServerScreen(page, 'Data sources', 'Data sources');

  // Create: the server's embedding models are offered with their size; ours is a custom endpoint.
  await page.getByRole('button', { name: 'New source' }).click();
  const dialog = page.getByRole('dialog', { name: 'New source' });
  await dialog.getByLabel('Name').fill(SOURCE);
  await dialog.getByLabel('Description').fill('Where things are in the office.');
  const model = dialog.getByLabel('Embedding model');
  await expect(model.locator('option', { hasText: 'letta/letta-free · 1024 dims · 300-token chunks' })).toHaveCount(1);
  await model.selectOption({ label: 'Custom endpoint…' });
  await dialog.getByLabel('Endpoint type').fill(embedding.embedding_endpoint_type);
  await dialog.getByLabel('Model', { exact: true }).fill(embedding.embedding_model);
  await dialog.getByLabel('Endpoint URL').fill(embedding.embedding_endpoint!);
  await dialog.getByLabel('Dimensions').fill(String(embedding.embedding_dim));
  await dialog.getByLabel(/Chunk size/).fill('300');
  await dialog.getByRole('button', { name: 'Create source' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 2, name: SOURCE })).toBeVisible();
  await expect(page.getByText(`${embedding.embedding_model} · ${embedding.embedding_dim} dims · 300-token chunks`)).toBeVisible();
  await expect(page.getByText('No files yet.')).toBeVisible();

  // A second source with the same name is refused in words (0.7.29 would store it, and name
  // lookups would then find either); nothing is created.
  await page.getByRole('button', { name: 'New source' }).click();
  const again = page.getByRole('dialog', { name: 'New source' });
  await again.getByLabel('Name').fill(SOURCE);
  await again.getByRole('button', { name: 'Create source' }).click();
  await expect(again).toContainText(`A source named "${SOURCE}" already exists.`);
  await again.getByRole('button', { name: 'Cancel' }).click();
  expect((await client.sources.list()).filter((s) => s.name === SOURCE)).toHaveLength(1);

  // Upload by drag and drop: the job is followed until the server says completed.
  await dropTextFile(page, `[aria-label="Upload files to ${SOURCE}"]`, DROPPED, NOTES);
  const uploads = page.getByRole('list', { name: 'Uploads' });
  const dropped = uploads.getByRole('listitem').filter({ hasText: DROPPED });
  await expect(dropped.getByText(/^Completed · \d+ passages?$/)).toBeVisible({ timeout: 60_000 });
  const files = page.getByRole('table', { name: 'Files' });
  const droppedRow = files.getByRole('row').filter({ hasText: DROPPED });
  await expect(droppedRow.getByText(/^Embedded · \d+ passages?$/)).toBeVisible();
  await expect(droppedRow).toContainText(/\d+(\.\d)? (B|KB)/);
  await expect(droppedRow).toContainText('text/plain');
  const passages = page.getByRole('list', { name: 'Passages' });
  await expect(passages.getByText(/red lid/)).toBeVisible();
  await expect(passages.getByRole('listitem').first()).toContainText(DROPPED);

  // Upload with the file picker (the keyboard path).
  await page.getByLabel('Files to upload').setInputFiles({ name: PICKED, mimeType: 'text/plain', buffer: Buffer.from('Descale the office kettle every second Friday.') });
  await expect(uploads.getByRole('listitem').filter({ hasText: PICKED }).getByText('Completed · 1 passage')).toBeVisible({ timeout: 60_000 });
  await expect(files.getByRole('row').filter({ hasText: PICKED }).getByText('Embedded')).toBeVisible();

  // A file over the upload limit is refused in words before anything is sent.
  await page.getByLabel('Files to upload').setInputFiles({ name: 'scans.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(30 * 1024 * 1024) });
  const tooBig = uploads.getByRole('listitem').filter({ hasText: 'scans.pdf' });
  await expect(tooBig.getByText('Failed')).toBeVisible();
  await expect(tooBig).toContainText('scans.pdf is too big to upload: 30 MB, and the app sends at most 25 MB per file.');
  await tooBig.getByRole('button', { name: 'Dismiss scans.pdf' }).click();
  await expect(tooBig).toHaveCount(0);
  await expect(files.getByRole('row').filter({ hasText: 'scans' })).toHaveCount(0);

  // Attach to an agent: the source lists it, and the server agrees.
  const sourceId = (await client.sources.list()).find((s) => s.name === SOURCE)!.id;
  await page.getByLabel('Attach to').selectOption({ label: AGENT });
  await page.getByRole('button', { name: 'Attach', exact: true }).click();
  const using = page.getByRole('list', { name: `Agents using ${SOURCE}` });
  await expect(using.getByText(AGENT)).toBeVisible();
  expect((await client.agents.sources.list(agentId)).map((s) => s.id)).toContain(sourceId);
  await expect(page.getByRole('navigation', { name: 'Sources' }).getByRole('button', { name: new RegExp(SOURCE) })).toContainText('1 agent');

  // Rename: 0.7.29 answers the new name but keeps the old one; the screen says so.
  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  const edit = page.getByRole('dialog', { name: `Edit ${SOURCE}` });
  await edit.getByLabel('Name').fill(`${SOURCE} (renamed)`);
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit).toHaveCount(0);
  const stored = await client.sources.retrieve(sourceId);
  if (stored.name === SOURCE) {
    await expect(page.getByRole('status').filter({ hasText: 'did not keep it' })).toContainText(`name “${SOURCE}”`);
    await expect(page.getByRole('heading', { level: 2, name: SOURCE, exact: true })).toBeVisible();
  } else {
    // A server that stores edits: the new name shows and nothing is reported.
    await expect(page.getByRole('heading', { level: 2, name: `${SOURCE} (renamed)` })).toBeVisible();
    await expect(page.getByText('did not keep it')).toHaveCount(0);
  }

  expect((await axeViolations(page)).filter((v) => v.impact === 'critical' || v.impact === 'serious')).toEqual([]);
  await page.screenshot({ path: 'screenshots/sources.png' });

  // Detach.
  await using.getByRole('button', { name: `Detach from ${AGENT}` }).click();
  await expect(page.getByText('No agent uses this source yet.')).toBeVisible();
  expect((await client.agents.sources.list(agentId)).map((s) => s.id)).not.toContain(sourceId);

  // Delete the dropped file after a confirmation: its passages go with it.
  await droppedRow.getByRole('button', { name: `Delete ${DROPPED}` }).click();
  const confirmFile = page.getByRole('dialog', { name: `Delete ${DROPPED}?` });
  await confirmFile.getByRole('button', { name: 'Delete file' }).click();
  await expect(confirmFile).toHaveCount(0);
  await expect(droppedRow).toHaveCount(0);
  await expect(passages.getByText(/red lid/)).toHaveCount(0);
  await expect(passages.getByText(/Descale the office kettle/)).toBeVisible();
  expect((await client.sources.files.list(sourceId)).map((f) => f.file_name)).toEqual([expect.stringMatching(/^kettle-/)]);
});

test('jobs: the imports are listed as completed, with metadata; active-only filter; delete with a confirmation', async ({ page }) => {
  const client = lettaClient();
  await connect(page, e2eEnv());
  await waitForNewestAgent(page);
  await openServerScreen(page, 'Jobs', 'Jobs');
  const table = page.getByRole('table', { name: 'Jobs' });
  const dropped = table.getByRole('row').filter({ hasText: `Import of ${DROPPED}` });
  await expect(dropped.getByText('completed', { exact: true })).toBeVisible();
  await expect(dropped.getByRole('cell', { name: 'job', exact: true })).toBeVisible();

  await dropped.getByRole('button', { name: `Import of ${DROPPED}`, exact: true }).click();
  const details = page.getByRole('complementary', { name: `Import of ${DROPPED}` });
  await expect(details.locator('pre')).toContainText('"num_passages"');
  await expect(details.locator('pre')).toContainText(`"filename": "${DROPPED}"`);
  expect((await axeViolations(page)).filter((v) => v.impact === 'critical' || v.impact === 'serious')).toEqual([]);
  await page.screenshot({ path: 'screenshots/jobs.png' });

  await page.getByLabel('Active only').check();
  await expect(dropped).toHaveCount(0);
  await page.getByLabel('Active only').uncheck();
  await expect(dropped).toBeVisible();

  const picked = table.getByRole('row').filter({ hasText: `Import of ${PICKED}` });
  const pickedJobId = (await client.jobs.list()).find((j) => j.metadata?.['filename'] === PICKED)!.id;
  await picked.getByRole('button', { name: `Delete job Import of ${PICKED}` }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete this job?' });
  await confirm.getByRole('button', { name: 'Delete job' }).click();
  await expect(confirm).toHaveCount(0);
  await expect(picked).toHaveCount(0);
  expect((await client.jobs.list()).map((j) => j.id)).not.toContain(pickedJobId);

  // Finally the source itself, from its screen, after a confirmation.
  await openServerScreen(page, 'Data sources', 'Data sources');
  await page.getByRole('navigation', { name: 'Sources' }).getByRole('button', { name: new RegExp(SOURCE) }).click();
  await expect(page.getByRole('heading', { level: 2, name: SOURCE, exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  const confirmSource = page.getByRole('dialog', { name: `Delete ${SOURCE}?` });
  await confirmSource.getByRole('button', { name: 'Delete source' }).click();
  await expect(confirmSource).toHaveCount(0);
  await expect(page.getByRole('navigation', { name: 'Sources' }).getByText(SOURCE)).toHaveCount(0);
  expect((await client.sources.list()).some((s) => s.name === SOURCE)).toBe(false);
});
