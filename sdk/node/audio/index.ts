/** Node audio decoding for lip sync: WAV directly, everything else through ffmpeg. */
export * from './readAudioFile.js';
export * from './decodeAudioWithFfmpeg.js';
export * from './audioFileToClip.js';
