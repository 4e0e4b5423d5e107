// The content a virtual TV can show: a channel line-up and a small on-demand library, so that
// ChangeChannel, SearchAndPlay and SearchAndDisplayResults have something real to find. Everything
// here is invented sample data (no real broadcaster or title). Pure data and pure lookups only:
// the TV reducer and the skill's video modules both read it, so they cannot disagree.

export interface LineupChannel {
  /** Alexa sends channel numbers as strings ("7", "13.1"). */
  number: string;
  callSign: string;
  affiliateCallSign: string | null;
  /** The name a user says ("watch Lumen News"). */
  name: string;
  /** false: tuning is refused with Alexa.Video NOT_SUBSCRIBED. */
  subscribed: boolean;
  /** false: recording is refused with Alexa.Video CONTENT_NOT_RECORDABLE. */
  recordable: boolean;
}

export const LINEUP: readonly LineupChannel[] = [
  {
    number: '2',
    callSign: 'KLMN',
    affiliateCallSign: 'LBC',
    name: 'Lumen News',
    subscribed: true,
    recordable: true,
  },
  {
    number: '4',
    callSign: 'KHBR',
    affiliateCallSign: 'HBN',
    name: 'Harbor Network',
    subscribed: true,
    recordable: true,
  },
  {
    number: '7',
    callSign: 'KSKY',
    affiliateCallSign: 'SKB',
    name: 'Skyline Broadcasting',
    subscribed: true,
    recordable: true,
  },
  {
    number: '13.1',
    callSign: 'KEDU',
    affiliateCallSign: 'PEN',
    name: 'Public Education Network',
    subscribed: true,
    recordable: true,
  },
  {
    number: '206',
    callSign: 'SPRT',
    affiliateCallSign: null,
    name: 'Stadium Sports',
    subscribed: true,
    recordable: true,
  },
  {
    number: '501',
    callSign: 'PRMC',
    affiliateCallSign: null,
    name: 'Premium Cinema',
    subscribed: false,
    recordable: true,
  },
  {
    number: '999',
    callSign: 'PPV1',
    affiliateCallSign: null,
    name: 'Pay Per View',
    subscribed: true,
    recordable: false,
  },
];

export type ContentKind = 'movie' | 'episode';

export interface Content {
  /** Stable id the TV state refers to. */
  id: string;
  kind: ContentKind;
  /** The movie title, or the series title for an episode. */
  title: string;
  /** Episode title (episodes only). */
  episodeTitle?: string;
  season?: number;
  episode?: number;
  year: number;
  genres: string[];
  actors: string[];
  directors: string[];
  franchise?: string;
  durationMs: number;
  /** false: the user's plan does not include it (NOT_SUBSCRIBED). */
  subscribed: boolean;
}

const MIN = 60_000;

function episodes(
  seriesId: string,
  title: string,
  base: Omit<Content, 'id' | 'kind' | 'title' | 'season' | 'episode' | 'episodeTitle' | 'durationMs'>,
  seasons: Array<Array<[string, number]>>,
): Content[] {
  return seasons.flatMap((eps, s) =>
    eps.map(([episodeTitle, minutes], e) => ({
      ...base,
      id: `${seriesId}-s${String(s + 1).padStart(2, '0')}e${String(e + 1).padStart(2, '0')}`,
      kind: 'episode' as const,
      title,
      episodeTitle,
      season: s + 1,
      episode: e + 1,
      durationMs: minutes * MIN,
    })),
  );
}

export const LIBRARY: readonly Content[] = [
  {
    id: 'mv-lighthouse-keeper',
    kind: 'movie',
    title: 'The Lighthouse Keeper',
    year: 2019,
    genres: ['Drama'],
    actors: ['Ada Quill', 'Marco Vane'],
    directors: ['Iris Holm'],
    durationMs: 107 * MIN,
    subscribed: true,
  },
  {
    id: 'mv-midnight-circuit',
    kind: 'movie',
    title: 'Midnight Circuit',
    year: 2021,
    genres: ['Thriller', 'Action'],
    actors: ['Jun Okada', 'Lena Frost'],
    directors: ['Pavel Dorn'],
    franchise: 'Circuit',
    durationMs: 118 * MIN,
    subscribed: true,
  },
  {
    id: 'mv-midnight-circuit-2',
    kind: 'movie',
    title: 'Midnight Circuit: Overdrive',
    year: 2024,
    genres: ['Thriller', 'Action'],
    actors: ['Jun Okada'],
    directors: ['Pavel Dorn'],
    franchise: 'Circuit',
    durationMs: 124 * MIN,
    subscribed: true,
  },
  {
    id: 'mv-northern-star-2008',
    kind: 'movie',
    title: 'Northern Star',
    year: 2008,
    genres: ['Adventure'],
    actors: ['Marco Vane'],
    directors: ['Iris Holm'],
    durationMs: 96 * MIN,
    subscribed: true,
  },
  {
    id: 'mv-crown-of-ash',
    kind: 'movie',
    title: 'Crown of Ash',
    year: 2023,
    genres: ['Fantasy', 'Drama'],
    actors: ['Lena Frost'],
    directors: ['Tomas Reyes'],
    durationMs: 141 * MIN,
    subscribed: false,
  },
  {
    id: 'mv-paper-moons',
    kind: 'movie',
    title: 'Paper Moons',
    year: 2017,
    genres: ['Comedy'],
    actors: ['Ada Quill', 'Jun Okada'],
    directors: ['Mina Park'],
    durationMs: 92 * MIN,
    subscribed: true,
  },
  ...episodes(
    'tv-harbor-lights',
    'Harbor Lights',
    {
      year: 2022,
      genres: ['Drama'],
      actors: ['Ada Quill', 'Lena Frost'],
      directors: ['Mina Park'],
      subscribed: true,
    },
    [
      [
        ['Low Tide', 52],
        ['The Fog Bell', 49],
        ['Safe Harbor', 55],
      ],
      [
        ['New Moorings', 51],
        ['Storm Warning', 58],
      ],
    ],
  ),
  // A series that shares its title with the 2008 movie: "watch Northern Star" is ambiguous.
  ...episodes(
    'tv-northern-star',
    'Northern Star',
    {
      year: 2022,
      genres: ['Science Fiction'],
      actors: ['Jun Okada'],
      directors: ['Tomas Reyes'],
      subscribed: true,
    },
    [
      [
        ['Signal', 44],
        ['Drift', 46],
      ],
    ],
  ),
  ...episodes(
    'tv-office-hours',
    'Office Hours',
    {
      year: 2020,
      genres: ['Comedy'],
      actors: ['Marco Vane', 'Jun Okada'],
      directors: ['Mina Park'],
      subscribed: true,
    },
    [
      [
        ['Onboarding', 22],
        ['The Offsite', 23],
        ['Reply All', 21],
      ],
    ],
  ),
];

