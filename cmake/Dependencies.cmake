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

# kakunin_test(NAME SOURCES ... DEPS ...): one GoogleTest binary per concern, registered with CTest.
function(kakunin_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/src ${PROJECT_SOURCE_DIR}/tests)
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} kakunin_testing GTest::gtest GTest::gmock GTest::gtest_main kakunin_warnings)
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60
    PROPERTIES ENVIRONMENT "KAKUNIN_SHARED_DIR=${KAKUNIN_SHARED_DIR};KAKUNIN_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
endfunction()
