"""The hidden-paint losses: what they measure (the image skip's copy share, the output's L1), which pixels count, that
the first trains the skip, and a training run that uses them end to end."""
import json
import math
import os
import subprocess
import sys
import tempfile
import unittest

import torch

from portrait_rig_tools.models import LiaXGenerator
from training.hidden_paint import SkipCopy, hidden_l1, hidden_paint_loss, hidden_pixels


def small():
    torch.manual_seed(0)
    return LiaXGenerator(32, style_dim=24, motion_dim=6, channels={4: 16, 8: 16, 16: 8, 32: 8}, n_flow_blocks=1,
                         n_rgb_blocks=1, image_skip=True, detail_skip=True)


def block_untrusted(size=32):
    """Trusted everywhere but a 6×6 block (hidden in the source) and a 1-pixel line (a silhouette's failed test)."""
    trusted = torch.ones(2, 1, size, size)
    trusted[:, :, 10:16, 10:16] = 0
    trusted[:, :, 25, :] = 0
    return trusted


class SkipCopyTest(unittest.TestCase):
    def test_records_the_share_copied_from_the_source_with_gradients(self):
        gen = small()
        img = torch.rand(2, 3, 32, 32) * 2 - 1
        z, alpha, feats = gen.encode(img)
        with torch.no_grad():
            gen.dec.image_skip.gate.motion.mul_(100)  # a gate that reacts to motion
        with SkipCopy(gen) as skip:
            gen.decode(gen.navigate(z, alpha) + 0.5 * torch.randn_like(z), feats)
        copy = skip.copy
        self.assertEqual(tuple(copy.shape), (2, 1, 32, 32))
        self.assertTrue(copy.requires_grad)
        self.assertTrue(bool(((copy >= 0) & (copy <= 1)).all()))
        self.assertLess(float(copy.mean()), 0.99)  # under motion the gate closes somewhere
        with torch.no_grad():  # at rest the detail gate is exactly open, so the output copies everything
            with SkipCopy(gen) as skip:
                gen.decode(gen.navigate(z, alpha), feats)
            self.assertTrue(torch.allclose(skip.copy, torch.ones_like(skip.copy)))

    def test_the_hook_goes_with_the_block(self):
        gen = small()
        with SkipCopy(gen):
            pass
        self.assertEqual(len(gen.dec.image_skip._forward_hooks), 0)

    def test_needs_the_image_skip(self):
        with self.assertRaisesRegex(ValueError, 'needs image_skip'):
            SkipCopy(LiaXGenerator(32, style_dim=24, motion_dim=6, channels={4: 16, 8: 16, 16: 8, 32: 8},
                                   n_flow_blocks=1, n_rgb_blocks=1))


class HiddenPaintLossTest(unittest.TestCase):
    def test_hidden_pixels_are_the_core_of_untrusted_areas_not_one_pixel_lines(self):
        hidden = hidden_pixels(block_untrusted())
        self.assertEqual(float(hidden[0].sum()), 16.0)  # the 6×6 block's 4×4 core
        self.assertEqual(float(hidden[0, 0, 11:15, 11:15].sum()), 16.0)

    def test_copying_hidden_pixels_costs_painting_them_does_not(self):
        trusted = block_untrusted()
        hidden_share = 16 / (32 * 32)
        self.assertAlmostEqual(float(hidden_paint_loss(torch.ones(2, 1, 32, 32), trusted)),
                               -math.log(0.05) * hidden_share, 5)
        self.assertAlmostEqual(float(hidden_paint_loss(torch.zeros(2, 1, 32, 32), trusted)), 0.0, 6)
        copy_outside = 1 - hidden_pixels(trusted)  # copies everything but the hidden core: free
        self.assertAlmostEqual(float(hidden_paint_loss(copy_outside, trusted)), 0.0, 6)

    def test_nothing_hidden_costs_nothing(self):
        self.assertEqual(float(hidden_paint_loss(torch.ones(2, 1, 32, 32), torch.ones(2, 1, 32, 32))), 0.0)

    def test_its_gradient_shuts_the_skip_over_hidden_pixels(self):
        gen = small()
        img = torch.rand(2, 3, 32, 32) * 2 - 1
        with torch.no_grad():
            z, alpha, feats = gen.encode(img)
            moved = gen.navigate(z, alpha) + 0.5 * torch.randn_like(z)
        trusted = block_untrusted()
        opt = torch.optim.Adam(gen.dec.image_skip.parameters(), lr=0.05)
        losses = []
        for _ in range(30):
            with SkipCopy(gen) as skip:
                gen.decode(moved, feats)
            loss = hidden_paint_loss(skip.copy, trusted)
            opt.zero_grad()
            loss.backward()
            opt.step()
            losses.append(float(loss))
        self.assertLess(losses[-1], 0.5 * losses[0])


