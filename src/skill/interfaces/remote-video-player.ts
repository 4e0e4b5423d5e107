// Alexa.RemoteVideoPlayer (interface 3): SearchAndPlay and SearchAndDisplayResults against the
// catalogue (src/devices/catalogue.ts). Nothing found is Alexa.Video CONTENT_NOT_FOUND; a title that
// names several works is TITLE_DISAMBIGUATION_REQUIRED for SearchAndPlay (a results screen is the
// disambiguation); content outside the plan is NOT_SUBSCRIBED. A Channel entity alone tunes the channel.
import {
  InvalidDirectiveError,
  VideoError,
  type Directive,
  type DiscoveryCapability,
} from '../../alexa/index.ts';
import {
  findChannel,
  searchWorks,
  type Content,
  type SearchCriteria,
  type Work,
} from '../../devices/catalogue.ts';
import type { DirectiveHandler, InterfaceModule } from '../interface-module.ts';
import type { DeviceCommand } from '../ports.ts';
import { executeTv, requireTv, tvOf } from './tv-common.ts';

const NAMESPACE = 'Alexa.RemoteVideoPlayer';
const MAX_ENTITIES = 20;

const capability: DiscoveryCapability = { type: 'AlexaInterface', interface: NAMESPACE, version: '3' };

interface Search {
  criteria: SearchCriteria;
  season?: number;
  episode?: number;
  channel?: string;
  /** What the user asked for, for the results screen. */
  text: string;
}

const MEDIA_TYPES: Record<string, 'movie' | 'series'> = {
  movie: 'movie',
  movies: 'movie',
  film: 'movie',
  'tv show': 'series',
  tv_show: 'series',
  tvshow: 'series',
  show: 'series',
  series: 'series',
  episode: 'series',
};

function wholeNumber(value: string, type: string): number {
  const n = Number(/\d+/.exec(value)?.[0]);
  if (!Number.isInteger(n) || n < 1)
    throw new InvalidDirectiveError(`entity ${type} value ${value} is not a number`);
  return n;
}

/** Reads payload.entities into search criteria; entity types we do not catalogue are ignored. */
export function readSearch(directive: Directive): Search {
  const entities = directive.payload.entities;
  if (!Array.isArray(entities) || entities.length === 0 || entities.length > MAX_ENTITIES)
    throw new InvalidDirectiveError(`payload.entities must be a list of 1..${MAX_ENTITIES} entities`);
  const criteria: SearchCriteria = { titles: [], actors: [], directors: [], genres: [], franchises: [] };
  const search: Search = { criteria, text: '' };
  const words: string[] = [];
  for (const entity of entities as unknown[]) {
    if (typeof entity !== 'object' || entity === null)
      throw new InvalidDirectiveError('every entity must be an object');
    const { type, value } = entity as Record<string, unknown>;
    if (typeof type !== 'string' || typeof value !== 'string' || value.length > 256)
      throw new InvalidDirectiveError('every entity needs a type and a string value');
    words.push(value);
    switch (type) {
      case 'Video':
        criteria.titles.push(value);
        break;
      case 'Actor':
        criteria.actors.push(value);
        break;
      case 'Director':
        criteria.directors.push(value);
        break;
      case 'Genre':
        criteria.genres.push(value);
        break;
      case 'Franchise':
        criteria.franchises.push(value);
        break;
      case 'MediaType': {
        const kind = MEDIA_TYPES[value.trim().toLowerCase()];
        if (kind) criteria.mediaType = kind;
        break;
      }
      case 'Season':
        search.season = wholeNumber(value, type);
        break;
      case 'Episode':
        search.episode = wholeNumber(value, type);
        break;
      case 'Channel':
        search.channel = value;
        break;
      default:
      // Sport, League, SportsTeam, Character, Event, App...: not in this catalogue.
    }
  }
  search.text = words.join(' ');
  return search;
}

function hasCriteria(c: SearchCriteria): boolean {
  return [c.titles, c.actors, c.directors, c.genres, c.franchises].some((l) => l.length > 0) || !!c.mediaType;
}

function notFound(search: Search): VideoError {
  return new VideoError('CONTENT_NOT_FOUND', `nothing in the catalogue matches "${search.text}"`);
}

/** The item to play from a work: the movie, or the episode asked for (the first one otherwise). */
function pick(work: Work, search: Search): Content {
  if (work.kind === 'movie') return work.items[0] as Content;
  const season = search.season ?? 1;
  const episode = search.episode ?? (search.season ? 1 : undefined);
  const item =
    episode === undefined
      ? work.items[0]
      : work.items.find((i) => i.season === season && i.episode === episode);
  if (!item)
    throw new VideoError(
      'CONTENT_NOT_FOUND',
      `"${work.title}" has no season ${season} episode ${episode ?? 1}`,
    );
  return item;
}

function playCommand(search: Search): DeviceCommand {
  if (search.channel !== undefined && !hasCriteria(search.criteria)) {
    const channel = findChannel({
      name: search.channel,
      callSign: search.channel,
      affiliateCallSign: search.channel,
    });
    if (!channel) throw notFound(search);
    return { name: 'setChannel', params: { number: channel.number } };
  }
  if (!hasCriteria(search.criteria)) throw notFound(search);
  const works = searchWorks(search.criteria);
  if (works.length === 0) throw notFound(search);
  const [first, second] = works;
  // Several works answer to the same title and nothing else tells them apart: ask, do not guess.
  if (
    second &&
    search.criteria.titles.length > 0 &&
    (first as Work).title.toLowerCase() === second.title.toLowerCase()
  )
    throw new VideoError(
      'TITLE_DISAMBIGUATION_REQUIRED',
      `"${(first as Work).title}" is ${works.map((w) => `a ${w.kind} from ${w.year}`).join(' and ')}`,
    );
  return { name: 'playContent', params: { contentId: pick(first as Work, search).id } };
}

function resultsCommand(search: Search): DeviceCommand {
  if (!hasCriteria(search.criteria)) throw notFound(search);
  const works = searchWorks(search.criteria);
  if (works.length === 0) throw notFound(search);
  return { name: 'showResults', params: { query: search.text, workIds: works.map((w) => w.id) } };
}

function searchHandler(toCommand: (search: Search) => DeviceCommand): DirectiveHandler {
  return async (directive, ctx) => {
    const device = await ctx.endpointDevice(directive);
    requireTv(device);
    const after = await executeTv(ctx, device, toCommand(readSearch(directive)));
    return ctx.respond(directive, after);
  };
}

export const remoteVideoPlayer: InterfaceModule = {
  namespace: NAMESPACE,
  capability: (device) => (tvOf(device) ? capability : null),
  properties: () => [],
  handlers: {
    SearchAndPlay: searchHandler(playCommand),
    SearchAndDisplayResults: searchHandler(resultsCommand),
  },
};
