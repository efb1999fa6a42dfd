#include "dns/answer_cache.h"

namespace kakunin::dns::internal {

std::optional<Answer> AnswerCache::Get(const std::string& name, RrType type,
                                       Clock::time_point now) {
  std::lock_guard lock(mu_);
  auto it = entries_.find({name, type});
  if (it == entries_.end()) return std::nullopt;
  if (now >= it->second.expires) {
    entries_.erase(it);
    return std::nullopt;
  }
  Answer answer = it->second.answer;
  // Seconds left, rounded up so that a live entry never reports 0 ("unknown").
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(it->second.expires - now);
  answer.ttl = static_cast<uint32_t>((left.count() + 999) / 1000);
  return answer;
}

void AnswerCache::Put(const std::string& name, RrType type, const Answer& answer,
                      Clock::time_point now) {
  if (answer.ttl == 0) return;
  std::lock_guard lock(mu_);
  if (entries_.size() >= kMaxEntries) {
    std::erase_if(entries_, [now](const auto& e) { return now >= e.second.expires; });
    if (entries_.size() >= kMaxEntries) entries_.clear();
  }
  entries_[{name, type}] = Entry{answer, now + std::chrono::seconds(answer.ttl)};
}

size_t AnswerCache::size() const {
  std::lock_guard lock(mu_);
  return entries_.size();
}

}  // namespace kakunin::dns::internal
