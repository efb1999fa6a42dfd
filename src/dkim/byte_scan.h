// Word-at-a-time scans over wire bytes for the DKIM hot path: where the next space or tab is,
// and whether a buffer has a bare LF (a line ending that needs fixing). SSE2 (part of every x86-64) when available, plain loops
// otherwise; both give the same answers (tests/dkim/byte_scan_test.cc checks them against a
// reference). Internal.
// Why: a body is mostly lines without blanks (base64 above all), so relaxed canonicalization
// can pass whole runs of lines to the hash untouched once it knows where the next blank is, and
// the bare-LF check need not stop at every line end.
// Thread-safety: pure functions.
#ifndef KAKUNIN_DKIM_BYTE_SCAN_H_
#define KAKUNIN_DKIM_BYTE_SCAN_H_

namespace kakunin::dkim::internal {

// The first ' ' or '\t' in [p, end), or the first '\n' there not preceded by '\r' (the byte
// before `p` is taken to be `prev`), whichever comes first; `end` when there is neither.
const char* FindWspOrBareLf(const char* p, const char* end, char prev);

// The first '\n' in [p, end) not preceded by '\r' (the byte before `p` is taken to be `prev`),
// or `end` when every LF is part of a CRLF.
const char* FindBareLf(const char* p, const char* end, char prev);

}  // namespace kakunin::dkim::internal

#endif  // KAKUNIN_DKIM_BYTE_SCAN_H_
