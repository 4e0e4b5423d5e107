import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  findChannel,
  LIBRARY,
  LINEUP,
  searchWorks,
  seriesEpisodes,
  contentById,
  type SearchCriteria,
} from './catalogue.ts';

const none: SearchCriteria = { titles: [], actors: [], directors: [], genres: [], franchises: [] };
const ids = (c: Partial<SearchCriteria>) => searchWorks({ ...none, ...c }).map((w) => w.id);

describe('catalogue', () => {
  it('has unique channel numbers, call signs and content ids', () => {
    assert.equal(new Set(LINEUP.map((c) => c.number)).size, LINEUP.length);
    assert.equal(new Set(LINEUP.map((c) => c.callSign)).size, LINEUP.length);
    assert.equal(new Set(LIBRARY.map((c) => c.id)).size, LIBRARY.length);
  });

  it('finds a channel by number, call sign, affiliate call sign or name', () => {
    assert.equal(findChannel({ number: '13.1' })?.callSign, 'KEDU');
    assert.equal(findChannel({ callSign: 'kskx' }), null);
    assert.equal(findChannel({ callSign: 'K S K Y' })?.number, '7');
    assert.equal(findChannel({ affiliateCallSign: 'PEN' })?.number, '13.1');
    assert.equal(findChannel({ name: 'lumen   news' })?.number, '2');
    assert.equal(findChannel({ number: '3', name: 'Harbor Network' })?.number, '4', 'falls back to the name');
    assert.equal(findChannel({}), null);
  });

  it('matches titles exactly when it can, otherwise by the words they contain', () => {
    assert.deepEqual(ids({ titles: ['midnight circuit'] }), ['mv-midnight-circuit']);
    assert.deepEqual(ids({ titles: ['Circuit'] }), ['mv-midnight-circuit-2', 'mv-midnight-circuit']);
    assert.deepEqual(ids({ titles: ['Northern Star'] }), ['tv-northern-star', 'mv-northern-star-2008']);
    assert.deepEqual(ids({ titles: ['Nothing Like This'] }), []);
  });

  it('combines actors, genres, franchises and media type', () => {
    assert.deepEqual(ids({ genres: ['comedy'] }), ['tv-office-hours', 'mv-paper-moons']);
    assert.deepEqual(ids({ genres: ['comedy'], mediaType: 'movie' }), ['mv-paper-moons']);
    assert.deepEqual(ids({ actors: ['Jun Okada'], genres: ['Thriller'] }), [
      'mv-midnight-circuit-2',
      'mv-midnight-circuit',
    ]);
    assert.deepEqual(ids({ franchises: ['circuit'], titles: ['overdrive'] }), ['mv-midnight-circuit-2']);
    assert.deepEqual(ids({ directors: ['Iris Holm'] }), ['mv-lighthouse-keeper', 'mv-northern-star-2008']);
  });

  it('lists a series in viewing order', () => {
    const first = contentById('tv-harbor-lights-s01e01');
    assert.ok(first);
    assert.deepEqual(
      seriesEpisodes(first).map((e) => `${e.season}x${e.episode}`),
      ['1x1', '1x2', '1x3', '2x1', '2x2'],
    );
    assert.deepEqual(seriesEpisodes(contentById('mv-paper-moons') ?? first), [], 'a movie has no episodes');
  });
});
