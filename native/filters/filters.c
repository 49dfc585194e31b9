// Neighbourhood-filter kernels for WebAssembly SIMD128 (clang --target=wasm32 -msimd128, no libc).
//
// Every kernel here has a twin in app/filters/kernels/ts-kernels.ts with the same name, arguments and
// arithmetic in the same order: the TypeScript driver (app/filters/kernels/) decides what runs where, the
// kernels only compute, so the two paths give the same bytes. Pointers are byte offsets into this
// module's memory. Boundary modes never reach this file: the driver resolves them into tables of
// addresses (rows, planes) or source indices (the two ends of a row).
//
// "Lines" convention, shared by most kernels: `rows` lines of `n` elements; line r writes dst + r*dstStep,
// reads the source addresses tab[r*tabStep + k], each advanced by r*srcStep. Loops run in whole vectors:
// every buffer the driver hands out has slack behind it, and a line's overrun into the next line is
// rewritten when that line is computed (dst never overlaps a source).
#include <wasm_simd128.h>
#include <stdint.h>

typedef int32_t i32;
#define EXPORT(name) __attribute__((export_name(#name)))
#define AT(T, addr) ((T *)(uintptr_t)(addr))
// Sources and weights of one line, hoisted out of the vector loop (taps up to 2 * 1000 + 1).
#define MAX_TAPS 2001

// ---------------------------------------------------------------------------------------------------
// Float kernels: f32 (f32x4) and f64 (f64x2).

