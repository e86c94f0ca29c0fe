"""Run: /usr/bin/python3 -m unittest discover -s models/tools/avatars -t models/tools"""
import os
import subprocess
import sys
import tempfile
import time
import unittest

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from avatars import (FACTOR_GROUPS, MOTION_FIELDS, MOTION_RANGES, MotionParams, feature_boxes,  # noqa: E402
                     landmarks, motion_sequence, neutral, render, sample_factored_motion, sample_identity,
                     sample_motion, split_of)

SIZE = 96
SEEDS = (1, 4, 7, 12)


def diff(a, b):
    return np.abs(a.astype(np.float32) - b.astype(np.float32)).sum(-1)


def box_mass(d, box):
    x0, y0, x1, y1 = [max(0, v) for v in box]
    return float(d[y0:y1, x0:x1].sum())


def centroid(d):
    ys, xs = np.mgrid[:d.shape[0], :d.shape[1]]
    w = d.sum()
    return float((xs * d).sum() / w), float((ys * d).sum() / w)


class Determinism(unittest.TestCase):
    def test_identity_and_render(self):
        self.assertEqual(sample_identity(123), sample_identity(123))
        self.assertNotEqual(sample_identity(123), sample_identity(124))
        m = sample_motion(np.random.default_rng(5))
        self.assertEqual(m, sample_motion(np.random.default_rng(5)))
        a = render(sample_identity(123), m, 64)
        self.assertTrue(np.array_equal(a, render(sample_identity(123), m, 64)))
        self.assertEqual(a.shape, (64, 64, 3))
        self.assertEqual(a.dtype, np.uint8)

    def test_motion_sequence(self):
        s1, s2 = motion_sequence(9, 50, 25), motion_sequence(9, 50, 25)
        self.assertEqual(s1, s2)
        arr = np.stack([m.to_array() for m in s1])
        self.assertEqual(arr.shape, (50, len(MOTION_FIELDS)))
        # smooth: pose changes by less than a few degrees per frame
        self.assertLess(np.abs(np.diff(arr[:, :3], axis=0)).max(), 6.0)


class MotionContract(unittest.TestCase):
    def test_fields_and_ranges(self):
        m = MotionParams(*range(1, 13))
        self.assertEqual(list(m.to_array()), list(range(1, 13)))
        self.assertEqual(m.to_array().dtype, np.float32)
        self.assertEqual(MotionParams.from_array(m.to_array()), m)
        rng = np.random.default_rng(0)
        arr = np.stack([sample_motion(rng).to_array() for _ in range(2000)])
        lo, hi = np.array(MOTION_RANGES).T
        self.assertTrue(((arr >= lo) & (arr <= hi)).all())
        yaw = np.abs(arr[:, 0])
        self.assertGreater((yaw < 3).mean(), 0.2)  # many near-neutral
        self.assertGreater((yaw > 25).mean(), 0.05)  # some extreme
        self.assertGreater((arr[:, 7] == 0).mean(), 0.5)  # blinks often 0
        self.assertGreater((arr[:, 7] == 1).mean(), 0.05)  # some full blinks
        # independent factors: no strong correlation between any two fields
        c = np.abs(np.corrcoef(arr.T))
        c[7, 8] = c[8, 7] = 0  # blinks are often simultaneous, by design
        self.assertLess(c[np.triu_indices(12, 1)].max(), 0.1)


