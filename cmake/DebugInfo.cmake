# KAKUNIN_DEBUG_INFO: how much debug information objects carry.
#   full   the build type's own flags (-g): for a debugger
#   lines  line tables only (-g1 / -gline-tables-only): sanitizer and crash stack traces still
#          name file:line, objects are several times smaller
# scripts/setup.sh builds with "lines": its three builds (normal, ASan+UBSan, fuzz) plus the
# compiler cache must fit on a CI machine's disk, which once ran out with full debug info.
set(KAKUNIN_DEBUG_INFO "full" CACHE STRING "Debug information: full or lines")
set_property(CACHE KAKUNIN_DEBUG_INFO PROPERTY STRINGS full lines)

if(KAKUNIN_DEBUG_INFO STREQUAL "lines")
  if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    set(kakunin_lines_flag "-gline-tables-only")
  else()
    set(kakunin_lines_flag "-g1")
  endif()
  foreach(lang C CXX)
    foreach(config DEBUG RELWITHDEBINFO)
      string(REGEX REPLACE "(^| )-g( |$)" "\\1${kakunin_lines_flag}\\2"
             CMAKE_${lang}_FLAGS_${config} "${CMAKE_${lang}_FLAGS_${config}}")
    endforeach()
  endforeach()
elseif(NOT KAKUNIN_DEBUG_INFO STREQUAL "full")
  message(FATAL_ERROR "KAKUNIN_DEBUG_INFO must be full or lines, not '${KAKUNIN_DEBUG_INFO}'")
endif()
