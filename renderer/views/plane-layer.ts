import {
  DataTexture, LinearFilter, LinearSRGBColorSpace, Mesh, MeshBasicMaterial, NearestFilter, OrthographicCamera,
  PlaneGeometry, RGBAFormat, Scene, UnsignedByteType, WebGLRenderer,
} from 'three';
import type { ViewTransform } from '../../app/view/view-transform.js';

/**
 * Draws one RGBA plane with three.js at a given view transform (CSS pixels, y down). The texture is
 * reused while the plane size stays the same; only its bytes are re-uploaded.
 */
export class PlaneLayer {
  private readonly renderer: WebGLRenderer;
  private readonly scene = new Scene();
  private readonly camera = new OrthographicCamera(0, 1, 0, -1, -10, 10);
  private readonly material = new MeshBasicMaterial({ color: 0xffffff });
  private readonly mesh = new Mesh(new PlaneGeometry(1, 1), this.material);
  private texture: DataTexture | null = null;

  constructor(readonly canvas: HTMLCanvasElement) {
    // preserveDrawingBuffer keeps the last frame readable (screenshots, figure export, e2e pixel checks).
    this.renderer = new WebGLRenderer({ canvas, antialias: false, preserveDrawingBuffer: true, alpha: false });
    // Show LUT colours exactly: no sRGB conversion of the output.
    this.renderer.outputColorSpace = LinearSRGBColorSpace;
    this.renderer.setClearColor(0x101214, 1);
    this.mesh.visible = false;
    this.scene.add(this.mesh);
  }

  private size = { w: 0, h: 0, dpr: 0 };

  /** rgba: width*height*4 bytes, row 0 at the top. pixel: physical size of one plane pixel. Null hides the plane. */
  draw(plane: { rgba: Uint8Array; width: number; height: number; pixel: { x: number; y: number } } | null, t: ViewTransform | null, linear: boolean): void {
    const w = Math.max(1, this.canvas.clientWidth);
    const h = Math.max(1, this.canvas.clientHeight);
    const dpr = window.devicePixelRatio || 1;
    // Resizing the drawing buffer reallocates it: only when the view's size really changed.
    if (w !== this.size.w || h !== this.size.h || dpr !== this.size.dpr) {
      this.size = { w, h, dpr };
      this.renderer.setPixelRatio(dpr);
      this.renderer.setSize(w, h, false);
    }
    this.camera.left = 0;
    this.camera.right = w;
    this.camera.top = 0;
    this.camera.bottom = -h;
    this.camera.updateProjectionMatrix();
    this.mesh.visible = !!plane && !!t;
    if (plane && t) {
      this.upload(plane.rgba, plane.width, plane.height, linear);
      const pw = plane.width * plane.pixel.x * t.scale;
      const ph = plane.height * plane.pixel.y * t.scale;
      // Screen y grows downwards, world y upwards: negative y scale puts row 0 at the top.
      this.mesh.scale.set(pw, -ph, 1);
      this.mesh.position.set(t.offsetX + pw / 2, -(t.offsetY + ph / 2), 0);
    }
    this.renderer.render(this.scene, this.camera);
  }

  private upload(rgba: Uint8Array, width: number, height: number, linear: boolean): void {
    const tex = this.texture;
    if (!tex || tex.image.width !== width || tex.image.height !== height || tex.image.data !== rgba) {
      tex?.dispose();
      this.texture = new DataTexture(rgba, width, height, RGBAFormat, UnsignedByteType);
      this.texture.flipY = false;
      this.material.map = this.texture;
      this.material.needsUpdate = true;
    }
    const filter = linear ? LinearFilter : NearestFilter;
    if (this.texture!.magFilter !== filter) {
      this.texture!.magFilter = filter;
      this.texture!.minFilter = filter;
    }
    this.texture!.needsUpdate = true;
  }

  dispose(): void {
    this.texture?.dispose();
    this.renderer.dispose();
  }
}
