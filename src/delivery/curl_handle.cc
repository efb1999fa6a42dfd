#include "delivery/curl_handle.h"

#include <mutex>

namespace kakunin::delivery {

CurlPtr NewCurl() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  return CurlPtr(curl_easy_init());
}

}  // namespace kakunin::delivery