#define FLOAT_KERNELS(S, T, L, SPLAT, ADD, SUB, MUL, DIV, SQRT, MAX)                                      \
  /* dst = s[r]*w[0] + sum over k = r..1 of (s[r-k] + s[r+k]) * w[k]: scipy's symmetric correlate1d. */ \
  EXPORT(sym_##S) void sym_##S(char *dst, i32 dstStep, const i32 *tab, i32 tabStep, i32 srcStep,         \
                               i32 rows, i32 n, const T *w, i32 r) {                                     \
    static const T *lo[MAX_TAPS], *hi[MAX_TAPS];                                                          \
    static v128_t wv[MAX_TAPS];                                                                           \
    for (i32 k = 0; k <= r; k++) wv[k] = SPLAT(w[k]);                                                    \
    for (i32 row = 0; row < rows; row++) {                                                                \
      const i32 *t = tab + row * tabStep;                                                                 \
      i32 off = row * srcStep;                                                                            \
      T *d = AT(T, dst + row * dstStep);                                                                  \
      const T *c = AT(const T, t[r] + off);                                                               \
      for (i32 k = 1; k <= r; k++) {                                                                      \
        lo[k] = AT(const T, t[r - k] + off);                                                              \
        hi[k] = AT(const T, t[r + k] + off);                                                              \
      }                                                                                                   \
      for (i32 i = 0; i < n; i += L) {                                                                    \
        v128_t acc = MUL(wasm_v128_load(c + i), wv[0]);                                                   \
        for (i32 k = r; k >= 1; k--)                                                                      \
          acc = ADD(acc, MUL(ADD(wasm_v128_load(lo[k] + i), wasm_v128_load(hi[k] + i)), wv[k]));        \
        wasm_v128_store(d + i, acc);                                                                      \
      }                                                                                                   \
    }                                                                                                     \
  }                                                                                                       \
  /* dst = (s[0] + s[1] + ... + s[size-1]) / size: a box mean over one axis. */                          \
  EXPORT(box_##S) void box_##S(char *dst, i32 dstStep, const i32 *tab, i32 tabStep, i32 srcStep,         \
                               i32 rows, i32 n, i32 size) {                                              \
    static const T *s[MAX_TAPS];                                                                          \
    v128_t div = SPLAT((T)size);                                                                          \
    for (i32 row = 0; row < rows; row++) {                                                                \
      const i32 *t = tab + row * tabStep;                                                                 \
      i32 off = row * srcStep;                                                                            \
      T *d = AT(T, dst + row * dstStep);                                                                  \
      for (i32 k = 0; k < size; k++) s[k] = AT(const T, t[k] + off);                                     \
      for (i32 i = 0; i < n; i += L) {                                                                    \
        v128_t acc = wasm_v128_load(s[0] + i);                                                            \
        for (i32 k = 1; k < size; k++) acc = ADD(acc, wasm_v128_load(s[k] + i));                         \
        wasm_v128_store(d + i, DIV(acc, div));                                                            \
      }                                                                                                   \
    }                                                                                                     \
  }                                                                                                       \
  /* dst = s[2] - s[0]: the [-1, 0, 1] derivative over a three-entry window. */                          \
  EXPORT(deriv_##S) void deriv_##S(char *dst, i32 dstStep, const i32 *tab, i32 tabStep, i32 srcStep,     \
                                   i32 rows, i32 n) {                                                    \
    for (i32 row = 0; row < rows; row++) {                                                                \
      const i32 *t = tab + row * tabStep;                                                                 \
      i32 off = row * srcStep;                                                                            \
      T *d = AT(T, dst + row * dstStep);                                                                  \
      const T *a = AT(const T, t[0] + off), *b = AT(const T, t[2] + off);                                 \
      for (i32 i = 0; i < n; i += L) wasm_v128_store(d + i, SUB(wasm_v128_load(b + i), wasm_v128_load(a + i))); \
    }                                                                                                     \
  }                                                                                                       \
  EXPORT(add_##S) void add_##S(T *dst, const T *a, const T *b, i32 n) {                                  \
    for (i32 i = 0; i < n; i += L) wasm_v128_store(dst + i, ADD(wasm_v128_load(a + i), wasm_v128_load(b + i))); \
  }                                                                                                       \
  EXPORT(sub_##S) void sub_##S(T *dst, const T *a, const T *b, i32 n) {                                  \
    for (i32 i = 0; i < n; i += L) wasm_v128_store(dst + i, SUB(wasm_v128_load(a + i), wasm_v128_load(b + i))); \
  }                                                                                                       \
  EXPORT(sq_##S) void sq_##S(T *dst, const T *a, i32 n) {                                                \
    for (i32 i = 0; i < n; i += L) {                                                                      \
      v128_t x = wasm_v128_load(a + i);                                                                   \
      wasm_v128_store(dst + i, MUL(x, x));                                                                \
    }                                                                                                     \
  }                                                                                                       \
  /* Windowed variance from the means of x and x*x: max(m2 - m1*m1, 0), or its square root. */           \
  EXPORT(var_##S) void var_##S(T *dst, const T *m1, const T *m2, i32 n, i32 root) {                      \
    v128_t zero = SPLAT((T)0);                                                                            \
    for (i32 i = 0; i < n; i += L) {                                                                      \
      v128_t m = wasm_v128_load(m1 + i);                                                                  \
      v128_t v = MAX(SUB(wasm_v128_load(m2 + i), MUL(m, m)), zero);                                       \
      wasm_v128_store(dst + i, root ? SQRT(v) : v);                                                       \
    }                                                                                                     \
  }

FLOAT_KERNELS(f32, float, 4, wasm_f32x4_splat, wasm_f32x4_add, wasm_f32x4_sub, wasm_f32x4_mul, wasm_f32x4_div,
              wasm_f32x4_sqrt, wasm_f32x4_max)
FLOAT_KERNELS(f64, double, 2, wasm_f64x2_splat, wasm_f64x2_add, wasm_f64x2_sub, wasm_f64x2_mul, wasm_f64x2_div,
              wasm_f64x2_sqrt, wasm_f64x2_max)

