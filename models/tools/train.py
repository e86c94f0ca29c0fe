#!/usr/bin/env python3
"""Train PortraitRig's bundled default model (rig-tiny): a reduced-width LIA-X-family generator on pre-rendered avatars.

Resumable: every `--checkpoint-every` steps the run folder gets `checkpoint.pt` (atomically replaced), a JSON-lines
log and preview grids (`preview-latest.png`: source | driving | reconstruction | controlled edit). Re-running the
same command continues from the last checkpoint. The same script runs on a GPU (`--device cuda`) with a larger
`--width` and `--resolution`.

Example (CPU, 2 threads):
    /usr/bin/python3 models/tools/train.py --data models/data/avatars-128 --run models/runs/rig-tiny-128 \
        --resolution 128 --steps 20000
"""
import argparse
import contextlib
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from avatars import MOTION_FIELDS  # noqa: E402
from portrait_rig_tools.checkpoint import load_checkpoint  # noqa: E402
from portrait_rig_tools.models import LiaXGenerator  # noqa: E402
from training.correspondence import feature_pixels, flow_tie, source_flow  # noqa: E402
from training.data import AvatarPairs  # noqa: E402
from training.hidden_paint import SkipCopy, hidden_l1, hidden_paint_loss  # noqa: E402
from training.losses import psnr, reconstruction_loss  # noqa: E402
from training.preview import save_grid  # noqa: E402
from training.reset_flow import flow_at, reset_flow  # noqa: E402
from training.schedule import learning_rate  # noqa: E402
from training.single_channel import MOVES, box_l1, feature_box_mask, channel_moves  # noqa: E402
from training.stage_flows import StageDisplacements  # noqa: E402
from training.targets import NUM_TIED, TIE_SCALE, free_drift, target_matrix  # noqa: E402
from training.widths import blocks, width_table  # noqa: E402


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--data', required=True, action='append',
                   help='pre-rendered data set folder (render_dataset.py shards); repeat to train on several renders '
                   'of the same identities (frames of one identity pair across them); validation uses the first')
    p.add_argument('--run', required=True, help='run folder: checkpoints, logs, previews')
    p.add_argument('--resolution', type=int, default=128)
    p.add_argument('--width', default='tiny', help='width preset (tiny, small, base) — see training/widths.py')
    p.add_argument('--style-dim', type=int, default=128)
    p.add_argument('--motion-dim', type=int, default=20)
    p.add_argument('--image-skip', action='store_true',
                   help='warps relative to the source, plus the image skip (portrait_rig_tools/liax.py): the decoder '
                   'also warps the source image and blends it in; may be turned on when resuming a run without it')
    p.add_argument('--latent-paint', action='store_true',
                   help='the decoder\'s own styled features paint into the image from 32² up '
                   '(portrait_rig_tools/liax.py: otherwise only warped encoder features reach the RGB path, so what '
                   'the source does not show is one dull colour); a resumed run may switch it on: its layers start at '
                   'zero')
    p.add_argument('--detail-skip', action='store_true',
                   help='with --image-skip: the skip also carries the source detail the decoder cannot paint, so the '
                   'output is the source exactly at rest (portrait_rig_tools/liax.py); may be turned on when resuming')
    p.add_argument('--batch', type=int, default=8)
    p.add_argument('--lr', type=float, default=2e-3,
                   help='Adam learning rate; equalized-LR layers (StyleGAN2 family) are built for about 2e-3')
    p.add_argument('--lr-anneal', type=int, nargs=2, metavar=('START', 'END'),
                   help='with --lr-final: keep --lr until step START, then a half cosine down to --lr-final at step '
                   'END (absolute steps, so a resumed run follows the same schedule; training/schedule.py)')
    p.add_argument('--lr-final', type=float, help='rate at and after the --lr-anneal END step')
    p.add_argument('--steps', type=int, default=20000, help='total steps (the run stops there)')
    p.add_argument('--threads', type=int, default=2)
    p.add_argument('--device', default='cpu')
    p.add_argument('--seed', type=int, default=0)
    p.add_argument('--tie-weight', type=float, default=1.0, help='weight of α[named] = param/divisor')
    p.add_argument('--sparse-weight', type=float, default=0.1, help='L1 on the free directions (α units)')
    p.add_argument('--flow-weight', type=float, default=1.0,
                   help='with --image-skip: mean square of the source\'s own flows; only flow differences move '
                   'anything, so this just keeps the flows away from tanh saturation, where they stop learning')
    p.add_argument('--flow-tie', type=float, default=0.0,
                   help='with --image-skip: weight of an L1 (grid units) pulling each decoder stage\'s warp, from '
                   '16² up, to the true correspondence between source and driving frame, which the renderer knows '
                   '(training/correspondence.py; the data set needs render_dataset.py --geometry). 0 = off')
    p.add_argument('--paint-hidden', type=float, default=0.0,
                   help='with --flow-tie: weight of a cross-entropy shutting the image skip (mask and detail gate) '
                   'where the true correspondence says the source cannot show the point, so the decoder paints it '
                   '(an opening mouth\'s interior, a fin or cheek turning into view; training/hidden_paint.py). '
                   '0 = off')
    p.add_argument('--paint-l1', type=float, default=0.0,
                   help='with --flow-tie: weight of an extra L1 on the same hidden pixels, averaged over all pixels '
                   '(training/hidden_paint.py hidden_l1), so what the decoder must paint itself (teeth, the side of '
                   'a fin) weighs more than its share of the frame. 0 = off')
    p.add_argument('--feature-flow', type=float, default=0.0,
                   help='with --flow-tie: the flow tie\'s error on the driving frame\'s eyes and mouth counts 1 + '
                   'this many times (training/correspondence.py feature_pixels; the rest of the frame keeps its '
                   'weight), so the lids\', lips\' and jaw\'s flow is fitted as closely as the rest of the face. '
                   '0 = off')
    p.add_argument('--single-channel', type=float, default=0.0,
                   help='weight of a second reconstruction loss: each source decoded again at its own α with one '
                   'channel (--single-channel-moves) set to a random amount, against the source rendered afresh with '
                   'that change (training/single_channel.py): frames where one channel moves while nothing else '
                   'does, as the SDK moves it. 0 = off')
    p.add_argument('--single-channel-moves', default='mouth,eyes',
                   help=f'with --single-channel: which channels move, comma-separated, the batch split evenly among '
                   f'them: {", ".join(MOVES)} (pose: a random angle in its tied range, the mouth and eyes boxed)')
    p.add_argument('--single-channel-box', type=float, default=0.0,
                   help='with --single-channel: weight of the mean L1 inside the move\'s boxes (the mouth, both eyes, '
                   'or for a pose move both), added to that loss, so the few pixels of teeth and lids count '
                   '(single_channel.box_l1)')
    p.add_argument('--still-fraction', type=float, default=None,
                   help='share of each batch whose driving frame is the source itself: with no motion the output '
                   'must be the source (what an SDK user sees at rest, and the only case that teaches the image '
                   'skip to trust the still source). Default 0.125, or 0 with --detail-skip, whose output is the '
                   'source exactly at rest, so such pairs teach nothing')
    p.add_argument('--free-invariance', type=float, default=0.0,
                   help='weight of an MSE (at the tie\'s scale) pulling the free directions of the driving frame to '
                   'the source\'s (the same identity). For data whose motion is all named (the procedural avatars): '
                   'motion the encoder also reads into free directions is missing when a channel sets only its named '
                   'one, so channels under-act (measured: the free directions carried more of the yaw than the named '
                   'one). 0 = off; leave it off for data with unnamed motion')
    p.add_argument('--rest-sources', type=float, default=0.0,
                   help='share of pairs whose source is the identity\'s frame at rest (render_dataset.py renders '
                   'frame 0 at neutral()), as an SDK portrait is; with uniform pairs only 1 in 16 is (measured: the '
                   'warp under a pose channel from a source at rest reached 0.6 of the true turn, against 0.8 on '
                   'uniform pairs)')
    p.add_argument('--positive-directions', action='store_true',
                   help='the dictionary\'s columns take the sign that makes QR\'s R diagonal positive, instead of '
                   'LAPACK\'s, under which a column turns over whenever one pivot entry crosses zero (the yaw '
                   'direction did, between checkpoints: portrait_rig_tools/layers.py Direction). Switching a run '
                   'keeps its Q; the flag is then stored with the weights')
    p.add_argument('--control-fraction', type=float, default=0.5,
                   help='share of each batch decoded from source α with the named directions set to the truth')
    p.add_argument('--checkpoint-every', type=int, default=100)
    p.add_argument('--preview-every', type=int, default=250)
    p.add_argument('--ema', type=float, default=0.999)
    p.add_argument('--reset-flow', type=int, action='append', default=[], metavar='RES',
                   help='re-initialise the decoder ToFlow at this resolution after resuming (repairs a stage whose '
                   'flow saturated and mask closed; see training/reset_flow.py); repeatable')
    p.add_argument('--max-minutes', type=float, default=0, help='stop after this long (0 = no limit)')
    p.add_argument('--resume-from', help='slim checkpoint (models/checkpoints/*.pt) to start from when the run folder '
                   'has none: weights and EMA resume, the optimizer starts fresh')
    return p.parse_args(argv)


