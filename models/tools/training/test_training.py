"""Training-side pieces that change what a run learns: the image and detail skips and the latent paint, upgrading a run
to them, the ToFlow repair, sources at rest, a second render of the same identities, frames rendered afresh, the free
directions' drift."""
import os
import shutil
import tempfile
import unittest
from pathlib import Path

import numpy as np
import onnx
import torch

from avatars import MOTION_FIELDS, neutral, render, sample_identity
from portrait_rig_tools.checkpoint import infer_config
from portrait_rig_tools.export import export_model
from portrait_rig_tools.models import RIG_TINY_128, LiaXGenerator, shape_only
from train import build_generator, load_weights, switch_to_positive_directions
from training.data import AvatarPairs
from training.reset_flow import flow_at, reset_flow
from training.targets import NUM_TIED, free_drift

TINY = {4: 16, 8: 16, 16: 8, 32: 8}


def small(image_skip, detail_skip=False):
    torch.manual_seed(0)
    return LiaXGenerator(32, style_dim=24, motion_dim=6, channels=TINY, n_flow_blocks=1, n_rgb_blocks=1,
                         image_skip=image_skip, detail_skip=detail_skip)


def encode_noise(gen, batch):
    """(stage count, a random image batch, and the generator's encode() of it) without gradients."""
    img = torch.rand(batch, 3, 32, 32) * 2 - 1
    with torch.no_grad():
        return (len(gen.feature_resolutions), img, *gen.encode(img))


class ImageSkipTest(unittest.TestCase):
    def test_with_no_motion_the_open_skip_returns_the_source_image_whatever_the_flows(self):
        gen = small(True).eval()
        n, img, z, alpha, feats = encode_noise(gen, 2)
        with torch.no_grad():
            self.assertEqual(len(feats), 2 * n + 2)
            self.assertIs(feats[n], img)
            self.assertEqual([tuple(f.shape) for f in feats[n + 1:2 * n + 1]],
                             [(2, 2, r, r) for r in gen.feature_resolutions])
            self.assertGreater(float(feats[2 * n].abs().mean()), 0.1)  # random flows: far from a still warp
            z_self = gen.navigate(z, alpha)
            self.assertTrue(torch.allclose(feats[-1], z_self))
            gen.dec.image_skip.bias.fill_(30.0)  # open: the warped source
            still = gen.decode(z_self, feats)
            moved = gen.decode(z_self + 0.5 * torch.randn_like(z), feats)
            gen.dec.image_skip.bias.fill_(-30.0)  # closed: the decoder's own image
            closed = gen.decode(z_self, feats)
        self.assertLess(float((still - img).abs().max()), 1e-5)
        self.assertGreater(float((moved - img).abs().mean()), 0.05)
        self.assertGreater(float((closed - img).abs().mean()), 0.1)

    def test_with_no_motion_every_stage_warps_by_nothing(self):
        gen = small(True).eval()
        n, _, z, alpha, feats = encode_noise(gen, 1)
        with torch.no_grad():
            raws = []
            hooks = [flow_at(gen, r).register_forward_hook(lambda _m, _i, out: raws.append(out[2]))
                     for r in gen.feature_resolutions]
            gen.decode(gen.navigate(z, alpha), feats)
            for hook in hooks:
                hook.remove()
        for raw, origin in zip(raws, feats[n + 1:2 * n + 1]):  # the decoder's flows at the source latent: the origins
            self.assertTrue(torch.allclose(torch.tanh(raw[:, :2]), origin, atol=1e-6))

    def test_off_by_default_so_the_official_layout_is_kept(self):
        plain, skip = small(False), small(True)
        extra = set(skip.state_dict()) - set(plain.state_dict())
        self.assertEqual(sorted(extra), ['dec.image_skip.bias', 'dec.image_skip.conv.modulation.bias',
                                         'dec.image_skip.conv.modulation.weight', 'dec.image_skip.conv.weight'])
        self.assertEqual(set(plain.state_dict()) - set(skip.state_dict()), set())

    def test_export_carries_the_source_image_and_flows_after_the_feature_maps(self):
        with tempfile.TemporaryDirectory() as tmp:
            manifest = export_model(small(True), Path(tmp) / 'm', model_id='skip-test', name='test')
        outputs = manifest['files']['encoder']['outputs']
        self.assertEqual([o['shape'] for o in outputs[-5:]],
                         [['batch', 3, 32, 32], ['batch', 2, 8, 8], ['batch', 2, 16, 16], ['batch', 2, 32, 32],
                          ['batch', 24]])
        self.assertEqual(manifest['files']['decoder']['inputs'][1:], outputs[2:])


