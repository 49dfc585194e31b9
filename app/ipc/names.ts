import type { EventName, MethodName } from './contract.js';

/**
 * The contract's method and event names as plain strings, for the Electron preload (which should not
 * bundle the schema library). The type checks below fail the build if these lists and the contract
 * ever disagree in either direction.
 */
export const METHOD_NAMES = [
  'appInfo', 'openDialog', 'browse', 'openBrowsed', 'openDropped', 'recentList', 'openRecent', 'prioritizePlanes', 'cancelLoad', 'closeVolume',
  'pickRunInputs', 'pickRunOutput', 'runStart', 'runCancel', 'exportMontage',
] as const satisfies readonly MethodName[];
export const EVENT_NAMES = ['command', 'opened', 'openFailed', 'runProgress', 'runFinished'] as const satisfies readonly EventName[];

type Missing<All, Listed> = Exclude<All, Listed>;
const methodsComplete: Missing<MethodName, (typeof METHOD_NAMES)[number]> extends never ? true : false = true;
const eventsComplete: Missing<EventName, (typeof EVENT_NAMES)[number]> extends never ? true : false = true;
void methodsComplete;
void eventsComplete;

/** The IPC channel of a contract method (Electron). */
export const methodChannel = (m: string): string => `vs:${m}`;
/** The IPC channel of a contract event (Electron). */
export const eventChannel = (e: string): string => `vs-event:${e}`;
/** Preload -> host: paths of files the user dropped on the window. */
export const DROP_CHANNEL = 'vs-drop';
/** Most paths one drop message may carry (the host refuses longer lists). */
export const MAX_DROPPED_FILES = 256;

/** What the preload exposes on window.voxelscope (Electron host only). */
export interface PreloadApi {
  methods: Record<(typeof METHOD_NAMES)[number], (payload: unknown) => Promise<unknown>>;
  on(event: (typeof EVENT_NAMES)[number], listener: (payload: unknown) => void): () => void;
}