class HiddenL1Test(unittest.TestCase):
    def test_counts_only_the_hidden_core_averaged_over_the_frame(self):
        trusted = block_untrusted()
        target = torch.zeros(2, 3, 32, 32)
        off_everywhere = torch.full((2, 3, 32, 32), 0.5)
        self.assertAlmostEqual(float(hidden_l1(off_everywhere, target, trusted)), 0.5 * 16 / (32 * 32), 6)
        self.assertEqual(float(hidden_l1(off_everywhere, target, torch.ones(2, 1, 32, 32))), 0.0)
        self.assertEqual(float(hidden_l1(target.clone(), target, trusted)), 0.0)

    def test_its_gradient_reaches_the_hidden_pixels_alone(self):
        trusted = block_untrusted()
        output = torch.rand(2, 3, 32, 32, requires_grad=True)
        hidden_l1(output, torch.zeros(2, 3, 32, 32), trusted).backward()
        touched = output.grad.abs().sum(1, keepdim=True) > 0
        self.assertTrue(torch.equal(touched.float(), hidden_pixels(trusted)))


class PaintedRunTest(unittest.TestCase):
    """train.py end to end with the flow tie (weighted toward the eyes and mouth) and both paint losses, on a small
    rendered set with geometry: the run trains, logs each term as a finite number, and resumes from its checkpoint."""

    def run_ok(self, cmd):
        done = subprocess.run(cmd, capture_output=True, text=True)
        self.assertEqual(done.returncode, 0, done.stderr[-2000:])

    def test_a_run_with_every_paint_option_trains_logs_its_terms_and_resumes(self):
        tools = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        with tempfile.TemporaryDirectory() as root:
            data, run = os.path.join(root, 'data'), os.path.join(root, 'run')
            render = os.path.join(tools, 'render_dataset.py')
            self.run_ok([sys.executable, render, '--out', data, '--size', '32', '--identities', '40',
                         '--frames-per-identity', '3'])
            self.run_ok([sys.executable, render, '--geometry', data])
            cmd = [sys.executable, os.path.join(tools, 'train.py'), '--data', data, '--run', run, '--resolution',
                   '32', '--width', 'tiny', '--style-dim', '32', '--motion-dim', '16', '--threads', '1',
                   '--checkpoint-every', '10', '--preview-every', '1000', '--image-skip', '--detail-skip',
                   '--latent-paint', '--flow-tie', '20', '--feature-flow', '4', '--paint-hidden', '1', '--paint-l1',
                   '20']
            self.run_ok(cmd + ['--steps', '10'])
            self.run_ok(cmd + ['--steps', '20'])
            with open(os.path.join(run, 'log.jsonl')) as f:
                records = [r for r in map(json.loads, f) if 'loss' in r]
        self.assertEqual([r['step'] for r in records], [10, 20])
        for r in records:
            for term in ('loss', 'flow_tie', 'paint_hidden', 'paint_l1'):
                self.assertTrue(math.isfinite(r[term]), f'{term} at step {r["step"]}: {r[term]}')
            self.assertGreater(r['paint_l1'], 0.0)   # a random start paints the hidden pixels wrong


if __name__ == '__main__':
    unittest.main()