/** Case, spacing and punctuation do not matter when a user names something. */
export function normalizeName(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9.]+/g, ' ')
    .trim();
}

/** Channel numbers compare without spaces ("13 . 1" is "13.1"). */
function normalizeNumber(value: string): string {
  return value.replace(/\s+/g, '');
}

export interface ChannelQuery {
  number?: string;
  callSign?: string;
  affiliateCallSign?: string;
  name?: string;
}

/** The line-up channel a ChangeChannel request names, or null. Number first, then call signs, then name. */
export function findChannel(query: ChannelQuery): LineupChannel | null {
  if (query.number !== undefined) {
    const n = normalizeNumber(query.number);
    const hit = LINEUP.find((c) => c.number === n);
    if (hit) return hit;
  }
  if (query.callSign !== undefined) {
    const cs = normalizeName(query.callSign).replace(/ /g, '');
    const hit = LINEUP.find((c) => c.callSign.toLowerCase() === cs);
    if (hit) return hit;
  }
  if (query.affiliateCallSign !== undefined) {
    const cs = normalizeName(query.affiliateCallSign).replace(/ /g, '');
    const hit = LINEUP.find((c) => c.affiliateCallSign?.toLowerCase() === cs);
    if (hit) return hit;
  }
  if (query.name !== undefined) {
    const name = normalizeName(query.name);
    const hit = LINEUP.find((c) => normalizeName(c.name) === name);
    if (hit) return hit;
  }
  return null;
}

export function channelByNumber(number: string): LineupChannel | null {
  return LINEUP.find((c) => c.number === normalizeNumber(number)) ?? null;
}

export function contentById(id: string): Content | null {
  return LIBRARY.find((c) => c.id === id) ?? null;
}

/** The episodes of the series `content` belongs to, in viewing order (empty for a movie). */
export function seriesEpisodes(content: Content): Content[] {
  if (content.kind !== 'episode') return [];
  const prefix = content.id.replace(/-s\d+e\d+$/, '');
  return LIBRARY.filter((c) => c.kind === 'episode' && c.id.startsWith(`${prefix}-s`));
}

/** A movie, or a whole series: what a search finds and what a results screen lists. */
export interface Work {
  /** The movie's content id, or the series id (episode ids without -sNNeNN). */
  id: string;
  kind: 'movie' | 'series';
  title: string;
  year: number;
  /** The movie itself, or the series' episodes in viewing order. */
  items: Content[];
}

export interface SearchCriteria {
  titles: string[];
  actors: string[];
  directors: string[];
  genres: string[];
  franchises: string[];
  mediaType?: 'movie' | 'series';
}

function worksOf(library: readonly Content[]): Work[] {
  const works = new Map<string, Work>();
  for (const c of library) {
    const id = c.kind === 'movie' ? c.id : c.id.replace(/-s\d+e\d+$/, '');
    const work = works.get(id);
    if (work) work.items.push(c);
    else
      works.set(id, {
        id,
        kind: c.kind === 'movie' ? 'movie' : 'series',
        title: c.title,
        year: c.year,
        items: [c],
      });
  }
  return [...works.values()];
}

export function workById(id: string): Work | null {
  return worksOf(LIBRARY).find((w) => w.id === id) ?? null;
}

function listMatches(wanted: string[], have: string[]): boolean {
  const haveNorm = have.map(normalizeName);
  return wanted.every((w) => haveNorm.includes(normalizeName(w)));
}

/**
 * Works matching every criterion, newest first. A title matches exactly when some work has exactly
 * that title; only when none does, titles containing the words match too ("Midnight Circuit" finds
 * the film, not also its sequel; "Circuit" finds both).
 */
export function searchWorks(criteria: SearchCriteria): Work[] {
  let works = worksOf(LIBRARY).filter((w) => {
    const first = w.items[0] as Content;
    if (criteria.mediaType && w.kind !== criteria.mediaType) return false;
    if (!listMatches(criteria.actors, first.actors)) return false;
    if (!listMatches(criteria.directors, first.directors)) return false;
    if (!listMatches(criteria.genres, first.genres)) return false;
    if (!listMatches(criteria.franchises, first.franchise ? [first.franchise] : [])) return false;
    return true;
  });
  for (const title of criteria.titles) {
    const t = normalizeName(title);
    const exact = works.filter((w) => normalizeName(w.title) === t);
    works = exact.length > 0 ? exact : works.filter((w) => normalizeName(w.title).includes(t));
  }
  return works.sort((a, b) => b.year - a.year || a.title.localeCompare(b.title));
}