class DetailSkipTest(unittest.TestCase):
    def test_with_no_motion_the_output_is_the_source_whatever_the_mask(self):
        gen = small(True, detail_skip=True).eval()
        n, img, z, alpha, feats = encode_noise(gen, 2)
        with torch.no_grad():
            self.assertEqual(len(feats), 2 * n + 3)
            z_self = gen.navigate(z, alpha)
            self.assertGreater(float(feats[-1].abs().mean()), 0.1)  # detail: the random decoder paints nothing alike
            for bias in (30.0, 0.0, -30.0):  # the mask open, half, shut
                gen.dec.image_skip.bias.fill_(bias)
                self.assertLess(float((gen.decode(z_self, feats) - img).abs().max()), 1e-5, bias)
            gen.dec.image_skip.gate.motion.data.mul_(100)  # a gate that reacts to motion
            moved = gen.decode(z_self + 0.5 * torch.randn_like(z), feats)
        self.assertGreater(float((moved - img).abs().mean()), 0.05)

    def test_the_gate_is_open_at_rest_and_closes_under_motion(self):
        gen = small(True, detail_skip=True)
        gate = gen.dec.image_skip.gate
        with torch.no_grad():
            gate.motion.normal_()
            features = torch.randn(2, TINY[32], 32, 32)
            self.assertTrue(torch.equal(gate(features, torch.zeros(2, 24)), torch.ones(2, 1, 32, 32)))
            self.assertLess(float(gate(features, 3 * torch.randn(2, 24)).mean()), 0.9)

    def test_needs_the_image_skip(self):
        with self.assertRaisesRegex(ValueError, 'needs image_skip=True'):
            small(False, detail_skip=True)

    def test_a_run_with_the_image_skip_gains_the_detail_skip_and_keeps_its_weights(self):
        config = {**UpgradeTest.CONFIG, 'image_skip': True}
        old = build_generator(config)
        upgraded = {**config, 'detail_skip': True}
        new = build_generator(upgraded)
        self.assertFalse(load_weights(new, old.state_dict(), upgraded, config, 'old run'))
        for key, value in old.state_dict().items():
            self.assertTrue(torch.equal(new.state_dict()[key], value), key)
        added = set(new.state_dict()) - set(old.state_dict())
        self.assertEqual(sorted(added), ['dec.image_skip.gate.conv.bias', 'dec.image_skip.gate.conv.weight',
                                         'dec.image_skip.gate.motion'])
        self.assertEqual(infer_config(new.state_dict(), 'lia-x')['detail_skip'], True)