class Regions(unittest.TestCase):
    """Each parameter changes mainly its own part of the face."""

    def masses(self, seed, **kw):
        idn = sample_identity(seed)
        base = render(idn, neutral(), SIZE)
        d = diff(base, render(idn, neutral().replace(**kw), SIZE))
        b = feature_boxes(idn, neutral(), SIZE)
        return {k: box_mass(d, v) for k, v in b.items()}, d

    def test_mouth_params(self):
        for seed in SEEDS:
            for f in ("mouth_open", "mouth_smile", "mouth_round", "mouth_pout"):
                m, d = self.masses(seed, **{f: 1.0})
                self.assertGreater(m["mouth"], 0, f)
                self.assertGreater(m["mouth"], 5 * (m["left_eye"] + m["right_eye"]) + 1, (seed, f, m))

    def test_blinks_are_one_sided(self):
        for seed in SEEDS:
            m, _ = self.masses(seed, blink_left=1.0)
            self.assertGreater(m["left_eye"], 20 * (m["right_eye"] + 1), (seed, m))
            self.assertGreater(m["left_eye"], 20 * (m["mouth"] + 1), (seed, m))
            m, _ = self.masses(seed, blink_right=1.0)
            self.assertGreater(m["right_eye"], 20 * (m["left_eye"] + 1), (seed, m))

    def test_eye_params_leave_mouth(self):
        for seed in SEEDS:
            for kw in ({"gaze_x": 1.0}, {"gaze_y": -1.0}, {"brow_raise": 1.0}, {"brow_raise": -1.0}):
                m, _ = self.masses(seed, **kw)
                self.assertGreater(m["left_eye"] + m["right_eye"], 0, kw)
                self.assertLess(m["mouth"], 0.05 * (m["left_eye"] + m["right_eye"]) + 1, (seed, kw, m))

    def test_left_eye_is_on_viewer_right(self):
        lm = landmarks(sample_identity(3), neutral(), SIZE)
        self.assertGreater(lm["left_eye"][0], lm["right_eye"][0])


class Conventions(unittest.TestCase):
    """Signs checked on the images: the blink difference locates the eyes."""

    def eyes_at(self, seed, eye="blink_left", **pose):
        idn = sample_identity(seed)
        m = neutral().replace(**pose)
        return centroid(diff(render(idn, m, SIZE), render(idn, m.replace(**{eye: 1.0}), SIZE)))

    def test_yaw_pitch_roll_signs(self):
        for seed in SEEDS[:2]:
            x0, y0 = self.eyes_at(seed)
            self.assertGreater(self.eyes_at(seed, yaw=25)[0], x0 + 2)  # turns to the viewer's right
            self.assertLess(self.eyes_at(seed, yaw=-25)[0], x0 - 2)
            self.assertLess(self.eyes_at(seed, pitch=20)[1], y0 - 2)  # chin up: eyes move up
            # roll toward the avatar's left shoulder: its left eye drops below its right eye
            yl = self.eyes_at(seed, roll=15)[1]
            yr = self.eyes_at(seed, "blink_right", roll=15)[1]
            self.assertGreater(yl, yr + 2)

    def test_gaze_signs(self):
        # the iris is darker than the sclera: where it went, the image got darker
        for seed in SEEDS:
            idn = sample_identity(seed)
            for field, axis, sign in (("gaze_x", 0, 1), ("gaze_y", 1, -1)):  # +x right, +y up
                lum = [render(idn, neutral().replace(**{field: v}), SIZE).astype(np.float32).mean(-1)
                       for v in (0.6, -0.6)]
                d = lum[0] - lum[1]
                pos, neg = centroid(np.clip(-d, 0, None)), centroid(np.clip(d, 0, None))
                self.assertGreater(sign * (pos[axis] - neg[axis]), 0.5, (seed, field))


class FactoredMotion(unittest.TestCase):
    def test_whole_groups_rest_as_often_as_set_and_the_rest_is_sample_motion(self):
        rng = np.random.default_rng(3)
        arr = np.stack([sample_factored_motion(rng).to_array() for _ in range(4000)])
        lo, hi = np.array(MOTION_RANGES).T
        self.assertTrue(((arr >= lo) & (arr <= hi)).all())
        index = {f: i for i, f in enumerate(MOTION_FIELDS)}
        at_rest = {g: (np.abs(arr[:, [index[f] for f in fs]]).sum(1) == 0).mean() for g, fs in FACTOR_GROUPS.items()}
        self.assertEqual(sorted(f for fs in FACTOR_GROUPS.values() for f in fs), sorted(MOTION_FIELDS))
        self.assertAlmostEqual(at_rest["upper_face"], 0.5 + 0.5 * 0.027, delta=0.03)  # 1 in 40 under sample_motion
        self.assertAlmostEqual(at_rest["yaw"], 0.3, delta=0.03)
        both = (np.abs(arr[:, 3:]).sum(1) == 0).mean()   # the whole face at rest: the groups rest independently
        self.assertAlmostEqual(both, at_rest["upper_face"] * at_rest["mouth"], delta=0.03)
        moving = arr[np.abs(arr[:, 7:]).sum(1) > 0]
        self.assertGreater((moving[:, 7] == 1).mean(), 0.05)  # full blinks are kept where the group moves
        draw = lambda: sample_factored_motion(np.random.default_rng(9))  # noqa: E731
        self.assertEqual(draw(), draw())


