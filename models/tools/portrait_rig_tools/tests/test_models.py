import json
import os
import unittest

import torch
import torch.nn.functional as F

from portrait_rig_tools.layers import ModulatedConv2d, sampling_grid, upfirdn2d
from portrait_rig_tools.models import LiaGenerator, LiaXGenerator, shape_only

FIXTURE = os.path.join(os.path.dirname(__file__), "fixtures", "official_state_dict_shapes.json")
TINY = {4: 32, 8: 32, 16: 16, 32: 16, 64: 8}


def build(family, **kw):
    return (LiaGenerator if family == "lia" else LiaXGenerator)(**kw)


class OfficialLayoutTest(unittest.TestCase):
    """Our state_dict keys/shapes equal the official ones (listed once from the official code) at official settings."""

    def test_keys_and_shapes(self):
        with open(FIXTURE) as f:
            models = json.load(f)["models"]
        self.assertEqual(set(models), {"lia-256-cm1", "liax-512-s1", "liax-512-s2"})
        for name, entry in models.items():
            with self.subTest(name), shape_only():
                gen = build(entry["family"], **entry["config"])
                ours = {k: list(v.shape) for k, v in gen.state_dict().items()}
                official = entry["state_dict"]
                self.assertEqual(sorted(set(official) - set(ours)), [], "missing keys")
                self.assertEqual(sorted(set(ours) - set(official)), [], "unexpected keys")
                bad = {k: (ours[k], official[k]) for k in official if ours[k] != official[k]}
                self.assertEqual(bad, {}, "shape mismatches")

    def test_parameter_counts_match_design_notes(self):
        with shape_only():
            lia, x1 = LiaGenerator(256), LiaXGenerator(512, scale=1)
        count = lambda m: sum(p.numel() for p in m.parameters())
        self.assertEqual(round(count(lia.enc) / 1e5), 227)
        self.assertEqual(round(count(lia.dec) / 1e5), 224)
        self.assertEqual(round(count(x1.enc) / 1e6), 29)
        self.assertEqual(round(count(x1.dec) / 1e6), 199)


def reference_modconv(layer, x, style):
    """StyleGAN2's per-sample-kernel formulation (groups=batch), written out to check the export-friendly one."""
    b, cin, h, w = x.shape
    s = layer.modulation(style).view(b, 1, cin, 1, 1)
    weight = layer.scale * layer.weight * s
    if layer.demodulate:
        weight = weight * torch.rsqrt(weight.pow(2).sum([2, 3, 4]) + 1e-8).view(b, -1, 1, 1, 1)
    k = layer.kernel_size
    if layer.upsample:
        weight = weight.transpose(1, 2).reshape(b * cin, layer.out_ch, k, k)
        out = F.conv_transpose2d(x.reshape(1, b * cin, h, w), weight, stride=2, groups=b)
        return layer.blur(out.view(b, layer.out_ch, *out.shape[2:]))
    out = F.conv2d(x.reshape(1, b * cin, h, w), weight.reshape(b * layer.out_ch, cin, k, k),
                   padding=layer.padding, groups=b)
    return out.view(b, layer.out_ch, *out.shape[2:])


class LayerTest(unittest.TestCase):
    def test_modulated_conv_matches_grouped_form(self):
        torch.manual_seed(1)
        for up, demod, k in [(False, True, 3), (True, True, 3), (False, False, 1)]:
            layer = ModulatedConv2d(6, 5, k, 16, demodulate=demod, upsample=up)
            with torch.no_grad():
                layer.modulation.bias.add_(torch.randn(6))
            x, style = torch.randn(3, 6, 8, 8), torch.randn(3, 16)
            got, want = layer(x, style), reference_modconv(layer, x, style)
            self.assertEqual(got.shape, want.shape)
            self.assertLess(((got - want).norm() / want.norm()).item(), 1e-5, (up, demod, k))

    def test_upfirdn2d_matches_zero_insert_pad_filter(self):
        torch.manual_seed(5)
        k = torch.rand(4, 4)  # asymmetric: catches a missing or extra flip
        x = torch.randn(2, 3, 5, 5)
        for up, pad in [(2, (2, 1)), (1, (1, 1)), (1, (2, 2)), (1, (2, 1))]:
            z = torch.zeros(2, 3, 5 * up, 5 * up)
            z[:, :, ::up, ::up] = x
            z = F.pad(z, [pad[0], pad[1], pad[0], pad[1]])
            want = F.conv2d(z.reshape(6, 1, *z.shape[2:]), torch.flip(k, [0, 1])[None, None]).reshape(2, 3, *[
                s - 3 for s in z.shape[2:]])
            got = upfirdn2d(x, k, up=up, pad=pad)
            self.assertEqual(got.shape, want.shape, (up, pad))
            self.assertLess((got - want).abs().max().item(), 1e-5, (up, pad))

    def test_upfirdn2d_upsample_is_zero_insert_then_filter(self):
        x = torch.zeros(1, 1, 4, 4)
        x[0, 0, 1, 2] = 1.0
        k = torch.arange(16, dtype=torch.float32).reshape(4, 4)  # asymmetric: catches a missing flip
        out = upfirdn2d(x, k, up=2, pad=(2, 1))
        self.assertEqual(tuple(out.shape), (1, 1, 8, 8))
        # impulse at upsampled (2, 4) + pad 2 -> the output is the (true-convolution) kernel placed there
        expected = torch.zeros(11, 11)
        expected[4:8, 6:10] = k
        self.assertTrue(torch.equal(out[0, 0], expected[3:11, 3:11]))

    def test_sampling_grid_is_identity_for_grid_sample(self):
        feat = torch.randn(1, 2, 8, 8)
        back = F.grid_sample(feat, sampling_grid(8), align_corners=True)
        self.assertLess((back - feat).abs().max().item(), 1e-5)
        g = sampling_grid(4)[0]
        self.assertEqual(g[0, 3].tolist(), [1.0, -1.0])  # [..., 0] is x (width), [..., 1] is y