class LatentPaintTest(unittest.TestCase):
    CONFIG = {'resolution': 64, 'width': 'tiny', 'style_dim': 24, 'motion_dim': 6, 'image_skip': True,
              'detail_skip': True}

    def upgraded(self):
        """A detail-skip generator, and the same weights in one that gained the latent paint."""
        old = build_generator(self.CONFIG).eval()
        config = {**self.CONFIG, 'latent_paint': True}
        new = build_generator(config).eval()
        self.assertFalse(load_weights(new, old.state_dict(), config, self.CONFIG, 'old run'))
        return old, new

    def test_a_trained_run_gains_it_unchanged_with_layers_from_32_up(self):
        old, new = self.upgraded()
        self.assertEqual(sorted(set(new.state_dict()) - set(old.state_dict())),
                         ['dec.paint32.bias', 'dec.paint32.weight', 'dec.paint64.bias', 'dec.paint64.weight'])
        img = torch.rand(2, 3, 64, 64) * 2 - 1
        with torch.no_grad():
            z, alpha, feats = old.encode(img)
            moved = old.navigate(z, alpha) + 0.5 * torch.randn_like(z)
            self.assertTrue(torch.allclose(new.decode(moved, new.encode(img)[2]), old.decode(moved, feats)))
        self.assertEqual(infer_config(new.state_dict(), 'lia-x')['latent_paint'], True)
        self.assertNotIn('latent_paint', infer_config(old.state_dict(), 'lia-x'))

    def test_it_paints_under_motion_and_still_gives_the_source_at_rest(self):
        _, gen = self.upgraded()
        img = torch.rand(2, 3, 64, 64) * 2 - 1
        gen.dec.image_skip.bias.data.fill_(-30.0)  # the decoder's own image everywhere
        gen.dec.image_skip.gate.motion.data.mul_(100)  # a gate that shuts the detail under motion
        z, alpha, feats = gen.encode(img)
        moved = gen.navigate(z, alpha) + 0.5 * torch.randn_like(z)
        out = gen.decode(moved, feats)
        out.abs().mean().backward()
        self.assertGreater(float(gen.dec.paint64.weight.grad.abs().sum()), 0.0)  # trainable from its zero start
        with torch.no_grad():
            gen.dec.paint64.weight.normal_()
            gen.dec.paint32.weight.normal_()
            z, alpha, feats = gen.encode(img)  # the source pass paints too: the detail accounts for it
            self.assertGreater(float((gen.decode(moved, feats) - out).abs().mean()), 0.01)
            self.assertLess(float((gen.decode(gen.navigate(z, alpha), feats) - img).abs().max()), 1e-4)

    def test_export_includes_it(self):
        _, gen = self.upgraded()
        with torch.no_grad():
            gen.dec.paint64.weight.normal_()
        with tempfile.TemporaryDirectory() as tmp:
            export_model(gen, Path(tmp) / 'm', model_id='paint-test', name='test')
            graph = onnx.load(str(Path(tmp) / 'm' / 'decoder.onnx'), load_external_data=False).graph
        names = {i.name for i in graph.initializer} | {name for node in graph.node for name in node.input}
        self.assertTrue(any('paint64' in name for name in names))


class RigTinyConfigTest(unittest.TestCase):
    def test_the_toolkit_preset_is_what_train_py_builds_and_what_a_checkpoint_reads_as(self):
        with shape_only():
            trained = build_generator({'resolution': 128, 'width': 'tiny', 'style_dim': 128, 'motion_dim': 20,
                                       'image_skip': True, 'detail_skip': True, 'latent_paint': True}).state_dict()
            preset = LiaXGenerator(**RIG_TINY_128).state_dict()
        shapes = {k: tuple(v.shape) for k, v in trained.items()}
        self.assertEqual(shapes, {k: tuple(v.shape) for k, v in preset.items()})
        self.assertEqual(infer_config(trained, 'lia-x'), RIG_TINY_128)


class UpgradeTest(unittest.TestCase):
    CONFIG = {'resolution': 32, 'width': 'tiny', 'style_dim': 24, 'motion_dim': 6}

    def test_a_run_without_the_skip_gains_it_and_keeps_its_weights(self):
        old = build_generator(self.CONFIG)
        config = {**self.CONFIG, 'image_skip': True}
        new = build_generator(config)
        self.assertFalse(load_weights(new, old.state_dict(), config, self.CONFIG, 'old run'))
        for key, value in old.state_dict().items():
            self.assertTrue(torch.equal(new.state_dict()[key], value), key)
        self.assertTrue(load_weights(new, new.state_dict(), config, config, 'same run'))

    def test_other_config_changes_are_refused(self):
        old = build_generator(self.CONFIG)
        config = {**self.CONFIG, 'motion_dim': 8, 'image_skip': True}
        with self.assertRaisesRegex(SystemExit, 'use another --run'):
            load_weights(build_generator(config), old.state_dict(), config, self.CONFIG, 'old run')