// Gradient magnitude sqrt((a*a + b*b) + c*c), c omitted when null (two axes), computed in float64 (for
// float32 parts too, rounded once at the end: squares of large values would overflow float32).
static inline v128_t mag2(v128_t a, v128_t b, v128_t c, int three) {
  v128_t acc = wasm_f64x2_add(wasm_f64x2_mul(a, a), wasm_f64x2_mul(b, b));
  if (three) acc = wasm_f64x2_add(acc, wasm_f64x2_mul(c, c));
  return wasm_f64x2_sqrt(acc);
}
EXPORT(mag_f64) void mag_f64(double *dst, const double *a, const double *b, const double *c, i32 n) {
  v128_t zero = wasm_f64x2_splat(0);
  for (i32 i = 0; i < n; i += 2)
    wasm_v128_store(dst + i, mag2(wasm_v128_load(a + i), wasm_v128_load(b + i), c ? wasm_v128_load(c + i) : zero, c != 0));
}
EXPORT(mag_f32) void mag_f32(float *dst, const float *a, const float *b, const float *c, i32 n) {
  v128_t zero = wasm_f32x4_splat(0);
  for (i32 i = 0; i < n; i += 4) {
    v128_t x = wasm_v128_load(a + i), y = wasm_v128_load(b + i), z = c ? wasm_v128_load(c + i) : zero;
    v128_t lo = mag2(wasm_f64x2_promote_low_f32x4(x), wasm_f64x2_promote_low_f32x4(y), wasm_f64x2_promote_low_f32x4(z), c != 0);
    // The high halves moved down, promoted the same way.
    x = wasm_i64x2_shuffle(x, x, 1, 0);
    y = wasm_i64x2_shuffle(y, y, 1, 0);
    z = wasm_i64x2_shuffle(z, z, 1, 0);
    v128_t hi = mag2(wasm_f64x2_promote_low_f32x4(x), wasm_f64x2_promote_low_f32x4(y), wasm_f64x2_promote_low_f32x4(z), c != 0);
    wasm_v128_store(dst + i, wasm_i64x2_shuffle(wasm_f32x4_demote_f64x2_zero(lo), wasm_f32x4_demote_f64x2_zero(hi), 0, 2));
  }
}

// ---------------------------------------------------------------------------------------------------
// Row extension, by element size: each of `rows` rows of X elements is copied to dst (rows dstStride
// elements apart) at offset lo, and its lo + hi end elements are taken from the row at the indices in
// xtab (left ends first), or are the element at cval where the index is -1 (constant mode).

#define XEXT(E, T)                                                                                        \
  EXPORT(xext_##E) void xext_##E(T *dst, const T *src, i32 X, i32 rows, i32 dstStride, i32 lo, i32 hi,   \
                                 const i32 *xtab, const T *cval) {                                       \
    for (i32 row = 0; row < rows; row++) {                                                                \
      const T *s = src + row * X;                                                                         \
      T *d = dst + row * dstStride;                                                                       \
      __builtin_memcpy(d + lo, s, (unsigned long)X * sizeof(T));                                         \
      for (i32 j = 0; j < lo; j++) d[j] = xtab[j] < 0 ? *cval : s[xtab[j]];                              \
      for (i32 j = 0; j < hi; j++) d[lo + X + j] = xtab[lo + j] < 0 ? *cval : s[xtab[lo + j]];           \
    }                                                                                                     \
  }
XEXT(1, uint8_t)
XEXT(2, uint16_t)
XEXT(4, uint32_t)
XEXT(8, uint64_t)

// ---------------------------------------------------------------------------------------------------
// Order statistics in the input's own type. Floats use IEEE minimum/maximum (a NaN in the window gives
// NaN, -0 counts below +0), exactly as Math.min/Math.max do on the TypeScript side.

#include "networks.h"

#define CE(a, b)                                                                                          \
  {                                                                                                       \
    v128_t t_ = VMIN(v[a], v[b]);                                                                         \
    v[b] = VMAX(v[a], v[b]);                                                                              \
    v[a] = t_;                                                                                            \
  }
#define MN(a, b) v[a] = VMIN(v[a], v[b]);
#define MX(a, b) v[b] = VMAX(v[a], v[b]);

static inline v128_t vmin_i64(v128_t a, v128_t b) { return wasm_v128_bitselect(a, b, wasm_i64x2_lt(a, b)); }
static inline v128_t vmax_i64(v128_t a, v128_t b) { return wasm_v128_bitselect(a, b, wasm_i64x2_gt(a, b)); }
static inline v128_t flip64(v128_t a) { return wasm_v128_xor(a, wasm_i64x2_splat(INT64_MIN)); }
static inline v128_t vmin_u64(v128_t a, v128_t b) { return wasm_v128_bitselect(a, b, wasm_i64x2_lt(flip64(a), flip64(b))); }
static inline v128_t vmax_u64(v128_t a, v128_t b) { return wasm_v128_bitselect(a, b, wasm_i64x2_gt(flip64(a), flip64(b))); }

