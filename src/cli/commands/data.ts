import type { Command } from 'commander';
import type { SkippedFile } from '../../audio/read.node.ts';
import { CORPORA, corpusFromUrl, findCorpus } from '../../data/corpora.ts';
import { defaultCacheDir, fetchCorpus, type FetchPhase } from '../../data/fetch.node.ts';
import { DEFAULT_AUDIO_ROOT } from '../../data/layout.ts';
import { collectStats, type DataStats } from '../../data/stats.node.ts';
import { InputError } from '../../errors.ts';
import { createProgress, type Progress } from '../progress.ts';

/** `wakeword data <subcommand>`: look at and fill the audio folder. */
export default function register(program: Command): void {
  const data = program.command('data').description('inspect the audio folder and fetch public corpora into it');

  data
    .command('stats')
    .description('count clips and hours per folder; flag short, long, clipped, silent, duplicate and unreadable files')
    .option('--dir <dir>', 'audio folder', DEFAULT_AUDIO_ROOT)
    .option('--all', 'list every flagged file (default: the first 10 of each kind)')
    .option('--json', 'print the statistics as JSON')
    .action(async (flags: { dir: string; all?: boolean; json?: boolean }) => {
      let progress: Progress | undefined;
      let stats;
      try {
        stats = await collectStats(flags.dir, (done, total) => {
          progress ??= createProgress('reading', total, 'files');
          progress.update(done);
        });
      } finally {
        progress?.stop();
      }
      console.log(flags.json ? JSON.stringify(stats, null, 2) : formatStats(stats, flags.all ? Infinity : 10));
    });

  data
    .command('fetch')
    .description('download a public corpus from its official host (or take its archive from disk) and convert it to 16 kHz WAV in the audio folder')
    .argument('[corpus]', `one of: ${CORPORA.map((c) => c.id).join(', ')}; or the URL (http, https, file) or path of a .tar/.tar.gz of audio or of one WAV/FLAC`)
    .option('--list', 'list the known corpora with their sizes')
    .option('--root <dir>', 'audio folder', DEFAULT_AUDIO_ROOT)
    .option('--out <dir>', 'folder for the clips (default <root>/negative/<corpus> or <root>/noise/<corpus>)')
    .option('--cache <dir>', 'where archives are downloaded and resumed', defaultCacheDir())
    .option('--keep-archive', 'keep the archive after converting (MUSAN parts share one 11 GB archive)')
    .option('--name <name>', 'folder name for a URL (default: from the file name)')
    .option('--md5 <hex>', 'expected MD5 of a URL download')
    .option('--noise', 'a URL holds background noise: put it under <root>/noise/')
    .option('--from <archive>', "the corpus's archive, already downloaded (a path or file:// URL): unpacked and converted as a download is, and kept")
    .action(async (id: string | undefined, flags: { list?: boolean; root: string; out?: string; cache: string; keepArchive?: boolean; name?: string; md5?: string; noise?: boolean; from?: string }) => {
      if (flags.list || !id) {
        for (const c of CORPORA) console.log(`${c.id.padEnd(28)} ${c.bytes ? `${(c.bytes / 1e9).toFixed(2)} GB`.padStart(9) : '         '}  ${c.description}`);
        return;
      }
      // Corpus names have no slash or extension: anything with one is an archive on disk.
      const local = !/^https?:\/\//i.test(id) && (/^file:/i.test(id) || /[\\/]|\.(tar|tar\.gz|tgz|wav|flac)$/i.test(id));
      if (local && flags.from) throw new InputError('--from', `names the archive of a corpus by name; ${id} is already a file`);
      if ((local || flags.from) && flags.md5) throw new InputError('--md5', 'is checked on downloads only, not on an archive from disk');
      const corpus = /^https?:\/\//i.test(id) || local ? corpusFromUrl(id, { name: flags.name, md5: flags.md5, role: flags.noise ? 'noise' : 'negative' }) : findCorpus(id);
      if (!corpus) throw new InputError(`corpus '${id}'`, `unknown; expected a URL, an archive's path or one of ${CORPORA.map((c) => c.id).join(', ')}`);
      const from = flags.from ?? (local ? id : undefined);
      const bars = new Map<FetchPhase, Progress>();
      const units: Record<FetchPhase, string> = { download: 'MB', verify: 'MB', unpack: 'MB', convert: 'files' };
      const onProgress = (phase: FetchPhase, done: number, total: number) => {
        const scale = units[phase] === 'MB' ? 1e6 : 1;
        let bar = bars.get(phase);
        if (!bar) {
          for (const other of bars.values()) other.stop();
          bar = createProgress(phase, Math.max(1, Math.round(total / scale)), units[phase]);
          bars.set(phase, bar);
        }
        bar.update(Math.round(done / scale));
      };
      let result;
      try {
        result = await fetchCorpus(corpus, { root: flags.root, out: flags.out, cacheDir: flags.cache, keepArchive: flags.keepArchive, from, onProgress });
      } finally {
        for (const bar of bars.values()) bar.stop();
      }
      if (result.alreadyThere) {
        console.log(`${result.outDir}: ${corpus.id} is already there (delete the folder to fetch it again)`);
        return;
      }
      const { download } = result;
      const fetched = !download ? `from ${result.local}` : download.cached ? 'archive from the cache' : `downloaded ${(download.bytes / 1e6).toFixed(1)} MB${download.resumed ? ` (resumed ${download.resumed}x)` : ''}`;
      console.log(`${result.outDir}: ${result.converted} clip(s), ${(result.seconds / 3600).toFixed(2)} h converted${result.existing ? `, ${result.existing} already there` : ''}; ${fetched}`);
      printSkipped(result.skipped);
    });
}

