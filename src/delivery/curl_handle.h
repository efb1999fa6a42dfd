// A libcurl easy handle owned by RAII, and the global init done once per process.
#ifndef KAKUNIN_SRC_DELIVERY_CURL_HANDLE_H_
#define KAKUNIN_SRC_DELIVERY_CURL_HANDLE_H_

#include <curl/curl.h>

#include <memory>
#include <string>

namespace kakunin::delivery {

struct CurlCleanup {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
using CurlPtr = std::unique_ptr<CURL, CurlCleanup>;

struct SlistCleanup {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
using SlistPtr = std::unique_ptr<curl_slist, SlistCleanup>;

// curl_global_init once (thread-safe), then a fresh handle; null when libcurl fails.
CurlPtr NewCurl();

}  // namespace kakunin::delivery

#endif  // KAKUNIN_SRC_DELIVERY_CURL_HANDLE_H_
