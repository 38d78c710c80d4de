#!/usr/bin/env node
// Compiles the registry and the published city statistics that the package ships in `data/`, from the
// fact files in ../shared/data (see their SOURCES.md). Run once when those facts change:
//   node scripts/build-data.mjs [path/to/shared/data]
// The package never reads ../shared at run time; it reads only the files written here.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const src = resolve(process.argv[2] ?? join(repo, '..', 'shared', 'data'));
const out = join(repo, 'data');

/** RFC-4180 CSV: quoted fields, doubled quotes, commas and newlines inside quotes. */
function parseCsv(text) {
  const rows = [];
  let row = [], field = '', q = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (q) {
      if (ch === '"') {
        if (text[i + 1] === '"') { field += '"'; i++; } else q = false;
      } else field += ch;
    } else if (ch === '"') q = true;
    else if (ch === ',') { row.push(field); field = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field); field = '';
      if (row.length > 1 || row[0] !== '') rows.push(row);
      row = [];
    } else field += ch;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  const [head, ...body] = rows;
  return body.map((r) => Object.fromEntries(head.map((h, j) => [h, r[j] ?? ''])));
}

const files = {};
function read(rel) {
  const text = readFileSync(join(src, rel), 'utf8');
  files[rel] = createHash('sha256').update(text).digest('hex').slice(0, 16);
  return parseCsv(text.replace(/^\uFEFF/, ''));
}
const num = (s) => (s === '' || s === undefined ? null : Number(s));
const str = (s) => (s === '' || s === undefined ? null : s);

// ---------------------------------------------------------------- zones
const zoneRows = [...read('cbec-pilot-zones.csv'), ...read('cbec-pilot-zones-batch8-2025.csv')];
const cityRows = read('cities.csv');
const hainanCities = cityRows.filter((c) => c.cbec_batch8_2025.includes('Hainan whole island')).map((c) => c.code);
// The batch-8 reply (国函〔2025〕40号) was released on 2025-04-25; its signing date was not found. The revocations it
// carries take effect on that release date here (documented in docs/data.md).
const REVOCATION_DATE = '2025-04-25';
const zones = zoneRows.map((z) => {
  const revoked = z.status_2025.startsWith('revoked');
  const fixes = [];
  let nameEn = z.zone_name_en, placeEn = z.place_en;
  if (placeEn === 'Chongqingchengqu') {
    // The pinyin source names the urban core (重庆城区); the zone is the municipality's.
    nameEn = nameEn.replace('Chongqingchengqu', 'Chongqing');
    placeEn = 'Chongqing';
    fixes.push('English name corrected from "Chongqingchengqu" (pinyin of 重庆城区) to "Chongqing"');
  }
  const wholeProvince = z.division_type.startsWith('whole province');
  const subCity = z.division_type === 'county-level city' || z.division_type === 'state-level new area';
  const approval = str(z.approval_date);
  const announce = str(z.announcement_date);
  return {
    zone_id: Number(z.zone_id),
    batch: Number(z.batch),
    approval_date: approval,
    approval_date_confidence: z.approval_date_confidence,
    announcement_date: announce,
    effective_date: approval ?? announce,
    effective_date_basis: approval ? 'approval' : 'announcement',
    doc_no: z.doc_no,
    name_zh: z.place_zh,
    name_en: placeEn,
    zone_name_zh: z.zone_name_zh,
    zone_name_en: nameEn,
    place_code: str(z.code),
    division_type: z.division_type,
    level: z.level,
    coverage: wholeProvince ? 'province' : subCity ? 'part-of-city' : 'whole-city',
    city_code: str(z.parent_city_code),
    city_zh: str(z.parent_city_zh),
    city_en: str(z.parent_city_en),
    covers_city_codes: wholeProvince ? hainanCities : z.parent_city_code ? [z.parent_city_code] : [],
    province_zh: z.province_zh,
    province: z.province_en,
    region: z.region_nbs,
    lat: num(z.lat),
    lon: num(z.lon),
    revoked_date: revoked ? REVOCATION_DATE : null,
    revoked_by: revoked ? '国函〔2025〕40号' : null,
    status_2025: z.status_2025,
    confidence: z.confidence,
    note: [z.note, ...fixes].filter(Boolean).join(' | ') || null,
  };
});

// ---------------------------------------------------------------- cities
const cities = cityRows.map((c) => ({
  code: c.code,
  name_zh: c.name_zh,
  name_en: c.name_en,
  division_type: c.division_type,
  province_code: c.province_code,
  province_zh: c.province_zh,
  province: c.province_en,
  region: c.region_nbs,
  coastal: c.coastal === 'yes',
  admin_rank: Number(c.admin_rank),
  admin_rank_label: c.admin_rank_label,
  lat: num(c.lat),
  lon: num(c.lon),
  lat_gcj02: num(c.lat_gcj02),
  lon_gcj02: num(c.lon_gcj02),
  coord_check_km: num(c.coord_check_km),
  cbec_batch: num(c.cbec_batch),
  cbec_approval_date: str(c.cbec_approval_date),
  cbec_any_zone_batch: num(c.cbec_any_zone_batch),
  cbec_subzones: str(c.cbec_subzones),
  cbec_batch8_2025: str(c.cbec_batch8_2025),
  note: str(c.note),
}));

