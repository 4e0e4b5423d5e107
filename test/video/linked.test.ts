// End to end on an account linked through the real OAuth flow, through POST /alexa: the TV and the
// meeting room are discovered and change as asked; once the user revokes the link, video and meetings
// directives get INVALID_AUTHORIZATION_CREDENTIAL exactly like the lights.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AlexaEvent } from '../../src/alexa/index.ts';
import type { TvState } from '../../src/devices/tv.ts';
import type { MeetingRoomState } from '../../src/devices/meeting-room.ts';
import { assertAlexaMessage } from '../support/alexa-schema.ts';
import { oauthFixture, link, exchange } from '../oauth/flow.ts';
import { envelope } from '../skill/support.ts';

async function post(url: string, body: unknown): Promise<AlexaEvent> {
  const res = await fetch(`${url}/alexa`, { method: 'POST', body: JSON.stringify(body) });
  assert.equal(res.status, 200);
  const answer = (await res.json()) as AlexaEvent;
  assertAlexaMessage(answer);
  return answer;
}

describe('linked account: video and meetings end to end', () => {
  it('drives the TV and the meeting room; a revoked link is INVALID for them too', async () => {
    const f = await oauthFixture('sqlite');
    try {
      const tv = await f.app.devices.add(f.userId, 'tv', 'Living Room TV');
      const room = await f.app.devices.add(f.userId, 'meeting-room', 'Board Room');
      const config = await f.config();
      const token = (await exchange(config, await link(f, config))).access_token;
      const partition = {
        type: 'BearerTokenWithPartition',
        token,
        partition: 'room101',
        userId: 'amzn1.user.x',
      };
      const tvState = async () => (await f.app.devices.getById(tv.id))?.state as unknown as TvState;

      const discovered = await post(f.url, envelope('Alexa.Discovery', 'Discover', { token }));
      const ids = (discovered.event.payload.endpoints as Array<{ endpointId: string }>).map(
        (e) => e.endpointId,
      );
      assert.deepEqual(ids.sort(), [tv.id, room.id].sort());

      const tuned = await post(
        f.url,
        envelope('Alexa.ChannelController', 'ChangeChannel', {
          token,
          endpointId: tv.id,
          payload: { channel: {}, channelMetadata: { name: 'Harbor Network' } },
        }),
      );
      assert.equal(tuned.event.header.name, 'Response');
      assert.equal((await tvState()).channel.callSign, 'KHBR');

      await post(
        f.url,
        envelope('Alexa.Speaker', 'SetVolume', { token, endpointId: tv.id, payload: { volume: 35 } }),
      );
      assert.equal((await tvState()).volume, 35);

      await post(
        f.url,
        envelope('Alexa.RemoteVideoPlayer', 'SearchAndPlay', {
          token,
          endpointId: tv.id,
          payload: {
            entities: [
              { type: 'Video', value: 'Office Hours' },
              { type: 'Episode', value: '2' },
            ],
          },
        }),
      );
      assert.equal((await tvState()).playback.contentId, 'tv-office-hours-s01e02');

      const seek = await post(
        f.url,
        envelope('Alexa.SeekController', 'AdjustSeekPosition', {
          token,
          endpointId: tv.id,
          payload: { deltaPositionMilliseconds: 90_000 },
        }),
      );
      assert.deepEqual(seek.event.payload, { properties: [{ name: 'positionMilliseconds', value: 90_000 }] });

      const report = await post(f.url, envelope('Alexa', 'ReportState', { token, endpointId: tv.id }));
      const value = (ns: string, name: string) =>
        report.context?.properties.find((p) => p.namespace === ns && p.name === name)?.value;
      assert.deepEqual(value('Alexa.PlaybackStateReporter', 'playbackState'), { state: 'PLAYING' });
      assert.equal(value('Alexa.Speaker', 'volume'), 35);

      const joined = await post(
        f.url,
        envelope('Alexa.MeetingClientController', 'JoinMeeting', {
          endpointId: room.id,
          scope: partition,
          payload: {
            meeting: { provider: 'Chime', protocol: 'SIP', endpoint: 'meet.example.com', id: '123' },
          },
        }),
      );
      assert.equal(joined.event.header.name, 'Response');
      const roomState = (await f.app.devices.getById(room.id))?.state as unknown as MeetingRoomState;
      assert.equal(roomState.meeting?.meetingId, '123');

      const [grant] = await f.app.oauth.grants.listForUser(f.userId);
      assert.ok(grant);
      await f.app.oauth.grants.revoke(f.userId, grant.grantId);
      const refused = [
        await post(f.url, envelope('Alexa.PlaybackController', 'Pause', { token, endpointId: tv.id })),
        await post(
          f.url,
          envelope('Alexa.MeetingClientController', 'EndMeeting', { endpointId: room.id, scope: partition }),
        ),
      ];
      for (const answer of refused) {
        assert.deepEqual(
          [answer.event.header.namespace, answer.event.payload.type],
          ['Alexa', 'INVALID_AUTHORIZATION_CREDENTIAL'],
        );
      }
      assert.equal((await tvState()).playback.state, 'PLAYING', 'nothing ran after the revocation');
    } finally {
      await f.cleanup();
    }
  });
});