class Splits(unittest.TestCase):
    def test_split_by_identity(self):
        seeds = range(20000)
        s = [split_of(i) for i in seeds]
        self.assertEqual(s, [split_of(i) for i in seeds])
        frac = {k: s.count(k) / len(s) for k in ("train", "val", "test")}
        self.assertAlmostEqual(frac["train"], 0.9, delta=0.01)
        self.assertAlmostEqual(frac["val"], 0.05, delta=0.01)
        self.assertAlmostEqual(frac["test"], 0.05, delta=0.01)

    def test_dataset_cli(self):
        script = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "render_dataset.py")
        with tempfile.TemporaryDirectory() as out:
            cmd = [sys.executable, script, "--out", out, "--size", "32", "--identities", "60",
                   "--frames-per-identity", "2", "--shard-identities", "20"]
            subprocess.run(cmd, check=True, capture_output=True)
            ids = {}
            for f in sorted(os.listdir(out)):
                if f.endswith(".ids.npy"):
                    name = f[:-len(".ids.npy")]
                    i = np.load(os.path.join(out, f))
                    p = np.load(os.path.join(out, name + ".params.npy"))
                    im = np.load(os.path.join(out, name + ".images.npy"))
                    self.assertEqual(im.shape, (len(i), 32, 32, 3))
                    self.assertEqual(p.shape, (len(i), len(MOTION_FIELDS)))
                    split = name.split("-")[0]
                    self.assertTrue(all(split_of(int(v)) == split for v in i))
                    ids.setdefault(split, set()).update(i.tolist())
            self.assertEqual(sum(len(v) for v in ids.values()), 60)
            self.assertFalse(ids["train"] & ids.get("val", set()))
            r = subprocess.run(cmd, check=True, capture_output=True, text=True)
            self.assertIn("0 frames to render", r.stdout)  # resumable: nothing redone
            r = subprocess.run(cmd + ["--motion", "factored"], capture_output=True, text=True)
            self.assertNotEqual(r.returncode, 0, "a folder rendered with other motion is refused")
            self.assertIn("different configuration", r.stdout + r.stderr)

    def test_dataset_cli_factored_renders_its_own_frames(self):
        script = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "render_dataset.py")
        params = {}
        with tempfile.TemporaryDirectory() as root:
            for motion in ("full", "factored"):
                out = os.path.join(root, motion)
                subprocess.run([sys.executable, script, "--out", out, "--size", "32", "--identities", "8",
                                "--frames-per-identity", "12", "--motion", motion], check=True, capture_output=True)
                params[motion] = np.concatenate([np.load(os.path.join(out, f)) for f in sorted(os.listdir(out))
                                                 if f.endswith(".params.npy")])
        full, factored = params["full"], params["factored"]
        self.assertEqual(full.shape, factored.shape)
        np.testing.assert_array_equal(factored[::12], 0)  # frame 0 of each identity is neutral in both
        self.assertFalse(np.isin(factored[:, 0][factored[:, 0] != 0], full[:, 0]).any(), "its own draws")
        upper = np.abs(factored[:, 7:]).sum(1) == 0
        self.assertGreater(upper.mean(), (np.abs(full[:, 7:]).sum(1) == 0).mean())


class Speed(unittest.TestCase):
    def test_speed_sanity(self):
        rng = np.random.default_rng(1)
        pairs = [(sample_identity(i), sample_motion(rng)) for i in range(10)]
        for size in (64, 128):
            t = time.perf_counter()
            for idn, m in pairs:
                render(idn, m, size)
            ms = (time.perf_counter() - t) / len(pairs) * 1000
            print(f"\n  render {size}x{size}: {ms:.1f} ms/frame", end="")
            self.assertLess(ms, 250)  # sanity only; the target is ~15 ms at 128 on one core


if __name__ == "__main__":
    unittest.main()