// ---------------------------------------------------------------- development modes (seed 002)
const byName = new Map(cities.map((c) => [c.name_en, c.code]));
const mode = (id, name_en, name_zh, names, description) => ({
  id, name_en, name_zh, city_codes: names.map((n) => byName.get(n)), city_names: names, description,
});
const modes = [
  mode('industrial-agglomeration', 'Industrial agglomeration ecosystem', '产业集聚生态圈', ['Shenzhen', 'Hangzhou'],
    'Large first-tier cities with dense clusters of CBEC, platform, logistics and payment firms (seed 002, section 2.1).'),
  mode('traditional-trade-expansion', 'Traditional foreign trade expanding overseas markets', '传统外贸拓展海外市场', ['Ningbo', 'Guangzhou', 'Suzhou'],
    'Coastal cities with a large traditional foreign-trade base moving manufacturers online (seed 002, section 2.2).'),
  mode('b2c-retail-import', 'B2C retail import', 'B2C 零售进口', ['Zhengzhou'],
    'Inland logistics hub building a retail-import distribution chain (seed 002, section 2.3).'),
  mode('belt-and-road', '"Silk Road e-commerce" along the Belt and Road', '"一带一路"丝路电商', ['Chengdu', 'Hefei'],
    'Hub cities on the Belt and Road using rail links to Central Asia and Europe (seed 002, section 2.4).'),
  mode('bilateral-local', 'Bilateral cooperation on local characteristics', '立足本地特色拓展双边合作', [],
    'Later, smaller, inland or border zones trading with neighbouring countries (seed 002, section 2.5). The seed names no city; assign cities by your own rule.'),
];
for (const m of modes) if (m.city_codes.some((c) => !c)) throw new Error(`mode ${m.id}: a city name was not found`);

// ---------------------------------------------------------------- published city statistics
const YEARS = { from: 2010, to: 2023 };
const nYears = YEARS.to - YEARS.from + 1;
const stats = read('city-stats/panel.csv');
const CONF = { high: 'h', medium: 'm', low: 'l' };
const variables = {};
for (const r of stats) {
  if (r.variable === 'gdp_prelim_2010') continue; // cross-check only (first release before revisions)
  const v = (variables[r.variable] ??= { unit: r.unit, sources: [], timeInvariant: r.year === '', codes: {} });
  if (!v.sources.includes(r.source_id)) v.sources.push(r.source_id);
  const value = Number(r.value);
  if (!Number.isFinite(value)) throw new Error(`panel.csv: ${r.code} ${r.year} ${r.variable}: "${r.value}" is not a number`);
  if (v.timeInvariant) {
    v.codes[r.code] = { v: value, c: CONF[r.confidence] };
    continue;
  }
  const t = Number(r.year) - YEARS.from;
  if (t < 0 || t >= nYears) continue;
  const cell = (v.codes[r.code] ??= { v: new Array(nYears).fill(null), c: '.'.repeat(nYears) });
  cell.v[t] = value;
  cell.c = cell.c.slice(0, t) + CONF[r.confidence] + cell.c.slice(t + 1);
}
const published = {
  years: YEARS,
  note: 'Published city statistics compiled from ../shared/data/city-stats (see docs/data.md). Per variable and city: v = values by year from years.from (null = not published), c = confidence per year (h high, m medium, l low, . none).',
  variables,
};

// ---------------------------------------------------------------- write
mkdirSync(join(out, 'registry'), { recursive: true });
const json = (o) => JSON.stringify(o) + '\n';
const meta = {
  built_from: 'shared/data (CBEC pilot-zone and city fact files)',
  input_sha256_16: files,
  counts: {
    zones: zones.length,
    zones_by_batch: Object.fromEntries([...new Set(zones.map((z) => z.batch))].map((b) => [b, zones.filter((z) => z.batch === b).length])),
    revoked: zones.filter((z) => z.revoked_date).length,
    cities: cities.length,
  },
};
writeFileSync(join(out, 'registry', 'zones.json'), json({ meta, zones }));
writeFileSync(join(out, 'registry', 'cities.json'), json({ meta, cities }));
writeFileSync(join(out, 'registry', 'development-modes.json'), json({ source: 'seed 002 (development modes of the CBEC comprehensive pilot zones)', modes }));
writeFileSync(join(out, 'city-stats.json'), json(published));
console.log(JSON.stringify(meta.counts));
