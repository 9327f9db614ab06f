import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Response } from 'supertest';
import { bearer, countRows, createUnit, seedAdmin, startTestSystem, TestSystem } from '../support';
import {
  baselineJpeg,
  jpegHeader,
  minimalPdf,
  minimalPng,
  pdfWithXrefStream,
  phoneJpeg,
  pngOfSize,
  progressiveJpeg,
  screenshotPng,
} from '../support/evidence-files';
import { Person, person } from '../support/takedowns';

const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Every file below a directory, as paths relative to it. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name)));
}

/** A multipart body written by hand, so that the file name reaches the server exactly as given. */
function multipart(fieldName: string, fileName: string, contentType: string, content: Buffer) {
  const boundary = `----lantoa${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${fieldName}"; filename="${fileName}"\r\n` +
      `Content-Type: ${contentType}\r\n\r\n`,
    'utf8',
  );
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    body: Buffer.concat([head, content, Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8')]),
  };
}

describe('evidence: typed by content, hashed, stored under generated names, downloaded as attachments', () => {
  let system: TestSystem;
  let parentDir: string;
  let storageDir: string;
  let adminToken: string;
  let author: Person;
  let colleague: Person;
  let secretariatA: Person;
  let leaderA: Person;
  let secretariatB: Person;
  let collaboratorB: Person;
  let reportId: string;

  beforeAll(async () => {
    // STORAGE_DIR is a directory inside a temp parent: nothing may ever appear beside it.
    parentDir = await mkdtemp(join(tmpdir(), 'lantoa-evidence-'));
    storageDir = join(parentDir, 'store', 'evidence');
    await mkdir(join(parentDir, 'store'));
    system = await startTestSystem({ config: { storageDir } });
    const admin = await seedAdmin(system);
    adminToken = admin.token;
    const unitA = (await createUnit(system, 'Đảng bộ A', admin.rootUnitId)).id;
    const unitA1 = (await createUnit(system, 'Chi bộ A1', unitA)).id;
    const unitB = (await createUnit(system, 'Đảng bộ B', admin.rootUnitId)).id;
    author = await person(system, unitA1, ['collaborator']);
    colleague = await person(system, unitA1, ['collaborator']);
    secretariatA = await person(system, unitA, ['secretariat']);
    leaderA = await person(system, unitA, ['leader']);
    secretariatB = await person(system, unitB, ['secretariat']);
    collaboratorB = await person(system, unitB, ['collaborator']);
    const filed = await system.http
      .post('/api/v1/reports')
      .set(bearer(author.token))
      .send({ url: `https://www.facebook.com/trang.${randomBytes(3).toString('hex')}`, category: 'impersonation' });
    expect(filed.status).toBe(201);
    reportId = filed.body.id;
  });
  afterAll(async () => {
    await system?.close();
    await rm(parentDir, { recursive: true, force: true });
  });

  const upload = (token: string, content: Buffer, fileName = 'bang-chung.png', contentType = 'image/png', id = reportId) =>
    system.http
      .post(`/api/v1/reports/${id}/evidence`)
      .set(bearer(token))
      .attach('file', content, { filename: fileName, contentType });
  const download = (token: string, evidenceId: string, id = reportId) =>
    system.http
      .get(`/api/v1/reports/${id}/evidence/${evidenceId}`)
      .set(bearer(token))
      .buffer(true)
      .parse((response, callback) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => callback(null, Buffer.concat(chunks)));
      });
  const state = async () => ({ rows: await countRows(system, 'evidence'), files: await filesUnder(parentDir) });

  describe('accepted files', () => {
    it('accepts a real PNG, answers its sha256, and stores exactly those bytes under a generated name', async () => {
      const png = minimalPng(4, 3, 0x55);
      const before = await state();
      const response = await upload(author.token, png, 'anh-chup-man-hinh.png');
      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        id: expect.stringMatching(UUID),
        reportId,
        sha256: sha256(png),
        mediaType: 'image/png',
        size: png.length,
        createdAt: expect.any(String),
      });
      const after = await state();
      expect(after.rows).toBe(before.rows + 1);
      const added = after.files.filter((f) => !before.files.includes(f));
      expect(added).toHaveLength(1);
      const [stored] = (await system.db.query(`SELECT storage_key AS key, sha256 FROM evidence WHERE id = $1`, [
        response.body.id,
      ])) as { key: string; sha256: string }[];
      expect(stored.key).toMatch(UUID);
      expect(stored.sha256).toBe(sha256(png));
      expect(added[0]).toBe(join('store', 'evidence', stored.key.slice(0, 2), stored.key));
      expect(await readFile(join(parentDir, added[0]))).toEqual(png);
      const shown = await system.http.get(`/api/v1/reports/${reportId}`).set(bearer(author.token));
      expect(shown.body.evidence).toContainEqual(response.body);
    });

    it.each<[string, () => Buffer, string]>([
      ['a PDF', minimalPdf, 'application/pdf'],
      ['a PDF with a cross-reference stream', pdfWithXrefStream, 'application/pdf'],
      ['a JPEG', baselineJpeg, 'image/jpeg'],
      ['a progressive JPEG', progressiveJpeg, 'image/jpeg'],
      ['a phone camera JPEG (EXIF with a thumbnail)', () => phoneJpeg(), 'image/jpeg'],
      ['an Ultra HDR phone JPEG (MPF gain map after the image)', () => phoneJpeg(true), 'image/jpeg'],
      ['a PNG screenshot with ancillary chunks', screenshotPng, 'image/png'],
      ['a PNG declared as text/plain and named .txt', () => minimalPng(1, 1, 9), 'image/png'],
    ])('types %s by its first bytes', async (_case, content, mediaType) => {
      const response = await upload(author.token, content(), 'tep.txt', 'text/plain');
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({ mediaType, sha256: sha256(content()) });
    });

    it.each([
      '../../etc/passwd',
      '../../../../../../tmp/evil.png',
      '..\\..\\windows\\system32\\evil.png',
      '/etc/cron.d/evil',
      'evidence/../../../outside.png',
      '%2e%2e%2f%2e%2e%2fpasswd.png',
    ])('keeps the file name %j harmless: stored under a uuid inside STORAGE_DIR, never echoed', async (fileName) => {
      // Bytes of its own per name: the same bytes again would be the evidence already held.
      const png = minimalPng(2, 2, 0x60 + [...fileName].reduce((sum, c) => sum + c.charCodeAt(0), 0) % 0x80);
      const before = await filesUnder(parentDir);
      const { body, contentType } = multipart('file', fileName, 'image/png', png);
      const response = await system.http
        .post(`/api/v1/reports/${reportId}/evidence`)
        .set(bearer(author.token))
        .set('content-type', contentType)
        .send(body);
      expect(response.status).toBe(201);
      expect(JSON.stringify(response.body)).not.toMatch(/passwd|evil|outside|\.\./);
      const added = (await filesUnder(parentDir)).filter((f) => !before.includes(f));
      expect(added).toHaveLength(1);
      expect(added[0].startsWith(join('store', 'evidence') + '/')).toBe(true);
      expect(added[0].split('/').pop()).toMatch(UUID);
      const file = await download(author.token, response.body.id);
      expect(file.headers['content-disposition']).toBe(`attachment; filename="evidence-${response.body.id}.png"`);
    });

    it('lets the subtree’s secretariat and an admin attach to a report they can see', async () => {
      expect((await upload(secretariatA.token, minimalPng(1, 1, 1))).status).toBe(201);
      expect((await upload(adminToken, minimalPdf())).status).toBe(201);
    });

    it('answers a resent file (its answer lost on the way) with the evidence already held: one row, one stored file', async () => {
      const photo = minimalPng(3, 2, 41);
      const first = await upload(author.token, photo);
      expect(first.status).toBe(201);
      const before = await state();
      const again = await upload(author.token, photo);
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
      // Two phones (or tabs) sending the same file at once still make one row.
      const twin = minimalPng(3, 2, 42);
      const [one, two] = await Promise.all([upload(author.token, twin), upload(author.token, twin)]);
      expect([one.status, two.status]).toEqual([201, 201]);
      expect(one.body.id).toBe(two.body.id);
      const after = await state();
      expect(after.rows).toBe(before.rows + 1);
      // The same bytes on another report are that report's own evidence.
      const other = await system.http
        .post('/api/v1/reports')
        .set(bearer(author.token))
        .send({ url: `https://www.facebook.com/trang.${randomBytes(3).toString('hex')}`, category: 'scam' });
      const onOther = await upload(author.token, photo, 'a.png', 'image/png', other.body.id);
      expect(onOther.status).toBe(201);
      expect(onOther.body.id).not.toBe(first.body.id);
    });
  });

  describe('refused files: nothing stored, no row', () => {
    const cases: [string, number, () => Promise<Response>][] = [
      ['a text file named .png', 415, () => upload(author.token, Buffer.from('not a picture at all, just text'), 'proof.png', 'image/png')],
      ['an HTML page named .pdf', 415, () => upload(author.token, Buffer.from('<html><script>alert(1)</script></html>'), 'x.pdf', 'application/pdf')],
      ['an SVG', 415, () => upload(author.token, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'x.svg', 'image/svg+xml')],
      ['an empty file', 415, () => upload(author.token, Buffer.alloc(0), 'empty.png')],
      [
        'a 6 MB file',
        413,
        () => upload(author.token, Buffer.concat([minimalPng(), Buffer.alloc(6 * 1024 * 1024)]), 'big.png'),
      ],
      [
        'one byte over 5 MB',
        413,
        () => upload(author.token, Buffer.concat([minimalPng(), Buffer.alloc(5 * 1024 * 1024 + 1 - minimalPng().length)]), 'big.png'),
      ],
      ['a JSON body instead of multipart', 400, () => system.http.post(`/api/v1/reports/${reportId}/evidence`).set(bearer(author.token)).send({ file: 'x' })],
      [
        'a file in another field',
        400,
        () => system.http.post(`/api/v1/reports/${reportId}/evidence`).set(bearer(author.token)).attach('image', minimalPng(), 'a.png'),
      ],
      ['a report that does not exist', 404, () => upload(adminToken, minimalPng(), 'a.png', 'image/png', '999999999')],
      ['a report id that is not a number', 404, () => upload(adminToken, minimalPng(), 'a.png', 'image/png', '1e3')],
    ];

    it.each(cases)('refuses %s with %i', async (_case, status, send) => {
      const before = await state();
      const response = await send();
      expect(response.status).toBe(status);
      expect(response.body).toMatchObject({ statusCode: status, message: expect.any(String) });
      expect(await state()).toEqual(before);
    });

    it('accepts exactly 5 MB', async () => {
      const content = pngOfSize(5 * 1024 * 1024);
      const response = await upload(author.token, content, 'exact.png');
      expect(response.status).toBe(201);
      expect(response.body.size).toBe(5 * 1024 * 1024);
    });
  });

  describe('refused because not whole, too many pixels, or not alone: 400 naming file, nothing stored', () => {
    const html = Buffer.from('<html><body><script>alert(document.cookie)</script></body></html>', 'latin1');
    const evidenceRoute = () => system.http.post(`/api/v1/reports/${reportId}/evidence`).set(bearer(author.token));
    const cases: [string, RegExp, () => Promise<Response>][] = [
      ['JPEG magic followed by HTML', /whole JPEG/, () => upload(author.token, Buffer.concat([jpegHeader(), html]), 'a.jpg', 'image/jpeg')],
      ['a JPEG with HTML after its end-of-image marker', /whole JPEG/, () => upload(author.token, Buffer.concat([phoneJpeg(), html]), 'a.jpg', 'image/jpeg')],
      ['%PDF- followed by HTML', /whole PDF/, () => upload(author.token, Buffer.concat([Buffer.from('%PDF-1.4\n'), html]), 'a.pdf', 'application/pdf')],
      ['a PDF with HTML after %%EOF', /whole PDF/, () => upload(author.token, Buffer.concat([minimalPdf(), html]), 'a.pdf', 'application/pdf')],
      ['a PNG with HTML after IEND', /whole PNG/, () => upload(author.token, Buffer.concat([minimalPng(1, 1, 7), html]))],
      ['a PNG padded with zeros after IEND', /whole PNG/, () => upload(author.token, Buffer.concat([minimalPng(1, 1, 7), Buffer.alloc(1024)]))],
      ['a PNG of 7100 × 7100 pixels (a few kB of deflated data)', /50 megapixels/, () => upload(author.token, minimalPng(7100, 7100, 1), 'big.png')],
      [
        'two file parts',
        /only part/,
        () =>
          evidenceRoute()
            .attach('file', minimalPng(1, 1, 11), { filename: 'a.png', contentType: 'image/png' })
            .attach('file', minimalPng(1, 1, 12), { filename: 'b.png', contentType: 'image/png' }),
      ],
      ['the file and a text field after it', /only part/, () => evidenceRoute().attach('file', minimalPng(1, 1, 13), 'a.png').field('note', 'x')],
      ['a text field before the file', /named "file"/, () => evidenceRoute().field('note', 'x').attach('file', minimalPng(1, 1, 14), 'a.png')],
      ['a text field named file', /named "file"/, () => evidenceRoute().field('file', minimalPng(1, 1, 15).toString('latin1'))],
      ['three file parts', /only part/, () => evidenceRoute().attach('file', minimalPng(1, 1, 16), 'a.png').attach('file', minimalPng(1, 1, 17), 'b.png').attach('x', minimalPng(), 'c.png')],
    ];

    it.each(cases)('refuses %s', async (_case, message, send) => {
      const before = await state();
      const response = await send();
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ statusCode: 400, field: 'file', message: expect.stringMatching(message) });
      expect(await state()).toEqual(before);
    });

    it('refuses an empty multipart body (no part at all) with 400 naming file', async () => {
      const boundary = `----lantoa${randomBytes(8).toString('hex')}`;
      const response = await evidenceRoute().set('content-type', `multipart/form-data; boundary=${boundary}`).send(`--${boundary}--\r\n`);
      expect(response.status).toBe(400);
      expect(response.body.field).toBe('file');
    });

    it('stores a phone photo whole, byte for byte, and serves it back', async () => {
      const photo = phoneJpeg(true);
      const response = await upload(author.token, photo, 'IMG_20261203_083000.jpg', 'image/jpeg');
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({ mediaType: 'image/jpeg', size: photo.length, sha256: sha256(photo) });
      const file = await download(author.token, response.body.id);
      expect(Buffer.compare(file.body as Buffer, photo)).toBe(0);
    });
  });

  describe('who may attach and download', () => {
    let evidenceId: string;
    let png: Buffer;

    beforeAll(async () => {
      png = minimalPng(5, 5, 0x22);
      const response = await upload(author.token, png);
      expect(response.status).toBe(201);
      evidenceId = response.body.id;
    });

    it('serves the file as an attachment of the stored type, with nosniff and no caching', async () => {
      const response = await download(author.token, evidenceId);
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe('image/png');
      expect(response.headers['content-disposition']).toBe(`attachment; filename="evidence-${evidenceId}.png"`);
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['cache-control']).toBe('private, no-store');
      expect(Buffer.compare(response.body as Buffer, png)).toBe(0);
    });

    it('serves a PDF uploaded under an HTML name and type as a PDF attachment, never as HTML', async () => {
      const pdf = await upload(author.token, minimalPdf(), 'page.html', 'text/html');
      expect(pdf.status).toBe(201);
      const response = await download(author.token, pdf.body.id);
      expect(response.headers['content-type']).toBe('application/pdf');
      expect(response.headers['content-disposition']).toBe(`attachment; filename="evidence-${pdf.body.id}.pdf"`);
    });

    it.each<[string, number, number, () => string]>([
      ['the author', 201, 200, () => author.token],
      ['the secretariat of the subtree', 201, 200, () => secretariatA.token],
      ['an admin', 201, 200, () => adminToken],
      ['a leader of the subtree (reads, does not attach)', 403, 200, () => leaderA.token],
      ['a colleague of the same unit', 404, 404, () => colleague.token],
      ['another subtree’s secretariat', 404, 404, () => secretariatB.token],
      ['another subtree’s collaborator', 404, 404, () => collaboratorB.token],
    ])('answers %s: attach %i, download %i', async (_case, attach, get, token) => {
      const before = await state();
      const attached = await upload(token(), minimalPng(1, 1, 3));
      expect(attached.status).toBe(attach);
      if (attach !== 201) expect(await state()).toEqual(before);
      const response = await download(token(), evidenceId);
      expect(response.status).toBe(get);
      if (get === 404) {
        expect(response.headers['content-type']).toMatch(/^application\/json/);
        expect(response.body.toString('utf8')).not.toContain('PNG');
      }
    });

    it('answers 404 for evidence of another report, or an id that is no evidence', async () => {
      const other = await system.http
        .post('/api/v1/reports')
        .set(bearer(author.token))
        .send({ url: `https://zalo.me/${randomBytes(3).toString('hex')}`, category: 'scam' });
      expect(other.status).toBe(201);
      expect((await download(author.token, evidenceId, other.body.id)).status).toBe(404);
      expect((await download(author.token, '00000000-0000-4000-8000-000000000000')).status).toBe(404);
      expect((await download(author.token, '..%2F..%2Fetc%2Fpasswd')).status).toBe(404);
    });
  });
});
