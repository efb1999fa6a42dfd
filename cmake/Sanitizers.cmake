# KAKUNIN_SANITIZE builds everything with ASan + UBSan; UBSan findings abort so tests fail.
# -O1, as the ASan docs advise. Measured on this tree (line tables only): the build folder 2.0 GB
# instead of -O0's 3.0 GB (CI's disk ran out once) and the tests 110 s instead of 177 s on 2 cores.
# GCC 12 then warns maybe-uninitialized inside libstdc++'s <regex> (cpp-httplib includes it), a
# false positive the -O2 build does not show, so that one warning is off here.
if(KAKUNIN_SANITIZE)
  add_compile_options(-O1 -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    add_compile_options(-Wno-maybe-uninitialized)
  endif()
  add_link_options(-fsanitize=address,undefined)
endif()

# KAKUNIN_BUILD_FUZZERS instruments the whole library for libFuzzer's coverage feedback. UBSan
# findings abort here too: libFuzzer then saves the input and the run fails, where a recovered
# report would only be a line in the log (as fuzz_kakunind_config's first one was).
if(KAKUNIN_BUILD_FUZZERS)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "KAKUNIN_BUILD_FUZZERS needs clang (-DCMAKE_CXX_COMPILER=clang++)")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
                      -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
