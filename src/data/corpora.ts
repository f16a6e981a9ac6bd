import { fnv1a } from './hash.ts';

/**
 * Public corpora that `wakeword data fetch` knows: where the official host keeps them, their
 * size and MD5 (from OpenSLR's md5sum.txt), and what part of the archive becomes clips.
 */
export interface Corpus {
  id: string;
  description: string;
  /** Official host first, then its mirrors. */
  urls: string[];
  /** Archive size in bytes, when known. */
  bytes?: number;
  md5?: string;
  license: string;
  /** Only archive paths under this prefix are converted, with the prefix removed. */
  prefix: string;
  /** Where the clips go below the audio root: negative (speech, music) or noise. */
  role: 'negative' | 'noise';
  /** File name of the download in the cache (default: the URL's; corpora sharing an archive share it). */
  cacheName?: string;
}

const OPENSLR_HOSTS = ['https://www.openslr.org', 'https://us.openslr.org', 'https://openslr.elda.org', 'https://openslr.trmal.net'];

const openslr = (resource: number, file: string) => OPENSLR_HOSTS.map((host) => `${host}/resources/${resource}/${file}`);

/** LibriSpeech parts: read English audiobooks, 16 kHz FLAC (OpenSLR SLR12). */
const LIBRISPEECH: [part: string, hours: number, md5: string, bytes?: number][] = [
  ['dev-clean', 5.4, '42e2234ba48799c1f50f24a7926300a1', 337926286],
  ['dev-other', 5.3, 'c8d0bcc9cca99d4f8b62fcc847357931', 314305928],
  ['test-clean', 5.4, '32fa31d27d2e1cad72775fee3f4849a9', 346663984],
  ['test-other', 5.1, 'fb5a50374b501bb3bac4815ee91d3135', 328757843],
  ['train-clean-100', 100.6, '2a93770f6d5c6c964bc36631d331a522', 6387309499],
  ['train-clean-360', 363.6, 'c0e676e450a7ff2f54aeade5171606fa'],
  ['train-other-500', 496.7, 'd1a0fd59409feb2c614ce4d30c387708'],
];

/** MUSAN (OpenSLR SLR17) comes as one 11 GB archive; each corpus takes one of its folders. */
const MUSAN = { urls: openslr(17, 'musan.tar.gz'), bytes: 11086114085, md5: '0c472d4fc0c5141eca47ad1ffeb2a7df' };

export const CORPORA: Corpus[] = [
  ...LIBRISPEECH.map(([part, hours, md5, bytes]): Corpus => ({
    id: `librispeech-${part}`,
    description: `LibriSpeech ${part}: ${hours} h of read English speech`,
    urls: openslr(12, `${part}.tar.gz`),
    ...(bytes ? { bytes } : {}),
    md5,
    license: 'CC BY 4.0 (LibriSpeech, Panayotov et al. 2015; audio from LibriVox, public domain)',
    prefix: `LibriSpeech/${part}/`,
    role: 'negative',
  })),
  {
    id: 'musan-noise',
    description: 'MUSAN noise: ~6 h of technical and ambient sounds (downloads the whole 11 GB MUSAN archive)',
    ...MUSAN,
    license: 'MUSAN (Snyder et al. 2015): each file under its own free licence, listed in the archive (musan/noise/*/LICENSE)',
    prefix: 'musan/noise/',
    role: 'noise',
  },
  {
    id: 'musan-music',
    description: 'MUSAN music: ~42 h of music of many genres (downloads the whole 11 GB MUSAN archive)',
    ...MUSAN,
    license: 'MUSAN (Snyder et al. 2015): each file under its own free licence, listed in the archive (musan/music/*/LICENSE)',
    prefix: 'musan/music/',
    role: 'negative',
  },
  {
    id: 'musan-speech',
    description: 'MUSAN speech: ~60 h of read speech in several languages (downloads the whole 11 GB MUSAN archive)',
    ...MUSAN,
    license: 'MUSAN (Snyder et al. 2015): each file under its own free licence, listed in the archive (musan/speech/*/LICENSE)',
    prefix: 'musan/speech/',
    role: 'negative',
  },
];

export function findCorpus(id: string): Corpus | undefined {
  return CORPORA.find((c) => c.id === id);
}

/**
 * A corpus for any URL (http, https, file) or local path of an archive (or a single audio file)
 * of audio: everything in it, as negatives. A path is not resolved here: `fetchCorpus` reads it
 * through its `from` option.
 */
export function corpusFromUrl(url: string, options: { name?: string; md5?: string; role?: 'negative' | 'noise' } = {}): Corpus {
  const isUrl = /^[a-z][a-z0-9+.-]*:\/\//i.test(url);
  const file = (isUrl ? decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '') : url.split(/[\\/]/).pop()) || 'download';
  const id = options.name ?? file.replace(/\.(tar\.gz|tgz|tar|wav|flac)$/i, '').replace(/[^A-Za-z0-9._-]+/g, '-');
  // Two URLs can end in the same file name: the cache name carries a hash of the whole URL.
  const cacheName = `${fnv1a(url)}-${file.replace(/[^A-Za-z0-9._-]+/g, '-')}`;
  return { id, description: url, urls: [url], ...(options.md5 ? { md5: options.md5 } : {}), license: `see ${url}`, prefix: '', role: options.role ?? 'negative', cacheName };
}
