export * from './navigateLatent.js';
export * from './PortraitAnimator.js';
export * from './FramePacer.js';
