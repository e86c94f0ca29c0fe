export * from './PortraitRigError.js';
