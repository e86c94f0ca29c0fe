"""The gate tie (`train.py --gate-tie`): it reads the detail skip's gate during a decode and pulls it open where the
true correspondence is trusted and shut where the source hides the point, on the head only."""
import tempfile
import unittest

import torch

from avatars.render import PART_BACKGROUND, PART_HEAD, PART_JAW
from portrait_rig_tools.models import LiaXGenerator
from training.gate_tie import SkipGate, gate_target, gate_tie


def small_generator(detail_skip=True):
    torch.manual_seed(0)
    return LiaXGenerator(32, style_dim=24, motion_dim=6, channels={4: 16, 8: 16, 16: 8, 32: 8}, n_flow_blocks=1,
                         n_rgb_blocks=1, image_skip=True, detail_skip=detail_skip)


def decode_moved(gen, img):
    z, alpha, feats = gen.encode(img)
    return gen.decode(gen.navigate(z, alpha) + 0.5 * torch.randn_like(z), feats)


class SkipGateTest(unittest.TestCase):
    def test_records_the_gate_the_decoder_used_with_gradients(self):
        gen = small_generator()
        img = torch.rand(2, 3, 32, 32) * 2 - 1
        seen = {}
        hook = gen.dec.image_skip.gate.register_forward_hook(lambda _m, _i, out: seen.update(gate=out))
        with SkipGate(gen) as gate:
            decode_moved(gen, img)
        hook.remove()
        self.assertEqual(tuple(gate.closure.shape), (2, 1, 32, 32))
        self.assertTrue(torch.allclose(torch.exp(-gate.closure), seen['gate']))
        self.assertTrue(gate.closure.requires_grad)
        self.assertIsNone(gate.hook)  # removed on exit

    def test_needs_the_detail_skip(self):
        with self.assertRaisesRegex(ValueError, 'detail_skip'):
            SkipGate(small_generator(detail_skip=False))


class GateTieTest(unittest.TestCase):
    def setUp(self):
        self.part = torch.full((1, 4, 4), PART_HEAD)
        self.trusted = torch.ones(1, 1, 4, 4)
        self.trusted[..., :2, :] = 0  # the top half hidden in the source

    def closure(self, top, bottom):
        c = torch.full((1, 1, 4, 4), bottom)
        c[..., :2, :] = top
        return c

    def test_low_for_a_gate_shut_where_hidden_and_open_where_trusted(self):
        right = float(gate_tie(self.closure(8.0, 0.01), self.trusted, self.part))
        wrong = float(gate_tie(self.closure(0.01, 8.0), self.trusted, self.part))
        self.assertLess(right, 0.05)
        self.assertGreater(wrong, 4.0)

    def test_only_the_head_counts(self):
        part = self.part.clone()
        part[:, :2] = PART_BACKGROUND  # the hidden half is background: its open gate costs nothing
        part[:, 3] = PART_JAW
        self.assertLess(float(gate_tie(self.closure(0.0, 0.01), self.trusted, part)), 0.05)

    def test_an_exactly_open_gate_over_hidden_points_is_pushed_to_close(self):
        c = self.closure(0.0, 0.0).requires_grad_()
        loss = gate_tie(c, self.trusted, self.part)
        loss.backward()
        self.assertTrue(torch.isfinite(loss))
        self.assertTrue(bool((c.grad[..., :2, :] < 0).all()))  # raising |c| lowers the loss there

    def test_a_few_steps_open_the_gate_where_trusted_and_shut_it_where_hidden(self):
        gen = small_generator()
        img = torch.rand(2, 3, 32, 32) * 0.2 - 0.1
        img[..., :16, :] += 0.8  # the hidden half looks different, so the gate's features can tell it apart
        trusted = torch.zeros(2, 1, 32, 32)
        trusted[..., 16:, :] = 1
        part = torch.full((2, 32, 32), PART_HEAD)
        opt = torch.optim.Adam(gen.dec.image_skip.gate.parameters(), lr=0.05)

        def gates():
            torch.manual_seed(1)
            with SkipGate(gen) as gate:
                decode_moved(gen, img)
            return gate.closure

        with torch.no_grad():
            before = torch.exp(-gates())
        for _ in range(100):
            loss = gate_tie(gates(), trusted, part)
            opt.zero_grad()
            loss.backward()
            opt.step()
        with torch.no_grad():
            after = torch.exp(-gates())
        gap = lambda g: float(g[..., 16:, :].mean() - g[..., :16, :].mean())
        self.assertGreater(gap(after), gap(before) + 0.2)  # measured: 0.003 -> 0.30


class GateTargetTest(unittest.TestCase):
    def test_open_only_where_trusted_and_the_warp_is_within_a_pixel(self):
        pixel = 2.0 / 31  # grid units per pixel at 32² (align_corners=True)
        truth = torch.zeros(1, 2, 32, 32)
        warp = torch.zeros(1, 2, 32, 32)
        warp[..., :8] = 0.5 * pixel   # close enough
        warp[..., 8:16] = 1.5 * pixel  # a pixel and a half off: a ghost if the detail were added
        warp[:, 1, :, 16:24] = -1.5 * pixel  # off in y alone
        trusted = torch.ones(1, 1, 32, 32)
        trusted[..., 28:, :] = 0
        target = gate_target(warp.requires_grad_(), truth, trusted)
        self.assertEqual(float(target[..., :28, :8].min()), 1.0)
        self.assertEqual(float(target[..., :28, 24:].min()), 1.0)
        self.assertEqual(float(target[..., 8:24].max()), 0.0)
        self.assertEqual(float(target[..., 28:, :].max()), 0.0)
        self.assertFalse(target.requires_grad)  # a target, not a path for the warp's gradient


class GateTieOptionTest(unittest.TestCase):
    def test_train_refuses_the_gate_tie_without_the_detail_skip_or_the_flow_tie(self):
        from train import parse_args, train
        with tempfile.TemporaryDirectory() as run:
            for extra in (['--flow-tie', '20'], ['--detail-skip']):
                args = parse_args(['--data', run, '--run', run, '--resolution', '32', '--image-skip', '--gate-tie',
                                   '1', *extra])
                with self.assertRaisesRegex(SystemExit, 'add --image-skip --detail-skip --flow-tie'):
                    train(args)


if __name__ == '__main__':
    unittest.main()
