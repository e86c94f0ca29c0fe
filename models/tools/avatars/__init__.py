"""Procedural animated 3-D avatar heads with exact motion parameters.

    import sys; sys.path.insert(0, 'models/tools')
    from avatars import sample_identity, sample_motion, render, split_of
"""
from .identity import Identity, sample_identity, HAIR_STYLES
from .motion import (FACTOR_GROUPS, MOTION_FIELDS, MOTION_RANGES, MotionParams, motion_sequence, neutral,
                     sample_factored_motion, sample_motion)
from .render import feature_boxes, landmarks, render, render_batch, rotation
from .split import SPLIT_FRACTIONS, split_of

RENDERER_VERSION = "2"

__all__ = ["Identity", "sample_identity", "HAIR_STYLES", "MOTION_FIELDS", "MOTION_RANGES",
           "MotionParams", "motion_sequence", "neutral", "sample_motion", "sample_factored_motion", "FACTOR_GROUPS",
           "render",
           "render_batch", "rotation", "landmarks", "feature_boxes", "split_of", "SPLIT_FRACTIONS", "RENDERER_VERSION"]
