/**
 * The same file outside the app's ASAR archive: electron-builder's asarUnpack copies it to
 * app.asar.unpacked beside the archive. Electron's archive support covers fs and require in the main
 * process; what a worker thread's ESM entry may load from inside an archive has varied between
 * releases and cannot be checked here, so the decode worker starts from the unpacked copy, a plain
 * file every loader reads (the native addon must be unpacked anyway). URLs outside an archive (a
 * development run) come back unchanged.
 */
export function outsideAsar(url: URL): URL {
  const out = new URL(url.href);
  out.pathname = url.pathname.replace(/\.asar(?=\/)/, '.asar.unpacked');
  return out;
}
