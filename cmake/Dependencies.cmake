# Every dependency comes from a Debian package (scripts/deps.sh installs them).
find_package(PkgConfig REQUIRED)
find_package(OpenSSL 3 REQUIRED)
find_package(tl-expected REQUIRED)
find_package(fmt REQUIRED)
find_package(nlohmann_json 3 REQUIRED)
find_package(CLI11 REQUIRED)
find_package(ICU REQUIRED COMPONENTS uc i18n)
find_package(SQLite3 REQUIRED)
find_package(CURL REQUIRED)
pkg_check_modules(GMIME REQUIRED IMPORTED_TARGET gmime-3.0)
pkg_check_modules(UNBOUND REQUIRED IMPORTED_TARGET libunbound)
pkg_check_modules(PSL REQUIRED IMPORTED_TARGET libpsl)
pkg_check_modules(GUMBO REQUIRED IMPORTED_TARGET gumbo)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
pkg_check_modules(HIREDIS REQUIRED IMPORTED_TARGET hiredis)
pkg_check_modules(LIBPQ REQUIRED IMPORTED_TARGET libpq)
pkg_check_modules(QRENCODE REQUIRED IMPORTED_TARGET libqrencode)
find_library(ZXCVBN_LIBRARY NAMES zxcvbn REQUIRED)
find_path(ZXCVBN_INCLUDE_DIR NAMES zxcvbn.h REQUIRED)
if(KAKUNIN_BUILD_TESTS)
  find_package(GTest REQUIRED)
  include(GoogleTest)
endif()

# kakunin_library(NAME concern SOURCES ... DEPS ...): one static library per concern under src/,
# named kakunin_<concern> with the alias kakunin::<concern>.
function(kakunin_library concern)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(kakunin_${concern} STATIC ${ARG_SOURCES})
  add_library(kakunin::${concern} ALIAS kakunin_${concern})
  target_include_directories(kakunin_${concern}
    PUBLIC ${PROJECT_SOURCE_DIR}/include
    PRIVATE ${PROJECT_SOURCE_DIR}/src)
  target_compile_features(kakunin_${concern} PUBLIC cxx_std_20)
  target_link_libraries(kakunin_${concern} PUBLIC tl::expected ${ARG_DEPS} PRIVATE kakunin_warnings)
  set_property(GLOBAL APPEND PROPERTY KAKUNIN_LIBRARIES kakunin_${concern})
endfunction()

# kakunin_test(NAME [ONE_PROCESS] SOURCES ... DEPS ...): one GoogleTest binary per concern,
# registered with CTest. Each test case is its own CTest test, run in its own process, unless
# ONE_PROCESS: then the binary is one CTest test, for suites whose cases share a fixture that is
# expensive to start (a database server started once per binary).
function(kakunin_test name)
  cmake_parse_arguments(ARG "ONE_PROCESS" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/src ${PROJECT_SOURCE_DIR}/tests)
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} kakunin_testing GTest::gtest GTest::gmock GTest::gtest_main kakunin_warnings)
  set(_env "KAKUNIN_SHARED_DIR=${KAKUNIN_SHARED_DIR};KAKUNIN_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
  if(ARG_ONE_PROCESS)
    add_test(NAME ${name} COMMAND ${name})
    set_tests_properties(${name} PROPERTIES ENVIRONMENT "${_env}")
  else()
    gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 PROPERTIES ENVIRONMENT "${_env}")
  endif()
endfunction()

# kakunin_embed_text(FILE NAMESPACE SYMBOL OUT_VAR): compiles a data file into the library as
# `extern const char NAMESPACE::SYMBOL[]` (a raw string literal), so the program needs no data
# folder at run time. The file goes through one template variable: configure substitution is not
# applied again to the substituted text, so '@' and '${' inside it stay as they are. CMake re-runs
# when the file changes; the generated source is rewritten only when its content changes.
function(kakunin_embed_text file namespace symbol out_var)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${file})
  file(READ ${file} _text)
  if(_text MATCHES "\\)kakunin_text\"")
    message(FATAL_ERROR "${file} must not contain the raw-string delimiter )kakunin_text\"")
  endif()
  file(RELATIVE_PATH _rel ${PROJECT_SOURCE_DIR} ${file})
  set(_source "// Generated from ${_rel} by kakunin_embed_text (cmake/Dependencies.cmake). Do not edit.
namespace ${namespace} {
extern const char ${symbol}[];
const char ${symbol}[] = R\"kakunin_text(${_text})kakunin_text\";
}  // namespace ${namespace}
")
  set(_out ${CMAKE_CURRENT_BINARY_DIR}/builtin_${symbol}.cc)
  file(CONFIGURE OUTPUT ${_out} CONTENT "@_source@" @ONLY)
  # Data files can exceed the 65,536-character literal that C++ only guarantees; GCC and Clang
  # take any length, and clang's -Wpedantic would otherwise stop the build.
  set_source_files_properties(${_out} PROPERTIES COMPILE_OPTIONS -Wno-overlength-strings)
  set(${out_var} ${_out} PARENT_SCOPE)
endfunction()
