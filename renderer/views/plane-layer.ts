import {
  DataTexture, DoubleSide, LinearFilter, LinearSRGBColorSpace, Mesh, MeshBasicMaterial, NearestFilter, OrthographicCamera,
  PlaneGeometry, RGBAFormat, Scene, UnsignedByteType, WebGLRenderer,
} from 'three';
import type { PlaneMatrix } from '../../app/view/view-transform.js';

/**
 * Draws one RGBA plane with three.js where a plane → screen matrix puts it (CSS pixels, y down; the
 * matrix comes from app/view/view-transform, so flips and transposes are drawn exactly where the mouse
 * maps them). The texture is reused while the plane size stays the same; only its bytes are re-uploaded.
 */
export class PlaneLayer {
  private readonly renderer: WebGLRenderer;
  private readonly scene = new Scene();
  private readonly camera = new OrthographicCamera(0, 1, 0, -1, -10, 10);
  // Both sides: a flipped plane shows its back.
  private readonly material = new MeshBasicMaterial({ color: 0xffffff, side: DoubleSide });
  private readonly mesh = new Mesh(new PlaneGeometry(1, 1), this.material);
  private texture: DataTexture | null = null;

  constructor(readonly canvas: HTMLCanvasElement) {
    // preserveDrawingBuffer keeps the last frame readable (screenshots, figure export, e2e pixel checks).
    this.renderer = new WebGLRenderer({ canvas, antialias: false, preserveDrawingBuffer: true, alpha: false });
    // Show LUT colours exactly: no sRGB conversion of the output.
    this.renderer.outputColorSpace = LinearSRGBColorSpace;
    this.renderer.setClearColor(0x101214, 1);
    this.mesh.visible = false;
    this.mesh.matrixAutoUpdate = false;
    this.scene.add(this.mesh);
  }

  private size = { w: 0, h: 0, dpr: 0 };

  /** rgba: width*height*4 bytes of the storage plane, row 0 first. Null hides the plane. */
  draw(plane: { rgba: Uint8Array; width: number; height: number } | null, m: PlaneMatrix | null, linear: boolean): void {
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
    this.mesh.visible = !!plane && !!m;
    if (plane && m) {
      this.upload(plane.rgba, plane.width, plane.height, linear);
      // The unit quad spans [-0.5, 0.5]^2 with texture (u, v) = (x + 0.5, y + 0.5), and v = 0 is row 0
      // (flipY is off): col = (x + 0.5) W, row = (y + 0.5) H. Screen y grows downwards, three's y upwards.
      const [a, b, c, d, e, f] = m;
      const W = plane.width;
      const H = plane.height;
      this.mesh.matrix.set(
        a * W, c * H, 0, e + (a * W + c * H) / 2,
        -b * W, -d * H, 0, -(f + (b * W + d * H) / 2),
        0, 0, 1, 0,
        0, 0, 0, 1,
      );
      this.mesh.matrixWorldNeedsUpdate = true;
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
