// RAII and one-time initialisation for GMime. Internal to mime/.
#ifndef KAKUNIN_MIME_GMIME_UTIL_H_
#define KAKUNIN_MIME_GMIME_UTIL_H_

#include <gmime/gmime.h>

#include <memory>
#include <string>

namespace kakunin::mime::internal {

// Calls g_mime_init() once per process; safe from any thread.
void EnsureGMime();

struct GObjectUnref {
  void operator()(void* p) const {
    if (p != nullptr) g_object_unref(p);
  }
};
template <class T>
using GPtr = std::unique_ptr<T, GObjectUnref>;

// Takes ownership of a g_malloc'ed string and returns it as std::string ("" for null).
inline std::string TakeGString(char* s) {
  if (s == nullptr) return {};
  std::string out(s);
  g_free(s);
  return out;
}

inline std::string CopyGString(const char* s) { return s == nullptr ? std::string() : std::string(s); }

}  // namespace kakunin::mime::internal

#endif  // KAKUNIN_MIME_GMIME_UTIL_H_
