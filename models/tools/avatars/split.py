"""Train/val/test split by identity: a stable hash of the identity seed.

Hash-based (not seed ranges) so any seed range, e.g. `--seed 5000`, still
yields all three splits, and a given identity is always in the same split.
"""
import hashlib

SPLIT_FRACTIONS = {"train": 0.9, "val": 0.05, "test": 0.05}


def split_of(identity_seed: int) -> str:
    h = hashlib.blake2b(f"portraitrig-avatar:{int(identity_seed)}".encode(), digest_size=8)
    u = int.from_bytes(h.digest(), "little") / 2.0 ** 64
    if u < SPLIT_FRACTIONS["train"]:
        return "train"
    return "val" if u < SPLIT_FRACTIONS["train"] + SPLIT_FRACTIONS["val"] else "test"
