#include "dkim/byte_scan.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace kakunin::dkim::internal {
namespace {

// One scanner for both contracts: stop at a bare LF, and at a blank when kWsp.
template <bool kWsp>
bool Stops(char c, char prev) {
  return (kWsp && (c == ' ' || c == '\t')) || (c == '\n' && prev != '\r');
}

template <bool kWsp>
const char* ScanScalar(const char* p, const char* end, char prev) {
  for (; p < end; ++p) {
    if (Stops<kWsp>(*p, prev)) return p;
    prev = *p;
  }
  return end;
}

template <bool kWsp>
const char* Scan(const char* p, const char* end, char prev) {
#if defined(__SSE2__)
  if (p == end) return end;
  if (Stops<kWsp>(*p, prev)) return p;  // Later blocks load the byte before them themselves.
  ++p;
  const __m128i lf = _mm_set1_epi8('\n');
  const __m128i cr = _mm_set1_epi8('\r');
  while (end - p >= 16) {
    __m128i cur = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    __m128i before = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p - 1));
    __m128i hits = _mm_andnot_si128(_mm_cmpeq_epi8(before, cr), _mm_cmpeq_epi8(cur, lf));
    if constexpr (kWsp) {
      hits = _mm_or_si128(hits, _mm_or_si128(_mm_cmpeq_epi8(cur, _mm_set1_epi8(' ')),
                                             _mm_cmpeq_epi8(cur, _mm_set1_epi8('\t'))));
    }
    int mask = _mm_movemask_epi8(hits);
    if (mask != 0) return p + __builtin_ctz(static_cast<unsigned>(mask));
    p += 16;
  }
  return ScanScalar<kWsp>(p, end, p[-1]);
#else
  return ScanScalar<kWsp>(p, end, prev);
#endif
}

}  // namespace

const char* FindWspOrBareLf(const char* p, const char* end, char prev) { return Scan<true>(p, end, prev); }

const char* FindBareLf(const char* p, const char* end, char prev) { return Scan<false>(p, end, prev); }

}  // namespace kakunin::dkim::internal