class GeneratorApiTest(unittest.TestCase):
    def setUp(self):
        torch.manual_seed(0)

    def check_family(self, family, **kw):
        gen = build(family, size=64, style_dim=32, motion_dim=6, channels=TINY, **kw).eval()
        img = torch.rand(2, 3, 64, 64) * 2 - 1
        z, alpha, feats = gen.encode(img)
        self.assertEqual(tuple(z.shape), (2, 32))
        self.assertEqual(tuple(alpha.shape), (2, 6))
        self.assertEqual([tuple(f.shape) for f in feats],
                         [(2, 32, 8, 8), (2, 16, 16, 16), (2, 16, 32, 32), (2, 8, 64, 64)])
        q = gen.dictionary()
        self.assertEqual(tuple(q.shape), (32, 6))
        self.assertLess((q.t() @ q - torch.eye(6)).abs().max().item(), 1e-5)
        out = gen.decode(z + alpha @ q.t(), feats)
        self.assertEqual(tuple(out.shape), (2, 3, 64, 64))
        self.assertTrue(torch.isfinite(out).all())
        # forward == encode / navigate / decode, absolute and relative
        drv, start = torch.rand(2, 3, 64, 64) * 2 - 1, torch.rand(2, 3, 64, 64) * 2 - 1
        a_d, a_start = gen.encode_motion(drv), gen.encode_motion(start)
        with torch.no_grad():
            self.assertTrue(torch.allclose(gen(img, drv), gen.decode(z + a_d @ q.t(), feats), atol=1e-5))
            rel = gen.decode(z + (a_d - a_start + alpha) @ q.t(), feats)
            self.assertTrue(torch.allclose(gen(img, drv, a_start), rel, atol=1e-5))
        # the dictionary is trainable through QR; a cached Q is a constant
        gen.dictionary().sum().backward()
        self.assertIsNotNone(gen.dec.direction.weight.grad)
        gen.cache_dictionary()
        self.assertFalse(gen.dictionary().requires_grad)
        self.assertTrue(torch.allclose(gen.dictionary(), q, atol=1e-6))
        gen.cache_dictionary(False)
        self.assertTrue(gen.dictionary().requires_grad)
        return gen

    def test_lia(self):
        self.check_family("lia")

    def test_liax(self):
        gen = self.check_family("lia-x")
        self.assertEqual(len(gen.dec.conv_512_2), 4)

    def test_liax_scale_multiplies_style_dim_like_official(self):
        with shape_only():
            gen = LiaXGenerator(512, style_dim=512, scale=2)
        self.assertEqual(gen.style_dim, 1024)
        self.assertEqual(tuple(gen.dictionary().shape), (1024, 40))

    def test_liax_reduced_blocks(self):
        gen = LiaXGenerator(32, style_dim=16, motion_dim=4, channels={4: 16, 8: 16, 16: 8, 32: 8},
                            n_flow_blocks=1, n_rgb_blocks=0)
        z, a, f = gen.encode(torch.zeros(1, 3, 32, 32))
        self.assertEqual(tuple(gen.decode(z, f).shape), (1, 3, 32, 32))
        self.assertNotIn("dec.conv_512_2.1.conv1.conv.weight", gen.state_dict())

    def test_bad_channel_table_names_missing_resolutions(self):
        with self.assertRaisesRegex(ValueError, r"lacks resolutions \[16\]"):
            LiaXGenerator(32, channels={4: 8, 8: 8, 32: 8})
        with self.assertRaisesRegex(ValueError, "power of two"):
            LiaGenerator(48)


if __name__ == "__main__":
    unittest.main()
