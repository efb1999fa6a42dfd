# KAKUNIN_SANITIZE builds everything with ASan + UBSan; UBSan findings abort so tests fail.
if(KAKUNIN_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
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