class ResetFlowTest(unittest.TestCase):
    def test_a_saturated_flow_goes_back_to_a_still_warp_with_a_partly_open_mask(self):
        gen = small(False)
        flow = flow_at(gen, 32)
        with torch.no_grad():
            flow.bias.fill_(-50.0)  # mask shut, flow pinned at -1: what a collapsed stage looks like
        reset_flow(gen, 32)
        h = torch.randn(2, TINY[32], 32, 32)
        z = torch.randn(2, 24)
        _, _, raw = flow(h, z, torch.randn(2, TINY[32], 32, 32))
        self.assertLess(float(torch.tanh(raw[:, :2]).abs().mean()), 0.05)
        self.assertAlmostEqual(float(torch.sigmoid(raw[:, 2]).mean()), float(torch.sigmoid(torch.tensor(-1.0))),
                               delta=0.03)

    def test_unknown_resolution_names_the_stages(self):
        with self.assertRaisesRegex(SystemExit, r'stages \[8, 16, 32\]'):
            flow_at(small(False), 64)


class RestSourcesTest(unittest.TestCase):
    def setUp(self):
        self.root = tempfile.mkdtemp(prefix='rig-pairs-')
        params = np.random.default_rng(0).uniform(-1, 1, (12, 12)).astype(np.float32)
        params[[2, 5, 11]] = 0.0   # each identity's frame at rest, not always its first
        np.save(os.path.join(self.root, 'train-00000.images.npy'), np.zeros((12, 8, 8, 3), np.uint8))
        np.save(os.path.join(self.root, 'train-00000.params.npy'), params)
        np.save(os.path.join(self.root, 'train-00000.ids.npy'), np.repeat([7, 8, 9], 4))
        self.data = AvatarPairs(self.root, 'train')

    def tearDown(self):
        shutil.rmtree(self.root)

    def pairs(self, fraction):
        return self.data.pair_indices(2000, np.random.default_rng(1), rest_fraction=fraction)

    def test_about_the_asked_share_of_sources_are_at_rest(self):
        for fraction, expected in ((0.0, 0.25), (0.5, 0.5 + 0.5 * 0.25), (1.0, 1.0)):
            src, _ = self.pairs(fraction)
            self.assertAlmostEqual(float(np.isin(src, [2, 5, 11]).mean()), expected, delta=0.03)

    def test_pairs_stay_within_one_identity_and_never_drive_a_frame_with_itself(self):
        src, drv = self.pairs(1.0)
        self.assertTrue(np.all(self.data.ids[src] == self.data.ids[drv]))
        self.assertTrue(np.all(src != drv))

    def test_a_second_render_of_the_same_identities_pairs_with_the_first(self):
        second = tempfile.mkdtemp(prefix='rig-pairs-factored-', dir=self.root)
        np.save(os.path.join(second, 'train-00000.images.npy'), np.full((6, 8, 8, 3), 255, np.uint8))
        np.save(os.path.join(second, 'train-00000.params.npy'), np.ones((6, 12), np.float32))
        np.save(os.path.join(second, 'train-00000.ids.npy'), np.repeat([7, 9], 3))
        both = AvatarPairs([self.root, second], 'train')
        self.assertEqual(len(both), 18)
        self.assertEqual(both.identities(), 3)
        src, drv = both.pair_indices(4000, np.random.default_rng(2))
        self.assertTrue(np.all(both.ids[src] == both.ids[drv]))
        mixed = (src < 12) != (drv < 12)
        self.assertGreater(mixed.mean(), 0.2, 'frames of one identity pair across the two folders')
        self.assertTrue(np.all(both.ids[drv[drv >= 12]] != 8), 'identity 8 has no second render')
        np.save(os.path.join(second, 'train-00000.images.npy'), np.zeros((6, 16, 16, 3), np.uint8))
        with self.assertRaisesRegex(ValueError, 'different sizes'):
            AvatarPairs([self.root, second], 'train')

    def test_a_folder_whose_name_says_images_still_finds_its_shards(self):
        named = os.path.join(self.root, 'images')
        shutil.copytree(self.root, named, ignore=shutil.ignore_patterns('images'))
        self.assertEqual(len(AvatarPairs(named, 'train')), 12)


