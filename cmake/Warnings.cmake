# kakunin_warnings: an INTERFACE target every kakunin target links (ccache's standard_warnings).
add_library(kakunin_warnings INTERFACE)
target_compile_options(kakunin_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-align -Wunused
  -Woverloaded-virtual -Wimplicit-fallthrough -Wformat=2)
if(KAKUNIN_WERROR)
  target_compile_options(kakunin_warnings INTERFACE -Werror)
endif()
