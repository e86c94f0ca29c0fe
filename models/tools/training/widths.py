"""Channel tables (resolution → channels) for the reduced-width generators.

The decoder's cost per level is about channels² × pixels, so the tables halve the channels each time the resolution
doubles beyond 16²: every level then costs about the same, and the 128² level stays narrow enough for ≥ 30 fps on
two CPU threads (DESIGN.md §4).
"""

PRESETS = {
    # channels at 4² and 8², then at 16², 32², …; flow/RGB residual blocks per level (the official model has 4/4).
    # tiny at 128²: 2.4 M parameters, PyTorch decode ~66 ms/frame on 2 busy CPU threads (measured here).
    'tiny': {'top': 96, 'mid': [64, 48, 24, 12, 8], 'blocks': 2},
    'small': {'top': 160, 'mid': [128, 96, 48, 24, 12], 'blocks': 3},
    'base': {'top': 256, 'mid': [256, 128, 64, 32, 16], 'blocks': 4},
}


def blocks(preset: str) -> int:
    """Flow and RGB residual blocks per decoder level for `preset`."""
    return PRESETS[preset]['blocks']


def width_table(preset: str, resolution: int) -> dict:
    """Channels per resolution (4, 8, …, resolution) for `preset`."""
    if preset not in PRESETS:
        raise SystemExit(f'unknown width preset {preset!r}; choose one of {sorted(PRESETS)}')
    spec = PRESETS[preset]
    table = {4: spec['top'], 8: spec['top']}
    size, i = 16, 0
    while size <= resolution:
        table[size] = spec['mid'][min(i, len(spec['mid']) - 1)]
        size, i = size * 2, i + 1
    return table
