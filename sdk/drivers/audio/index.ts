/**
 * Audio → motion: lip sync and prosody from speech. Pure TypeScript features (level, bands, spectral shape, pitch,
 * formants), a mapping onto the mouth channels shared by the offline path (`audioToClip`) and the live
 * `WebAudioDriver`, a heuristic viseme classifier and a WAV decoder. Node decoding of other formats (ffmpeg) lives in
 * `portrait-rig/node`. See docs/audio.md.
 */
export * from './AudioErrorCode.js';
export type * from './AudioWarning.js';
export type * from './AudioAnalysis.js';
export type * from './DecodedAudio.js';
export type * from './LipSyncOptions.js';
export * from './checkSampleRate.js';
export * from './mixToMono.js';
export * from './toMonoPcm.js';
export * from './measureClipping.js';
export * from './decodeWav.js';
export * from './Fft.js';
export * from './Resampler.js';
export * from './AudioFeatures.js';
export * from './AudioFeatureExtractor.js';
export * from './LevelTracker.js';
export * from './AttackReleaseSmoother.js';
export * from './Viseme.js';
export * from './VisemeShape.js';
export * from './VisemeClassifier.js';
export * from './ProsodyAccents.js';
export * from './LipSyncMapper.js';
export * from './analyzeAudio.js';
export * from './analysisToClip.js';
export * from './audioToClip.js';
export * from './WebAudioDriver.js';