def build_generator(config):
    return LiaXGenerator(size=config['resolution'], style_dim=config['style_dim'], motion_dim=config['motion_dim'],
                         channels=width_table(config['width'], config['resolution']),
                         n_flow_blocks=blocks(config['width']), n_rgb_blocks=blocks(config['width']),
                         image_skip=config.get('image_skip', False), detail_skip=config.get('detail_skip', False),
                         latent_paint=config.get('latent_paint', False))


# Options a resumed run may switch on: their layers start from their initial values (key prefix of those layers).
ADDABLE = {'image_skip': 'dec.image_skip.', 'detail_skip': 'dec.image_skip.gate.', 'latent_paint': 'dec.paint'}


def load_weights(module, weights, config, saved_config, where):
    """Loads `weights`; a run trained without the image skip, detail skip or latent paint may gain them (new layers
    keep their initial values).

    Returns False when layers were added (the saved optimizer state then no longer matches the parameters).
    """
    saved = {**{k: False for k in ADDABLE}, **saved_config}
    config = {**{k: False for k in ADDABLE}, **config}
    if saved == config:
        module.load_state_dict(weights)
        return True
    added = [k for k in ADDABLE if config.get(k) and not saved[k]]
    if added and {**saved, **{k: True for k in added}} == config:
        missing, unexpected = module.load_state_dict(weights, strict=False)
        prefixes = tuple(ADDABLE[k] for k in added)
        if unexpected or not all(k.startswith(prefixes) for k in missing):
            raise SystemExit(f'{where}: cannot add {added} (missing {missing}, unexpected {unexpected})')
        return False
    raise SystemExit(f'{where} was trained with {saved_config}, not {config}: use another --run')


