# Warnings, sanitizers and the helpers every layer uses to declare itself.

add_library(pt_project_options INTERFACE)
target_compile_options(pt_project_options INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Werror
  # C++20 designated initializers rely on default member initializers; GCC 12 still warns.
  -Wno-missing-field-initializers
  $<$<CONFIG:Release>:-O2>)
target_include_directories(pt_project_options INTERFACE ${PROJECT_SOURCE_DIR}/src)
target_compile_definitions(pt_project_options INTERFACE PT_VERSION="${PROJECT_VERSION}")

if(PT_SANITIZE)
  target_compile_options(pt_project_options INTERFACE
    -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  target_link_options(pt_project_options INTERFACE -fsanitize=address,undefined)
endif()
if(PT_FUZZ)
  target_compile_options(pt_project_options INTERFACE
    -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer)
  target_link_options(pt_project_options INTERFACE -fsanitize=address,undefined)
endif()

# pt_layer(NAME DEPS <targets...>)
# Builds src/NAME/**/*.cpp (tests excluded) into the static library pt_NAME and, when tests
# are on, src/NAME/**/*_test.cpp into the gtest binary NAME_unit_test registered with ctest.
# Globbing lets a layer grow a file without touching CMake.
function(pt_layer name)
  cmake_parse_arguments(ARG "" "" "DEPS;TEST_DEPS" ${ARGN})
  file(GLOB_RECURSE all_sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/${name}/*.cpp)
  set(lib_sources ${all_sources})
  list(FILTER lib_sources EXCLUDE REGEX "_test\\.cpp$")
  set(test_sources ${all_sources})
  list(FILTER test_sources INCLUDE REGEX "_test\\.cpp$")
  list(FILTER lib_sources EXCLUDE REGEX "/main\\.cpp$")
  if(lib_sources)
    add_library(pt_${name} STATIC ${lib_sources})
    target_link_libraries(pt_${name} PUBLIC pt_project_options ${ARG_DEPS})
  else()
    # A layer declared before its first source file: header-only for now.
    add_library(pt_${name} INTERFACE)
    target_link_libraries(pt_${name} INTERFACE pt_project_options ${ARG_DEPS})
  endif()
  set_property(GLOBAL APPEND PROPERTY PT_LAYERS pt_${name})
  if(PT_BUILD_TESTS AND NOT PT_FUZZ AND test_sources)
    add_executable(${name}_unit_test ${test_sources})
    target_link_libraries(${name}_unit_test PRIVATE pt_${name} pt_test_support ${ARG_TEST_DEPS}
      GTest::gtest_main GTest::gmock)
    # gtest_discover_tests (CMake 3.25) flattens list-valued properties, so only single values
    # here; PT_SHARED_DIR and PT_BINARY also reach tests as compile-time defaults (tests/support).
    gtest_discover_tests(${name}_unit_test DISCOVERY_TIMEOUT 60
      PROPERTIES LABELS unit ENVIRONMENT "PT_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
  endif()
endfunction()