function formatStats(stats: DataStats, limit: number): string {
  const lines: string[] = [];
  const files = stats.folders.reduce((sum, f) => sum + f.files, 0);
  const hours = stats.folders.reduce((sum, f) => sum + f.seconds, 0) / 3600;
  lines.push(`${stats.root}: ${stats.folders.length} folder(s), ${files} file(s), ${hours.toFixed(2)} h`);
  const header = ['folder', 'role', 'files', 'hours', 'rates (Hz: files)', 'too short', 'too long', 'clipped', 'silent'];
  const rows = stats.folders.map((f) => [
    f.folder, f.role, String(f.files), (f.seconds / 3600).toFixed(3),
    Object.entries(f.rates).map(([rate, n]) => `${rate}: ${n}`).join(', ') || '-',
    ...(['too-short', 'too-long', 'clipped', 'silent'] as const).map((p) => String(f.problems[p].length)),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  for (const row of [header, ...rows]) lines.push(row.map((cell, i) => (i >= 2 && i !== 4 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  '));
  for (const problem of ['too-short', 'too-long', 'clipped', 'silent'] as const) {
    const flagged = stats.folders.flatMap((f) => f.problems[problem]);
    if (flagged.length === 0) continue;
    lines.push('', `${problem} (${flagged.length}):`);
    for (const { file, reason } of flagged.slice(0, limit)) lines.push(`  ${file}: ${reason}`);
    if (flagged.length > limit) lines.push(`  ... and ${flagged.length - limit} more (--all lists them)`);
  }
  if (stats.duplicates.length > 0) {
    lines.push('', `duplicates (${stats.duplicates.length} group(s) of identical audio):`);
    for (const group of stats.duplicates.slice(0, limit)) lines.push(`  ${group.join(' = ')}`);
    if (stats.duplicates.length > limit) lines.push(`  ... and ${stats.duplicates.length - limit} more (--all lists them)`);
  }
  if (stats.unreadable.length > 0) {
    lines.push('', `unreadable (${stats.unreadable.length}), skipped by training:`);
    for (const { file, reason } of stats.unreadable) lines.push(`  ${file}: ${reason}`);
  }
  if (stats.loose.length > 0) lines.push('', `not in a folder (${stats.loose.length}), ignored by training: ${stats.loose.join(', ')}`);
  if (stats.toolkit.length > 0) lines.push('', `not counted: ${stats.toolkit.map((t) => `${t.folder}/ (${t.what})`).join(', ')}`);
  return lines.join('\n');
}

function printSkipped(skipped: SkippedFile[]): void {
  if (skipped.length === 0) return;
  console.log(`skipped ${skipped.length} unreadable file(s):`);
  for (const { file, reason } of skipped) console.log(`  ${file}: ${reason}`);
}