def switch_to_positive_directions(gen, ema, opt) -> list:
    """Puts a run's dictionary in the positive sign convention (layers.Direction) keeping its Q: Adam's first moment
    follows the weight columns that change sign, and the EMA's columns take the trained ones' signs (under LAPACK's
    convention they may have differed). Returns the columns that changed sign."""
    signs = gen.dec.direction.make_positive()
    ema.dec.direction.make_positive()
    with torch.no_grad():
        agree = torch.where((gen.dictionary() * ema.dictionary()).sum(0) < 0, -1.0, 1.0)
        ema.dec.direction.weight.mul_(agree)
    moments = opt.state.get(gen.dec.direction.weight, {})
    if 'exp_avg' in moments:
        moments['exp_avg'].mul_(signs)
    return torch.nonzero(signs < 0).flatten().tolist()


def save_checkpoint(path, payload):
    tmp = path + '.tmp'
    torch.save(payload, tmp)
    os.replace(tmp, path)


def tied_targets(params, columns, divisors):
    return params[:, columns] / torch.tensor(divisors, device=params.device)


def lr_anneal(args):
    """--lr-anneal as a (start, end) pair, or None; refuses a half-given or backwards anneal before any work."""
    if (args.lr_anneal is None) != (args.lr_final is None):
        raise SystemExit('--lr-anneal START END and --lr-final RATE go together: give both, or neither')
    if args.lr_anneal is None:
        return None
    start, end = args.lr_anneal
    if end <= start:
        raise SystemExit(f'--lr-anneal {start} {end}: the END step must come after the START step')
    return start, end


