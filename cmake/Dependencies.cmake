# SPDX-License-Identifier: MIT
# Dependencies come from Debian packages, found here, never vendored or downloaded. A missing one stops the
# configuration with the name of the package to install.
find_package(PkgConfig)
find_package(Threads REQUIRED)

function(ht_require_library target header lib debpkg)
  find_path(_inc_${target} NAMES ${header} PATH_SUFFIXES ${ARGN})
  find_library(_lib_${target} NAMES ${lib})
  if(NOT _inc_${target} OR NOT _lib_${target})
    message(FATAL_ERROR "healthtopics needs ${header} and lib${lib}: install the Debian package ${debpkg} "
                        "(apt-get install -y ${debpkg})")
  endif()
  add_library(${target} INTERFACE IMPORTED GLOBAL)
  set_target_properties(${target} PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${_inc_${target}}"
                                             INTERFACE_LINK_LIBRARIES "${_lib_${target}}")
endfunction()

# A library that ships a pkg-config file: pkg-config's module (as the imported target PkgConfig::<prefix>, the
# names healthtopicsConfig.cmake.in uses too) when it is found, else ht_require_library with the remaining
# arguments (header lib debpkg [path suffixes...]).
function(ht_require_pkg target prefix module)
  if(PKG_CONFIG_FOUND)
    pkg_check_modules(${prefix} IMPORTED_TARGET GLOBAL ${module})
  endif()
  if(${prefix}_FOUND)
    add_library(${target} ALIAS PkgConfig::${prefix})
  else()
    ht_require_library(${target} ${ARGN})
  endif()
endfunction()

# utf8proc, OpenBLAS and gumbo (the HTML5 parser behind --format html) ship pkg-config files; prefer them.
ht_require_pkg(ht::utf8proc HT_UTF8PROC libutf8proc utf8proc.h utf8proc libutf8proc-dev)
ht_require_pkg(ht::openblas HT_OPENBLAS openblas cblas.h openblas libopenblas-dev openblas-pthread x86_64-linux-gnu/openblas-pthread)
ht_require_pkg(ht::gumbo HT_GUMBO gumbo gumbo.h gumbo libgumbo-dev)
# liblinear and libsvm ship no pkg-config file.
ht_require_library(ht::liblinear linear.h linear liblinear-dev)
ht_require_library(ht::libsvm svm.h svm libsvm-dev libsvm)
