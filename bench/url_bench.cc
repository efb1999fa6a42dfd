// URL parsing and link analysis cost: one href, and large HTML mails (1 MB, 10,000 links) through
// extraction and analysis, to show throughput and that nothing grows quadratically.
#include <benchmark/benchmark.h>

#include <string>

#include "kakunin/links.h"
#include "kakunin/url.h"

namespace {

void BM_ParseUrl(benchmark::State& state, const char* input) {
  for (auto _ : state) {
    auto u = kakunin::url::Parse(input);
    benchmark::DoNotOptimize(u);
  }
}
BENCHMARK_CAPTURE(BM_ParseUrl, ascii, "https://www.amazon.co.jp/gp/your-account/order-history?ref_=ya_d_c_yo");
BENCHMARK_CAPTURE(BM_ParseUrl, idn, "https://\xD0\xB0mazon.co.jp/signin");
BENCHMARK_CAPTURE(BM_ParseUrl, ipv4_hex, "http://www.amazon.co.jp@0xC0.0250.2.7:8080/login");

// `links` anchors spread over about `bytes` of HTML: a newsletter shape, with text between links.
std::string Html(size_t links, size_t bytes) {
  std::string html = "<html><body><table>";
  std::string filler(bytes / (links == 0 ? 1 : links), 'x');
  for (size_t i = 0; i < links; ++i) {
    html += "<tr><td><p>" + filler.substr(0, filler.size() > 80 ? filler.size() - 80 : 0) +
            "</p><a href=\"https://click.example.com/t/" + std::to_string(i) +
            "?u=https%3A%2F%2Fshop.example.com%2Fitem\">https://shop.example.com/item</a></td></tr>";
  }
  return html + "</table></body></html>";
}

void BM_ExtractAnalyze(benchmark::State& state) {
  const std::string html = Html(static_cast<size_t>(state.range(0)), static_cast<size_t>(state.range(1)));
  kakunin::links::BrandList brands;
  brands.Add("Amazon", {"amazon.co.jp", "amazon.com"});
  kakunin::links::AnalyzeOptions options;
  options.brands = &brands;
  size_t links = 0;
  for (auto _ : state) {
    auto extracted = kakunin::links::ExtractHtml(html);
    auto analyzed = kakunin::links::Analyze(extracted, options);
    links = analyzed.size();
    benchmark::DoNotOptimize(analyzed);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * html.size()));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * links));
}
BENCHMARK(BM_ExtractAnalyze)->Args({100, 100 << 10})->Args({1000, 1 << 20})->Args({10000, 1 << 20})->Unit(benchmark::kMillisecond);

void BM_ExtractText(benchmark::State& state) {
  std::string text;
  while (text.size() < (1u << 20)) text += "Order details: https://www.amazon.co.jp/gp/css/order?id=123 and more text here.\n";
  for (auto _ : state) {
    auto links = kakunin::links::ExtractText(text);
    benchmark::DoNotOptimize(links);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_ExtractText)->Unit(benchmark::kMillisecond);

}  // namespace
