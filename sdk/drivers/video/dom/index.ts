/** Browser video sources (`portrait-rig/web`): `<video>` elements and cameras, WebCodecs frame streams. */
export * from './HtmlVideoSource.js';
export * from './VideoFrameStreamSource.js';