// A network over lines: its inputs are tab[r*tabStep + k] + r*srcStep, its outputs outs[j] + r*outStep.
#define NETWORK_KERNEL(NAME, S, T, L, N, BODY, OUTS)                                                      \
  EXPORT(NAME##_##S) void NAME##_##S(const i32 *outs, i32 outStep, const i32 *tab, i32 tabStep,          \
                                     i32 srcStep, i32 rows, i32 n) {                                     \
    static const int out[] = OUTS;                                                                        \
    enum { NOUT = sizeof(out) / sizeof(out[0]) };                                                         \
    const T *in[N];                                                                                       \
    T *o[NOUT];                                                                                           \
    for (i32 row = 0; row < rows; row++) {                                                                \
      const i32 *t = tab + row * tabStep;                                                                 \
      for (int k = 0; k < N; k++) in[k] = AT(const T, t[k] + row * srcStep);                             \
      for (int j = 0; j < NOUT; j++) o[j] = AT(T, outs[j] + row * outStep);                              \
      for (i32 i = 0; i < n; i += L) {                                                                    \
        v128_t v[N];                                                                                      \
        for (int k = 0; k < N; k++) v[k] = wasm_v128_load(in[k] + i);                                    \
        BODY                                                                                              \
        for (int j = 0; j < NOUT; j++) wasm_v128_store(o[j] + i, v[out[j]]);                             \
      }                                                                                                   \
    }                                                                                                     \
  }

// Select element k = n/2 of the n values at w[0..n) (quickselect, Hoare partition). Ties are equal
// bit patterns (floats come in as order-preserving integer keys), so the element found is unique.
#define SELECT(K)                                                                                         \
  static K select_##K(K *w, i32 n) {                                                                      \
    i32 k = n / 2, lo = 0, hi = n - 1;                                                                    \
    while (lo < hi) {                                                                                     \
      K p = w[lo + (hi - lo) / 2];                                                                        \
      i32 i = lo, j = hi;                                                                                 \
      while (i <= j) {                                                                                    \
        while (w[i] < p) i++;                                                                             \
        while (p < w[j]) j--;                                                                             \
        if (i <= j) {                                                                                     \
          K t = w[i];                                                                                     \
          w[i++] = w[j];                                                                                  \
          w[j--] = t;                                                                                     \
        }                                                                                                 \
      }                                                                                                   \
      if (k <= j) hi = j;                                                                                 \
      else if (k >= i) lo = i;                                                                            \
      else break;                                                                                         \
    }                                                                                                     \
    return w[k];                                                                                          \
  }
SELECT(uint8_t)
SELECT(int8_t)
SELECT(uint16_t)
SELECT(int16_t)
SELECT(uint32_t)
SELECT(int32_t)
SELECT(uint64_t)
SELECT(int64_t)

// Floats to integer keys in the order -NaN < -inf < ... < -0 < +0 < ... < +inf < NaN, and back.
static inline uint32_t key_f32(float f) {
  uint32_t b = __builtin_bit_cast(uint32_t, f);
  return b ^ ((uint32_t)((int32_t)b >> 31) | 0x80000000u);
}
static inline float unkey_f32(uint32_t k) { return __builtin_bit_cast(float, k & 0x80000000u ? k ^ 0x80000000u : ~k); }
static inline uint64_t key_f64(double f) {
  uint64_t b = __builtin_bit_cast(uint64_t, f);
  return b ^ ((uint64_t)((int64_t)b >> 63) | 0x8000000000000000ull);
}
static inline double unkey_f64(uint64_t k) {
  return __builtin_bit_cast(double, k & 0x8000000000000000ull ? k ^ 0x8000000000000000ull : ~k);
}
#define ISNAN_INT(x) 0
#define ISNAN_FLT(x) ((x) != (x))
#define KEY_ID(x) (x)
#define NAN_f32 __builtin_nanf("")
#define NAN_f64 __builtin_nan("")
#define NAN_INT 0

