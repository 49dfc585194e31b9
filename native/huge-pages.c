/*
 * adviseHugePages(view: Uint8Array) -> boolean
 *
 * Asks Linux for transparent huge pages (2 MB) over the 2 MB-aligned part of a typed array's memory
 * with madvise(MADV_HUGEPAGE), before it is first written. A fresh 256 MB SharedArrayBuffer otherwise
 * takes 65,536 page faults of 4 KB on first write, which costs more than reading the file; numpy asks
 * for huge pages the same way for large arrays. Pure advice: the bytes are the same either way, and
 * where the call is refused (other systems, THP disabled) nothing changes.
 * Built by scripts/build-native.mjs with the system C compiler against Node-API (ABI-stable, so the same
 * file loads in Node and Electron).
 */
#include <node_api.h>
#include <stdint.h>
#include <sys/mman.h>

#define HUGE ((uintptr_t)2 << 20)

static napi_value advise(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_value result;
  napi_typedarray_type type;
  size_t length = 0, offset = 0;
  void *data = NULL;
  napi_value buffer;
  int ok = 0;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) == napi_ok && argc == 1 &&
      napi_get_typedarray_info(env, argv[0], &type, &length, &data, &buffer, &offset) == napi_ok &&
      type == napi_uint8_array && data != NULL) {
#ifdef MADV_HUGEPAGE
    uintptr_t start = ((uintptr_t)data + HUGE - 1) & ~(HUGE - 1);
    uintptr_t end = ((uintptr_t)data + length) & ~(HUGE - 1);
    ok = end > start && madvise((void *)start, end - start, MADV_HUGEPAGE) == 0;
#endif
  }
  napi_get_boolean(env, ok, &result);
  return result;
}

NAPI_MODULE_INIT() {
  napi_value fn;
  napi_create_function(env, "adviseHugePages", NAPI_AUTO_LENGTH, advise, NULL, &fn);
  napi_set_named_property(env, exports, "adviseHugePages", fn);
  return exports;
}
