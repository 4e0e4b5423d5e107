// THE TABLE of Alexa interfaces this skill speaks. Adding an interface: write its module file, add one
// line here, add its case table under test/skill/cases/. Order = order of capabilities in Discover.
import type { InterfaceModule } from '../interface-module.ts';
import { Registry } from '../registry.ts';
import { alexaInterface } from './alexa.ts';
import { authorization } from './authorization.ts';
import { brightnessController } from './brightness.ts';
import { colorController } from './color.ts';
import { colorTemperatureController } from './color-temperature.ts';
import { discovery } from './discovery.ts';
import { endpointHealth } from './endpoint-health.ts';
import { powerController } from './power.ts';
import { channelController } from './channel.ts';
import { inputController } from './input.ts';
import { speaker } from './speaker.ts';
import { stepSpeaker } from './step-speaker.ts';
import { playbackController } from './playback.ts';
import { playbackStateReporter } from './playback-state.ts';
import { seekController } from './seek.ts';
import { launcher } from './launcher.ts';
import { remoteVideoPlayer } from './remote-video-player.ts';
import { recordController } from './record.ts';
import { keypadController } from './keypad.ts';
import { meetingClientController } from './meeting-client.ts';

export const INTERFACES: readonly InterfaceModule[] = [
  alexaInterface,
  discovery,
  authorization,
  endpointHealth,
  powerController,
  brightnessController,
  colorController,
  colorTemperatureController,
  // Video (TVs)
  channelController,
  inputController,
  speaker,
  stepSpeaker,
  playbackController,
  playbackStateReporter,
  seekController,
  launcher,
  remoteVideoPlayer,
  recordController,
  keypadController,
  // Meetings (meeting rooms)
  meetingClientController,
];

/** The registry of every interface above (throws at load time if a namespace appears twice). */
export const registry = new Registry(INTERFACES);