def train(args):
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    if args.still_fraction is None:
        args.still_fraction = 0.0 if args.detail_skip else 0.125
    anneal = lr_anneal(args)
    if args.single_channel_box and not args.single_channel:
        raise SystemExit('--single-channel-box weights part of the --single-channel loss: add --single-channel')
    moves = tuple(m.strip() for m in args.single_channel_moves.split(',') if m.strip())
    if not moves or any(m not in MOVES for m in moves):
        raise SystemExit(f'--single-channel-moves {args.single_channel_moves!r}: give some of {", ".join(MOVES)}')
    for flag, weight in (('--paint-hidden', args.paint_hidden), ('--paint-l1', args.paint_l1),
                         ('--feature-flow', args.feature_flow)):
        if weight and not args.flow_tie:
            raise SystemExit(f'{flag} needs the true correspondence the --flow-tie loads: add --flow-tie')
    os.makedirs(args.run, exist_ok=True)
    config = {k: getattr(args, k) for k in ('resolution', 'width', 'style_dim', 'motion_dim', 'image_skip',
                                            'detail_skip', 'latent_paint')}
    ckpt_path = os.path.join(args.run, 'checkpoint.pt')
    device = torch.device(args.device)

    gen = build_generator(config).to(device)
    ema = build_generator(config).to(device)
    ema.load_state_dict(gen.state_dict())
    ema.requires_grad_(False)
    opt = torch.optim.Adam(gen.parameters(), lr=args.lr, betas=(0.9, 0.99))
    step = 0
    if os.path.exists(ckpt_path):
        state = torch.load(ckpt_path, map_location=device)
        same = load_weights(gen, state['gen'], config, state['config'], ckpt_path)
        load_weights(ema, state['ema'], config, state['config'], ckpt_path)
        if same:
            opt.load_state_dict(state['opt'])
        else:
            print('added layers (image skip, detail skip or latent paint): the optimizer starts fresh', flush=True)
        step = state['step']
        print(f'resumed from step {step}', flush=True)
    elif args.resume_from:
        state = load_checkpoint(args.resume_from)
        load_weights(gen, state['gen'], config, state['config'], args.resume_from)
        load_weights(ema, {k: v.float() for k, v in state['ema'].items()}, config, state['config'], args.resume_from)
        step = state['step']
        print(f'started from slim checkpoint {args.resume_from} at step {step}', flush=True)
    if args.positive_directions:
        flipped = switch_to_positive_directions(gen, ema, opt)
        if flipped:
            print(f'dictionary: columns {flipped} changed sign (Q unchanged)', flush=True)
    for resolution in args.reset_flow:
        stale = {id(p) for p in reset_flow(gen, resolution, seed=args.seed)}
        reset_flow(ema, resolution, seed=args.seed)
        for p in gen.parameters():
            if id(p) in stale:
                opt.state.pop(p, None)
        print(f're-initialised the {resolution}² ToFlow at step {step}', flush=True)
    params = sum(p.numel() for p in gen.parameters())
    print(f'generator: {params / 1e6:.2f} M parameters; config {config}', flush=True)

    if args.flow_tie and gen.dec.image_skip is None:
        raise SystemExit('--flow-tie supervises the relative warps of --image-skip: add --image-skip')
    train_set = AvatarPairs(args.data, 'train', seed=args.seed + step, geometry=bool(args.flow_tie))
    tied_stages = [r for r in gen.feature_resolutions if r >= 16]
    val_set = AvatarPairs(args.data[0], 'val', seed=1234)  # the same validation pairs whatever data is added
    if train_set.resolution != args.resolution:
        raise SystemExit(f'data is {train_set.resolution}², not {args.resolution}²')
    print(f'train: {len(train_set)} frames / {train_set.identities()} identities; '
          f'val: {len(val_set)} / {val_set.identities()}', flush=True)
    columns, divisors = target_matrix(list(MOTION_FIELDS))
    val_batch = [t.to(device) for t in val_set.batch(8, rng=np.random.default_rng(99))]

    log = open(os.path.join(args.run, 'log.jsonl'), 'a')
    started = time.time()
    window = []
    while step < args.steps:
        t0 = time.time()
        for group in opt.param_groups:  # the schedule, not the rate saved with a resumed optimizer state
            group['lr'] = learning_rate(step, args.lr, args.lr_final, anneal)
        src_index, drv_index = train_set.pair_indices(args.batch, rest_fraction=args.rest_sources)
        n_still = int(round(args.batch * args.still_fraction))
        if n_still:  # the last samples: those of the encoder-α half (the control half keeps true motion)
            drv_index[-n_still:] = src_index[-n_still:]
        src, drv, p_src, p_drv = (t.to(device) for t in train_set.tensors(src_index, drv_index))
        z_s, a_s, feats_s = gen.encode(src)
        a_d = gen.encode_motion(drv)
        alpha = torch.cat([a_s, a_d])
        b = src.shape[0]
        t_s = tied_targets(p_src, columns, divisors)
        t_d = tied_targets(p_drv, columns, divisors)

        # Half the batch follows the encoder's driving α; the other half is the SDK's control path: the source's α
        # with the named directions set to the true driving parameters, so channels work without the free ones.
        n_ctrl = int(round(b * args.control_fraction))
        a_ctrl = torch.cat([t_d[:n_ctrl], a_s[:n_ctrl, NUM_TIED:]], 1)
        a_nav = torch.cat([a_ctrl, a_d[n_ctrl:]])
        q = gen.dictionary()
        if args.flow_tie:
            skip = SkipCopy(gen) if args.paint_hidden else contextlib.nullcontext()
            with StageDisplacements(gen, tied_stages) as stages, skip:
                out = gen.decode(z_s + a_nav @ q.t(), feats_s)
        else:
            out = gen.decode(z_s + a_nav @ q.t(), feats_s)

        rec, parts = reconstruction_loss(out, drv, src, {})
        tie = F.mse_loss(alpha[:, :NUM_TIED] * TIE_SCALE, torch.cat([t_s, t_d]) * TIE_SCALE)
        sparse = alpha[:, NUM_TIED:].abs().mean()
        loss = rec + args.tie_weight * tie + args.sparse_weight * sparse
        if args.free_invariance:
            drift = free_drift(a_s, a_d)
            loss = loss + args.free_invariance * drift
            parts['free_invariance'] = float(drift)
        if gen.dec.image_skip is not None:
            n = len(gen.feature_resolutions)
            source_flows = feats_s[n + 1:2 * n + 1]
            flow_size = sum(f.pow(2).mean() for f in source_flows) / len(source_flows)
            loss = loss + args.flow_weight * flow_size
            parts['flow'] = float(flow_size)
        if args.flow_tie:
            depth_s, depth_d, part_d, constants = (t.to(device) for t in train_set.geometry(src_index, drv_index))
            true_flow, trusted = source_flow(depth_d, part_d, depth_s, constants, p_src, p_drv)
            importance = (1 + args.feature_flow * feature_pixels(depth_d, part_d, constants, p_drv)
                          if args.feature_flow else None)
            correspondence = flow_tie(stages.displacements(feats_s), true_flow, trusted, importance)
            loss = loss + args.flow_tie * correspondence
            parts['flow_tie'] = float(correspondence)
            if args.paint_hidden:
                painted = hidden_paint_loss(skip.copy, trusted)
                loss = loss + args.paint_hidden * painted
                parts['paint_hidden'] = float(painted)
            if args.paint_l1:
                missed = hidden_l1(out, drv, trusted)
                loss = loss + args.paint_l1 * missed
                parts['paint_l1'] = float(missed)
        if args.single_channel:
            # The SDK's use: the source's own α with one channel set, against the source re-rendered with that change.
            moved, moved_params, kinds = channel_moves(a_s, p_src, moves)
            moved_params = moved_params.cpu().numpy()
            again = gen.decode(z_s + moved @ q.t(), feats_s)
            truth = train_set.rerender(src_index, moved_params).to(device)
            single, _ = reconstruction_loss(again, truth, src, {})
            if args.single_channel_box:
                boxes = feature_box_mask(train_set.ids[src_index], moved_params, kinds, args.resolution).to(device)
                boxed = box_l1(again, truth, boxes)
                single = single + args.single_channel_box * boxed
                parts['single_box_l1'] = float(boxed)
            loss = loss + args.single_channel * single
            parts['single'] = float(single)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        grad_norm = torch.nn.utils.clip_grad_norm_(gen.parameters(), 1.0)
        opt.step()
        with torch.no_grad():
            # Warm-up: early on the EMA would mostly hold the random initial weights.
            decay = min(args.ema, (1 + step) / (10 + step))
            for pe, pg in zip(ema.parameters(), gen.parameters()):
                pe.lerp_(pg, 1 - decay)
            for be, bg in zip(ema.buffers(), gen.buffers()):
                be.copy_(bg)
        step += 1
        window.append(time.time() - t0)

        if step % 10 == 0:
            record = {'step': step, 'lr': opt.param_groups[0]['lr'], 'loss': float(loss), 'tie': float(tie),
                      'sparse': float(sparse), 'grad': float(grad_norm), 'sec_per_step': sum(window) / len(window),
                      **parts, 'psnr_train': float(psnr(out.detach(), drv).mean())}
            window.clear()
            log.write(json.dumps(record) + '\n')
            log.flush()
            if step % 50 == 0:
                print(json.dumps(record), flush=True)
        if not math.isfinite(float(loss)):
            raise SystemExit(f'loss is {float(loss)} at step {step}: lower --lr and resume from the checkpoint')
        if step % args.preview_every == 0 or step == args.steps:
            evaluate_and_preview(ema, val_batch, columns, divisors, args.run, step, log)
        if step % args.checkpoint_every == 0 or step == args.steps:
            save_checkpoint(ckpt_path, {'gen': gen.state_dict(), 'ema': ema.state_dict(), 'opt': opt.state_dict(),
                                        'step': step, 'config': config})
        if args.max_minutes and time.time() - started > args.max_minutes * 60:
            save_checkpoint(ckpt_path, {'gen': gen.state_dict(), 'ema': ema.state_dict(), 'opt': opt.state_dict(),
                                        'step': step, 'config': config})
            print(f'stopping after {args.max_minutes} minutes at step {step}', flush=True)
            break


