"""Training of PortraitRig's bundled default model (rig-tiny) on procedurally rendered avatars."""
