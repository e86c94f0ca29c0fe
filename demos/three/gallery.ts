/**
 * The three.js gallery scene: portraits on stands that turn their heads toward the moving camera or the mouse.
 * Plain three.js + AnimatedPortrait; it runs in a render worker (OffscreenCanvas) or on the page (`?offscreen=0`).
 * Inference runs in its own worker (PortraitWorker); each frame the scene only mixes channels, posts α and uploads
 * textures.
 */
import { loadClip } from 'portrait-rig';
import { AnimatedPortrait, type WorkerAnimator } from 'portrait-rig/three';
import {
  AmbientLight, BoxGeometry, CircleGeometry, Color, CylinderGeometry, DirectionalLight, Group, Mesh, MeshBasicMaterial,
  MeshLambertMaterial, PerspectiveCamera, Plane, Raycaster, Scene, SphereGeometry, Timer, Vector2, Vector3, WebGLRenderer,
} from 'three';
import { createPortraitWorker } from '../shared/createPortraitWorker.js';
import type { DemoSceneContext, DemoSceneController } from '../shared/DemoScene.js';
import { FpsMeter } from '../shared/FpsMeter.js';

const RADIUS = 2.4;

/** Starts the gallery in `context.canvas`. */
export async function startGallery(context: DemoSceneContext): Promise<DemoSceneController> {
  const { config, figures } = context;
  /** `?stands=n` (1..5, default 3): how many portraits. */
  const STANDS = Math.max(1, Math.min(5, Number(new URLSearchParams(config.query).get('stands') ?? 3) || 3));
  const renderer = new WebGLRenderer({ canvas: context.canvas, antialias: config.quality === 'high' });
  renderer.setPixelRatio(context.pixelRatio);
  renderer.setSize(context.width, context.height, false);
  let aspect = context.width / context.height;

  const scene = new Scene();
  scene.background = new Color(0x1b1e25);
  const camera = new PerspectiveCamera(45, aspect, 0.1, 50);
  camera.position.set(0, 1.5, 4.2);
  scene.add(new AmbientLight(0xffffff, 0.7));
  const sun = new DirectionalLight(0xffffff, 1.6);
  sun.position.set(2, 5, 4);
  scene.add(sun);
  const floor = new Mesh(new CircleGeometry(8, 48), new MeshLambertMaterial({ color: 0x2a2d36 }));
  floor.rotation.x = -Math.PI / 2;
  scene.add(floor);

  // The mouse target: a small ball on a vertical plane in front of the portraits.
  const marker = new Mesh(new SphereGeometry(0.06, 16, 12), new MeshBasicMaterial({ color: 0xffc857 }));
  marker.position.set(0, 1.4, 1.6);
  marker.visible = false; // shown while the portraits look at it
  scene.add(marker);
  const targetPlane = new Plane(new Vector3(0, 0, 1), -1.6);
  const raycaster = new Raycaster();
  const pointer = new Vector2();

  const portraits: AnimatedPortrait[] = [];
  let lookAtMouse = false;
  let orbit = true;
  let orbitAngle = 0;

  const stone = new MeshLambertMaterial({ color: 0x8a8f9c });
  const wood = new MeshLambertMaterial({ color: 0x3b2f26 });
  /** A pedestal with a frame; a portrait goes in front of the frame, 1.3 m up, facing the room. */
  const stand = (index: number): Group => {
    const group = new Group();
    const angle = (index - (STANDS - 1) / 2) * 0.55;
    group.position.set(Math.sin(angle) * RADIUS, 0, -Math.cos(angle) * RADIUS + 1.2);
    group.lookAt(0, 0, 2.5);
    const post = new Mesh(new CylinderGeometry(0.07, 0.1, 0.8, 20), stone);
    post.position.y = 0.4;
    const base = new Mesh(new CylinderGeometry(0.28, 0.32, 0.08, 32), stone);
    base.position.y = 0.04;
    const frame = new Mesh(new BoxGeometry(0.95, 0.95, 0.05), wood);
    frame.position.set(0, 1.3, -0.04);
    group.add(post, base, frame);
    scene.add(group);
    return group;
  };

  const timer = new Timer();
  const fps = new FpsMeter();
  let lastReport = 0;
  renderer.setAnimationLoop((now) => {
    timer.update(now);
    const dt = Math.min(timer.getDelta(), 0.1);
    if (orbit) {
      orbitAngle += dt * 0.35;
      camera.position.set(Math.sin(orbitAngle) * 2.2, 1.45 + Math.sin(orbitAngle * 0.7) * 0.35, 4 + Math.cos(orbitAngle) * 0.4);
    }
    camera.lookAt(0, 1.2, 0);
    for (const portrait of portraits) portrait.update(dt, camera);
    renderer.render(scene, camera);
    fps.tick(now);
    if (now - lastReport > 250) {
      lastReport = now;
      figures.renderFps = fps.fps;
      figures.inferenceFps = portraits.reduce((sum, p) => sum + p.stats.fps, 0);
      figures.inferenceMs = portraits[0] ? (portraits[0].animator as WorkerAnimator).inferenceMs : 0;
      figures.frames = portraits.reduce((sum, p) => sum + p.frameCount, 0);
      figures.portraits = portraits.map((p) => ({
        yaw: p.channelValue('head.yaw'), pitch: p.channelValue('head.pitch'), lookYaw: p.lookAngles.yaw, frames: p.frameCount, fps: p.stats.fps, busy: p.stats.busy, yawPerDegree: p.lookChannels.yaw.scale,
      }));
    }
  });

  const setLookAtMouse = (on: boolean): void => {
    lookAtMouse = on;
    marker.visible = on;
    for (const portrait of portraits) portrait.lookAt(on ? marker : camera);
  };

  const controller: DemoSceneController = {
    resize(width, height) {
      aspect = width / height;
      camera.aspect = aspect;
      camera.updateProjectionMatrix();
      renderer.setSize(width, height, false);
    },
    pointer(x, y) {
      if (!lookAtMouse) return;
      pointer.set(x, y);
      raycaster.setFromCamera(pointer, camera);
      raycaster.ray.intersectPlane(targetPlane, marker.position);
    },
    controls: {
      setLookAtMouse: (on: boolean) => { setLookAtMouse(on); },
      /** Puts the target ball at a world point (and looks at it). */
      setTarget: (x: number, y: number, z: number) => { setLookAtMouse(true); marker.position.set(x, y, z); },
      setOrbit: (on: boolean) => { orbit = on; },
      setCamera: (x: number, y: number, z: number) => { orbit = false; camera.position.set(x, y, z); },
      setViewDependent: (on: boolean) => { for (const p of portraits) p.viewDependent = on; },
      setClipsPlaying: (on: boolean) => { for (const p of portraits) for (const a of p.mixer.actions) a.paused = !on; },
      /** Stops the clips (they contribute nothing: the pose is the look-at alone) or starts them again. */
      setClipsOn: (on: boolean) => { for (const p of portraits) for (const a of p.mixer.actions) if (on) a.play(); else a.stop(); },
      info: () => ({ ...renderer.info.memory, programs: renderer.info.programs?.length ?? 0 }),
      /** The screen rectangle (CSS pixels) of portrait `i`'s picture. */
      portraitRect: (i: number) => {
        const p = portraits[i]!;
        p.updateWorldMatrix(true, false);
        const xs: number[] = [];
        const ys: number[] = [];
        for (const [u, v] of [[-0.5, -0.5], [0.5, -0.5], [-0.5, 0.5], [0.5, 0.5]] as const) {
          const corner = new Vector3(u * p.size, v * p.size, 0).applyMatrix4(p.matrixWorld).project(camera);
          xs.push(((corner.x + 1) / 2) * (renderer.domElement.width / context.pixelRatio));
          ys.push(((1 - corner.y) / 2) * (renderer.domElement.height / context.pixelRatio));
        }
        return { x: Math.min(...xs), y: Math.min(...ys), width: Math.max(...xs) - Math.min(...xs), height: Math.max(...ys) - Math.min(...ys) };
      },
    },
  };

  const worker = createPortraitWorker();
  const model = await worker.loadModel(config.model, {
    device: config.device,
    onProgress: (e) => { if (e.status === 'progress' && e.progress !== undefined) context.status(`loading ${e.file} ${e.progress.toFixed(0)} %`); },
  });
  figures.device = model.device;
  context.status(`model ${model.manifest.id} (${model.resolution}²) on ${model.device}; encoding portraits…`);
  const clip = loadClip(await (await fetch('/clips/hello.clip.json')).text(), { source: 'hello.clip.json' });
  for (let i = 0; i < STANDS; i += 1) {
    const animator = await worker.createAnimator(model, config.portraits[i % config.portraits.length]!);
    const portrait = new AnimatedPortrait({ animator, size: 0.8, matte: { inner: 0.8, outer: 1, shape: 'rounded' } });
    portrait.position.set(0, 1.3, 0);
    portrait.mixer.clipAction(clip, { loop: 'loop' }).play().time = i * 1.3;
    portrait.lookAt(camera);
    stand(i).add(portrait);
    portraits.push(portrait);
  }
  context.status(`${STANDS} portrait${STANDS === 1 ? '' : 's'} · ${model.manifest.id} · ${typeof document === 'undefined' ? 'rendering in a worker' : 'rendering on the page'}`);
  figures.ready = true;
  return controller;
}