class RerenderTest(unittest.TestCase):
    def test_a_frame_rendered_again_at_its_own_params_is_the_stored_frame_and_a_moved_channel_changes_it(self):
        root = tempfile.mkdtemp(prefix='rig-rerender-')
        self.addCleanup(shutil.rmtree, root)
        seed = 1000003
        motions = [neutral(), neutral().replace(yaw=12.0, mouth_open=0.3, blink_left=0.2)]
        np.save(os.path.join(root, 'train-00000.images.npy'),
                np.stack([render(sample_identity(seed), m, 32) for m in motions]))
        np.save(os.path.join(root, 'train-00000.params.npy'),
                np.stack([m.to_array() for m in motions]).astype(np.float32))
        np.save(os.path.join(root, 'train-00000.ids.npy'), np.array([seed, seed]))
        data = AvatarPairs(root, 'train')
        again = data.rerender([0, 1], data.params[[0, 1]])
        self.assertEqual(tuple(again.shape), (2, 3, 32, 32))
        self.assertLess(float((again - data.to_tensor([0, 1])).abs().max()), 3 / 127.5)  # float32 params: ±2 levels
        opened = data.params[[1]].copy()
        opened[0, MOTION_FIELDS.index('mouth_open')] = 1.0
        self.assertGreater(float((data.rerender([1], opened) - again[1:]).abs().mean()), 1e-3)


class PositiveDirectionsTest(unittest.TestCase):
    def test_a_run_switches_keeping_q_with_its_optimizer_and_ema_in_step(self):
        torch.manual_seed(0)
        config = {'resolution': 32, 'width': 'tiny', 'style_dim': 32, 'motion_dim': 6}
        gen, ema = build_generator(config), build_generator(config)
        ema.load_state_dict(gen.state_dict())
        opt = torch.optim.Adam(gen.parameters())
        gen.dictionary().sum().backward()
        opt.step()
        with torch.no_grad():
            gen.dec.direction.weight[0, 0] = 1e-3    # a positive pivot: LAPACK's R00 < 0, the column is turned over
            ema.dec.direction.weight[0, 0] = -1e-3   # the EMA's is not
        q = gen.dictionary().detach().clone()
        moment = opt.state[gen.dec.direction.weight]['exp_avg'].clone()
        flipped = switch_to_positive_directions(gen, ema, opt)
        self.assertIn(0, flipped)
        torch.testing.assert_close(gen.dictionary(), q, rtol=0, atol=1e-6)
        self.assertGreater(float((gen.dictionary() * ema.dictionary()).sum(0).min()), 0.99)
        signs = torch.ones(6)
        signs[flipped] = -1
        torch.testing.assert_close(opt.state[gen.dec.direction.weight]['exp_avg'], moment * signs)
        self.assertTrue(gen.dec.direction.positive and ema.dec.direction.positive)


class FreeDriftTest(unittest.TestCase):
    def test_the_named_directions_may_move_freely(self):
        a_s = torch.randn(4, 20)
        a_d = a_s.clone()
        a_d[:, :NUM_TIED] += torch.randn(4, NUM_TIED)
        self.assertEqual(float(free_drift(a_s, a_d)), 0.0)

    def test_a_free_direction_that_moves_with_the_frame_costs_its_square_at_the_tie_scale(self):
        a_s = torch.randn(4, 20)
        a_d = a_s.clone()
        a_d[:, NUM_TIED] += 0.1   # one of 8 free directions, 0.1 α = 1 at the tie's scale
        self.assertAlmostEqual(float(free_drift(a_s, a_d)), 1.0 / 8, places=5)

    def test_its_gradient_pulls_both_frames_together(self):
        a_s = torch.zeros(1, 20, requires_grad=True)
        a_d = torch.zeros(1, 20)
        a_d[0, 15] = 0.2
        a_d.requires_grad_(True)
        free_drift(a_s, a_d).backward()
        self.assertGreater(float(a_d.grad[0, 15]), 0.0)
        self.assertLess(float(a_s.grad[0, 15]), 0.0)
        self.assertEqual(float(a_d.grad[0, :NUM_TIED].abs().sum()), 0.0)


if __name__ == '__main__':
    unittest.main()
