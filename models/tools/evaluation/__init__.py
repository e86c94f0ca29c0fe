"""Pieces of models/tools/evaluate.py: held-out evaluation of a rig-tiny training run against ground-truth renders.

- metrics: PSNR, SSIM, sharpness (gradient energy), rank correlation and sweep inversions
- regions: eye / mouth / face crop boxes per frame, taken from the avatar renderer's own geometry
- calibration: the SDK's channel → α mapping (clamp to range, add scale·value + offset per term)
- estimate: reading a pose or expression value back from an image by matching it against ground-truth renders
- model: loading a run's EMA generator, batched encode / decode
- grids: labelled PNG grids
- warp: the decoder's warp against the true correspondence, and the perfect warp (the warp family's ceiling)
- suites: the transfer (self / cross-identity) and control evaluations
- report: REPORT.md and metrics.json
"""