@torch.no_grad()
def evaluate_and_preview(gen, val_batch, columns, divisors, run, step, log):
    src, drv, p_src, p_drv = val_batch
    z_s, a_s, feats_s = gen.encode(src)
    a_d = gen.encode_motion(drv)
    b = src.shape[0]
    q = gen.dictionary()
    health = {}
    hooks = [flow_at(gen, r).register_forward_hook(
        lambda _m, _i, out, r=r: health.update({r: out[2]})) for r in gen.feature_resolutions]
    image_mask = {}
    if gen.dec.image_skip is not None:
        hooks.append(gen.dec.image_skip.register_forward_hook(lambda m, inputs, _out: image_mask.update(
            mean=round(float(m.weights(inputs[0], inputs[1])[0].mean()), 3))))
    recon = gen.decode(z_s + a_d @ q.t(), feats_s)
    for hook in hooks:
        hook.remove()
    t_d = tied_targets(p_drv, columns, divisors)
    a_ctrl = torch.cat([t_d, a_s[:, NUM_TIED:]], 1)
    ctrl = gen.decode(z_s + a_ctrl @ q.t(), feats_s)
    still = gen.decode(z_s + a_s @ q.t(), feats_s)
    record = {'step': step, 'val_psnr_transfer': float(psnr(recon, drv).mean()),
              'val_psnr_control': float(psnr(ctrl, drv).mean()),
              'val_psnr_self': float(psnr(still, src).mean()),
              'val_psnr_no_motion': float(psnr(src, drv).mean()),
              # a stage whose mask closes (→ 0) while |flow| saturates (→ 1) no longer uses the source: --reset-flow
              'mask': {r: round(float(torch.sigmoid(raw[:, 2]).mean()), 3) for r, raw in health.items()},
              'flow': {r: round(float(torch.tanh(raw[:, :2]).abs().mean()), 3) for r, raw in health.items()},
              **({'image_mask': image_mask['mean']} if image_mask else {})}
    log.write(json.dumps(record) + '\n')
    log.flush()
    print(json.dumps(record), flush=True)
    grid = torch.stack([src, drv, recon, ctrl], 1)  # rows: samples; columns: source, driving, ours, controlled
    save_grid(grid, os.path.join(run, 'preview-latest.png'))
    save_grid(grid, os.path.join(run, f'preview-{step:06d}.png'))


if __name__ == '__main__':
    train(parse_args())
