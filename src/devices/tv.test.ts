import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyTvCommand, defaultTvState, SKIP_STEP_MS, tvRefusal, type TvState } from './tv.ts';
import { DeviceValueError } from '../cloud/device-errors.ts';
import { contentById } from './catalogue.ts';

const apply = (state: TvState, name: string, params: Record<string, unknown> = {}) =>
  applyTvCommand('tv-1', state, { name, params });

function rejects(fn: () => unknown, range?: { minimumValue: number; maximumValue: number }) {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof DeviceValueError);
    if (range) assert.deepEqual(err.validRange, range);
    return true;
  });
}

describe('TV reducer', () => {
  it('starts off, on the first channel, volume 20, nothing playing', () => {
    const s = defaultTvState();
    assert.equal(s.powerState, 'OFF');
    assert.equal(s.channel.number, '2');
    assert.equal(s.volume, 20);
    assert.equal(s.playback.state, 'STOPPED');
  });

  it('does not mutate the state it is given', () => {
    const s = defaultTvState();
    const before = structuredClone(s);
    apply(s, 'setChannel', { number: '7' });
    apply(s, 'stopRecording');
    assert.deepEqual(s, before);
  });

  it('tunes a channel by number, switching to the TV input and live playback', () => {
    const s = apply({ ...defaultTvState(), input: 'HDMI 2' }, 'setChannel', { number: '13.1' });
    assert.deepEqual(s.channel, {
      number: '13.1',
      callSign: 'KEDU',
      affiliateCallSign: 'PEN',
      name: 'Public Education Network',
    });
    assert.equal(s.input, 'TV');
    assert.equal(s.powerState, 'ON');
    assert.deepEqual(s.playback, { state: 'PLAYING', contentId: null, positionMs: 0 });
  });

  it('refuses an unknown channel and an unsubscribed one', () => {
    rejects(() => apply(defaultTvState(), 'setChannel', { number: '12345' }));
    rejects(() => apply(defaultTvState(), 'setChannel', { number: '501' }));
    assert.equal(
      tvRefusal(defaultTvState(), { name: 'setChannel', params: { number: '501' } })?.type,
      'NOT_SUBSCRIBED',
    );
  });

  it('skips channels through subscribed channels only, wrapping around', () => {
    let s = apply(defaultTvState(), 'setChannel', { number: '206' });
    s = apply(s, 'skipChannels', { count: 1 });
    assert.equal(s.channel.number, '999', 'skips 501, which is not subscribed');
    s = apply(s, 'skipChannels', { count: 1 });
    assert.equal(s.channel.number, '2', 'wraps to the first channel');
    s = apply(s, 'skipChannels', { count: -2 });
    assert.equal(s.channel.number, '206');
    rejects(() => apply(s, 'skipChannels', { count: 1.5 }));
    rejects(() => apply(s, 'skipChannels', { count: 500 }), { minimumValue: -100, maximumValue: 100 });
  });

  it('selects inputs whatever their spacing or case, and refuses inputs it lacks', () => {
    assert.equal(apply(defaultTvState(), 'selectInput', { input: 'hdmi2' }).input, 'HDMI 2');
    assert.equal(apply(defaultTvState(), 'selectInput', { input: 'HDMI 3' }).input, 'HDMI 3');
    rejects(() => apply(defaultTvState(), 'selectInput', { input: 'HDMI 9' }));
  });

  it('sets, adjusts and steps volume within 0..100; volume changes unmute', () => {
    let s = apply(defaultTvState(), 'setMute', { muted: true });
    assert.equal(s.muted, true);
    s = apply(s, 'setVolume', { volume: 55 });
    assert.deepEqual([s.volume, s.muted], [55, false]);
    assert.equal(apply(s, 'adjustVolume', { delta: 60 }).volume, 100);
    assert.equal(apply(s, 'adjustVolume', { delta: -80 }).volume, 0);
    assert.equal(apply(s, 'stepVolume', { steps: -5 }).volume, 50);
    rejects(() => apply(s, 'setVolume', { volume: 101 }), { minimumValue: 0, maximumValue: 100 });
    rejects(() => apply(s, 'setVolume', { volume: -1 }), { minimumValue: 0, maximumValue: 100 });
    rejects(() => apply(s, 'adjustVolume', { delta: -101 }), { minimumValue: -100, maximumValue: 100 });
    rejects(() => apply(s, 'setMute', { muted: 'yes' }));
  });

  it('plays content, seeks within it, and goes to the next and previous episode', () => {
    let s = apply(defaultTvState(), 'playContent', { contentId: 'tv-harbor-lights-s01e01' });
    assert.deepEqual(s.playback, { state: 'PLAYING', contentId: 'tv-harbor-lights-s01e01', positionMs: 0 });
    s = apply(s, 'seek', { deltaMs: 60_000 });
    assert.equal(s.playback.positionMs, 60_000);
    s = apply(s, 'seek', { deltaMs: -120_000 });
    assert.equal(s.playback.positionMs, 0, 'cannot seek before the start');
    s = apply(s, 'seek', { deltaMs: 86_400_000 });
    assert.equal(
      s.playback.positionMs,
      contentById('tv-harbor-lights-s01e01')?.durationMs,
      'nor past the end',
    );
    s = apply(s, 'playback', { operation: 'Next' });
    assert.equal(s.playback.contentId, 'tv-harbor-lights-s01e02');
    s = apply(s, 'playback', { operation: 'Previous' });
    s = apply(s, 'playback', { operation: 'Previous' });
    assert.equal(s.playback.contentId, 'tv-harbor-lights-s01e01', 'stays on the first episode');
  });

  it('pauses, stops, starts over, rewinds and fast-forwards', () => {
    let s = apply(defaultTvState(), 'playContent', { contentId: 'mv-paper-moons' });
    s = apply(s, 'playback', { operation: 'FastForward' });
    assert.equal(s.playback.positionMs, SKIP_STEP_MS);
    s = apply(s, 'playback', { operation: 'Pause' });
    assert.equal(s.playback.state, 'PAUSED');
    s = apply(s, 'playback', { operation: 'Rewind' });
    assert.deepEqual([s.playback.state, s.playback.positionMs], ['PLAYING', 0]);
    s = apply(s, 'seek', { deltaMs: 30_000 });
    s = apply(s, 'playback', { operation: 'StartOver' });
    assert.equal(s.playback.positionMs, 0);
    s = apply(s, 'playback', { operation: 'Stop' });
    assert.equal(s.playback.state, 'STOPPED');
    s = apply(s, 'playback', { operation: 'Play' });
    assert.equal(s.playback.state, 'PLAYING');
    rejects(() => apply(s, 'playback', { operation: 'Shuffle' }));
  });

  it('on live TV, next and previous change channel and seeking is refused', () => {
    let s = apply(defaultTvState(), 'setChannel', { number: '4' });
    s = apply(s, 'playback', { operation: 'Next' });
    assert.equal(s.channel.number, '7');
    assert.equal(
      tvRefusal(s, { name: 'seek', params: { deltaMs: 1000 } })?.type,
      'ACTION_NOT_PERMITTED_FOR_CONTENT',
    );
    rejects(() => apply(s, 'seek', { deltaMs: 1000 }));
  });

  it('refuses unsubscribed content', () => {
    assert.equal(
      tvRefusal(defaultTvState(), { name: 'playContent', params: { contentId: 'mv-crown-of-ash' } })?.type,
      'NOT_SUBSCRIBED',
    );
    rejects(() => apply(defaultTvState(), 'playContent', { contentId: 'mv-crown-of-ash' }));
    rejects(() => apply(defaultTvState(), 'playContent', { contentId: 'no-such-thing' }));
  });

  it('launches apps by identifier only', () => {
    const s = apply(defaultTvState(), 'launch', { identifier: 'mylights.app.streamflix' });
    assert.deepEqual(s.app, { identifier: 'mylights.app.streamflix', name: 'StreamFlix' });
    assert.equal(s.screen.view, 'app');
    rejects(() => apply(defaultTvState(), 'launch', { identifier: 'StreamFlix' }));
  });

  it('records live TV, keeps finished recordings, and refuses what cannot be recorded', () => {
    let s = apply(defaultTvState(), 'setChannel', { number: '7' });
    s = apply(s, 'startRecording');
    assert.deepEqual([s.recording.state, s.recording.channelNumber], ['RECORDING', '7']);
    assert.deepEqual(apply(s, 'startRecording'), s, 'starting again changes nothing');
    s = apply(s, 'stopRecording');
    assert.deepEqual(s.recording.recordings, ['7']);
    assert.equal(s.recording.state, 'NOT_RECORDING');

    const ppv = apply(defaultTvState(), 'setChannel', { number: '999' });
    assert.equal(tvRefusal(ppv, { name: 'startRecording', params: {} })?.type, 'CONTENT_NOT_RECORDABLE');
    const vod = apply(defaultTvState(), 'playContent', { contentId: 'mv-paper-moons' });
    assert.equal(tvRefusal(vod, { name: 'startRecording', params: {} })?.type, 'CONTENT_NOT_RECORDABLE');
    const full = { ...s, recording: { ...s.recording, capacity: 1 } };
    assert.equal(tvRefusal(full, { name: 'startRecording', params: {} })?.type, 'STORAGE_FULL');
    rejects(() => apply(full, 'startRecording'));
  });

  it('shows search results and moves the focus with keystrokes; SELECT plays the focused title', () => {
    let s = apply(defaultTvState(), 'showResults', {
      query: 'comedy',
      workIds: ['tv-office-hours', 'mv-paper-moons'],
    });
    assert.deepEqual(s.screen, {
      view: 'results',
      query: 'comedy',
      results: ['tv-office-hours', 'mv-paper-moons'],
      focus: 0,
    });
    s = apply(s, 'keystroke', { key: 'RIGHT' });
    s = apply(s, 'keystroke', { key: 'PAGE_DOWN' });
    assert.equal(s.screen.focus, 1, 'focus stays on the list');
    s = apply(s, 'keystroke', { key: 'SELECT' });
    assert.equal(s.playback.contentId, 'mv-paper-moons');
    assert.equal(s.lastKeystroke, 'SELECT');
    rejects(() => apply(s, 'keystroke', { key: 'HOME' }));
    rejects(() => apply(s, 'showResults', { query: 'x', workIds: ['nope'] }));
  });

  it('turning off stops playback; unknown commands are refused', () => {
    let s = apply(defaultTvState(), 'setChannel', { number: '2' });
    s = apply(s, 'setPower', { powerState: 'OFF' });
    assert.deepEqual([s.powerState, s.playback.state], ['OFF', 'STOPPED']);
    rejects(() => apply(s, 'setPower', { powerState: 'STANDBY' }));
    rejects(() => apply(s, 'setBrightness', { brightness: 3 }));
  });
});