#define ORDER_KERNELS(S, T, L, VMIN_, VMAX_, VSUB, K, KEY, UNKEY, ISNAN, NANV)                             \
  EXPORT(min_##S) void min_##S(char *dst, i32 dstStep, const i32 *tab, i32 tabStep, i32 srcStep,         \
                               i32 rows, i32 n, i32 size) {                                              \
    static const T *s[MAX_TAPS];                                                                          \
    for (i32 row = 0; row < rows; row++) {                                                                \
      const i32 *t = tab + row * tabStep;                                                                 \
      T *d = AT(T, dst + row * dstStep);                                                                  \
      for (i32 k = 0; k < size; k++) s[k] = AT(const T, t[k] + row * srcStep);                           \
      for (i32 i = 0; i < n; i += L) {                                                                    \
        v128_t acc = wasm_v128_load(s[0] + i);                                                            \
        for (i32 k = 1; k < size; k++) acc = VMIN_(acc, wasm_v128_load(s[k] + i));                       \
        wasm_v128_store(d + i, acc);                                                                      \
      }                                                                                                   \
    }                                                                                                     \
  }                                                                                                       \
  EXPORT(max_##S) void max_##S(char *dst, i32 dstStep, const i32 *tab, i32 tabStep, i32 srcStep,         \
                               i32 rows, i32 n, i32 size) {                                              \
    static const T *s[MAX_TAPS];                                                                          \
    for (i32 row = 0; row < rows; row++) {                                                                \
      const i32 *t = tab + row * tabStep;                                                                 \
      T *d = AT(T, dst + row * dstStep);                                                                  \
      for (i32 k = 0; k < size; k++) s[k] = AT(const T, t[k] + row * srcStep);                           \
      for (i32 i = 0; i < n; i += L) {                                                                    \
        v128_t acc = wasm_v128_load(s[0] + i);                                                            \
        for (i32 k = 1; k < size; k++) acc = VMAX_(acc, wasm_v128_load(s[k] + i));                       \
        wasm_v128_store(d + i, acc);                                                                      \
      }                                                                                                   \
    }                                                                                                     \
  }                                                                                                       \
  /* dst = a - b over lines with their own strides (bytes); integers wrap as numpy's subtract does. */    \
  EXPORT(diff_##S) void diff_##S(char *dst, i32 dstStep, const char *a, i32 aStep, const char *b,        \
                                 i32 bStep, i32 rows, i32 n) {                                           \
    for (i32 row = 0; row < rows; row++) {                                                                \
      T *d = AT(T, dst + row * dstStep);                                                                  \
      const T *x = AT(const T, a + row * aStep), *y = AT(const T, b + row * bStep);                       \
      for (i32 i = 0; i < n; i += L) wasm_v128_store(d + i, VSUB(wasm_v128_load(x + i), wasm_v128_load(y + i))); \
    }                                                                                                     \
  }                                                                                                       \
  /* Min or max over a footprint given as x-runs (plane, row offset, half-width) on x-extended planes. */ \
  EXPORT(foot_##S) void foot_##S(T *dst, const i32 *planes, const i32 *ytab, const T *cvalRow, i32 X,   \
                                 i32 Y, i32 stride, i32 rx, const i32 *runs, i32 nruns, i32 isMax) {     \
    for (i32 y = 0; y < Y; y++) {                                                                         \
      for (i32 i = 0; i < X; i += L) {                                                                    \
        v128_t acc;                                                                                       \
        for (i32 q = 0; q < nruns; q++) {                                                                 \
          i32 yi = ytab[y + runs[3 * q + 1]], w = runs[3 * q + 2];                                        \
          const T *row = yi < 0 ? cvalRow : AT(const T, planes[runs[3 * q]]) + yi * stride;               \
          row += i + rx;                                                                                  \
          if (q == 0) acc = wasm_v128_load(row - w);                                                      \
          for (i32 dx = -w; dx <= w; dx++)                                                                \
            acc = isMax ? VMAX_(acc, wasm_v128_load(row + dx)) : VMIN_(acc, wasm_v128_load(row + dx));  \
        }                                                                                                 \
        wasm_v128_store(dst + y * X + i, acc);                                                            \
      }                                                                                                   \
    }                                                                                                     \
  }                                                                                                       \
  /* Median (element n/2) of any box: nz planes (x-extended, stride elements per row) from the table,    \
     ny rows through ytab (row index, or -1 for the constant row), nx columns. */                         \
  EXPORT(median_##S) void median_##S(T *dst, const i32 *planes, i32 nz, const i32 *ytab, i32 ny,         \
                                     const T *cvalRow, i32 X, i32 Y, i32 nx, i32 stride, K *work) {      \
    for (i32 y = 0; y < Y; y++) {                                                                         \
      for (i32 x = 0; x < X; x++) {                                                                       \
        i32 m = 0, nan = 0;                                                                               \
        for (i32 p = 0; p < nz; p++) {                                                                    \
          for (i32 dy = 0; dy < ny; dy++) {                                                               \
            i32 yi = ytab[y + dy];                                                                        \
            const T *row = (yi < 0 ? cvalRow : AT(const T, planes[p]) + yi * stride) + x;                 \
            for (i32 dx = 0; dx < nx; dx++) {                                                             \
              T val = row[dx];                                                                            \
              nan |= ISNAN(val);                                                                          \
              work[m++] = KEY(val);                                                                       \
            }                                                                                             \
          }                                                                                               \
        }                                                                                                 \
        dst[y * X + x] = nan ? NANV : UNKEY(select_##K(work, m));                                         \
      }                                                                                                   \
    }                                                                                                     \
  }                                                                                                       \
  NETWORK_KERNEL(sort3, S, T, L, 3, NET_SORT3, OUT_SORT3)                                                 \
  NETWORK_KERNEL(merge9, S, T, L, 9, NET_MERGE9, OUT_MERGE9)                                              \
  NETWORK_KERNEL(select9, S, T, L, 9, NET_SELECT9, OUT_SELECT9)                                           \
  NETWORK_KERNEL(select27, S, T, L, 27, NET_SELECT27, OUT_SELECT27)

#define VMIN wasm_u8x16_min
#define VMAX wasm_u8x16_max
ORDER_KERNELS(u8, uint8_t, 16, VMIN, VMAX, wasm_i8x16_sub, uint8_t, KEY_ID, KEY_ID, ISNAN_INT, NAN_INT)
#undef VMIN
#undef VMAX
#define VMIN wasm_i8x16_min
#define VMAX wasm_i8x16_max
ORDER_KERNELS(i8, int8_t, 16, VMIN, VMAX, wasm_i8x16_sub, int8_t, KEY_ID, KEY_ID, ISNAN_INT, NAN_INT)
#undef VMIN
#undef VMAX
#define VMIN wasm_u16x8_min
#define VMAX wasm_u16x8_max
ORDER_KERNELS(u16, uint16_t, 8, VMIN, VMAX, wasm_i16x8_sub, uint16_t, KEY_ID, KEY_ID, ISNAN_INT, NAN_INT)
#undef VMIN
#undef VMAX
#define VMIN wasm_i16x8_min
#define VMAX wasm_i16x8_max
ORDER_KERNELS(i16, int16_t, 8, VMIN, VMAX, wasm_i16x8_sub, int16_t, KEY_ID, KEY_ID, ISNAN_INT, NAN_INT)
#undef VMIN
#undef VMAX
#define VMIN wasm_u32x4_min
#define VMAX wasm_u32x4_max
ORDER_KERNELS(u32, uint32_t, 4, VMIN, VMAX, wasm_i32x4_sub, uint32_t, KEY_ID, KEY_ID, ISNAN_INT, NAN_INT)
#undef VMIN
#undef VMAX
#define VMIN wasm_i32x4_min
#define VMAX wasm_i32x4_max
ORDER_KERNELS(i32, int32_t, 4, VMIN, VMAX, wasm_i32x4_sub, int32_t, KEY_ID, KEY_ID, ISNAN_INT, NAN_INT)
#undef VMIN
#undef VMAX
#define VMIN vmin_u64
#define VMAX vmax_u64
ORDER_KERNELS(u64, uint64_t, 2, VMIN, VMAX, wasm_i64x2_sub, uint64_t, KEY_ID, KEY_ID, ISNAN_INT, NAN_INT)
#undef VMIN
#undef VMAX
#define VMIN vmin_i64
#define VMAX vmax_i64
ORDER_KERNELS(i64, int64_t, 2, VMIN, VMAX, wasm_i64x2_sub, int64_t, KEY_ID, KEY_ID, ISNAN_INT, NAN_INT)
#undef VMIN
#undef VMAX
#define VMIN wasm_f32x4_min
#define VMAX wasm_f32x4_max
ORDER_KERNELS(f32, float, 4, VMIN, VMAX, wasm_f32x4_sub, uint32_t, key_f32, unkey_f32, ISNAN_FLT, NAN_f32)
#undef VMIN
#undef VMAX
#define VMIN wasm_f64x2_min
#define VMAX wasm_f64x2_max
ORDER_KERNELS(f64, double, 2, VMIN, VMAX, wasm_f64x2_sub, uint64_t, key_f64, unkey_f64, ISNAN_FLT, NAN_f64)
#undef VMIN
#undef VMAX

// ---------------------------------------------------------------------------------------------------
// The three passes of a histogram threshold over float32 voxels (app/filters/threshold/ drives them; its
// TypeScript functions are the twins): the order keys' min and max, np.histogram's 256 bins where they are
// wide (the float64 index and numpy's two corrections), and the 0/1 mask `v > t`.

// keys[0], keys[1] folded with the min and max of x ^ ((x >> 31) >>> 1) over n float32 bit patterns.
EXPORT(range_key_f32) void range_key_f32(const i32 *bits, i32 n, i32 *keys) {
  v128_t lo = wasm_i32x4_splat(keys[0]), hi = wasm_i32x4_splat(keys[1]);
  i32 i = 0;
  for (; i + 4 <= n; i += 4) {
    v128_t x = wasm_v128_load(bits + i);
    v128_t k = wasm_v128_xor(x, wasm_u32x4_shr(wasm_i32x4_shr(x, 31), 1));
    lo = wasm_i32x4_min(lo, k);
    hi = wasm_i32x4_max(hi, k);
  }
  i32 mn = keys[0], mx = keys[1];
  for (i32 l = 0; l < 4; l++) {
    i32 a = ((i32 *)&lo)[l], b = ((i32 *)&hi)[l];
    if (a < mn) mn = a;
    if (b > mx) mx = b;
  }
  for (; i < n; i++) {
    i32 x = bits[i];
    i32 k = x ^ (i32)((uint32_t)(x >> 31) >> 1);
    if (k < mn) mn = k;
    if (k > mx) mx = k;
  }
  keys[0] = mn;
  keys[1] = mx;
}

// np.histogram's bins of n voxels as countBins computes them, in its four lanes of 256 counts (voxel i in
// lane i % 4 of its group of four, the last n % 4 in lane 0): the twin's very bytes, summed by the driver.
static inline i32 bin_f32(double v, double first, double norm, const double *edges) {
  i32 k = (i32)((v - first) * norm);
  if (k == 256) k--;
  if (v < edges[k]) k--;
  else if (k != 255 && v >= edges[k + 1]) k++;
  return k;
}
EXPORT(hist_f32) void hist_f32(const float *a, i32 n, double first, double norm, const double *edges, double *counts) {
  // The index of four voxels at once (the same float64 arithmetic, lane by lane; k == 256 is 255), then
  // numpy's corrections one by one, counted in integers and added to the float64 counts at the end (whole
  // numbers: exact in any order). The corrections can only move a voxel whose position in bins,
  // (v - first) * norm, is nearer a whole number than the edges' own deviation from whole numbers (they
  // may be float32s: np.linspace in the image's type) plus the position's rounding: where no lane of four
  // is that near (eps), outside [0, 256) or NaN, the four are counted at once, without the corrections.
  // The margin beside 2 * dev covers the rounding of the positions and of dev itself.
  static uint32_t c[4 * 256];
  for (i32 k = 0; k < 4 * 256; k++) c[k] = 0;
  double dev = 0, big = 0;
  for (i32 k = 0; k <= 256; k++) {
    double d = __builtin_fabs((edges[k] - first) * norm - k), m = __builtin_fabs(edges[k]) * norm;
    if (!(d <= dev)) dev = d; // NaN too: then no lane is ever far enough
    if (m > big) big = m;
  }
  double eps = 2 * dev + 0x1p-30 * (1.0 + big);
  v128_t vfirst = wasm_f64x2_splat(first), vnorm = wasm_f64x2_splat(norm), top = wasm_i32x4_splat(255);
  v128_t veps = wasm_f64x2_splat(eps), vfar = wasm_f64x2_splat(1.0 - eps), vzero = wasm_f64x2_splat(0.0), vbins = wasm_f64x2_splat(256.0);
  i32 i = 0;
  for (; i + 3 < n; i += 4) {
    v128_t v = wasm_v128_load(a + i);
    v128_t lo = wasm_f64x2_promote_low_f32x4(v);
    v128_t hi = wasm_f64x2_promote_low_f32x4(wasm_i32x4_shuffle(v, v, 2, 3, 2, 3));
    v128_t flo = wasm_f64x2_mul(wasm_f64x2_sub(lo, vfirst), vnorm);
    v128_t fhi = wasm_f64x2_mul(wasm_f64x2_sub(hi, vfirst), vnorm);
    v128_t klo = wasm_i32x4_trunc_sat_f64x2_zero(flo);
    v128_t khi = wasm_i32x4_trunc_sat_f64x2_zero(fhi);
    v128_t k4 = wasm_i32x4_min(wasm_i32x4_shuffle(klo, khi, 0, 1, 4, 5), top);
    v128_t rlo = wasm_f64x2_sub(flo, wasm_f64x2_floor(flo)), rhi = wasm_f64x2_sub(fhi, wasm_f64x2_floor(fhi));
    v128_t inside = wasm_v128_and(
      wasm_v128_and(wasm_v128_and(wasm_f64x2_gt(rlo, veps), wasm_f64x2_lt(rlo, vfar)), wasm_v128_and(wasm_f64x2_ge(flo, vzero), wasm_f64x2_lt(flo, vbins))),
      wasm_v128_and(wasm_v128_and(wasm_f64x2_gt(rhi, veps), wasm_f64x2_lt(rhi, vfar)), wasm_v128_and(wasm_f64x2_ge(fhi, vzero), wasm_f64x2_lt(fhi, vbins))));
    if (wasm_i64x2_all_true(inside)) {
      c[wasm_i32x4_extract_lane(k4, 0)]++;
      c[256 + wasm_i32x4_extract_lane(k4, 1)]++;
      c[512 + wasm_i32x4_extract_lane(k4, 2)]++;
      c[768 + wasm_i32x4_extract_lane(k4, 3)]++;
      continue;
    }
    i32 ks[4];
    wasm_v128_store(ks, k4);
    for (i32 l = 0; l < 4; l++) {
      double x = a[i + l];
      i32 k = ks[l];
      if (x < edges[k]) k--;
      else if (k != 255 && x >= edges[k + 1]) k++;
      c[256 * l + k]++;
    }
  }
  for (; i < n; i++) c[bin_f32(a[i], first, norm, edges)]++;
  for (i32 k = 0; k < 4 * 256; k++) counts[k] += c[k];
}

// out[i] = a[i] > t for n voxels; t is a float32 below which no float32 lies above the real threshold.
EXPORT(above_f32) void above_f32(const float *a, i32 n, float t, uint8_t *out) {
  v128_t tv = wasm_f32x4_splat(t), one = wasm_i8x16_splat(1);
  i32 i = 0;
  for (; i + 16 <= n; i += 16) {
    v128_t m0 = wasm_f32x4_gt(wasm_v128_load(a + i), tv), m1 = wasm_f32x4_gt(wasm_v128_load(a + i + 4), tv);
    v128_t m2 = wasm_f32x4_gt(wasm_v128_load(a + i + 8), tv), m3 = wasm_f32x4_gt(wasm_v128_load(a + i + 12), tv);
    v128_t b = wasm_i8x16_narrow_i16x8(wasm_i16x8_narrow_i32x4(m0, m1), wasm_i16x8_narrow_i32x4(m2, m3));
    wasm_v128_store(out + i, wasm_v128_and(b, one));
  }
  for (; i < n; i++) out[i] = a[i] > t;
}
