import {
  DataTexture, LinearSRGBColorSpace, Mesh, MeshBasicMaterial, NearestFilter, OrthographicCamera, PlaneGeometry,
  RGBAFormat, Scene, UnsignedByteType, WebGLRenderer,
} from 'three';
import { planeIndex } from '../../app/model/volume.js';
import type { AppState } from '../state/app-state.js';
import { beginWork, countRender } from '../state/settle.js';
import { planeToRgba } from './plane-to-rgba.js';

/**
 * One XY slice of the current volume, drawn with three.js. The plane is shown with its physical aspect
 * (voxel spacing), fitted to the view. It subscribes to the state and redraws at most once a frame.
 */
export class SliceView {
  private readonly renderer: WebGLRenderer;
  private readonly scene = new Scene();
  private readonly camera = new OrthographicCamera(-1, 1, 1, -1, -10, 10);
  private readonly material = new MeshBasicMaterial({ color: 0xffffff });
  private readonly mesh = new Mesh(new PlaneGeometry(1, 1), this.material);
  private texture: DataTexture | null = null;
  private rgba = new Uint8Array(0);
  private frame = 0;
  private releaseWork: (() => void) | null = null;

  constructor(private readonly canvas: HTMLCanvasElement, private readonly state: AppState) {
    // preserveDrawingBuffer keeps the last frame readable (screenshots, figure export).
    this.renderer = new WebGLRenderer({ canvas, antialias: false, preserveDrawingBuffer: true, alpha: false });
    // Show stored gray levels exactly: no sRGB conversion of the LUT output.
    this.renderer.outputColorSpace = LinearSRGBColorSpace;
    this.renderer.setClearColor(0x101214, 1);
    this.mesh.visible = false;
    this.scene.add(this.mesh);
    new ResizeObserver(() => this.requestRender()).observe(canvas);
    state.on('volume', () => this.requestRender());
    state.on('position', () => this.requestRender());
    state.on('range', () => this.requestRender());
    this.requestRender();
  }

  /** Redraws on the next animation frame (several changes in one frame draw once). */
  requestRender(): void {
    if (this.frame) return;
    this.releaseWork ??= beginWork();
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
      countRender();
      const release = this.releaseWork;
      this.releaseWork = null;
      release?.();
    });
  }

  private draw(): void {
    const w = Math.max(1, this.canvas.clientWidth);
    const h = Math.max(1, this.canvas.clientHeight);
    this.renderer.setPixelRatio(window.devicePixelRatio || 1);
    this.renderer.setSize(w, h, false);
    const vol = this.state.volume;
    const p = this.state.position;
    if (!vol) {
      this.mesh.visible = false;
      this.renderer.render(this.scene, this.camera);
      return;
    }
    const { meta } = vol.info;
    const d = meta.dims;
    const plane = planeIndex(d, p.z, p.c, p.t);
    const ready = plane < vol.planesReceived;
    this.mesh.visible = ready;
    if (ready) {
      this.uploadPlane(vol.sab, plane * vol.planeBytes, vol.planeBytes, d.x, d.y, meta.dtype);
      this.fit(d.x * meta.spacing.x, d.y * meta.spacing.y, w, h);
    }
    this.renderer.render(this.scene, this.camera);
  }

  private uploadPlane(sab: SharedArrayBuffer, offset: number, bytes: number, x: number, y: number, dtype: Parameters<typeof planeToRgba>[0]): void {
    if (!this.texture || this.texture.image.width !== x || this.texture.image.height !== y) {
      this.texture?.dispose();
      this.rgba = new Uint8Array(x * y * 4);
      this.texture = new DataTexture(this.rgba, x, y, RGBAFormat, UnsignedByteType);
      this.texture.magFilter = NearestFilter;
      this.texture.minFilter = NearestFilter;
      // Row 0 of the data is the top of the image, as in Fiji and napari.
      this.texture.flipY = false;
      this.material.map = this.texture;
      this.material.needsUpdate = true;
    }
    const { min, max } = this.state.range;
    planeToRgba(dtype, new Uint8Array(sab, offset, bytes), x * y, min, max, this.rgba);
    this.texture.needsUpdate = true;
  }

  /** Fits a physical width x height into the view, centred, keeping the aspect ratio. */
  private fit(pw: number, ph: number, vw: number, vh: number): void {
    const s = Math.min(vw / pw, vh / ph) * 0.95;
    this.mesh.scale.set(pw * s, ph * s, 1);
    // Image rows go down the screen: flip y so row 0 is at the top.
    this.mesh.scale.y *= -1;
    this.camera.left = -vw / 2;
    this.camera.right = vw / 2;
    this.camera.top = vh / 2;
    this.camera.bottom = -vh / 2;
    this.camera.updateProjectionMatrix();
  }
}
